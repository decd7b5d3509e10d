import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BatchWriteCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { allTables } from '../../functions/store/tables.ts';
import { LOCAL_ACCOUNT, LOCAL_REGION } from '../../lib/render.ts';
import { stateMachines } from '../../lib/state-machines.ts';
import { localTableName } from '../../local/dynamodb.ts';
import { lambdaContext } from '../../local/lambda.ts';
import { scheduledEvent } from '../../local/scheduler.ts';
import { freePort } from '../../test/support/dynamo.ts';
import { approvalClockArn, documentClient, executionArnOf as executionArn, localTable } from '../support/aws.ts';
import { dynaliteChild, measuredScan, waitIdle } from '../support/dynalite-child.ts';
import { DynamoTally } from '../support/dynamo-tally.ts';
import { type BenchContext, elapsedSeconds, type Row, type SectionResult } from '../support/section.ts';
import { median, pool, round } from '../support/stats.ts';
import { caseTemplates } from '../support/templates.ts';

type Item = Record<string, unknown>;

interface RunFigures {
  readonly label: string;
  readonly history: number;
  readonly open: number;
  readonly due: number;
  readonly ms: number;
  readonly runsMs: number[];
  readonly itemsRead: number;
  readonly readUnits: number;
  readonly requests: number;
  readonly writes: number;
  readonly report: unknown;
}

/**
 * Section 6: the reconciler (functions/schedule/reconcile.ts, the module the Lambda runs) in this process against
 * a dynalite of its own holding up to 100,000 closed cases (history) and up to a few thousand open ones, each run timed
 * and its DynamoDB reads counted (items read = ScannedCount of its queries + GetItems, with the capacity units
 * dynalite reports), next to a full Scan of the same table in the same run.
 */
