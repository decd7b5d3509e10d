import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { policies } from '../../functions/domain/duty.ts';
import type { GrievanceEventType } from '../../functions/domain/grievance.ts';
import { toShanghaiIso } from '../../functions/domain/time.ts';
import { bindCreated, chainRecorded, genesisHash, verifyCase } from '../../functions/domain/timeline.ts';
import type { ClockRecord } from '../../functions/store/clocks.ts';
import type { GrievanceRecord } from '../../functions/store/grievances.ts';
import type { LocalDynamo } from '../../local/dynamodb.ts';
import { lambdaContext } from '../../local/lambda.ts';
import { httpEvent, route, token, useTestTokens } from '../http/support.ts';
import { startTestDynamo } from '../support/dynamo.ts';
import { STUB_CLOCK_ARN, startStepFunctionsStub } from '../support/step-functions-stub.ts';

const DAY = 86_400_000;
const sfn = { running: new Set<string>(), started: [] as string[] };
let sfnServer: Server;
let dynamo: LocalDynamo;

beforeAll(async () => {
  dynamo = await startTestDynamo();
  sfnServer = await startStepFunctionsStub(sfn);
  process.env.GRIEVANCE_CLOCK_ARN = STUB_CLOCK_ARN.replace('ApprovalClock', 'GrievanceClock');
  useTestTokens();
  // The demo directory: a grievance is only assigned to a department that exists.
  const { seedIfEmpty } = await import('../../local/seed.ts');
  await seedIfEmpty();
});
afterAll(async () => {
  sfnServer?.close();
  await dynamo?.close();
});

const modules = async () => ({
  grievances: await import('../../functions/store/grievances.ts'),
  clocks: await import('../../functions/store/clocks.ts'),
  settle: await import('../../functions/common/grievance-deadlines.ts'),
  reconcile: await import('../../functions/schedule/reconcile.ts'),
});

let counter = 0;

/** A grievance in `status` whose stage (`duty`) deadline lies `dueIn` ms from now, with that stage's running clock. */
function fixture(
  status: 'RECEIVED' | 'ANSWERED',
  duty: 'GRIEVANCE_ACCEPT' | 'GRIEVANCE_REVIEW_WINDOW' | 'GRIEVANCE_REREVIEW_WINDOW',
  dueIn: number,
  reviewRound?: 1,
): { g: GrievanceRecord; clock: ClockRecord } {
  counter++;
  const id = `GV20260302-01KJN21H00GRIEV${String(counter).padStart(11, '0')}`;
  const at = new Date(Date.now() + dueIn);
  const deadline = {
    deadlineDate: toShanghaiIso(at).slice(0, 10),
    deadline: toShanghaiIso(at),
    deadlineAt: at.toISOString(),
  };
  const when = toShanghaiIso(new Date(Date.now() - 40 * DAY));
  const types: GrievanceEventType[] =
    status === 'RECEIVED' ? ['GRIEVANCE_RECEIVED'] : ['GRIEVANCE_RECEIVED', 'GRIEVANCE_ACCEPTED', 'GRIEVANCE_ANSWERED'];
  let head = genesisHash(id);
  const timeline = types.map((type) => {
    const e = chainRecorded(head, { at: when, type, by: 'complainant' });
    head = e.hash;
    return e;
  });
  const g = bindCreated({
    id,
    kind: 'REPORT',
    status,
    anonymous: true,
    summary: 's',
    detail: 'd',
    departmentId: 'market',
    unit: 'CALENDAR_DAYS',
    acceptBy: deadline,
    ...(status === 'ANSWERED' ? { assignedTo: 'market', reviewWindowBy: deadline } : {}),
    ...(reviewRound ? { reviewRound } : {}),
    version: 1,
    createdAt: when,
    updatedAt: when,
    timeline,
  }) as unknown as GrievanceRecord;
  const clock: ClockRecord = {
    subject: id,
    duty,
    phase: 'RUNNING',
    unit: 'CALENDAR_DAYS',
    limit: 15,
    startedOn: when.slice(0, 10),
    startedAt: when,
    ...deadline,
    provisional: false,
    pauses: 0,
    extensions: 0,
    executionName: policies[duty].executionName(id),
    executionArn: `arn:aws:states:us-east-1:000000000000:execution:GrievanceClock:${policies[duty].executionName(id)}`,
    clockPending: 'OPEN',
    updatedAt: when,
  };
  return { g, clock };
}

