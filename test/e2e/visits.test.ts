import { DescribeExecutionCommand } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RuntimeProcess } from '../support/runtime.ts';

/**
 * Issue 16's inspection visits (明察暗访, docs/supervision.md) over real HTTP on the simulated clock, one runtime: a
 * supervisor records an unannounced visit to the market department with three problems (one flagged accountable);
 * each gets its rectification deadline in working days and its own clock (one execution per problem, named after it);
 * the head sees the visit, its problems in the worklist and the notification, and reports one in time (a second
 * report 409, a replay answered as the first); at the deadline the unreported problems go OVERDUE, escalated to
 * supervision, and on the accountability register exactly once each; a late report is recorded as late. Who may do
 * what (403), bad input (400 naming the field).
 */
const runtime = new RuntimeProcess();

let supervisor: string;
let head: string;
let reviewer: string;
let awayHead: string;

interface ProblemView {
  id: string;
  subject: string;
  status: string;
  rectifyBy: string;
  rectifyByDate: string;
  light: string | null;
  remainingWorkingDays: number | null;
  accountable: boolean;
  accountabilityId: string | null;
  overdueAt: string | null;
  rectification: { late: boolean; actions: string } | null;
}
interface VisitView {
  id: string;
  kind: string;
  departmentId: string;
  problems: ProblemView[];
  timeline: { type: string }[];
  verification: { valid: boolean; events: number };
}

beforeAll(async () => {
  // Monday 2026-11-02 10:00.
  await runtime.start({ now: '2026-11-02T10:00:00+08:00' });
  supervisor = await runtime.token('supervisor');
  head = await runtime.token('head', { department: 'market' });
  reviewer = await runtime.token('reviewer', { department: 'market' });
  awayHead = await runtime.token('head', { department: 'tax' });
});
afterAll(async () => {
  await runtime.dispose();
});

const post = (path: string, token: string, body: unknown = {}, headers: Record<string, string> = {}) =>
  runtime.call('POST', path, { token, body, headers });

async function visit(id: string, token = supervisor): Promise<VisitView> {
  const r = await runtime.call('GET', `/v1/inspections/visits/${id}`, { token });
  expect(r.status, r.text).toBe(200);
  return r.json as VisitView;
}

/** The kinds of a visit's notifications in an inbox, once `kind` is among them (the stream tells a moment later). */
async function toldOf(token: string, visitId: string, kind: string): Promise<string[]> {
  let kinds: string[] = [];
  for (let i = 0; i < 100 && !kinds.includes(kind); i++) {
    if (i) await new Promise((r) => setTimeout(r, 50));
    const r = await runtime.call('GET', '/v1/notifications?limit=100', { token });
    expect(r.status, r.text).toBe(200);
    kinds = (r.json.notifications as { kind: string; caseId: string }[])
      .filter((n) => n.caseId === visitId)
      .map((n) => n.kind);
  }
  return kinds;
}

const VISIT = {
  departmentId: 'market',
  kind: 'UNANNOUNCED',
  at: '2026-11-02T09:00:00+08:00',
  findings: '窗口人员脱岗，告知单未公示',
  problems: [
    { description: '窗口工作人员上班时间脱岗', rectifyWithinWorkingDays: 3 },
    { description: '一次性告知单未在窗口公示', rectifyWithinWorkingDays: 2, accountable: true },
    { description: '服务指南过期未更新', rectifyWithinWorkingDays: 2 },
  ],
};

