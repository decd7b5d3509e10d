import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { type BuildOptions, build } from 'esbuild';
import { type FunctionSpec, functions } from '../../functions/manifest.ts';
import { allTables } from '../../functions/store/tables.ts';
import { LAMBDA_BUNDLING } from '../../lib/lambda-bundling.ts';
import { type BenchContext, elapsedSeconds, type Row, type SectionResult } from '../support/section.ts';
import { kb, median, round } from '../support/stats.ts';

const run = promisify(execFile);
const repoRoot = resolve(import.meta.dirname, '../..');
const MAX_BUNDLE_BYTES = 500 * 1024;
const MAX_RATIO = 1.2;

/** lib/lambda-bundling.ts, as CDK bundles; its alias paths are relative to the root, from which the bench bundles. */
const LAMBDA: BuildOptions = {
  ...LAMBDA_BUNDLING,
  mainFields: [...LAMBDA_BUNDLING.mainFields],
  external: [...LAMBDA_BUNDLING.external],
  absWorkingDir: repoRoot,
  logLevel: 'silent',
};

/** The smallest useful DynamoDB handler with the AWS SDK v3: a client built at import, one GetItem per event. */
const MINIMAL_HANDLER = `
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
const client = new DynamoDBClient({});
export const handler = async (event) =>
  client.send(new GetItemCommand({ TableName: process.env.TABLE_NAME, Key: { pk: { S: String(event.id) } } }));
export function buildClients() {}
`;

/** Imports a bundle, builds its clients, prints the milliseconds taken (Node's own start-up is not counted). */
const HARNESS = `
const started = performance.now();
const module = await import(process.argv[2]);
module.buildClients?.();
process.stdout.write(JSON.stringify({ ms: performance.now() - started }));
`;

const usesStepFunctions = (spec: FunctionSpec): boolean =>
  Object.entries(spec).some(
    ([key, value]) => /clock/i.test(key) && (Array.isArray(value) ? value.length > 0 : !!value),
  );
const usesDynamo = (spec: FunctionSpec): boolean => Object.keys(spec.tables).length > 0;

interface Measured {
  readonly name: string;
  readonly bytes: number;
  readonly mapBytes: number;
  readonly medianMs: number;
  readonly runsMs: number[];
  readonly processMedianMs: number;
  readonly clients: string[];
}

/**
 * Section 4: every Lambda of functions/manifest.ts bundled as CDK bundles it, its size, and the time a fresh Node
 * process takes to import it and build its AWS SDK clients (median of several runs, with --enable-source-maps as
 * the deployed functions set it), next to a minimal DynamoDB handler bundled and measured the same way.
 */