async function put(f: { g: GrievanceRecord; clock: ClockRecord }) {
  const { grievances } = await modules();
  expect(await grievances.createGrievance(f.g, [f.clock])).toBe(true);
}

async function reconcile() {
  const { reconcile } = await modules();
  return reconcile.handler({}, lambdaContext('reconcile', 300_000) as never);
}

describe('a grievance stage at its deadline', () => {
  it('two settlers at once: the grievance goes OVERDUE once, with supervision, and its clock with it', async () => {
    const f = fixture('RECEIVED', 'GRIEVANCE_ACCEPT', -1000);
    await put(f);
    const { settle, grievances, clocks } = await modules();
    const [a, b] = await Promise.all([
      settle.settleGrievance(f.clock, 'test:a'),
      settle.settleGrievance(f.clock, 'test:b'),
    ]);
    const applied = [a, b].filter((r) => r.kind === 'SETTLED' && r.appliedNow);
    expect(applied).toHaveLength(1);
    const g = await grievances.getGrievance(f.g.id);
    expect(g).toMatchObject({ status: 'OVERDUE', overdueStage: 'ACCEPT' });
    expect(g?.supervision?.deadlineAt).toBeDefined();
    expect(g?.timeline.filter((e) => e.type === 'GRIEVANCE_OVERDUE')).toHaveLength(1);
    expect(verifyCase(g as GrievanceRecord).valid).toBe(true);
    const clock = await clocks.getClock({ subject: f.g.id, duty: 'GRIEVANCE_ACCEPT' });
    expect(clock).toMatchObject({ phase: 'OVERDUE', supervision: { deadlineAt: g?.supervision?.deadlineAt } });
    expect(clock?.clockPending).toBeUndefined();
  });

  it('never before the deadline: a clock that wakes early writes nothing', async () => {
    const f = fixture('RECEIVED', 'GRIEVANCE_ACCEPT', DAY);
    await put(f);
    const { settle, grievances } = await modules();
    expect(await settle.settleGrievance(f.clock, 'test')).toEqual({ kind: 'NOT_DUE' });
    expect((await grievances.getGrievance(f.g.id))?.status).toBe('RECEIVED');
  });

  it('a write on a stale read loses: the timeline head decides (acceptance vs the overdue write)', async () => {
    const f = fixture('RECEIVED', 'GRIEVANCE_ACCEPT', -1000);
    await put(f);
    const { settle, grievances } = await modules();
    await settle.settleGrievance(f.clock, 'test');
    const accepted = await grievances.writeGrievance(
      f.g, // read before the overdue write
      { at: toShanghaiIso(new Date()), type: 'GRIEVANCE_ACCEPTED', by: 'supervisor' },
      { assignedTo: 'market' },
    );
    expect(accepted).toBeUndefined();
    expect((await grievances.getGrievance(f.g.id))?.status).toBe('OVERDUE');
  });
});

describe('the request periods of the review and the re-review', () => {
  it('each closes only its own round: the review’s period never closes a grievance past its review', async () => {
    const { settle, grievances, clocks } = await modules();
    // Answered after its review (round 1): a stale review-period clock is owed nothing, and leaves the index.
    const stale = fixture('ANSWERED', 'GRIEVANCE_REVIEW_WINDOW', -1000, 1);
    await put(stale);
    expect(await settle.settleGrievance(stale.clock, 'test')).toEqual({ kind: 'OTHERWISE' });
    expect((await grievances.getGrievance(stale.g.id))?.status).toBe('ANSWERED');
    expect((await clocks.getClock(stale.clock))?.clockPending).toBeUndefined();
    // The re-review's period, run out with no request: closed, and told as the re-review's.
    const window = fixture('ANSWERED', 'GRIEVANCE_REREVIEW_WINDOW', -1000, 1);
    await put(window);
    expect(await settle.settleGrievance(window.clock, 'test')).toMatchObject({ kind: 'SETTLED', outcome: 'CLOSED' });
    const closed = await grievances.getGrievance(window.g.id);
    expect(closed?.status).toBe('CLOSED');
    expect(closed?.timeline.at(-1)?.note).toContain('re-review period');
    expect(verifyCase(closed as GrievanceRecord).valid).toBe(true);
    // And the re-review's period on a grievance with no review yet: not its round.
    const early = fixture('ANSWERED', 'GRIEVANCE_REREVIEW_WINDOW', -1000);
    await put(early);
    expect(await settle.settleGrievance(early.clock, 'test')).toEqual({ kind: 'OTHERWISE' });
  });
});

