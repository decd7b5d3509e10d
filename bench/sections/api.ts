import { GetCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { tables } from '../../functions/store/tables.ts';
import { createTable, localDynamoClient } from '../../local/dynamodb.ts';
import { applicationFor } from '../../test/support/applications.ts';
import { type BenchItem, benchApplicant, catalogItems } from '../support/applications.ts';
import { documentClient, localTable } from '../support/aws.ts';
import { BenchRuntime } from '../support/runtime.ts';
import { type BenchContext, elapsedSeconds, type Row, type SectionResult } from '../support/section.ts';
import { percentile, round, sleep } from '../support/stats.ts';
import { threadCpuMs } from '../support/threads.ts';

const START = '2026-09-14T09:00:00+08:00';
const HALF_LOAD_P99_MS = 50;

interface Level {
  readonly concurrency: number;
  readonly requests: number;
  readonly perSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly errors: number;
  /** The runtime child's CPU per accepted application: its main thread, and all its other threads together. */
  readonly cpuMsPerAccepted?: { readonly main: number; readonly otherThreads: number };
}

/**
 * Section 2: POST /v1/applications over real HTTP (keep-alive) at several concurrencies, closed loop, each level
 * timed until the work its requests started (the clock executions' first states) has drained; then the raw PutItem
 * rate of the same runtime's dynalite with case-sized items; then an open loop at half the best API rate.
 */
export async function apiThroughput(ctx: BenchContext): Promise<SectionResult> {
  const started = performance.now();
  const concurrencies = ctx.quick ? [1, 16] : [1, 4, 16, 64];
  const levelSeconds = ctx.quick ? 2 : 6;
  const rawLevelSeconds = ctx.quick ? 1 : 3;
  // 30 s: a p99 of about 1,600 requests. Over 12 s (about 650) it moved 38–67 ms between runs of the same code, and
  // 3-second windows of one 30 s run ranged 34–88 ms: a run too short to hold a stall or two read as luck.
  const halfLoadSeconds = ctx.quick ? 4 : 30;

  const runtime = new BenchRuntime();
  await runtime.start({ now: START });
  const db = documentClient(runtime.dynamoUrl, 128, runtime.dynamoAccessKeyId);
  try {
    const items = (await catalogItems(runtime)).filter((i) => i.promisedLimitDays > 0);
    const token = await runtime.token('applicant', { sub: 'bench-applicant' });
    let n = 0;
    let lastCaseId = '';
    const apply = async (): Promise<{ ms: number; ok: boolean }> => {
      const k = n++;
      const t = performance.now();
      const answer = await runtime.call('POST', '/v1/applications', {
        token,
        body: applicationFor(items[k % items.length] as BenchItem, benchApplicant(k)),
      });
      if (answer.status === 201) lastCaseId = answer.json.id;
      return { ms: performance.now() - t, ok: answer.status === 201 };
    };

    // Warm-up: JIT, connection pool, first-use code paths.
    await closedLoop(4, 1, apply);
    await runtime.advance(0);

    const levels: Level[] = [];
    for (const concurrency of concurrencies) {
      const t = performance.now();
      const cpuBefore = threadCpuMs(runtime.pid);
      const samples = await closedLoop(concurrency, levelSeconds, apply);
      await runtime.advance(0); // drain: the executions these requests started have run their first states
      const seconds = (performance.now() - t) / 1000;
      const ms = samples.filter((s) => s.ok).map((s) => s.ms);
      const cpuAfter = threadCpuMs(runtime.pid);
      const cpu =
        cpuBefore && cpuAfter && ms.length
          ? {
              main: round((cpuAfter.main - cpuBefore.main) / ms.length),
              otherThreads: round((cpuAfter.otherThreads - cpuBefore.otherThreads) / ms.length),
            }
          : undefined;
      levels.push({
        concurrency,
        requests: ms.length,
        perSecond: round(ms.length / seconds),
        p50Ms: round(percentile(ms, 50) ?? 0),
        p99Ms: round(percentile(ms, 99) ?? 0),
        errors: samples.length - ms.length,
        ...(cpu ? { cpuMsPerAccepted: cpu } : {}),
      });
      ctx.log(
        `api: concurrency ${concurrency}: ${round(ms.length / seconds)}/s, p99 ${round(percentile(ms, 99) ?? 0)} ms${cpu ? `, CPU per accepted: main thread ${cpu.main} ms, other threads ${cpu.otherThreads} ms` : ''}`,
      );
    }
    const best = levels.reduce((a, b) => (b.perSecond > a.perSecond ? b : a));

    // The embedded DynamoDB's own rate, three ways, all with an item exactly like an accepted case (same size and
    // index attributes), conditional on a new key:
    // - PutItem to a table like Cases (same keys and indexes) WITHOUT a stream: the store's raw write, the target's
    //   reference. A streamed table's write is not that: the local tap takes the item's old and new images around it
    //   (three requests to dynalite) and hands a record to every reader of the table, whose work then runs beside the
    //   next writes — the faster the readers, the slower that reference (BENCHMARKS.md, 2026-12-05).
    // - PutItem to the Cases table itself (the reference until the seventh session of 2026-12-05, kept to compare
    //   with the entries before);
    // - the write createCase really makes since the deadline engine: one TransactWriteItems of the case and its
    //   approval clock.
    const stored = await rawCase(db, lastCaseId);
    const raw = async (write: (k: number) => Promise<unknown>) => {
      let r = 0;
      const out: { concurrency: number; perSecond: number; p99Ms: number }[] = [];
      for (const concurrency of concurrencies) {
        const t = performance.now();
        const samples = await closedLoop(concurrency, rawLevelSeconds, async () => {
          const k = r++;
          const s = performance.now();
          await write(k);
          return { ms: performance.now() - s, ok: true };
        });
        const seconds = (performance.now() - t) / 1000;
        out.push({
          concurrency,
          perSecond: round(samples.length / seconds),
          p99Ms: round(
            percentile(
              samples.map((s) => s.ms),
              99,
            ) ?? 0,
          ),
        });
      }
      return out;
    };
    const unstreamed = `${localTable('cases')}-bench-unstreamed`;
    // A table with the Cases table's keys and indexes and no stream (the tap passes its writes straight to dynalite),
    // removed with the runtime's data folder.
    const admin = localDynamoClient(runtime.dynamoUrl, runtime.dynamoAccessKeyId);
    try {
      await createTable(admin, tables.cases, unstreamed);
    } finally {
      admin.destroy();
    }
    const putCase = (table: string) => (k: number) =>
      db.send(
        new PutCommand({
          TableName: table,
          Item: { ...stored.case, id: `RAW-${k}` },
          ConditionExpression: 'attribute_not_exists(id)',
        }),
      );
    const rawLevels = await raw(putCase(unstreamed));
    const rawBest = rawLevels.reduce((a, b) => (b.perSecond > a.perSecond ? b : a));
    ctx.log(
      `api: raw PutItem (a table without a stream) best ${rawBest.perSecond}/s at concurrency ${rawBest.concurrency}`,
    );
    const streamedLevels = await raw(putCase(localTable('cases')));
    const streamedBest = streamedLevels.reduce((a, b) => (b.perSecond > a.perSecond ? b : a));
    ctx.log(
      `api: raw PutItem (the streamed Cases table) best ${streamedBest.perSecond}/s at concurrency ${streamedBest.concurrency}`,
    );
    await runtime.advance(0); // the readers' work on those records, before the next reference
    const txLevels = await raw((k) =>
      db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: localTable('cases'),
                Item: { ...stored.case, id: `RAWTX-${k}` },
                ConditionExpression: 'attribute_not_exists(id)',
              },
            },
            {
              Put: {
                TableName: localTable('clocks'),
                Item: { ...stored.clock, subject: `RAWTX-${k}` },
                ConditionExpression: 'attribute_not_exists(subject)',
              },
            },
          ],
        }),
      ),
    );
    const txBest = txLevels.reduce((a, b) => (b.perSecond > a.perSecond ? b : a));
    ctx.log(
      `api: raw TransactWriteItems (case + clock) best ${txBest.perSecond}/s at concurrency ${txBest.concurrency}`,
    );
    await runtime.advance(0);

    // Half the maximum load, open loop: requests leave on schedule whether or not earlier ones have answered, and
    // latency counts from the scheduled instant (no coordinated omission).
    const rate = best.perSecond / 2;
    const half = await openLoop(rate, halfLoadSeconds, apply);
    await runtime.advance(0);
    const halfP50 = round(percentile(half.ms, 50) ?? 0);
    const halfP99 = round(percentile(half.ms, 99) ?? 0);
    ctx.log(`api: half load ${round(rate)}/s: p50 ${halfP50} ms, p99 ${halfP99} ms`);

    const ratio = best.perSecond / rawBest.perSecond;
    const throughputMet = ratio >= 1 / 3;
    const latencyMet = halfP99 <= HALF_LOAD_P99_MS;
    const notes: string[] = [];
    if (!throughputMet) {
      notes.push(
        `the API accepts ${best.perSecond}/s at best, ${round(ratio * 100)} % of the raw PutItem rate (${rawBest.perSecond}/s); the target is ≥ 33 %`,
      );
    }
    if (!latencyMet) notes.push(`p99 at half load (${round(rate)}/s) is ${halfP99} ms; the target is ≤ 50 ms`);
    const errors = levels.reduce((a, l) => a + l.errors, 0) + half.errors;
    if (errors) notes.push(`${errors} requests were not accepted (non-201)`);

    const rows: Row[] = [
      ...levels.map((l) => ({
        section: 'api',
        measure: `POST /v1/applications, concurrency ${l.concurrency}`,
        value: `${l.perSecond}/s, p50 ${l.p50Ms} ms, p99 ${l.p99Ms} ms${l.cpuMsPerAccepted ? `; CPU ${l.cpuMsPerAccepted.main} + ${l.cpuMsPerAccepted.otherThreads} ms` : ''}`,
      })),
      {
        section: 'api',
        measure: 'best API rate vs raw PutItem rate',
        value: `${best.perSecond}/s vs ${rawBest.perSecond}/s (${round(ratio * 100)} %)`,
        target: '≥ 33 % of raw',
        met: throughputMet,
      },
      {
        section: 'api',
        measure: `half load, open loop ${round(rate)}/s (p50/p99)`,
        value: `${halfP50} / ${halfP99} ms`,
        target: 'p99 ≤ 50 ms',
        met: latencyMet,
      },
    ];
    return {
      figures: {
        levels,
        best: { concurrency: best.concurrency, perSecond: best.perSecond },
        halfLoad: {
          ratePerSecond: round(rate),
          sent: half.ms.length + half.errors,
          p50Ms: halfP50,
          p99Ms: halfP99,
          maxMs: round(Math.max(0, ...half.ms)),
        },
        ratioToRaw: round(ratio, 3),
        levelSeconds,
      },
      reference: {
        rawPutItem: rawLevels,
        rawBestPerSecond: rawBest.perSecond,
        rawPutItemStreamed: streamedLevels,
        rawPutItemStreamedBestPerSecond: streamedBest.perSecond,
        ratioToRawStreamed: round(best.perSecond / streamedBest.perSecond, 3),
        rawTransaction: txLevels,
        rawTransactionBestPerSecond: txBest.perSecond,
        ratioToRawTransaction: round(best.perSecond / txBest.perSecond, 3),
        what: 'PutItem of a copy of an accepted case item (same size, same index attributes) with attribute_not_exists(id), straight to the runtime’s dynalite, into a table with the Cases table’s keys and indexes and no stream, same concurrencies, same run (the target’s reference); the same PutItem into the streamed Cases table (the earlier reference); and TransactWriteItems of that case and its approval clock, each conditional on a new key, as createCase writes them',
      },
      target: 'best accepted/s ≥ ⅓ of the raw PutItem rate; p99 ≤ 50 ms at half the maximum load',
      met: throughputMet && latencyMet,
      notes,
      rows: [
        ...rows,
        {
          section: 'api',
          measure: 'raw PutItem (dynalite, a table without a stream), best',
          value: `${rawBest.perSecond}/s at concurrency ${rawBest.concurrency}, p99 ${rawBest.p99Ms} ms`,
        },
        {
          section: 'api',
          measure: 'raw PutItem into the streamed Cases table (the earlier reference), best',
          value: `${streamedBest.perSecond}/s at concurrency ${streamedBest.concurrency}, p99 ${streamedBest.p99Ms} ms (the API: ${round((best.perSecond / streamedBest.perSecond) * 100)} % of it)`,
        },
        {
          section: 'api',
          measure: 'raw TransactWriteItems case + clock (createCase’s write), best',
          value: `${txBest.perSecond}/s at concurrency ${txBest.concurrency}, p99 ${txBest.p99Ms} ms (the API: ${round((best.perSecond / txBest.perSecond) * 100)} % of it)`,
        },
      ],
      wallSeconds: elapsedSeconds(started),
    };
  } finally {
    db.destroy();
    await runtime.dispose();
  }
}

