// `npm run bench [-- --quick] [--only precision,api,...] [--cases N] [--evaluation-cases N]`: the benchmarks of issue 6 (BENCHMARKS.md).
// Prints a table and writes bench/results.json. Exits non-zero when a hard rule breaks (an expiry before its
// deadline, a case left without an outcome, an outcome or accountability record doubled, an index read missing a
// case that a consistent read shows belongs there) or a section cannot run — each breach named: case, deadline, why;
// a target missed is reported in the table and the JSON (`met: false`) and does not fail the run.
import '../local/polyfills.ts';
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { buildRuntimeBundle, RUNTIME_BUNDLE } from '../local/bundle.ts';
import { ownTemporaryFolder } from '../test/support/run-folder.ts';
import { RUNTIME_BUNDLE_VARIABLE } from '../test/support/runtime.ts';
import { apiThroughput } from './sections/api.ts';
import { coldStart } from './sections/cold-start.ts';
import { costPerApproval } from './sections/cost.ts';
import { evaluationScale } from './sections/evaluation.ts';
import { precisionAndMemory } from './sections/precision.ts';
import { reconcilerScale } from './sections/scale.ts';
import { siteWeight } from './sections/site.ts';
import { type CountedPath, storeCost } from './sections/store.ts';
import type { BenchContext, HardRules, Row, SectionResult } from './support/section.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const SECTIONS = ['precision', 'memory', 'api', 'coldStart', 'cost', 'store', 'scale', 'evaluation', 'site'] as const;
type SectionKey = (typeof SECTIONS)[number];

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    cases: { type: 'string' },
    'evaluation-cases': { type: 'string' },
    only: { type: 'string' },
    out: { type: 'string', default: resolve(import.meta.dirname, 'results.json') },
  },
});
const only = new Set(
  (values.only ?? SECTIONS.join(','))
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean),
);
for (const key of only) {
  if (!SECTIONS.includes(key as SectionKey)) {
    process.stderr.write(`--only takes a comma-separated list of ${SECTIONS.join(', ')}; not ${key}\n`);
    process.exit(2);
  }
}

const cases = values.cases === undefined ? undefined : Number(values.cases);
if (cases !== undefined && (!Number.isInteger(cases) || cases < 20 || cases > 100_000)) {
  process.stderr.write('--cases takes a whole number of pending clocks from 20 to 100,000\n');
  process.exit(2);
}
const evaluationCases = values['evaluation-cases'] === undefined ? undefined : Number(values['evaluation-cases']);
if (
  evaluationCases !== undefined &&
  (!Number.isInteger(evaluationCases) || evaluationCases < 1_000 || evaluationCases > 1_000_000)
) {
  process.stderr.write('--evaluation-cases takes a whole number of closed cases from 1,000 to 1,000,000\n');
  process.exit(2);
}

// The run's temporary folders (runtimes' data, bundles, a dynalite's) go into a folder of its own: what is left in it
// at the end is a section that did not clean up, and an interrupted run (Ctrl-C stops the runtimes too) removes it.
const temporary = ownTemporaryFolder('bench');
// The runtime children run as `npm start` runs the runtime: bundled (local/build-runtime.ts), built here from the
// sources as they are. A section that loads modules into its child first (the cost section's counter) runs it from
// source instead (test/support/runtime.ts).
await buildRuntimeBundle(RUNTIME_BUNDLE);
process.env[RUNTIME_BUNDLE_VARIABLE] = RUNTIME_BUNDLE;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    rmSync(temporary.folder, { recursive: true, force: true });
    process.exit(130);
  });
}

const runStarted = performance.now();
const loadAtStart = loadavg().map((v) => Number(v.toFixed(2)));
const hard: HardRules = { earlyFirings: 0, lostCases: 0, duplicateOutcomes: 0, indexMisses: 0, details: [] };
const ctx: BenchContext = {
  quick: values.quick,
  ...(cases !== undefined ? { precisionCases: cases } : {}),
  ...(evaluationCases !== undefined ? { evaluationCases } : {}),
  hard,
  log: (message) =>
    process.stderr.write(`[${((performance.now() - runStarted) / 1000).toFixed(0).padStart(4)} s] ${message}\n`),
};

const results: Partial<Record<SectionKey, SectionResult | { error: string; met: false }>> = {};
const failures: string[] = [];

async function section<K extends SectionKey>(keys: K[], run: () => Promise<Record<K, SectionResult>>): Promise<void> {
  const wanted = keys.filter((k) => only.has(k));
  if (wanted.length === 0) return;
  ctx.log(`── ${keys.join(' + ')} ──`);
  try {
    const out = await run();
    for (const key of wanted) results[key] = out[key];
  } catch (error) {
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    ctx.log(`${keys.join(' + ')} FAILED: ${message}`);
    failures.push(`${keys.join(' + ')}: ${message.split('\n')[0]}`);
    for (const key of wanted) results[key] = { error: message.split('\n').slice(0, 3).join(' '), met: false };
  }
}

// The precision section takes most of the run, and what it measures — lag in simulated time, the RSS of its runtime —
// does not change with other work on the machine; the cost section counts, and the scale and cold-start sections
// compare each figure with a reference measured beside it. So these three run, one after another, while the
// precision section runs. The API section measures real throughput and latency: it runs alone, last.
await Promise.all([
  section(['precision', 'memory'], () => precisionAndMemory(ctx)),
  (async () => {
    await section(['cost'], async () => ({ cost: await costPerApproval(ctx) }));
    // After the cost section: the floor multiplies its counts of each approval's requests by what each costs.
    await section(['store'], async () => ({ store: await storeCost(ctx, countedPaths()) }));
    await section(['scale'], async () => ({ scale: await reconcilerScale(ctx) }));
    await section(['coldStart'], async () => ({ coldStart: await coldStart(ctx) }));
    await section(['evaluation'], async () => ({ evaluation: await evaluationScale(ctx) }));
  })(),
]);
await section(['api'], async () => ({ api: await apiThroughput(ctx) }));
await section(['site'], async () => ({ site: await siteWeight(ctx) }));

