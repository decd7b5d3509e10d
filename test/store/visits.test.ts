import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { WorkingCalendar } from '../../functions/domain/calendar.ts';
import { deadlineOf, policyOf } from '../../functions/domain/duty.ts';
import { verifyChain } from '../../functions/domain/timeline.ts';
import { problemSubjectOf } from '../../functions/domain/visit.ts';
import type { LocalDynamo } from '../../local/dynamodb.ts';
import { lambdaContext } from '../../local/lambda.ts';
import { startTestDynamo } from '../support/dynamo.ts';
import { startStepFunctionsStub } from '../support/step-functions-stub.ts';

/**
 * Inspection visits' writes against dynalite (docs/supervision.md): a problem's deadline settled exactly once whoever
 * settles it (the checkpoint, its retries, the reconciler), never before it; its accountability record exactly once per
 * problem (flagged on recording, then overdue); a report racing the escalation decided by the visit's timeline head;
 * the worklist's sparse index kept only while a problem is owed.
 */
let dynamo: LocalDynamo;
beforeAll(async () => {
  dynamo = await startTestDynamo();
  process.env.STEPFUNCTIONS_ENDPOINT = 'http://127.0.0.1:9';
});
afterAll(async () => {
  await dynamo?.close();
});
afterEach(() => {
  vi.useRealTimers();
});

const modules = async () => ({
  visits: await import('../../functions/store/visits.ts'),
  clocks: await import('../../functions/store/clocks.ts'),
  accountability: await import('../../functions/store/accountability.ts'),
  deadlines: await import('../../functions/common/deadlines.ts'),
  visitDeadlines: await import('../../functions/common/visit-deadlines.ts'),
});

const calendar = new WorkingCalendar();
const RECORDED_AT = new Date('2026-11-02T10:00:00+08:00');

let counter = 0;
/** A visit of `department` with one problem per limit, recorded as the route does: the visit and its clocks at once. */
async function recordVisit(limits: readonly number[], department = 'market', accountable = false) {
  const { visits, clocks } = await modules();
  counter++;
  const id = `VS20261102-01KVST${String(counter).padStart(20, '0')}`;
  const policy = policyOf('VISIT_RECTIFY');
  const made = limits.map((days, i) => {
    const deadline = deadlineOf(calendar, policy.unit, RECORDED_AT, days);
    const pid = `P${i + 1}`;
    return {
      clock: clocks.newClock(policy, problemSubjectOf(id, pid), days, deadline, RECORDED_AT),
      problem: {
        id: pid,
        description: `问题 ${pid}`,
        status: 'AWAITING_RECTIFICATION' as const,
        workingDays: days,
        rectifyBy: deadline.deadline,
        rectifyByDate: deadline.deadlineDate,
        rectifyByAt: deadline.deadlineAt.toISOString(),
        accountable,
      },
    };
  });
  const visit = visits.newVisit(
    {
      id,
      departmentId: department,
      kind: 'UNANNOUNCED',
      at: '2026-11-02T09:00:00+08:00',
      findings: '测试',
      problems: made.map((m) => m.problem),
      recordedAt: '2026-11-02T10:00:00+08:00',
      recordedBy: 'sup',
    },
    'recorded',
  );
  expect(
    await visits.createVisit(
      visit,
      made.map((m) => clocks.clockCreated(m.clock)),
    ),
  ).toBe(true);
  return { visit, clocks: made.map((m) => m.clock) };
}