describe('the deployment’s day unit (GRIEVANCE_DAY_UNIT), read when a grievance is filed', () => {
  type Lambda = (event: never, context: never) => Promise<{ statusCode: number; body: string }>;
  const call = async (lambda: Lambda, event: unknown) => {
    const r = await lambda(event as never, lambdaContext('test') as never);
    return { status: r.statusCode, json: JSON.parse(r.body) };
  };

  it('files in working days when set, and the grievance keeps that unit for its later stages', async () => {
    const create = (await import('../../functions/http/grievances-create.ts')).handler as unknown as Lambda;
    const accept = (await import('../../functions/http/grievances-accept.ts')).handler as unknown as Lambda;
    const { currentCalendar } = await import('../../functions/store/calendar.ts');
    const { deadlineOf } = await import('../../functions/domain/duty.ts');
    const file = () =>
      call(
        create,
        httpEvent(route('POST', '/v1/grievances'), {
          body: { kind: 'REPORT', anonymous: true, summary: 'unit', detail: 'unit' },
        }),
      );
    const saved = process.env.GRIEVANCE_DAY_UNIT;
    type Filed = { status: number; json: { id: string; unit: string; acceptBy: string; createdAt: string } };
    let working: Filed;
    let calendarDays: Filed;
    try {
      process.env.GRIEVANCE_DAY_UNIT = 'WORKING_DAYS';
      working = await file();
      delete process.env.GRIEVANCE_DAY_UNIT;
      calendarDays = await file();
    } finally {
      if (saved === undefined) delete process.env.GRIEVANCE_DAY_UNIT;
      else process.env.GRIEVANCE_DAY_UNIT = saved;
    }
    const calendar = await currentCalendar();
    // Counted from the instant each was filed (the test may run across a China-local midnight).
    const from = (g: Filed) => new Date(g.json.createdAt);
    expect(working.status).toBe(201);
    expect(working.json.unit).toBe('WORKING_DAYS');
    expect(working.json.acceptBy).toBe(deadlineOf(calendar, 'WORKING_DAYS', from(working), 15).deadline);
    expect(calendarDays.json.unit).toBe('CALENDAR_DAYS');
    expect(calendarDays.json.acceptBy).toBe(deadlineOf(calendar, 'CALENDAR_DAYS', from(calendarDays), 15).deadline);
    // The setting is gone now; the grievance filed under working days still counts its handling in them.
    const accepted = await call(
      accept,
      httpEvent(route('POST', '/v1/grievances/{id}/accept'), {
        params: { id: working.json.id },
        bearer: await token({ role: 'supervisor', sub: 'unit-supervisor' }),
        body: { assignTo: 'market' },
      }),
    );
    expect(accepted.status, JSON.stringify(accepted.json)).toBe(200);
    expect(accepted.json.handleBy).toBe(
      deadlineOf(calendar, 'WORKING_DAYS', new Date(accepted.json.updatedAt), 60).deadline,
    );
    const { clocks } = await modules();
    expect((await clocks.getClock({ subject: working.json.id, duty: 'GRIEVANCE_HANDLE' }))?.unit).toBe('WORKING_DAYS');
  });
});

describe('the reconciler repairs missed grievance deadlines', () => {
  it('a missed acceptance deadline goes overdue; a missed review window closes; a second run repairs nothing', async () => {
    const accept = fixture('RECEIVED', 'GRIEVANCE_ACCEPT', -DAY);
    const window = fixture('ANSWERED', 'GRIEVANCE_REVIEW_WINDOW', -DAY);
    await put(accept);
    await put(window);
    const { grievances } = await modules();
    const first = await reconcile();
    expect(first.expiriesRepaired).toBeGreaterThanOrEqual(2);
    expect(first.failures).toBe(0);
    expect((await grievances.getGrievance(accept.g.id))?.status).toBe('OVERDUE');
    expect((await grievances.getGrievance(window.g.id))?.status).toBe('CLOSED');
    const second = await reconcile();
    expect(second).toMatchObject({ dueExpiries: 0, expiriesRepaired: 0, failures: 0 });
  });
});