/** An accepted case and its approval clock as the API wrote them: the raw writes' template. */
async function rawCase(
  db: ReturnType<typeof documentClient>,
  id: string,
): Promise<{ case: Record<string, unknown>; clock: Record<string, unknown> }> {
  const [found, clock] = await Promise.all([
    db.send(new GetCommand({ TableName: localTable('cases'), Key: { id }, ConsistentRead: true })),
    db.send(
      new GetCommand({ TableName: localTable('clocks'), Key: { subject: id, duty: 'APPROVAL' }, ConsistentRead: true }),
    ),
  ]);
  if (!found.Item || !clock.Item) throw new Error(`case ${id} or its clock not found for the raw write templates`);
  return { case: found.Item, clock: clock.Item };
}

/** `concurrency` lanes, each sending its next request as soon as the previous answered, for `seconds`. */
async function closedLoop(
  concurrency: number,
  seconds: number,
  send: () => Promise<{ ms: number; ok: boolean }>,
): Promise<{ ms: number; ok: boolean }[]> {
  const until = performance.now() + seconds * 1000;
  const samples: { ms: number; ok: boolean }[] = [];
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < until) samples.push(await send());
    }),
  );
  return samples;
}

/** Requests leave at `rate` per second for `seconds`; latency is measured from each one's scheduled instant. */
async function openLoop(
  rate: number,
  seconds: number,
  send: () => Promise<{ ms: number; ok: boolean }>,
): Promise<{ ms: number[]; errors: number }> {
  const total = Math.max(1, Math.round(rate * seconds));
  const start = performance.now();
  const ms: number[] = [];
  let errors = 0;
  const inFlight: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const scheduled = start + (i * 1000) / rate;
    const wait = scheduled - performance.now();
    if (wait > 0) await sleep(wait);
    inFlight.push(
      send().then((s) => {
        if (s.ok) ms.push(performance.now() - scheduled);
        else errors++;
      }),
    );
  }
  await Promise.all(inFlight);
  return { ms, errors };
}
