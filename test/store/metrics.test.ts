import type { Server } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { METRIC_DIMENSIONS, METRIC_NAMESPACE, type MetricName } from '../../functions/common/metrics.ts';
import type { CaseRecord } from '../../functions/store/cases.ts';
import type { ClockRecord } from '../../functions/store/clocks.ts';
import type { LocalDynamo } from '../../local/dynamodb.ts';
import { lambdaContext } from '../../local/lambda.ts';
import { storedCase, storedClock } from '../support/cases.ts';
import { startTestDynamo } from '../support/dynamo.ts';
import { startStepFunctionsStub } from '../support/step-functions-stub.ts';

/**
 * The operational metrics are written where they are decided, as CloudWatch embedded-metric-format lines on stdout
 * at the end of the invocation: read here the way CloudWatch reads them, from the handlers the Lambdas run.
 */

const DAY = 86_400_000;

// Before any handler module is imported: metrics on (the test setup turns them off), a service name of our own; put
// back afterwards, since the files of a worker share one process (vitest.config.ts: isolate false).
const environmentBefore = {
  POWERTOOLS_METRICS_DISABLED: process.env.POWERTOOLS_METRICS_DISABLED,
  POWERTOOLS_SERVICE_NAME: process.env.POWERTOOLS_SERVICE_NAME,
  POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL,
};
process.env.POWERTOOLS_METRICS_DISABLED = 'false';
process.env.POWERTOOLS_SERVICE_NAME = 'xiaoneng-test';

/** Enough of Step Functions for the reconciler: no execution exists; StartExecution fails for ids naming FAIL. */
const started: string[] = [];
let sfnServer: Server;
let dynamo: LocalDynamo;

