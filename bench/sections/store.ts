import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { RUNTIME_V8_FLAGS } from '../../local/memory.ts';
import { type BenchContext, elapsedSeconds, type Row, type SectionResult } from '../support/section.ts';
import { round } from '../support/stats.ts';
import type { ProbeOutput } from '../support/store-probe.ts';
import { caseTemplates } from '../support/templates.ts';

/** What the cost section counted for one approval path (its `figures.paths[]`, the fields read here). */
export interface CountedPath {
  readonly path: string;
  readonly dynamo: {
    readonly reads: number;
    readonly writes: number;
    readonly transactions: number;
    readonly itemsWritten: number;
    /** Requests by handler, as the cost section prints them: "GetItem Catalog ×2, TransactWriteItems Cases+Clocks ×1". */
    readonly byHandler: Record<string, string>;
  };
}

/**
 * The tables whose reads a warm function serves from memory (functions/store/reference-cache.ts, used by catalog.ts
 * and calendar.ts): the cost section follows one case alone over days of simulated time, so it sees them read; 100,000
 * approvals share them.
 */
const CACHED_TABLES = new Set(['Catalog', 'Calendar']);

/** One line of the cost section's requests by handler: "TransactWriteItems Cases+Clocks ×2". */
interface Counted {
  readonly operation: string;
  readonly tables: readonly string[];
  readonly count: number;
}

const READS = new Set(['GetItem', 'Query', 'Scan', 'BatchGetItem', 'TransactGetItems']);

/** A path's requests, less the reads of the cached tables. */
function requestsOf(byHandler: Record<string, string>): Counted[] {
  const requests: Counted[] = [];
  for (const list of Object.values(byHandler)) {
    for (const entry of list.split(', ')) {
      const m = /^(\w+) ([\w+]+) ×(\d+)$/.exec(entry);
      if (!m) throw new Error(`store: cannot read the cost section's request "${entry}"`);
      const [, operation = '', tables = '', count = '0'] = m;
      const request = { operation, tables: tables.split('+'), count: Number(count) };
      if (READS.has(operation) && request.tables.every((t) => CACHED_TABLES.has(t))) continue;
      requests.push(request);
    }
  }
  return requests;
}

/** The cores of the machine the targets are set for. */
const CORES = 2;

/**
 * Section 9 (`store`): what one DynamoDB request costs on the handlers' path of the local runtime, measured alone —
 * the store's document client (functions/store/client.ts) → the in-process transport → dynalite in its thread
 * (local/dynamodb-thread.ts), with the stream tap on the tables the runtime streams (their readers do nothing there:
 * the requests they make are counted by the cost section under stream/*) — as CPU per request by thread, which other
 * work on the machine disturbs far less than a rate. It runs in a process of its own with the runtime's V8 options
 * (bench/support/store-probe.ts), on copies of a case and clock the real system made. Then the floor those costs set:
 * the requests one approval makes (the cost section's counts, same run) times what each costs, with nothing else —
 * no handler's own work, no Task, no HTTP, no Step Functions — and what that floor means for 100,000 approvals on two
 * cores.
 */
