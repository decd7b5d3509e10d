import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BatchWriteCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { WorkingCalendar } from '../../functions/domain/calendar.ts';
import type { CaseFacts } from '../../functions/domain/evaluation.ts';
import { addDays, type IsoDate } from '../../functions/domain/time.ts';
import { allTables } from '../../functions/store/tables.ts';
import { demoDepartments, demoItems } from '../../local/demo-data.ts';
import { localTableName } from '../../local/dynamodb.ts';
import { documentClient, localTable } from '../support/aws.ts';
import { dynaliteChild, measuredScan, waitIdle } from '../support/dynalite-child.ts';
import { DynamoTally } from '../support/dynamo-tally.ts';
import { type BenchContext, elapsedSeconds, type Row, type SectionResult } from '../support/section.ts';
import { median, pool, round, sleep } from '../support/stats.ts';
import { caseTemplates } from '../support/templates.ts';

type Item = Record<string, unknown>;

/** The month evaluated; the history is the twelve months around it. */
const MONTH = '2026-06';
const FIRST_DAY = '2025-10-01';
const LAST_DAY = '2026-09-30';
/** Cases tallied at once (as many stream shards' readers would): dynalite is the bottleneck beyond this. */
const TALLY_CONCURRENCY = 16;

interface EvaluationRun {
  readonly label: string;
  readonly casesInTable: number;
  readonly ms: number;
  readonly runsMs: number[];
  readonly itemsRead: number;
  readonly readUnits: number;
  readonly requests: number;
  readonly byTable: Record<string, number>;
  readonly writes: number;
  readonly closedInMonth: number;
}

/**
 * Section 7 (issue 12): evaluating a month reads that month's work, whatever the history. In this process, against
 * a dynalite of its own: up to 100,000 closed cases over twelve months (copies of a case the real system decided,
 * re-dated and spread over the demo catalogue's items, departments, windows and officers) in the Cases table, each
 * tallied by the real tally path (`tallyCase` of functions/store/evaluations.ts — `contributionsOf` per timeline
 * event, one TransactWriteItems with the case's tally marker, exactly what the stream reader and the backfill call).
 * Then `evaluate()` of functions/common/evaluate.ts (what the schedule and `POST …/run` call) for one month, its
 * DynamoDB reads counted, first with a tenth of the history, then with all of it — the month's own cases the same —
 * beside a paged Scan of the Cases table in the same run.
 */