describe('inspection visits on dynalite', () => {
  it('writes a visit once with its clocks; a second write of the same id fails whole', async () => {
    const { visits, clocks } = await modules();
    const { visit, clocks: made } = await recordVisit([3]);
    expect(
      await visits.createVisit(
        visit,
        made.map((c) => clocks.clockCreated(c)),
      ),
    ).toBe(false);
    const read = await visits.getVisit(visit.id);
    expect(read?.problems.map((p) => p.rectifyByDate)).toEqual(['2026-11-05']);
    expect(verifyChain(visit.id, read?.timeline ?? [], read?.timelineHead).valid).toBe(true);
    expect((await clocks.getClock({ subject: `${visit.id}-P1`, duty: 'VISIT_RECTIFY' }))?.executionName).toBe(
      `${visit.id}-P1-rectification`,
    );
  });

  it('settles a deadline once whoever settles, never before it; one accountability record per problem', async () => {
    const { visits, clocks, accountability, deadlines } = await modules();
    // Flagged on recording: its record exists before the deadline; going overdue adds none.
    const { visit, clocks: made } = await recordVisit([2], 'market', true);
    const { visitDeadlines } = await modules();
    const problem = visit.problems[0];
    if (!problem) throw new Error('no problem');
    expect(await visitDeadlines.recordVisitFinding(visit, problem, visit.recordedAt, 'sup')).toBe(true);
    const key = { subject: `${visit.id}-P1`, duty: 'VISIT_RECTIFY' as const };
    const deadlineAt = new Date(made[0]?.deadlineAt as string);
    vi.useFakeTimers({ now: new Date(deadlineAt.getTime() - 1), toFake: ['Date'] });
    const stored = await clocks.getClock(key);
    if (!stored) throw new Error('no clock');
    expect(await deadlines.settleDue(stored, 'early')).toEqual({ kind: 'NOT_DUE' });
    vi.setSystemTime(deadlineAt);
    const results = await Promise.all([1, 2, 3].map(() => deadlines.settleDue(stored, 'racer')));
    expect(results.filter((r) => r.kind === 'SETTLED' && r.appliedNow)).toHaveLength(1);
    expect(results.every((r) => r.kind === 'SETTLED' && !r.recordedNow)).toBe(true);
    const after = await visits.getVisit(visit.id);
    expect(after?.problems[0]?.status).toBe('OVERDUE');
    expect(after?.timeline.filter((e) => e.type === 'VISIT_PROBLEM_OVERDUE')).toHaveLength(1);
    const clock = await clocks.getClock(key);
    expect(clock?.phase).toBe('OVERDUE');
    // The record is written: the clock is off the reconciler's index.
    expect(clock?.clockPending).toBeUndefined();
    const record = await accountability.getRecord(`${visit.id}-P1`, 'VISIT_FINDING');
    expect(record).toMatchObject({ departmentId: 'market', status: 'OPEN', at: visit.recordedAt });
  });

  it('writes the record of an unflagged problem when it goes overdue, and again if a crash lost it', async () => {
    const { clocks, accountability, deadlines } = await modules();
    const { visit, clocks: made } = await recordVisit([1]);
    const key = { subject: `${visit.id}-P1`, duty: 'VISIT_RECTIFY' as const };
    vi.useFakeTimers({ now: new Date(made[0]?.deadlineAt as string), toFake: ['Date'] });
    const stored = await clocks.getClock(key);
    if (!stored) throw new Error('no clock');
    expect(await deadlines.settleDue(stored, 'clock')).toMatchObject({ kind: 'SETTLED', recordedNow: true });
    // A crash after the escalation, before the record: simulated by deleting it; the reconciler's settle rewrites it.
    const { DeleteCommand } = await import('@aws-sdk/lib-dynamodb');
    const { db } = await import('../../functions/store/client.ts');
    const { tableName } = await import('../../functions/store/tables.ts');
    await db().send(
      new DeleteCommand({
        TableName: tableName('accountability'),
        Key: { caseId: `${visit.id}-P1`, reason: 'VISIT_FINDING' },
      }),
    );
    expect(await deadlines.settleDue(stored, 'reconciler')).toMatchObject({
      kind: 'SETTLED',
      appliedNow: false,
      recordedNow: true,
    });
    expect(await accountability.getRecord(`${visit.id}-P1`, 'VISIT_FINDING')).toBeDefined();
  });

  it('a report and the escalation at the same head: one wins, the loser re-reads', async () => {
    const { visits, clocks, visitDeadlines } = await modules();
    const { visit, clocks: made } = await recordVisit([2]);
    const key = { subject: `${visit.id}-P1`, duty: 'VISIT_RECTIFY' as const };
    const deadlineAt = new Date(made[0]?.deadlineAt as string);
    vi.useFakeTimers({ now: deadlineAt, toFake: ['Date'] });
    const stored = await clocks.getClock(key);
    if (!stored) throw new Error('no clock');
    const problem = visit.problems[0];
    if (!problem) throw new Error('no problem');
    // The report was read before the escalation: its write carries the old head and the RUNNING clock.
    const at = '2026-11-04T23:59:59+08:00';
    const report = visits.writeVisit(
      visit,
      [{ ...problem, status: 'RECTIFIED', rectification: { at, by: 'head', actions: 'done', late: false } }],
      { at, type: 'VISIT_PROBLEM_RECTIFIED', by: 'head' },
      [clocks.clockChanged(clocks.clockEnds(key, ['RUNNING'], 'RECTIFIED', at), at)],
    );
    const [reported, settled] = await Promise.all([report, visitDeadlines.settleVisitProblem(stored, 'clock')]);
    const after = await visits.getVisit(visit.id);
    if (reported) {
      expect(settled.kind).toBe('OTHERWISE');
      expect(after?.problems[0]?.status).toBe('RECTIFIED');
    } else {
      expect(settled).toMatchObject({ kind: 'SETTLED', appliedNow: true });
      expect(after?.problems[0]?.status).toBe('OVERDUE');
    }
    expect(after?.timeline).toHaveLength(2);
  });

  it('keeps a visit on its department’s owed index only while a problem is unreported', async () => {
    const { visits } = await modules();
    const { visit } = await recordVisit([3, 3], 'owing');
    expect((await visits.owedVisitsOf('owing')).map((v) => v.id)).toEqual([visit.id]);
    const at = '2026-11-03T10:00:00+08:00';
    const done = (p: (typeof visit.problems)[number]) => ({
      ...p,
      status: 'RECTIFIED' as const,
      rectification: { at, by: 'head', actions: 'done', late: false },
    });
    const one = await visits.writeVisit(
      visit,
      visit.problems.map((p, i) => (i === 0 ? done(p) : p)),
      { at, type: 'VISIT_PROBLEM_RECTIFIED', by: 'head' },
    );
    if (!one) throw new Error('not written');
    expect((await visits.owedVisitsOf('owing')).map((v) => v.id)).toEqual([visit.id]);
    const both = await visits.writeVisit(one, one.problems.map(done), {
      at,
      type: 'VISIT_PROBLEM_RECTIFIED',
      by: 'head',
    });
    expect(both).toBeDefined();
    expect(await visits.owedVisitsOf('owing')).toEqual([]);
    expect((await visits.visitsOfDepartment('owing')).map((v) => v.id)).toEqual([visit.id]);
    expect((await visits.visitsOfYear('2026')).map((v) => v.id)).toContain(visit.id);
  });

  it('the hourly reconciler applies a missed deadline and starts a clock whose start failed', async () => {
    // Step Functions answered by a stub (as for the approval clock's reconciler tests); nothing ran these clocks.
    const sfn = { running: new Set<string>(), started: [] as string[] };
    const server = await startStepFunctionsStub(sfn);
    process.env.VISIT_RECTIFICATION_CLOCK_ARN =
      'arn:aws:states:us-east-1:000000000000:stateMachine:VisitRectificationClock';
    try {
      const { visits, accountability, clocks } = await modules();
      // Recorded on 2026-11-02 (real time is later): a 1-day problem long past its deadline, a 60-day one still running.
      const { visit } = await recordVisit([1, 60], 'reconciled');
      const { handler } = await import('../../functions/schedule/reconcile.ts');
      const report = await handler({}, lambdaContext('reconcile', 300_000) as never);
      expect(report.failures).toBe(0);
      const after = await visits.getVisit(visit.id);
      expect(after?.problems.map((p) => p.status)).toEqual(['OVERDUE', 'AWAITING_RECTIFICATION']);
      expect(await accountability.getRecord(`${visit.id}-P1`, 'VISIT_FINDING')).toBeDefined();
      expect(sfn.started).toContain(`${visit.id}-P2-rectification`);
      expect(
        (await clocks.getClock({ subject: `${visit.id}-P2`, duty: 'VISIT_RECTIFY' }))?.clockStartPending,
      ).toBeUndefined();
    } finally {
      server.close();
    }
  });
});