export async function coldStart(ctx: BenchContext): Promise<SectionResult> {
  const started = performance.now();
  const runs = ctx.quick ? 1 : 7;
  const out = mkdtempSync(join(tmpdir(), 'xiaoneng-bench-bundles-'));
  try {
    const specs = Object.entries(functions) as [string, FunctionSpec][];
    // The deployable bundles, exactly: their size is what Lambda loads.
    await build({
      ...LAMBDA,
      entryPoints: Object.fromEntries(specs.map(([name, spec]) => [`${name}/index`, join(repoRoot, spec.entry)])),
      outdir: join(out, 'lambda'),
      outExtension: { '.js': '.mjs' },
    });
    // The same bundles with `buildClients()` exported, which builds the clients the handler builds on first use
    // (the store's DynamoDB document client, a Step Functions client): the timing covers import + clients.
    const clientOf: Record<string, string[]> = {};
    const timed: Record<string, string> = {};
    for (const [name, spec] of specs) {
      const clients = [
        ...(usesDynamo(spec) ? ['DynamoDB'] : []),
        ...(usesStepFunctions(spec) ? ['Step Functions'] : []),
      ];
      clientOf[name] = clients;
      const source = [
        `export { handler } from ${JSON.stringify(join(repoRoot, spec.entry))};`,
        usesDynamo(spec) ? `import { db } from ${JSON.stringify(join(repoRoot, 'functions/store/client.ts'))};` : '',
        usesStepFunctions(spec) ? "import { SFNClient } from '@aws-sdk/client-sfn';" : '',
        `export function buildClients() { ${usesDynamo(spec) ? 'db();' : ''} ${usesStepFunctions(spec) ? 'new SFNClient({ region: process.env.AWS_REGION });' : ''} }`,
      ].join('\n');
      const file = join(out, `entry-${name}.mjs`);
      writeFileSync(file, source);
      timed[name] = file;
    }
    const minimalEntry = join(out, 'entry-minimal.mjs');
    writeFileSync(minimalEntry, MINIMAL_HANDLER);
    await build({
      ...LAMBDA,
      entryPoints: {
        ...Object.fromEntries(Object.entries(timed).map(([name, file]) => [`${name}/index`, file])),
        'minimal/index': minimalEntry,
      },
      outdir: join(out, 'timed'),
      outExtension: { '.js': '.mjs' },
      nodePaths: [join(repoRoot, 'node_modules')],
    });
    const harness = join(out, 'harness.mjs');
    writeFileSync(harness, HARNESS);

    const env = {
      PATH: process.env.PATH ?? '',
      AWS_REGION: 'us-east-1',
      AWS_LAMBDA_FUNCTION_NAME: 'bench',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      POWERTOOLS_SERVICE_NAME: 'xiaoneng',
      TABLE_NAME: 'bench',
      ...Object.fromEntries(allTables.map((t) => [t.envVar, `bench-${t.name}`])),
      APPROVAL_CLOCK_ARN: 'arn:aws:states:us-east-1:000000000000:stateMachine:ApprovalClock',
    };
    const names = [...specs.map(([name]) => name), 'minimal'];
    const samples: Record<string, { ms: number[]; processMs: number[] }> = {};
    for (let i = 0; i < runs; i++) {
      // Round-robin, so that a slow moment of the machine spreads over every bundle rather than hitting one.
      for (const name of names) {
        const file = pathToFileURL(join(out, 'timed', name, 'index.mjs')).href;
        const t = performance.now();
        const { stdout } = await run(process.execPath, ['--enable-source-maps', harness, file], { env });
        const processMs = performance.now() - t;
        const entry = samples[name] ?? { ms: [], processMs: [] };
        entry.ms.push((JSON.parse(stdout) as { ms: number }).ms);
        entry.processMs.push(processMs);
        samples[name] = entry;
      }
    }
    const measure = (name: string, dir: string): Measured => {
      const file = join(out, dir, name, 'index.mjs');
      const s = samples[name] ?? { ms: [], processMs: [] };
      return {
        name,
        bytes: statSync(file).size,
        mapBytes: statSync(`${file}.map`).size,
        medianMs: round(median(s.ms) ?? 0),
        runsMs: s.ms.map((v) => round(v)),
        processMedianMs: round(median(s.processMs) ?? 0),
        clients: clientOf[name] ?? ['DynamoDB'],
      };
    };
    const minimal = measure('minimal', 'timed');
    const bundles = specs.map(([name]) => measure(name, 'lambda'));
    for (const b of bundles) {
      const timedBytes = statSync(join(out, 'timed', b.name, 'index.mjs')).size;
      if (Math.abs(timedBytes - b.bytes) > 2048) {
        ctx.log(`coldStart: ${b.name}: the timed bundle differs from the deployable one by ${timedBytes - b.bytes} B`);
      }
    }
    const slowest = bundles.reduce((a, b) => (b.medianMs > a.medianMs ? b : a));
    const largest = bundles.reduce((a, b) => (b.bytes > a.bytes ? b : a));
    const overTime = bundles.filter((b) => b.medianMs > minimal.medianMs * MAX_RATIO);
    const overSize = bundles.filter((b) => b.bytes > MAX_BUNDLE_BYTES);
    const met = overTime.length === 0 && overSize.length === 0;
    const notes: string[] = [];
    if (overTime.length) {
      notes.push(
        `${overTime.length} of ${bundles.length} bundles take more than 1.2× the minimal handler (${minimal.medianMs} ms): ${overTime
          .map((b) => `${b.name} ${round(b.medianMs / minimal.medianMs, 2)}×`)
          .join(', ')}`,
      );
    }
    if (overSize.length) {
      notes.push(`bundles over 500 KB: ${overSize.map((b) => `${b.name} ${kb(b.bytes)} KB`).join(', ')}`);
    }
    const rows: Row[] = [
      {
        section: 'coldStart',
        measure: 'minimal DynamoDB handler (reference)',
        value: `${kb(minimal.bytes)} KB, ${minimal.medianMs} ms`,
      },
      ...bundles.map((b) => ({
        section: 'coldStart',
        measure: `${b.name} (${b.clients.join(' + ') || 'no client'})`,
        value: `${kb(b.bytes)} KB, ${b.medianMs} ms (${round(b.medianMs / minimal.medianMs, 2)}×)`,
        target: '≤ 1.2×, ≤ 500 KB',
        met: b.medianMs <= minimal.medianMs * MAX_RATIO && b.bytes <= MAX_BUNDLE_BYTES,
      })),
    ];
    ctx.log(
      `coldStart: minimal ${minimal.medianMs} ms; slowest ${slowest.name} ${slowest.medianMs} ms; largest ${largest.name} ${kb(largest.bytes)} KB`,
    );
    return {
      figures: {
        runsPerBundle: runs,
        bundles: bundles.map((b) => ({
          name: b.name,
          kb: kb(b.bytes),
          sourceMapKb: kb(b.mapBytes),
          medianMs: b.medianMs,
          ratio: round(b.medianMs / minimal.medianMs, 2),
          processMedianMs: b.processMedianMs,
          clients: b.clients,
          runsMs: b.runsMs,
        })),
        slowest: { name: slowest.name, medianMs: slowest.medianMs },
        largest: { name: largest.name, kb: kb(largest.bytes) },
        node: process.version,
      },
      reference: {
        minimal: {
          kb: kb(minimal.bytes),
          medianMs: minimal.medianMs,
          processMedianMs: minimal.processMedianMs,
          runsMs: minimal.runsMs,
        },
        what: 'a minimal AWS SDK v3 DynamoDB handler (client built at import, one GetItem) bundled with the same options',
        bundling:
          'esbuild as lib/constructs/handler-function.ts: ESM, require banner, node22, module/main, minify, external source map, AWS SDK bundled',
        timing:
          'fresh `node --enable-source-maps` process: import the bundle + build its clients (Node start-up excluded); median',
      },
      target: 'each bundle ≤ 1.2× the minimal handler’s import + client time; every bundle ≤ 500 KB',
      met,
      notes,
      rows,
      wallSeconds: elapsedSeconds(started),
    };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