export async function evaluationScale(ctx: BenchContext): Promise<SectionResult> {
  const started = performance.now();
  const total = ctx.evaluationCases ?? (ctx.quick ? 10_000 : 100_000);
  const repeat = ctx.quick ? 2 : 3;

  // A case the real system decided (SC-001, online): the shape and size every generated case copies.
  const template = (await caseTemplates(ctx)).decided.case;
  const dir = mkdtempSync(join(tmpdir(), 'xiaoneng-bench-evaluation-'));
  const dynamo = await dynaliteChild(dir).catch((error: unknown) => {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  });
  const saved = { ...process.env };
  const loader = documentClient(dynamo.url, 16);
  try {
    Object.assign(process.env, {
      AWS_REGION: 'us-east-1',
      DYNAMODB_ENDPOINT: dynamo.url,
      POWERTOOLS_SERVICE_NAME: 'xiaoneng',
      POWERTOOLS_LOG_LEVEL: 'ERROR',
      POWERTOOLS_METRICS_DISABLED: 'true',
      ...Object.fromEntries(allTables.map((t) => [t.envVar, localTableName(t)])),
    });
    // The modules the Lambdas run, imported after their environment is set (as Lambda does).
    const { seedIfEmpty } = await import('../../local/seed.ts');
    const { freshCalendar } = await import('../../functions/store/calendar.ts');
    const { tallyCase } = await import('../../functions/store/evaluations.ts');
    const { evaluate } = await import('../../functions/common/evaluate.ts');
    const { db } = await import('../../functions/store/client.ts');
    await seedIfEmpty();
    const calendar = await freshCalendar();
    const period = {
      id: MONTH,
      kind: 'MONTH',
      from: `${MONTH}-01`,
      to: `${MONTH}-30`,
      name: { zh: '2026年6月', en: 'June 2026' },
    } as const;

    // Every case, generated up front (deterministic); those with an event in the month go in first, with as many
    // others as make a tenth of the total: the month's own work is then the same in both runs, only the history grows.
    const workingDays: IsoDate[] = [];
    for (let day = FIRST_DAY; day <= LAST_DAY; day = addDays(day, 1))
      if (calendar.isWorkingDay(day)) workingDays.push(day);
    const random = mulberry32(12);
    const all = Array.from({ length: total }, (_, i) =>
      synthesize(i, workingDays[Math.floor(random() * workingDays.length)] as IsoDate, random, template, calendar),
    );
    const touches = (c: Item) => (c.timeline as { at: string }[]).some((e) => e.at.startsWith(MONTH));
    const inMonth = all.filter(touches);
    const others = all.filter((c) => !touches(c));
    const firstOthers = Math.max(0, Math.floor(total / 10) - inMonth.length);
    const phase1 = [...inMonth, ...others.slice(0, firstOthers)];
    const phase2 = others.slice(firstOthers);
    const closedInMonth = all.filter((c) =>
      (c.timeline as { at: string; type: string }[]).some(
        (e) => ['APPROVED', 'REJECTED', 'DEEMED_APPROVED'].includes(e.type) && e.at.startsWith(MONTH),
      ),
    ).length;

    const cases = localTable('cases');
    let tallyTransactions = 0;
    /** Writes the cases (BatchWriteItem) and tallies each by the real path (one transaction per case). */
    const load = async (batch: Item[]) => {
      const t = performance.now();
      const chunks: Item[][] = [];
      for (let i = 0; i < batch.length; i += 25) chunks.push(batch.slice(i, i + 25));
      await pool(chunks, 8, async (chunk) => {
        let request: Record<string, { PutRequest: { Item: Item } }[]> | undefined = {
          [cases]: chunk.map((Item) => ({ PutRequest: { Item } })),
        };
        while (request && Object.keys(request).length) {
          const out = await loader.send(new BatchWriteCommand({ RequestItems: request }));
          request = out.UnprocessedItems as typeof request;
        }
      });
      const written = (performance.now() - t) / 1000;
      const t2 = performance.now();
      let done = 0;
      await pool(batch, TALLY_CONCURRENCY, async (c) => {
        await tallyCase(c as unknown as CaseFacts, 0, calendar);
        tallyTransactions++;
        if (++done % 10_000 === 0) ctx.log(`evaluation: ${done.toLocaleString('en')} cases tallied`);
      });
      return { writeSeconds: round(written), tallySeconds: round((performance.now() - t2) / 1000) };
    };

    const tally = new DynamoTally();
    tally.instrument(db());
    const runs: EvaluationRun[] = [];
    let inTable = 0;
    const run = async (label: string): Promise<EvaluationRun> => {
      const times: number[] = [];
      let rows = tally.rows();
      for (let i = 0; i < repeat; i++) {
        // A run at the same instant (to the second) as the last is answered from it (idempotent per moment): each
        // run measured starts in a second of its own, so that it evaluates.
        await sleep(1000 - (Date.now() % 1000) + 5);
        tally.reset();
        const t = performance.now();
        await evaluate(period, { kind: 'REQUEST', by: `bench-${label}-${i}` });
        times.push(performance.now() - t);
        rows = tally.rows();
      }
      const reads = rows.filter((r) => ['Query', 'Scan', 'GetItem', 'BatchGetItem'].includes(r.operation));
      const byTable: Record<string, number> = {};
      for (const r of reads) byTable[r.table] = (byTable[r.table] ?? 0) + r.scanned;
      const figures: EvaluationRun = {
        label,
        casesInTable: inTable,
        ms: round(median(times) ?? 0),
        runsMs: times.map((v) => round(v)),
        itemsRead: reads.reduce((a, r) => a + r.scanned, 0),
        readUnits: round(
          reads.reduce((a, r) => a + r.capacityUnits, 0),
          1,
        ),
        requests: rows.reduce((a, r) => a + r.requests, 0),
        byTable,
        writes: rows
          .filter((r) => ['PutItem', 'UpdateItem', 'BatchWriteItem', 'TransactWriteItems'].includes(r.operation))
          .reduce((a, r) => a + r.requests, 0),
        closedInMonth,
      };
      runs.push(figures);
      ctx.log(
        `evaluation: ${label}: ${figures.ms} ms, ${figures.itemsRead} items read (${figures.readUnits} RCU) in ${figures.requests} requests`,
      );
      return figures;
    };

    ctx.log(
      `evaluation: ${total.toLocaleString('en')} cases generated; ${inMonth.length.toLocaleString('en')} have an event in ${MONTH} (${closedInMonth} closed in it)`,
    );
    const first = await load(phase1);
    inTable += phase1.length;
    ctx.log(
      `evaluation: ${phase1.length} cases written in ${first.writeSeconds} s, tallied in ${first.tallySeconds} s`,
    );
    const idle1 = await waitIdle(dynamo.pid);
    const a = await run(`${MONTH}, ${inTable.toLocaleString('en')} cases in the table`);
    const second = await load(phase2);
    inTable += phase2.length;
    ctx.log(
      `evaluation: ${phase2.length} cases written in ${second.writeSeconds} s, tallied in ${second.tallySeconds} s`,
    );
    const idle2 = await waitIdle(dynamo.pid);
    const b = await run(`${MONTH}, ${inTable.toLocaleString('en')} cases in the table`);

    // The alternative the design rules out: reading the cases themselves, a paged Scan of the same Cases table.
    const scan = await measuredScan(dynamo.url, cases);
    const pages = scan.pages;
    ctx.log(`evaluation: Scan of Cases: ${scan.itemsRead} items, ${scan.readUnits} RCU, ${scan.ms} ms, ${pages} pages`);
    const talliesItems = await countItems(loader, localTable('tallies'));

    // The figures are the cases': the month's closed count as generated (a wrong tally would show here first).
    const latest = await evaluate(period, { kind: 'REQUEST', by: 'bench-check' });
    const centreClosed = latest.centre.closed;
    const figuresRight = centreClosed === closedInMonth;

    const ratio = scan.itemsRead / Math.max(1, b.itemsRead);
    // The evaluation also reads the period's earlier revision heads (one item each: the list it answers, and its
    // idempotency check); they grow with the runs of that period, not with cases. Flatness is judged on the rest.
    const evaluationsTable = localTable('evaluations');
    const dataRead = (r: EvaluationRun) => r.itemsRead - (r.byTable[evaluationsTable] ?? 0);
    const readsFlat = dataRead(b) <= dataRead(a) * 1.05;
    const timeGrowth = b.ms / Math.max(1, a.ms);
    const met = ratio >= 10 && readsFlat && figuresRight;
    const notes: string[] = [];
    if (ratio < 10) {
      notes.push(
        `TARGET MISSED: the evaluation of ${MONTH} reads ${b.itemsRead} items, only ${round(ratio, 1)}× fewer than a Scan of the Cases table (${scan.itemsRead}); the target is ≥ 10×. Reads by table: ${JSON.stringify(b.byTable)}`,
      );
    }
    if (!readsFlat) {
      notes.push(
        `TARGET MISSED: with ${b.casesInTable} cases instead of ${a.casesInTable} (the month's own the same) the evaluation read ${dataRead(b)} items besides its revision heads (was ${dataRead(a)}): it reads history. By table: ${JSON.stringify(a.byTable)} → ${JSON.stringify(b.byTable)}`,
      );
    }
    if (!figuresRight) {
      notes.push(
        `WRONG FIGURES: the evaluation counts ${centreClosed} cases closed in ${MONTH}; ${closedInMonth} were`,
      );
    }
    if (timeGrowth >= 1.5) notes.push(`evaluation time grew ×${round(timeGrowth, 2)} with the history (reads did not)`);

    const rows: Row[] = [
      {
        section: 'evaluation',
        measure: `load: ${total.toLocaleString('en')} closed cases over 12 months, each tallied (1 transaction)`,
        value: `written ${round(first.writeSeconds + second.writeSeconds)} s, tallied ${round(first.tallySeconds + second.tallySeconds)} s (${round(tallyTransactions / Math.max(0.1, first.tallySeconds + second.tallySeconds))}/s); ${talliesItems.toLocaleString('en')} items in Tallies`,
      },
      ...runs.map((r) => ({
        section: 'evaluation',
        measure: `evaluate ${r.label}`,
        value: `${r.ms} ms, ${r.itemsRead} items read (${Object.entries(r.byTable)
          .map(([table, n]) => `${table.replace('xiaoneng-local-', '')} ${n}`)
          .join(', ')}), ${r.readUnits} RCU, ${r.requests} requests`,
      })),
      {
        section: 'evaluation',
        measure: `full Scan of the ${inTable.toLocaleString('en')} cases (Cases table)`,
        value: `${scan.ms} ms, ${scan.itemsRead} items read, ${scan.readUnits} RCU`,
      },
      {
        section: 'evaluation',
        measure: `items read: Scan ÷ evaluation of one month (${inTable.toLocaleString('en')} cases)`,
        value: `${round(ratio, 1)}× (${scan.itemsRead} / ${b.itemsRead})`,
        target: '≥ 10×',
        met: ratio >= 10,
      },
      {
        section: 'evaluation',
        measure: `items read, history ×${round(b.casesInTable / Math.max(1, a.casesInTable), 1)} (${a.casesInTable.toLocaleString('en')} → ${b.casesInTable.toLocaleString('en')})`,
        value: `${dataRead(a)} → ${dataRead(b)} (+ revision heads ${a.itemsRead - dataRead(a)} → ${b.itemsRead - dataRead(b)}); time ${a.ms} → ${b.ms} ms (×${round(timeGrowth, 2)})`,
        target: 'flat with history',
        met: readsFlat,
      },
      {
        section: 'evaluation',
        measure: `closed in ${MONTH}: evaluation vs generated`,
        value: `${centreClosed} / ${closedInMonth}`,
        target: 'equal',
        met: figuresRight,
      },
    ];
    return {
      figures: {
        runs,
        cases: total,
        casesWithAnEventInMonth: inMonth.length,
        closedInMonth,
        talliesItems,
        load: { first, second, tallyTransactions },
        waitedForCompactionSeconds: round(idle1 + idle2),
        readsRatioScanToEvaluation: round(ratio, 1),
        timeRatioTenfoldHistory: round(timeGrowth, 2),
      },
      reference: {
        fullScanOfCases: scan,
        what: 'a paged Scan of the same Cases table, same dynalite, same run',
      },
      target: '≥ 10× fewer items read than a Scan of the Cases table; flat as the history grows ×10',
      met,
      notes,
      rows,
      wallSeconds: elapsedSeconds(started),
    };
  } finally {
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
    loader.destroy();
    await dynamo.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function countItems(client: ReturnType<typeof documentClient>, table: string): Promise<number> {
  let n = 0;
  let startKey: Record<string, unknown> | undefined;
  do {
    const out = await client.send(new ScanCommand({ TableName: table, Select: 'COUNT', ExclusiveStartKey: startKey }));
    n += out.Count ?? 0;
    startKey = out.LastEvaluatedKey;
  } while (startKey);
  return n;
}

/** A small seeded PRNG: the same cases every run. */
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const departments = new Map(demoDepartments.map((d) => [d.id, d]));
const at = (day: IsoDate, time: string) => `${day}T${time}+08:00`;

/**
 * One closed case, as the system stores it (the template's shape and size), re-dated and re-assigned: an immediate
 * item decided on the spot at its department's window by one of three clerks; a promised item received online (the
 * applicant one of many) or at the window, decided by the department's handler within its limit, or — one in
 * twelve — deemed approved at its deadline (eligible items) or decided late after turning overdue (the others).
 */
function synthesize(i: number, day: IsoDate, random: () => number, template: Item, calendar: WorkingCalendar): Item {
  const item = demoItems[i % demoItems.length] as (typeof demoItems)[number];
  const department = departments.get(item.departmentId);
  if (!department) throw new Error(`no department ${item.departmentId}`);
  const window = department.windows[0] as { id: string; comprehensive: boolean };
  const clerk = `${department.id}-clerk-${i % 3}`;
  const applicant = `applicant-${i}`;
  const id = `XNBENCH${day.replaceAll('-', '')}-${String(i).padStart(7, '0')}`;
  const received = at(day, `${String(9 + (i % 7)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}:00`);
  const promised = item.promisedLimitDays;
  const deadlineDate = calendar.addWorkingDays(day, promised).date;
  const base = {
    ...template,
    id,
    itemCode: item.code,
    itemName: `${item.name.zh} ${item.name.en ?? ''}`.trim(),
    departmentId: item.departmentId,
    submittedBy: applicant,
    applicantSub: applicant,
    receivedAt: received,
    createdAt: received,
    acceptedOn: day,
    deadlineDate,
    deadline: at(addDays(deadlineDate, 1), '00:00:00'),
    deadlineAt: new Date(at(addDays(deadlineDate, 1), '00:00:00')).toISOString(),
    workingDays: promised,
    deemedConsentEligible: item.deemedConsentEligible,
    handler: department.dutyHandler,
    leader: department.leader,
  } as Item;
  delete base.openDepartment;
  const event = (when: string, type: string, by: string) => ({ at: when, type, by, note: '', hash: id });
  if (item.handlingMode === 'IMMEDIATE') {
    return {
      ...base,
      receivedBy: { kind: 'window', departmentId: department.id, windowId: window.id, comprehensive: false },
      submittedBy: clerk,
      status: 'APPROVED',
      handledOnTheSpot: true,
      decision: { outcome: 'APPROVED', by: clerk, at: received, late: false },
      timeline: [
        event(received, 'RECEIVED', clerk),
        event(received, 'ACCEPTED', clerk),
        event(received, 'APPROVED', clerk),
      ],
      updatedAt: received,
    };
  }
  const atWindow = i % 3 === 0;
  const intakeBy = atWindow ? clerk : applicant;
  const receivedBy = atWindow
    ? { kind: 'window', departmentId: department.id, windowId: window.id, comprehensive: window.comprehensive }
    : { kind: 'online' };
  const intake = [event(received, 'RECEIVED', intakeBy), event(received, 'ACCEPTED', intakeBy)];
  const expiry = at(addDays(deadlineDate, 1), '00:00:00');
  if (i % 12 === 5) {
    if (item.deemedConsentEligible) {
      return {
        ...base,
        receivedBy,
        status: 'DEEMED_APPROVED',
        timeline: [...intake, event(expiry, 'DEEMED_APPROVED', 'system:approval-clock')],
        updatedAt: expiry,
      };
    }
    const lateDay = calendar.addWorkingDays(deadlineDate, 1).date;
    const decided = at(lateDay, '15:00:00');
    return {
      ...base,
      receivedBy,
      status: 'APPROVED',
      decision: { outcome: 'APPROVED', by: department.dutyHandler.id, at: decided, late: true },
      timeline: [
        ...intake,
        event(expiry, 'OVERDUE', 'system:approval-clock'),
        event(decided, 'APPROVED', department.dutyHandler.id),
      ],
      updatedAt: decided,
    };
  }
  const used = Math.floor(random() * (promised + 1));
  const decidedOn = used === 0 ? day : calendar.addWorkingDays(day, used).date;
  const decided = at(decidedOn, '16:30:00');
  const outcome = i % 20 === 7 ? 'REJECTED' : 'APPROVED';
  return {
    ...base,
    receivedBy,
    status: outcome,
    decision: { outcome, by: department.dutyHandler.id, at: decided, late: false },
    timeline: [...intake, event(decided, outcome, department.dutyHandler.id)],
    updatedAt: decided,
  };
}