export async function storeCost(
  ctx: BenchContext,
  counted: readonly CountedPath[] | undefined,
): Promise<SectionResult> {
  const started = performance.now();
  const n = ctx.quick ? 300 : 2_000;
  const templates = await caseTemplates(ctx);
  const dir = mkdtempSync(join(tmpdir(), 'xiaoneng-bench-store-'));
  try {
    const file = join(dir, 'templates.json');
    writeFileSync(file, JSON.stringify(templates));
    const probe = resolve(import.meta.dirname, '../support/store-probe.ts');
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [...RUNTIME_V8_FLAGS, '--import', 'tsx', probe, file, String(n)],
      { env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' }, maxBuffer: 1 << 20 },
    );
    const output = JSON.parse(stdout.trim().split('\n').at(-1) ?? '') as ProbeOutput;
    return result(ctx, output, counted, started, n);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function result(
  ctx: BenchContext,
  { inFlight, kinds: figures }: ProbeOutput,
  counted: readonly CountedPath[] | undefined,
  started: number,
  n: number,
): SectionResult {
  const cost = (name: string) => {
    const found = figures.find((f) => f.kind.startsWith(name));
    if (!found) throw new Error(`store: ${name} not measured`);
    return found.cpuMs.total;
  };
  // The floor: each request at the cheapest kind of its class — every read at the cheaper of GetItem and Query, every
  // single write at the cheaper of a small PutItem and an UpdateItem of a clock, every transaction at one of two
  // small items, whatever it holds.
  const floorPrice = (r: Counted) =>
    READS.has(r.operation)
      ? Math.min(cost('GetItem'), cost('Query'))
      : r.operation === 'TransactWriteItems'
        ? cost('TransactWriteItems, 2 small')
        : Math.min(cost('PutItem, small'), cost('UpdateItem'));
  // The estimate: a request that writes a case priced as a case's (its PutItem, or the transaction of a case and its
  // clock), a read of a case as GetItem of one; every other request as the floor prices it.
  const withCase = (r: Counted) => r.tables.includes('Cases');
  const estimatePrice = (r: Counted) =>
    !withCase(r)
      ? floorPrice(r)
      : READS.has(r.operation)
        ? cost('GetItem')
        : r.operation === 'TransactWriteItems'
          ? cost('TransactWriteItems, 2 items')
          : cost('PutItem (conditional');
  const minutes = (ms: number) => round((ms * 100_000) / CORES / 60_000, 1);
  const floors = (counted ?? []).map((p) => {
    const requests = requestsOf(p.dynamo.byHandler);
    const floorMs = requests.reduce((sum, r) => sum + r.count * floorPrice(r), 0);
    const estimateMs = requests.reduce((sum, r) => sum + r.count * estimatePrice(r), 0);
    return {
      path: p.path,
      requests: requests.reduce((sum, r) => sum + r.count, 0),
      floorCpuMs: round(floorMs, 2),
      estimateCpuMs: round(estimateMs, 2),
      // 100,000 such approvals with nothing but their DynamoDB requests, both cores busy all the time.
      minutesFor100k: { floor: minutes(floorMs), estimate: minutes(estimateMs) },
    };
  });
  const rows: Row[] = figures.map((f) => ({
    section: 'store',
    measure: `${f.kind}: CPU per request (caller + store thread + others)`,
    value: `${f.cpuMs.total} ms (${f.cpuMs.caller} + ${f.cpuMs.store} + ${f.cpuMs.others}); ${f.perSecond}/s`,
  }));
  for (const f of floors) {
    rows.push({
      section: 'store',
      measure: `${f.path}, its ${f.requests} DynamoDB requests alone: floor / by size`,
      value: `${f.floorCpuMs} / ${f.estimateCpuMs} ms CPU; 100,000 ≥ ${f.minutesFor100k.floor} / ${f.minutesFor100k.estimate} min on ${CORES} cores`,
    });
  }
  const notes = [
    `CPU per request on the handlers' path (document client → in-process transport → dynalite's thread, stream tap included), ${n} requests per kind, ${inFlight} in flight, after a warm-up; "store thread" is the busiest thread other than the caller's, "others" V8's collector and compiler threads, LevelDB's and libuv's.`,
    counted
      ? 'floor = the cost section’s counts for each path, less the reads a warm function serves from memory (Catalog, Calendar), each request priced at the cheapest kind of its class (reads: GetItem or Query; single writes: a small PutItem or an UpdateItem of a clock; transactions: two small items, whatever they hold): less than the approval costs if nothing but its DynamoDB requests cost anything. by size = the same with each request that writes a case priced as a case’s (its PutItem, the transaction of a case and its clock) and each read of a case as GetItem of one.'
      : 'no floor: the cost section did not run in this run (its counts are what the floor multiplies).',
  ];
  ctx.log(`store: ${figures.map((f) => `${f.kind} ${f.cpuMs.total} ms`).join('; ')}`);
  return {
    figures: { kinds: figures, floors },
    reference: 'none: the floor is the figure; compare it with the precision section’s time per clock',
    target: 'none of its own (it explains the precision and API sections’ figures)',
    met: true,
    notes,
    rows,
    wallSeconds: elapsedSeconds(started),
  };
}
