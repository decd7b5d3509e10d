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

/** Reads of the cached tables among a path's requests. */
function cachedReads(byHandler: Record<string, string>): number {
  let reads = 0;
  for (const list of Object.values(byHandler)) {
    for (const entry of list.split(', ')) {
      const m = /^(GetItem|Query|BatchGetItem) (\w+) ×(\d+)$/.exec(entry);
      if (m && CACHED_TABLES.has(m[2] ?? '')) reads += Number(m[3]);
    }
  }
  return reads;
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
  // A transaction's cost as a fixed part and a part per item, from the 2- and 6-item transactions.
  const perTransactionItem = (cost('TransactWriteItems, 6') - cost('TransactWriteItems, 2')) / 4;
  const perTransaction = cost('TransactWriteItems, 2') - 2 * perTransactionItem;
  const singleWrite = (cost('PutItem') + cost('UpdateItem')) / 2;
  const read = (cost('GetItem') + cost('Query')) / 2;
  const floors = (counted ?? []).map((p) => {
    const singles = p.dynamo.writes - p.dynamo.transactions;
    const transactionItems = Math.max(0, p.dynamo.itemsWritten - singles);
    const reads = p.dynamo.reads - cachedReads(p.dynamo.byHandler);
    const ms =
      reads * read +
      singles * singleWrite +
      p.dynamo.transactions * perTransaction +
      transactionItems * perTransactionItem;
    return {
      path: p.path,
      requests: reads + p.dynamo.writes,
      storeCpuMs: round(ms, 2),
      // 100,000 such approvals with nothing but their DynamoDB requests, both cores busy all the time.
      minutesFor100k: round((ms * 100_000) / CORES / 60_000, 1),
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
      measure: `floor: ${f.path}, its ${f.requests} DynamoDB requests alone`,
      value: `${f.storeCpuMs} ms CPU; 100,000 ≥ ${f.minutesFor100k} min on ${CORES} cores`,
    });
  }
  const notes = [
    `CPU per request on the handlers' path (document client → in-process transport → dynalite's thread, stream tap included), ${n} requests per kind, ${inFlight} in flight, after a warm-up; "store thread" is the busiest thread other than the caller's, "others" V8's collector and compiler threads, LevelDB's and libuv's.`,
    counted
      ? 'floor = the cost section’s counts for each path, less the reads a warm function serves from memory (Catalog, Calendar), × these costs (reads at the mean of GetItem and Query, single writes at the mean of PutItem and UpdateItem, transactions as a fixed part plus a part per item): what the approval costs if nothing but its DynamoDB requests cost anything.'
      : 'no floor: the cost section did not run in this run (its counts are what the floor multiplies).',
  ];
  ctx.log(`store: ${figures.map((f) => `${f.kind} ${f.cpuMs.total} ms`).join('; ')}`);
  return {
    figures: { kinds: figures, model: { read, singleWrite, perTransaction, perTransactionItem }, floors },
    reference: 'none: the floor is the figure; compare it with the precision section’s time per clock',
    target: 'none of its own (it explains the precision and API sections’ figures)',
    met: true,
    notes,
    rows,
    wallSeconds: elapsedSeconds(started),
  };
}