describe('an unannounced visit whose problems are rectified, or go overdue', () => {
  let id: string;

  it('refuses bad input naming the field, and anyone but a supervisor', async () => {
    const cases: [unknown, string][] = [
      [{ ...VISIT, at: '2026-11-03T09:00:00+08:00' }, 'body.at'],
      [{ ...VISIT, at: 'yesterday' }, 'body.at'],
      [{ ...VISIT, departmentId: 'nowhere' }, 'body.departmentId'],
      [{ ...VISIT, kind: 'SECRET' }, 'body.kind'],
      [
        { ...VISIT, problems: [{ description: 'x', rectifyWithinWorkingDays: 0 }] },
        'body.problems.0.rectifyWithinWorkingDays',
      ],
      [
        { ...VISIT, problems: [{ description: 'x', rectifyWithinWorkingDays: 1.5 }] },
        'body.problems.0.rectifyWithinWorkingDays',
      ],
      [{ ...VISIT, findings: '' }, 'body.findings'],
    ];
    for (const [body, field] of cases) {
      const r = await post('/v1/inspections/visits', supervisor, body);
      expect(r.status, r.text).toBe(400);
      expect((r.json.errors as { field: string }[]).map((e) => e.field)).toContain(field);
    }
    for (const token of [head, reviewer]) {
      expect((await post('/v1/inspections/visits', token, VISIT)).status).toBe(403);
    }
    expect((await post('/v1/inspections/visits', '', VISIT)).status).toBe(401);
  });

  it('records the visit: each problem a deadline in working days (from the day after), a clock named after it', async () => {
    const r = await post('/v1/inspections/visits', supervisor, VISIT, { 'Idempotency-Key': 'visit-market-0001' });
    expect(r.status, r.text).toBe(201);
    id = r.json.id as string;
    expect(id).toMatch(/^VS20261102-/);
    const problems = r.json.problems as ProblemView[];
    // Counted from Tuesday 11-03: 3 working days → Thursday 11-05; 2 → Wednesday 11-04, each to its end.
    expect(problems.map((p) => [p.id, p.status, p.rectifyByDate])).toEqual([
      ['P1', 'AWAITING_RECTIFICATION', '2026-11-05'],
      ['P2', 'AWAITING_RECTIFICATION', '2026-11-04'],
      ['P3', 'AWAITING_RECTIFICATION', '2026-11-04'],
    ]);
    expect(Date.parse(problems[0]?.rectifyBy as string)).toBe(Date.parse('2026-11-06T00:00:00+08:00'));
    expect(problems[0]).toMatchObject({ light: 'GREEN', remainingWorkingDays: 4, accountabilityId: null });
    // A replay with the same key answers as the first call did: one visit.
    const replay = await post('/v1/inspections/visits', supervisor, VISIT, { 'Idempotency-Key': 'visit-market-0001' });
    expect(replay.status).toBe(201);
    expect(replay.json.id).toBe(id);
    for (const p of problems) {
      const execution = await runtime.sfn().send(
        new DescribeExecutionCommand({
          executionArn: `arn:aws:states:us-east-1:000000000000:execution:VisitRectificationClock:${p.subject}-rectification`,
        }),
      );
      expect(execution.status).toBe('RUNNING');
    }
    const read = await visit(id);
    expect(read.timeline.map((e) => e.type)).toEqual(['VISIT_RECORDED']);
    expect(read.verification).toMatchObject({ valid: true, events: 1 });
  });

  it('puts the flagged problem on the accountability register at once', async () => {
    const p2 = (await visit(id)).problems[1] as ProblemView;
    expect(p2.accountabilityId).toBe(`${p2.subject}.VISIT_FINDING`);
    const record = await runtime.call('GET', `/v1/accountability/${p2.accountabilityId}`, { token: supervisor });
    expect(record.status, record.text).toBe(200);
    expect(record.json).toMatchObject({ reason: 'VISIT_FINDING', status: 'OPEN', departmentId: 'market' });
  });

  it("shows the visit to the department (its head is told; its problems in the worklist), not to another's", async () => {
    expect(await toldOf(head, id, 'VISIT_RECORDED')).toContain('VISIT_RECORDED');
    for (const token of [head, reviewer]) {
      const list = await runtime.call('GET', '/v1/inspections/visits', { token });
      expect(list.status, list.text).toBe(200);
      expect((list.json.visits as { id: string }[]).map((v) => v.id)).toContain(id);
      expect((await runtime.call('GET', `/v1/inspections/visits/${id}`, { token })).status).toBe(200);
    }
    expect((await runtime.call('GET', `/v1/inspections/visits/${id}`, { token: awayHead })).status).toBe(403);
    const away = await runtime.call('GET', '/v1/inspections/visits', { token: awayHead });
    expect((away.json.visits as { id: string }[]).map((v) => v.id)).not.toContain(id);
    expect((await runtime.call('GET', '/v1/inspections/visits?departmentId=market', { token: awayHead })).status).toBe(
      403,
    );
    const bySupervisor = await runtime.call('GET', '/v1/inspections/visits?departmentId=market', { token: supervisor });
    expect((bySupervisor.json.visits as { id: string }[]).map((v) => v.id)).toContain(id);
    const worklist = await runtime.call('GET', '/v1/worklist', { token: head });
    expect(worklist.status, worklist.text).toBe(200);
    const owed = (worklist.json.entries as { kind: string; id: string; caseId: string; light: string }[]).filter(
      (e) => e.kind === 'VISIT_PROBLEM',
    );
    expect(owed.map((e) => e.id).sort()).toEqual([`${id}-P1`, `${id}-P2`, `${id}-P3`]);
    expect(owed.every((e) => e.caseId === id)).toBe(true);
  });

  it('takes the head’s report in time (once), from the head only', async () => {
    const path = `/v1/inspections/visits/${id}/problems/P1/rectification`;
    expect((await post(path, reviewer, { actions: '已调整排班' })).status).toBe(403);
    expect((await post(path, awayHead, { actions: '已调整排班' })).status).toBe(403);
    const empty = await post(path, head, {});
    expect(empty.status).toBe(400);
    expect(empty.json.errors[0].field).toBe('body.actions');
    expect((await post(`/v1/inspections/visits/${id}/problems/P9/rectification`, head, { actions: 'x' })).status).toBe(
      404,
    );
    const r = await post(path, head, { actions: '已调整排班，落实离岗登记' }, { 'Idempotency-Key': 'rectify-p1-0001' });
    expect(r.status, r.text).toBe(200);
    const p1 = (r.json.problems as ProblemView[])[0];
    expect(p1).toMatchObject({ status: 'RECTIFIED', light: null, rectification: { late: false } });
    const replay = await post(
      path,
      head,
      { actions: '已调整排班，落实离岗登记' },
      { 'Idempotency-Key': 'rectify-p1-0001' },
    );
    expect(replay.status).toBe(200);
    const again = await post(path, head, { actions: '再次报告' });
    expect(again.status).toBe(409);
    expect(again.json.problemStatus).toBe('RECTIFIED');
    expect(await toldOf(supervisor, id, 'VISIT_PROBLEM_RECTIFIED')).toContain('VISIT_PROBLEM_RECTIFIED');
  });

  it('turns the unreported problems OVERDUE at their deadline: escalated to supervision, on the register once', async () => {
    const p2 = (await visit(id)).problems[1] as ProblemView;
    // One second before the deadline: still owed, not overdue.
    await runtime.advance((Date.parse(p2.rectifyBy) - Date.parse(await runtime.now())) / 1000 - 1);
    expect((await visit(id)).problems[1]?.status).toBe('AWAITING_RECTIFICATION');
    await runtime.advance(1);
    const after = await visit(id);
    expect(after.problems.map((p) => p.status)).toEqual(['RECTIFIED', 'OVERDUE', 'OVERDUE']);
    expect(after.problems[2]).toMatchObject({ light: 'RED', accountabilityId: `${id}-P3.VISIT_FINDING` });
    expect(after.timeline.map((e) => e.type)).toEqual([
      'VISIT_RECORDED',
      'VISIT_PROBLEM_RECTIFIED',
      'VISIT_PROBLEM_OVERDUE',
      'VISIT_PROBLEM_OVERDUE',
    ]);
    expect(after.verification.valid).toBe(true);
    expect(await toldOf(supervisor, id, 'VISIT_PROBLEM_OVERDUE')).toContain('VISIT_PROBLEM_OVERDUE');
    for (const p of after.problems.slice(1)) {
      const execution = await runtime.sfn().send(
        new DescribeExecutionCommand({
          executionArn: `arn:aws:states:us-east-1:000000000000:execution:VisitRectificationClock:${p.subject}-rectification`,
        }),
      );
      expect(execution.status).toBe('SUCCEEDED');
    }
    const register = await runtime.call('GET', '/v1/accountability', { token: supervisor });
    const findings = (register.json.records as { id: string; reason: string }[]).filter(
      (r) => r.reason === 'VISIT_FINDING' && r.id.startsWith(id),
    );
    // P2 (flagged on recording, then overdue) and P3 (overdue): one record each; P1, rectified in time, none.
    expect(findings.map((r) => r.id).sort()).toEqual([`${id}-P2.VISIT_FINDING`, `${id}-P3.VISIT_FINDING`]);
    // Still owed: in the worklist, red.
    const worklist = await runtime.call('GET', '/v1/worklist', { token: head });
    const owed = (worklist.json.entries as { kind: string; id: string; light: string }[]).filter(
      (e) => e.kind === 'VISIT_PROBLEM',
    );
    expect(owed.map((e) => [e.id, e.light])).toEqual([
      [`${id}-P2`, 'RED'],
      [`${id}-P3`, 'RED'],
    ]);
  });

  it('records a report after the deadline as late', async () => {
    const r = await post(`/v1/inspections/visits/${id}/problems/P3/rectification`, head, {
      actions: '已更新服务指南',
    });
    expect(r.status, r.text).toBe(200);
    expect((r.json.problems as ProblemView[])[2]).toMatchObject({
      status: 'RECTIFIED_LATE',
      rectification: { late: true },
    });
    const worklist = await runtime.call('GET', '/v1/worklist', { token: head });
    const owed = (worklist.json.entries as { kind: string; id: string }[]).filter((e) => e.kind === 'VISIT_PROBLEM');
    expect(owed.map((e) => e.id)).toEqual([`${id}-P2`]);
  });

  it('counts the visit, its problems found, rectified on time and overdue in the evaluation (definitions version 5)', async () => {
    // The month so far is counted through yesterday: move to the next day, then run it (the tally follows the stream).
    await runtime.advance(86_400);
    let view: {
      definitionsVersion: number;
      centre: Record<string, number | null>;
      departments: ({ departmentId: string } & Record<string, number | null>)[];
    } = { definitionsVersion: 0, centre: {}, departments: [] };
    for (let i = 0; i < 20; i++) {
      const run = await runtime.call('POST', '/v1/evaluations/2026-11/run', { token: supervisor });
      expect(run.status, run.text).toBe(200);
      view = run.json;
      if (view.centre.visitProblemsOverdue === 2) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(view.definitionsVersion).toBeGreaterThanOrEqual(5);
    const counted = {
      inspectionVisits: 1,
      visitProblemsFound: 3,
      visitProblemsRectifiedOnTime: 1,
      visitProblemsOverdue: 2,
      visitProblemsRectifiedOnTimeRate: 0.3333,
    };
    expect(view.centre).toMatchObject(counted);
    expect(view.departments.find((d) => d.departmentId === 'market')).toMatchObject(counted);
  });
});
