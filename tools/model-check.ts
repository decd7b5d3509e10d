import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MODEL, readableTrail, runSpin, type SpinResult, spinAvailable, spinPath } from './spin.ts';

/**
 * `npm run model-check`: checks the approval clock protocol's Promela model with spin (README "Model check").
 *  1. The protocol: every scenario of the model, exhaustively; any assertion violation, invalid end state or
 *     incomplete search fails the run (exit 1), with spin's counterexample.
 *  2. TIMELY: the scenarios in which a deadline moves (a resume, an extension approval), with time stopped before
 *     the jump to "much later" and one reconciler run, exhaustively, like the protocol.
 *  3. Findings, when there are any: properties the protocol is known to break (a FINDING_* switch in the model,
 *     README "Model check"), expected violated; its counterexample is written to .model-check/<name>.trail.txt. A
 *     finding that no longer reproduces fails the run too: the code changed, so the model and the README must say
 *     so. None is open today.
 * `--thorough` searches every scenario with a crash (about 54 million states, 3.3 GB: it is given 8 GB; 13 minutes on
 * the loaded 2-core machine, where the default run takes about a minute and a half).
 */
const usage = `usage: npm run model-check [-- --thorough]
exits 0 when the protocol holds and every known finding still reproduces, 1 otherwise, 2 when spin could not run`;
const args = process.argv.slice(2);
if (args.includes('--help') || args.includes('-h')) {
  process.stdout.write(`${usage}\n`);
  process.exit(0);
}
const unknown = args.filter((a) => a !== '--thorough');
if (unknown.length) {
  process.stderr.write(`model-check: unknown argument ${unknown.join(' ')}\n${usage}\n`);
  process.exit(2);
}
if (!spinAvailable) {
  process.stderr.write(
    `model-check: no spin at ${spinPath}: install it (apt-get install spin, as root) or set SPIN_PATH\n`,
  );
  process.exit(2);
}

interface Check {
  readonly name: string;
  readonly what: string;
  readonly defines: readonly string[];
  readonly expect: 'holds' | 'violated';
}

const checks: readonly Check[] = [
  {
    name: 'protocol',
    what: 'one outcome, never early, case and clock agree, settled at the end, the execution ends as the case did, and finishes its own expiry',
    defines: args.includes('--thorough') ? ['THOROUGH'] : [],
    expect: 'holds',
  },
  {
    name: 'timely',
    what: 'a moved deadline is planned for within one reconciler run, whatever became of its RESCHEDULED signal (a resume or an extension, with a crash, a stale token, a duplicate)',
    defines: ['TIMELY', 'TMAX=2'],
    expect: 'holds',
  },
];

const out = join(process.cwd(), '.model-check');
mkdirSync(out, { recursive: true });
let failed = false;
process.stdout.write(`model-check: ${MODEL}\n`);
for (const check of checks) {
  let result: SpinResult;
  try {
    // A search that is to find a violation stops at the first one: compile it fast, it barely runs.
    // --thorough's protocol search holds some 55 million states (about 3.2 GB compressed): more room than the default.
    const memoryMb = args.includes('--thorough') ? 8000 : undefined;
    result = await runSpin({ defines: check.defines, optimize: check.expect === 'holds' ? 2 : 0, memoryMb });
  } catch (error) {
    process.stderr.write(`model-check: spin could not check ${check.name}: ${(error as Error).message}\n`);
    process.exit(2);
  }
  const stats = `${result.statesStored.toLocaleString('en')} states, ${result.seconds.toFixed(1)} s`;
  if (result.trail) writeFileSync(join(out, `${check.name}.trail.txt`), readableTrail(result.trail));
  const where = `.model-check/${check.name}.trail.txt`;
  if (check.expect === 'holds') {
    if (result.errors === 0 && result.complete) {
      process.stdout.write(`  ok    ${check.name}: ${check.what} (${stats}, exhaustive)\n`);
    } else {
      failed = true;
      process.stdout.write(
        result.errors > 0
          ? `  FAIL  ${check.name}: ${result.violation}\n        counterexample: ${where}\n`
          : `  FAIL  ${check.name}: the search was not completed (memory or depth limit): not a proof\n${result.output}\n`,
      );
    }
  } else if (result.errors > 0) {
    process.stdout.write(
      `  known ${check.name}: ${check.what}\n        reproduced (${stats}); counterexample: ${where}\n`,
    );
  } else {
    failed = true;
    process.stdout.write(
      `  FAIL  ${check.name}: no longer reproduces (${stats}). If the code was fixed, remove the finding from the model, ` +
        'this list and the README ("Model check"), and make its property part of the protocol check.\n',
    );
  }
}
process.exit(failed ? 1 : 0);