export async function reconcilerScale(ctx: BenchContext): Promise<SectionResult> {
  const started = performance.now();
  const historySmall = ctx.quick ? 2_000 : 10_000;
  const historyLarge = ctx.quick ? 10_000 : 100_000;
  const openCount = ctx.quick ? 100 : 300;
  const dueCount = ctx.quick ? 50 : 200;
  const missingCount = 5;
  const moreOpen = ctx.quick ? 900 : 2_700;

  const templates = await caseTemplates(ctx);

  const dir = mkdtempSync(join(tmpdir(), 'xiaoneng-bench-scale-'));
  const dynamo = await dynaliteChild(dir).catch((error: unknown) => {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  });
  const sfnStub = await stepFunctionsStub();
  const saved = { ...process.env };
  const loader = documentClient(dynamo.url, 16);
  try {
    Object.assign(process.env, {
      AWS_REGION: 'us-east-1',
      DYNAMODB_ENDPOINT: dynamo.url,
      STEPFUNCTIONS_ENDPOINT: sfnStub.url,
      POWERTOOLS_SERVICE_NAME: 'xiaoneng',
      POWERTOOLS_LOG_LEVEL: 'ERROR',
      POWERTOOLS_METRICS_DISABLED: 'true',
      ...Object.fromEntries(
        stateMachines.map((m) => [m.envVar, `arn:aws:states:${LOCAL_REGION}:${LOCAL_ACCOUNT}:stateMachine:${m.name}`]),
      ),
      ...Object.fromEntries(allTables.map((t) => [t.envVar, localTableName(t)])),
    });
    // The module the Lambda runs, imported after its environment is set (as Lambda does).
    const { handler } = (await import('../../functions/schedule/reconcile.ts')) as {
      handler: (event: unknown, context: unknown) => Promise<unknown>;
    };
    const { db } = await import('../../functions/store/client.ts');
    const tally = new DynamoTally();
    tally.instrument(db());

    const now = Date.now();
    const cases = localTable('cases');
    const clocks = localTable('clocks');
    let serial = 0;
    /** Cases, each with its approval clock (`[case, clock]`), loaded by BatchWriteItem. */
    const write = async (pairs: [Item, Item][]) => {
      const t = performance.now();
      const chunks: [Item, Item][][] = [];
      for (let i = 0; i < pairs.length; i += 12) chunks.push(pairs.slice(i, i + 12));
      await pool(chunks, 8, async (chunk) => {
        let request: Record<string, { PutRequest: { Item: Item } }[]> | undefined = {
          [cases]: chunk.map(([Item]) => ({ PutRequest: { Item } })),
          [clocks]: chunk.map(([, Item]) => ({ PutRequest: { Item } })),
        };
        while (request && Object.keys(request).length) {
          const out = await loader.send(new BatchWriteCommand({ RequestItems: request }));
          request = out.UnprocessedItems as typeof request;
        }
      });
      return (performance.now() - t) / 1000;
    };
    const closed = (n: number): [Item, Item][] =>
      Array.from({ length: n }, (_, i) => {
        const template = i % 2 === 0 ? templates.decided : templates.deemed;
        const id = `XNBENCH-CLOSED-${String(serial++).padStart(7, '0')}`;
        return [
          { ...template.case, id },
          { ...template.clock, subject: id, executionName: id, executionArn: executionArn(id) },
        ];
      });
    const open = (
      n: number,
      deadlineFromNowMs: (i: number) => number,
      withExecution: boolean,
      createdAgoMs = 86_400_000,
    ) =>
      Array.from({ length: n }, (_, i): [Item, Item] => {
        const id = `XNBENCH-OPEN-${String(serial++).padStart(7, '0')}`;
        const deadline = new Date(now + deadlineFromNowMs(i));
        const { executionArn: _arn, taskToken: _token, clockStartPending: _start, ...clock } = templates.open.clock;
        const due = { deadlineAt: deadline.toISOString(), deadline: shanghaiIso(deadline) };
        return [
          { ...templates.open.case, id, ...due, createdAt: shanghaiIso(new Date(now - createdAgoMs)) },
          {
            ...clock,
            subject: id,
            executionName: id,
            ...due,
            // A clock that started has its execution recorded; one that never did still carries the start marker
            // its acceptance wrote (as the API leaves it when it dies between the write and StartExecution).
            ...(withExecution
              ? { executionArn: executionArn(id) }
              : { clockStartPending: new Date(now - createdAgoMs).toISOString() }),
          },
        ];
      });

    const runs: RunFigures[] = [];
    let historyNow = 0;
    let openNow = 0;
    const event = scheduledEvent;
    /** A run with nothing to repair changes nothing, so it is repeated and its median time kept. */
    const reconcile = async (label: string, due: number, repeat = 1): Promise<RunFigures> => {
      const times: number[] = [];
      let report: unknown;
      for (let i = 0; i < repeat; i++) {
        tally.reset();
        const t = performance.now();
        report = await handler(event(), lambdaContext('reconcile', 300_000));
        times.push(performance.now() - t);
      }
      const ms = median(times) ?? 0;
      const rows = tally.rows();
      const sum = (pick: (r: (typeof rows)[number]) => number, only?: (r: (typeof rows)[number]) => boolean) =>
        rows.filter((r) => !only || only(r)).reduce((a, r) => a + pick(r), 0);
      const figures: RunFigures = {
        label,
        history: historyNow,
        open: openNow,
        due,
        ms: round(ms),
        runsMs: times.map((v) => round(v)),
        itemsRead: sum(
          (r) => r.scanned,
          (r) => ['Query', 'Scan', 'GetItem', 'BatchGetItem'].includes(r.operation),
        ),
        readUnits: round(
          sum(
            (r) => r.capacityUnits,
            (r) => ['Query', 'Scan', 'GetItem'].includes(r.operation),
          ),
          1,
        ),
        requests: sum((r) => r.requests),
        writes: sum(
          (r) => r.requests,
          (r) => ['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem', 'TransactWriteItems'].includes(r.operation),
        ),
        report,
      };
      runs.push(figures);
      ctx.log(
        `scale: ${label}: ${figures.ms} ms, ${figures.itemsRead} items read (${figures.readUnits} RCU), ${figures.writes} writes`,
      );
      return figures;
    };

    // Open clocks that are not due (each with its execution), and the first slice of history.
    let loadSeconds = await write(open(openCount, (i) => (3 + (i % 18)) * 86_400_000, true));
    openNow += openCount;
    loadSeconds += await write(closed(historySmall));
    historyNow += historySmall;
    let idleWait = await waitIdle(dynamo.pid);
    await reconcile('warm-up', 0, 3);
    runs.pop();
    const a = await reconcile(`${historySmall.toLocaleString('en')} closed + ${openCount} open, none due`, 0, 5);

    // Ten times the history, same open work.
    loadSeconds += await write(closed(historyLarge - historySmall));
    historyNow = historyLarge;
    idleWait += await waitIdle(dynamo.pid);
    const b = await reconcile(`${historyLarge.toLocaleString('en')} closed + ${openCount} open, none due`, 0, 5);
    ctx.log(`scale: ${historyNow} closed cases loaded in ${round(loadSeconds)} s`);

    // Due work: deadlines missed a day ago, and clocks that never started.
    await write(open(dueCount, () => -86_400_000, true));
    await write(open(missingCount, () => 5 * 86_400_000, false, 3600_000));
    openNow += dueCount + missingCount;
    const c = await reconcile(
      `${historyLarge.toLocaleString('en')} closed + ${openNow} open, ${dueCount} due + ${missingCount} unstarted`,
      dueCount + missingCount,
    );
    openNow -= dueCount;
    const d = await reconcile(`same, after the repairs`, 0, 5);

    // More open clocks, none due: does the run grow with open work that is not due?
    await write(open(moreOpen, (i) => (3 + (i % 18)) * 86_400_000, true));
    openNow += moreOpen;
    const e = await reconcile(`${historyLarge.toLocaleString('en')} closed + ${openNow} open, none due`, 0, 3);

    // The alternative the design rules out: a full Scan, measured the same way — of the Clocks table (where the
    // deadlines now live: what a Scan-based reconciler would read) and of the Cases table (the reference of earlier
    // runs, when the clock was on the case).
    const scanOf = async (table: string) => {
      const scan = await measuredScan(dynamo.url, table);
      ctx.log(
        `scale: full Scan of ${table}: ${scan.itemsRead} items, ${scan.readUnits} RCU, ${scan.ms} ms, ${scan.pages} pages`,
      );
      return scan;
    };
    const clocksScan = await scanOf(clocks);
    const casesScan = await scanOf(cases);
    const scanItems = clocksScan.itemsRead;
    const scanUnits = clocksScan.readUnits;
    const scanMs = clocksScan.ms;

    // Repairs really happened: the due cases are settled, the unstarted ones started.
    const repairedOk = await verifyRepairs(loader, cases, clocks, c, dueCount, missingCount, sfnStub.calls);
    if (!repairedOk.ok) {
      ctx.hard.lostCases += repairedOk.unsettled;
      ctx.hard.details.push(`scale: ${repairedOk.detail}`);
    }

    // A run with nothing due reads nothing, so the Scan is compared with the run that has work to do (run 3: the
    // due cases and unstarted clocks it reads, and the GetItems of their repairs).
    const ratio = scanItems / Math.max(1, c.itemsRead);
    const historyGrowth = b.ms / Math.max(1, a.ms);
    const readsFlat = b.itemsRead <= a.itemsRead * 1.05;
    const dueGrowth = c.ms / Math.max(1, b.ms);
    const openGrowth = e.ms / Math.max(1, d.ms);
    const openReadsFlat = e.itemsRead <= d.itemsRead * 1.05;
    const met = ratio >= 10 && readsFlat && historyGrowth < 1.5 && openReadsFlat;
    const notes: string[] = [];
    if (ratio < 10) notes.push(`the reconciler reads ${round(ratio, 1)}× fewer items than a Scan; the target is ≥ 10×`);
    if (!readsFlat || historyGrowth >= 1.5) {
      notes.push(
        `with 10× the history the reconciler read ${b.itemsRead} items (was ${a.itemsRead}) in ${b.ms} ms (was ${a.ms} ms)`,
      );
    }
    if (!openReadsFlat) {
      notes.push(
        `runs read open clocks that are not due: ${e.open} open, none due → ${e.itemsRead} items read and ${e.ms} ms per run (${d.open} open: ${d.itemsRead} items, ${d.ms} ms); only deadlines already missed and unstarted clocks need looking at`,
      );
    }

    const rows: Row[] = [
      ...runs.map((r) => ({
        section: 'scale',
        measure: `reconcile: ${r.label}`,
        value: `${r.ms} ms, ${r.itemsRead} items read, ${r.readUnits} RCU, ${r.writes} writes`,
      })),
      {
        section: 'scale',
        measure: `full Scan of the ${serial.toLocaleString('en')} clocks (Clocks table)`,
        value: `${scanMs} ms, ${scanItems} items read, ${scanUnits} RCU`,
      },
      {
        section: 'scale',
        measure: `full Scan of the ${serial.toLocaleString('en')} cases (Cases table)`,
        value: `${casesScan.ms} ms, ${casesScan.itemsRead} items read, ${casesScan.readUnits} RCU`,
      },
      {
        section: 'scale',
        measure: `items read: Scan ÷ reconciler with due work (${historyLarge.toLocaleString('en')} closed)`,
        value: `${round(ratio, 1)}× (${scanItems} / ${c.itemsRead})`,
        target: '≥ 10×',
        met: ratio >= 10,
      },
      {
        section: 'scale',
        measure: `items read, none due: ${d.open} → ${e.open} open clocks`,
        value: `${d.itemsRead} → ${e.itemsRead}`,
        target: 'flat with open clocks not due',
        met: openReadsFlat,
      },
      {
        section: 'scale',
        measure: 'reconciler time ×10 history / with due work',
        value: `×${round(historyGrowth, 2)} / ×${round(dueGrowth, 2)}`,
        target: 'flat with history',
        met: readsFlat && historyGrowth < 1.5,
      },
    ];
    return {
      figures: {
        runs,
        historyLoadSeconds: round(loadSeconds),
        waitedForCompactionSeconds: idleWait,
        readsRatioScanToReconciler: round(ratio, 1),
        timeRatioTenfoldHistory: round(historyGrowth, 2),
        timeRatioWithDueWork: round(dueGrowth, 2),
        timeRatioMoreOpenNotDue: round(openGrowth, 2),
        stepFunctionsCalls: sfnStub.calls,
        repairs: repairedOk,
      },
      reference: {
        fullScan: clocksScan,
        fullScanOfCases: casesScan,
        what: 'a paged Scan of the same Clocks table (the ratio), and of the Cases table; same dynalite, same run',
      },
      target:
        '≥ 10× fewer items read than a Scan; reads and time grow with due cases, not with history nor with open clocks not due',
      met,
      notes,
      rows,
      wallSeconds: elapsedSeconds(started),
    };
  } finally {
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
    loader.destroy();
    sfnStub.server.close();
    await dynamo.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function verifyRepairs(
  db: ReturnType<typeof documentClient>,
  casesTable: string,
  clocksTable: string,
  run: RunFigures,
  due: number,
  missing: number,
  calls: Record<string, number>,
): Promise<{ ok: boolean; unsettled: number; detail: string; report: unknown }> {
  const report = run.report as { expiriesRepaired?: number; clocksRestarted?: number } | undefined;
  const expired = report?.expiriesRepaired ?? 0;
  const restarted = report?.clocksRestarted ?? 0;
  // Every page (one Scan answers at most 1 MB of the table, so a single COUNT undercounts a large one), and the
  // cases and clocks themselves, so that a breach names them: no case may still be ACCEPTED past its deadline, and no
  // clock past its deadline may still be open (running, or owed its record).
  const scanFiltered = async (input: Omit<ConstructorParameters<typeof ScanCommand>[0], 'ExclusiveStartKey'>) => {
    const items: Item[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const out = await db.send(new ScanCommand({ ...input, ExclusiveStartKey: startKey }));
      items.push(...(out.Items ?? []));
      startKey = out.LastEvaluatedKey;
    } while (startKey);
    return items;
  };
  const at = new Date().toISOString();
  const stillAccepted = await scanFiltered({
    TableName: casesTable,
    FilterExpression: '#status = :accepted AND deadlineAt < :now',
    ProjectionExpression: 'id, deadlineAt',
    ExpressionAttributeNames: { '#status': 'status' },
    ExpressionAttributeValues: { ':accepted': 'ACCEPTED', ':now': at },
  });
  const stillOpen = await scanFiltered({
    TableName: clocksTable,
    FilterExpression: 'attribute_exists(clockPending) AND deadlineAt < :now',
    ProjectionExpression: 'subject, deadlineAt, phase, clockPending',
    ExpressionAttributeValues: { ':now': at },
  });
  const unsettled = Math.max(stillAccepted.length, stillOpen.length);
  const named = [
    ...stillAccepted.slice(0, 5).map((c) => `case ${String(c.id)} due ${String(c.deadlineAt)} still ACCEPTED`),
    ...stillOpen
      .slice(0, 5)
      .map(
        (k) =>
          `clock of case ${String(k.subject)} due ${String(k.deadlineAt)} still open (${String(k.phase)}, clockPending ${String(k.clockPending)})`,
      ),
  ].join('; ');
  const ok = expired === due && restarted === missing && unsettled === 0 && (calls.StartExecution ?? 0) === missing;
  return {
    ok,
    unsettled: ok ? 0 : Math.max(unsettled, due - expired, missing - restarted, 1),
    detail: `reconciler repaired ${expired}/${due} missed deadlines and started ${restarted}/${missing} clocks (StartExecution called ${calls.StartExecution ?? 0} times); ${stillAccepted.length} cases still ACCEPTED and ${stillOpen.length} clocks still open past their deadline${named ? `: ${named}` : ''}`,
    report,
  };
}

/** Enough of the Step Functions JSON API for the reconciler: no execution exists; StartExecution succeeds. */
async function stepFunctionsStub(): Promise<{ url: string; server: Server; calls: Record<string, number> }> {
  const calls: Record<string, number> = {};
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const action = String(req.headers['x-amz-target'] ?? '').replace('AWSStepFunctions.', '');
      calls[action] = (calls[action] ?? 0) + 1;
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as { name?: string };
      const send = (status: number, payload: unknown) => {
        res.writeHead(status, { 'content-type': 'application/x-amz-json-1.0', date: new Date().toUTCString() });
        res.end(JSON.stringify(payload));
      };
      if (action === 'DescribeExecution') {
        send(400, { __type: 'ExecutionDoesNotExist', message: 'Execution Does Not Exist' });
      } else if (action === 'StartExecution') {
        send(200, {
          executionArn: `${approvalClockArn.replace(':stateMachine:', ':execution:')}:${body.name}`,
          startDate: Date.now() / 1000,
        });
      } else {
        send(400, { __type: 'UnknownOperationException', message: `not served: ${action}` });
      }
    });
  });
  const port = await freePort();
  await new Promise<void>((done) => server.listen(port, '127.0.0.1', () => done()));
  return { url: `http://127.0.0.1:${port}`, server, calls };
}

function shanghaiIso(instant: Date): string {
  return `${new Date(instant.getTime() + 8 * 3600_000).toISOString().slice(0, 19)}+08:00`;
}