beforeAll(async () => {
  dynamo = await startTestDynamo();
  // WARN, as deployed: a warning on every invocation that counts nothing would show.
  process.env.POWERTOOLS_LOG_LEVEL = 'WARN';
  sfnServer = await startStepFunctionsStub({ running: new Set(), started }, (name) => name.includes('FAIL'));
});
afterAll(async () => {
  sfnServer?.close();
  await dynamo?.close();
  for (const [name, value] of Object.entries(environmentBefore)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

// Imported after the environment is set (the store reads table names from it), afresh: an earlier file of this
// worker may have loaded the metrics module while metrics were off, and Powertools reads that once, when it is made.
let fresh = false;
const modules = async () => {
  if (!fresh) {
    vi.resetModules();
    fresh = true;
  }
  return loaded();
};
const loaded = async () => ({
  cases: await import('../../functions/store/cases.ts'),
  clocks: await import('../../functions/store/clocks.ts'),
  checkpoint: await import('../../functions/workflow/checkpoint.ts'),
  reconcile: await import('../../functions/schedule/reconcile.ts'),
});

interface EmfDocument {
  readonly _aws: {
    readonly Timestamp: number;
    readonly CloudWatchMetrics: readonly {
      readonly Namespace: string;
      readonly Dimensions: readonly (readonly string[])[];
      readonly Metrics: readonly { readonly Name: string; readonly Unit: string }[];
    }[];
  };
  readonly [key: string]: unknown;
}

/** Runs `act` and returns the EMF documents written to stdout meanwhile, and everything written (stdout, stderr). */
async function captured(act: () => Promise<unknown>): Promise<{ emf: EmfDocument[]; written: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const keep = (sink: string[]) => (chunk: unknown) => {
    sink.push(String(chunk));
    return true;
  };
  vi.spyOn(process.stdout, 'write').mockImplementation(keep(out) as never);
  vi.spyOn(process.stderr, 'write').mockImplementation(keep(err) as never);
  try {
    await act();
  } finally {
    vi.restoreAllMocks();
  }
  const emf = out
    .join('')
    .split('\n')
    .filter((line) => line.startsWith('{') && line.includes('"_aws"'))
    .map((line) => JSON.parse(line) as EmfDocument);
  return { emf, written: out.join('') + err.join('') };
}

/** The counts of one document, by metric name, after checking it is in our namespace with our dimensions. */
function countsOf(doc: EmfDocument): Partial<Record<MetricName, number>> {
  const [directive] = doc._aws.CloudWatchMetrics;
  expect(doc._aws.CloudWatchMetrics).toHaveLength(1);
  expect(directive?.Namespace).toBe(METRIC_NAMESPACE);
  expect(directive?.Dimensions).toEqual([[...METRIC_DIMENSIONS]]);
  expect(doc.service).toBe('xiaoneng-test');
  const counts: Record<string, number> = {};
  for (const { Name, Unit } of directive?.Metrics ?? []) {
    expect(Unit).toBe('Count');
    const value = doc[Name] as number | number[];
    counts[Name] = Array.isArray(value) ? value.reduce((a, b) => a + b, 0) : value;
  }
  return counts;
}

let counter = 0;
/** A case of the fixture (due by the end of 2026-10-13) kept off the reconciler's indexes unless `extra` says. */
function newCase(extra: Partial<CaseRecord> = {}): CaseRecord {
  counter++;
  const c = storedCase(`XN20261001-METRIC${String(counter).padStart(20, '0')}`, 'ACCEPTED', {
    ...extra,
  } as Partial<CaseRecord>);
  for (const [key, value] of Object.entries(c))
    if (value === undefined) delete (c as unknown as Record<string, unknown>)[key];
  return c;
}

/** The case with its approval clock, kept off the reconciler's indexes unless `clock` says otherwise. */
async function put(c: CaseRecord, clock: Partial<ClockRecord> = {}): Promise<void> {
  const { cases } = await modules();
  const record: Record<string, unknown> = {
    ...storedClock(c as Parameters<typeof storedClock>[0], { clockPending: undefined }),
    ...clock,
  };
  for (const [key, value] of Object.entries(record)) if (value === undefined) delete record[key];
  expect(await cases.createCase(c, [record as unknown as ClockRecord])).toBe(true);
}

async function checkpointAt(instant: string, c: CaseRecord, clock: Partial<ClockRecord> = {}) {
  const { checkpoint } = await modules();
  await put(c, clock);
  vi.useFakeTimers({ now: new Date(instant), toFake: ['Date'] });
  return checkpoint.handler({ caseId: c.id }, lambdaContext('checkpoint') as never);
}

describe('the checkpoint counts what it decides', () => {
  it('counts a deemed approval once, in the namespace and with the dimensions the alarms read', async () => {
    // Prepare
    const c = newCase();
    // Act: the deadline (2026-10-14T00:00+08:00) has passed; then the same checkpoint again (a Task retry).
    const first = await captured(() => checkpointAt('2026-10-14T00:05:00+08:00', c));
    const { checkpoint } = await modules();
    const retry = await captured(() => checkpoint.handler({ caseId: c.id }, lambdaContext('checkpoint') as never));
    // Assess
    expect(first.emf).toHaveLength(1);
    expect(first.emf[0]?.duty).toBe('approval');
    expect(countsOf(first.emf[0] as EmfDocument)).toEqual({ DeemedApprovals: 1 });
    expect(retry.emf).toEqual([]);
  });

  it('counts an ineligible case running out of time as overdue', async () => {
    const c = newCase({ deemedConsentEligible: false });
    const { emf } = await captured(() => checkpointAt('2026-10-14T00:05:00+08:00', c));
    expect(emf.map(countsOf)).toEqual([{ OverdueCases: 1 }]);
  });

  it('counts a yellow warning when its instant has come', async () => {
    // The yellow light of a 3-working-day limit due 2026-10-13 turns at its last working day (10-13 00:00).
    const c = newCase();
    const { emf } = await captured(() => checkpointAt('2026-10-13T10:00:00+08:00', c));
    expect(emf.map(countsOf)).toEqual([{ YellowWarnings: 1 }]);
  });

  it('counts a red card at the supervision deadline', async () => {
    const c = newCase({
      status: 'OVERDUE',
      expiry: {
        outcome: 'OVERDUE',
        at: '2026-10-14T00:00:00+08:00',
        appliedAt: '2026-10-14T00:00:01+08:00',
        appliedBy: 'system:test',
      },
      supervision: {
        since: '2026-10-14T00:00:01+08:00',
        deadlineDate: '2026-10-15',
        deadline: '2026-10-16T00:00:00+08:00',
        deadlineAt: '2026-10-15T16:00:00.000Z',
      },
    } as Partial<CaseRecord>);
    const { emf } = await captured(() =>
      checkpointAt('2026-10-16T00:05:00+08:00', c, {
        phase: 'OVERDUE',
        supervision: {
          deadlineDate: '2026-10-15',
          deadline: '2026-10-16T00:00:00+08:00',
          deadlineAt: '2026-10-15T16:00:00.000Z',
        },
      }),
    );
    expect(emf.map(countsOf)).toEqual([{ RedCards: 1 }]);
  });

  it('writes nothing, and warns of nothing, when it only waits', async () => {
    const c = newCase();
    const { emf, written } = await captured(() => checkpointAt('2026-10-09T10:00:00+08:00', c));
    expect(emf).toEqual([]);
    expect(written).toBe('');
  });
});

describe('the intake clock counts by duty', () => {
  it('writes a deemed acceptance (intake) and the approval clock it starts (approval) as two documents', async () => {
    // Prepare: received on 2026-10-08, not reviewed within 5 working days.
    const c = newCase({
      id: 'XN20261001-METRICINTAKE0000000000001',
      status: 'RECEIVED',
      acceptedOn: undefined,
      deadlineDate: undefined,
      deadline: undefined,
      deadlineAt: undefined,
      reviewDeadline: '2026-10-16T00:00:00+08:00',
      reviewDeadlineAt: '2026-10-15T16:00:00.000Z',
    } as Partial<CaseRecord>);
    const { clocks } = await modules();
    const { handler } = await import('../../functions/workflow/intake-checkpoint.ts');
    await put(c, {
      duty: 'INTAKE_REVIEW',
      limit: 5,
      deadlineDate: '2026-10-15',
      deadline: '2026-10-16T00:00:00+08:00',
      deadlineAt: '2026-10-15T16:00:00.000Z',
      executionName: `${c.id}-intake`,
    });
    vi.useFakeTimers({ now: new Date('2026-10-16T00:05:00+08:00'), toFake: ['Date'] });
    // Act
    const { emf } = await captured(() => handler({ caseId: c.id }, lambdaContext('intakeCheckpoint') as never));
    // Assess
    const byDuty = Object.fromEntries(emf.map((doc) => [doc.duty, countsOf(doc)]));
    expect(emf).toHaveLength(2);
    expect(byDuty).toEqual({ intake: { DeemedAcceptances: 1 }, approval: { ClocksStarted: 1 } });
    expect(started).toContain(c.id);
    // Clean up: its clock (due in October) is not the reconciler's business in the test below.
    await clocks.closeClock({ subject: c.id, duty: 'APPROVAL' });
  });
});

describe('the reconciler counts its repairs', () => {
  it('counts each repair, the settlements it applied, the clocks it started and the cases it failed on', async () => {
    // Prepare: two deadlines missed a day ago (one eligible, one not), one clock never started, one whose start fails.
    const { reconcile } = await modules();
    const soon = new Date(Date.now() + 10 * DAY);
    const past = new Date(Date.now() - DAY).toISOString();
    const missed = (extra: Partial<CaseRecord>) =>
      [
        newCase({ deadlineAt: past, ...extra } as Partial<CaseRecord>),
        { clockPending: 'OPEN', deadlineAt: past },
      ] as const;
    const unstarted = (id: string) =>
      [
        { ...newCase({ deadlineAt: soon.toISOString() } as Partial<CaseRecord>), id } as CaseRecord,
        {
          clockPending: 'OPEN',
          deadlineAt: soon.toISOString(),
          clockStartPending: new Date(Date.now() - 3600_000).toISOString(),
        },
      ] as const;
    for (const [c, clock] of [
      missed({}),
      missed({ deemedConsentEligible: false }),
      unstarted('XN20261001-METRICSTART00000000000001'),
      unstarted('XN20261001-METRICFAIL000000000000001'),
    ]) {
      await put(c, clock as Partial<ClockRecord>);
    }

    // Act
    const { emf, written } = await captured(() => reconcile.handler({}, lambdaContext('reconcile', 300_000) as never));
    const again = await captured(() => reconcile.handler({}, lambdaContext('reconcile', 300_000) as never));

    // Assess: one document (one duty), every count; a second run repairs the failed start only, and fails again.
    expect(emf).toHaveLength(1);
    expect(emf[0]?.duty).toBe('approval');
    expect(countsOf(emf[0] as EmfDocument)).toEqual({
      DeemedApprovals: 1,
      OverdueCases: 1,
      ExpiriesRepaired: 2,
      ClocksStarted: 1,
      ClocksRestarted: 1,
      ReconcileFailures: 1,
    });
    expect(started.filter((id) => id.includes('METRICSTART') || id.includes('METRICFAIL'))).toEqual([
      'XN20261001-METRICSTART00000000000001',
    ]);
    expect(again.emf.map(countsOf)).toEqual([{ ReconcileFailures: 1 }]);
    // The repair log lines stay (operators and tests read them), now with the invocation's Lambda context.
    const repairs = written
      .split('\n')
      .filter((line) => line.includes('"message":"clock repaired"'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(repairs).toHaveLength(3);
    for (const line of repairs) {
      expect(line).toMatchObject({ level: 'WARN', service: 'xiaoneng-test', function_name: 'xiaoneng-reconcile' });
      expect(line.function_request_id).toEqual(expect.any(String));
    }
  });
});

describe('the metric names are a closed set', () => {
  it('does not compile a misspelled metric, nor a duty the metric is not counted for', () => {
    // Checked by tsc (`npm test` runs it first); never run.
    const typeChecked = async () => {
      const { metric } = await import('../../functions/common/observability.ts');
      // @ts-expect-error not a metric name
      metric('DeemedApproval');
      // @ts-expect-error red cards are counted for the approval clock only
      metric('RedCards', 1, 'intake');
      metric('ClocksStarted', 1, 'intake');
    };
    expect(typeChecked).toBeTypeOf('function');
  });
});
