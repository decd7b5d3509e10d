import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

/**
 * Runs spin on the approval clock's Promela model (functions/workflow/model/approval-clock.pml): generates the
 * verifier (`spin -a`), compiles it (`gcc`), searches the whole state space (`./pan`) and says what it found. Used by
 * `npm run model-check` (tools/model-check.ts) and test/model/model-check.test.ts. Debian's `spin` package; SPIN_PATH
 * overrides where it is.
 */
export const MODEL = join(import.meta.dirname, '..', 'functions', 'workflow', 'model', 'approval-clock.pml');
export const spinPath = process.env.SPIN_PATH ?? '/usr/bin/spin';
export const spinAvailable = existsSync(spinPath);

const run = promisify(execFile);

export interface SpinRun {
  /** Preprocessor defines for the model: `SCENARIO=3`, `BUG_UNCONDITIONAL_EXPIRY`, … */
  readonly defines?: readonly string[];
  /** gcc's optimisation: 2 for a long search, 0 when a violation is expected at once (compiles in a third). */
  readonly optimize?: 0 | 1 | 2;
  /** pan's memory limit in MB: a search that needs more is incomplete (and fails), never swapped. */
  readonly memoryMb?: number;
  /** Another model text (tests use it for a variant); the default is the file. */
  readonly source?: string;
}

export interface SpinResult {
  /** Assertion violations and invalid end states found (pan stops at the first). */
  readonly errors: number;
  /** The whole state space was searched (no memory or depth limit reached). */
  readonly complete: boolean;
  readonly statesStored: number;
  readonly seconds: number;
  /** The violated assertion (its text), if any. */
  readonly violation?: string;
  /** spin's replay of the counterexample (`spin -t -p`), if there is one. */
  readonly trail?: string;
  /** pan's own report. */
  readonly output: string;
}

/** DFS depth limit: far beyond the model's deepest path (~220 steps); reaching it makes the search incomplete. */
const MAX_DEPTH = 100_000;

export async function runSpin(options: SpinRun = {}): Promise<SpinResult> {
  const dir = mkdtempSync(join(tmpdir(), 'model-check-'));
  const started = Date.now();
  try {
    const model = join(dir, 'approval-clock.pml');
    writeFileSync(model, options.source ?? readFileSync(MODEL, 'utf8'));
    const defines = (options.defines ?? []).map((d) => `-D${d}`);
    await run(spinPath, ['-a', ...defines, 'approval-clock.pml'], { cwd: dir });
    // SAFETY: assertions and end states, no acceptance cycles (the properties are all state and end-state checks);
    // COLLAPSE: lossless compression of stored states (the search stays exhaustive, in a quarter of the memory).
    await run(
      'gcc',
      [
        `-O${options.optimize ?? 2}`,
        '-DSAFETY',
        '-DCOLLAPSE',
        `-DMEMLIM=${options.memoryMb ?? 3000}`,
        '-o',
        'pan',
        'pan.c',
      ],
      { cwd: dir },
    );
    // pan exits 0 whether or not it found an error: its report says which.
    const { stdout } = await run(join(dir, 'pan'), [`-m${MAX_DEPTH}`], { cwd: dir, maxBuffer: 64 * 1024 * 1024 });
    const errors = Number(/errors: (\d+)/.exec(stdout)?.[1] ?? Number.NaN);
    if (Number.isNaN(errors)) throw new Error(`pan gave no verdict:\n${stdout}`);
    const complete = !/Search not completed|reached -DMEMLIM bound|max search depth too small/.test(stdout);
    const violation = /pan:\d+: (.*)/.exec(stdout)?.[1];
    const trail =
      errors > 0 && existsSync(join(dir, 'approval-clock.pml.trail'))
        ? await run(spinPath, ['-t', '-p', '-g', ...defines, 'approval-clock.pml'], {
            cwd: dir,
            maxBuffer: 64 * 1024 * 1024,
          }).then((r) => r.stdout)
        : undefined;
    return {
      errors,
      complete,
      statesStored: Number(/(\d+) states, stored/.exec(stdout)?.[1] ?? 0),
      seconds: (Date.now() - started) / 1000,
      ...(violation ? { violation } : {}),
      ...(trail ? { trail } : {}),
      output: stdout,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The steps of a counterexample that matter to a reader: each write (an assignment to a store, Step Functions or
 * time variable) and each condition that decided a branch, with the process that took it; not the local bookkeeping.
 */
export function readableTrail(trail: string): string {
  const local =
    /\[(?:kp|ko|kd|kw|ks|kesc|kpend|fd|fh|fp|fs|ok|cs|cd|ch|cexp|cexo|attempt|s_applied|s_kind|s_at|tok|stored|sig|t|s|throws|action|wake|at|due|unstarted|sp|st|crashable) = /;
  return trail
    .split('\n')
    .filter((line) => /^\s*\d+:\s+proc/.test(line))
    .map((line) =>
      line
        .replace(/^\s*\d+:\s+/, '')
        .replace(/\S*approval-clock\.pml:(\d+)/, 'line $1')
        .replace(/\(state \d+\)\s*/, ''),
    )
    .filter((line) => !/\[(?:\(1\)|skip|else|goto \w+|\.\(goto\))\]|\[assert\(\(\(\(/.test(line) && !local.test(line))
    .join('\n');
}