// The evaluation section's targets are issue 12's acceptance ("reads ∝ the period"): missing one fails the run, loudly,
// with the section's figures kept in the table and the JSON.
const evaluationResult = results.evaluation;
if (evaluationResult && !('error' in evaluationResult) && !evaluationResult.met) {
  failures.push(`evaluation: target missed — ${evaluationResult.notes.join('; ')}`);
}

const leftovers = temporary.finish();
if (leftovers.length) failures.push(`temporary folders left behind in ${temporary.folder}: ${leftovers.join(', ')}`);

const machine = {
  date: new Date().toISOString(),
  nproc: availableParallelism(),
  cpu: cpus()[0]?.model ?? 'unknown',
  memoryGiB: Number((totalmem() / 1024 ** 3).toFixed(1)),
  free: tryRun('free', ['-h']),
  node: process.version,
  commit: tryRun('git', ['rev-parse', '--short', 'HEAD']),
  workingTreeChanged: tryRun('git', ['status', '--porcelain']) !== '',
  // Other work on the machine during the run shows here (1, 5 and 15 minute load averages).
  loadAverage: { atStart: loadAtStart, atEnd: loadavg().map((v) => Number(v.toFixed(2))) },
};
const hardRules = {
  ok: hard.earlyFirings === 0 && hard.lostCases === 0 && hard.duplicateOutcomes === 0 && hard.indexMisses === 0,
  earlyFirings: hard.earlyFirings,
  lostCases: hard.lostCases,
  duplicateOutcomes: hard.duplicateOutcomes,
  indexMisses: hard.indexMisses,
  ...(hard.details.length ? { details: hard.details } : {}),
};
const wallSeconds = Number(((performance.now() - runStarted) / 1000).toFixed(1));
const document = {
  mode: values.quick ? 'quick' : 'full',
  ...(cases !== undefined ? { precisionCases: cases } : {}),
  machine,
  wallSeconds,
  hardRules,
  ...results,
  ...(failures.length ? { failedSections: failures } : {}),
};
mkdirSync(dirname(values.out), { recursive: true });
writeFileSync(values.out, `${JSON.stringify(document, null, 2)}\n`);

printTable();
process.stdout.write(`\nresults: ${values.out}   (${document.mode} run, ${wallSeconds} s)\n`);
if (!hardRules.ok) {
  process.stdout.write(
    `HARD RULE BROKEN: ${hard.earlyFirings} early firing(s), ${hard.lostCases} lost case(s), ${hard.duplicateOutcomes} duplicate outcome(s), ${hard.indexMisses} index miss(es)\n`,
  );
  for (const d of hard.details) process.stdout.write(`  - ${d}\n`);
}
if (failures.length) {
  process.stdout.write(`SECTION FAILED: ${failures.join('; ')}\n`);
}
process.exit(hardRules.ok && failures.length === 0 ? 0 : 1);

function printTable(): void {
  const rows: Row[] = [];
  for (const key of SECTIONS) {
    const result = results[key];
    if (!result) continue;
    if ('error' in result) {
      rows.push({ section: key, measure: 'FAILED to run', value: result.error.slice(0, 100), met: false });
      continue;
    }
    rows.push(...result.rows);
  }
  const cells = rows.map((r) => [
    r.section,
    r.measure,
    r.value,
    r.target ?? '',
    r.met === undefined ? '' : r.met ? 'met' : 'MISSED',
  ]);
  const header = ['section', 'measure', 'value', 'target', ''];
  const width = (i: number) => Math.max(...[header, ...cells].map((c) => displayWidth(c[i] ?? '')));
  const widths = header.map((_, i) => width(i));
  const line = (c: string[]) =>
    c.map((v, i) => v + ' '.repeat(Math.max(0, (widths[i] ?? 0) - displayWidth(v)))).join(' │ ');
  process.stdout.write(`\n${line(header)}\n${widths.map((w) => '─'.repeat(w)).join('─┼─')}\n`);
  let previous = '';
  for (const c of cells) {
    if (previous && c[0] !== previous) process.stdout.write(`${widths.map((w) => '─'.repeat(w)).join('─┼─')}\n`);
    previous = c[0] ?? '';
    process.stdout.write(`${line(c)}\n`);
  }
  for (const key of SECTIONS) {
    const result = results[key];
    if (!result || 'error' in result || result.notes.length === 0) continue;
    for (const note of result.notes) process.stdout.write(`  ${key}: ${note}\n`);
  }
}

/** The cost section's approval paths with their DynamoDB counts, if it ran and succeeded in this run. */
function countedPaths(): CountedPath[] | undefined {
  const cost = results.cost;
  if (!cost || 'error' in cost) return undefined;
  return (cost.figures as { paths?: CountedPath[] }).paths;
}

/** Columns line up in a terminal: CJK and other wide characters take two cells. */
function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text)
    width += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(ch)
      ? 2
      : 1;
  return width;
}

function tryRun(command: string, args: string[]): string {
  try {
    return execFileSync(command, args, { encoding: 'utf8' }).trim();
  } catch {
    return 'unavailable';
  }
}
