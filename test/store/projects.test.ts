import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { WorkingCalendar } from '../../functions/domain/calendar.ts';
import { deadlineOf, opinionSubject, policies } from '../../functions/domain/duty.ts';
import { verifyCase } from '../../functions/domain/timeline.ts';
import type { LocalDynamo } from '../../local/dynamodb.ts';
import { lambdaContext } from '../../local/lambda.ts';
import { startTestDynamo } from '../support/dynamo.ts';

/**
 * A joint approval's races against dynalite (docs/green-channel.md): a department's opinion vs its deemed agreement
 * at the deadline, decided by the project's head condition; concurrent settlers writing the deemed agreement and its
 * accountability record once; the reconciler settling a missed opinion deadline.
 */
let dynamo: LocalDynamo;
beforeAll(async () => {
  dynamo = await startTestDynamo();
  // No execution is started here: the reconciler's start repairs are not what these tests look at.
  process.env.STEPFUNCTIONS_ENDPOINT = 'http://127.0.0.1:9';
});
afterAll(async () => {
  await dynamo?.close();
});
afterEach(() => {
  vi.useRealTimers();
});

const modules = async () => ({
  projects: await import('../../functions/store/projects.ts'),
  clocks: await import('../../functions/store/clocks.ts'),
  joint: await import('../../functions/common/joint-deadlines.ts'),
  accountability: await import('../../functions/store/accountability.ts'),
  reconcile: await import('../../functions/schedule/reconcile.ts'),
});

const calendar = new WorkingCalendar();
/** Opened Monday 2026-11-02 10:00 with 5 working days: opinions due by the end of Monday 11-09 (16:00Z). */
const OPENED = new Date('2026-11-02T10:00:00+08:00');
const DUE = new Date('2026-11-09T16:00:00.000Z');
const DEPARTMENTS = ['market', 'construction'];

let counter = 0;
/** A project with its joint approval open for market and construction, written with its clocks. */
async function openProject() {
  const { projects, clocks } = await modules();
  counter++;
  const id = `PJ20261102-01KE5Z6W0000000000000${String(counter).padStart(5, '0')}`;
  const at = '2026-11-02T10:00:00+08:00';
  const base = projects.newProject(
    {
      id,
      name: 'race',
      investment: { amount: 500_000_000, currency: 'CNY' },
      items: [
        { code: 'SC-001', name: 'x', departmentId: 'market' },
        { code: 'CN-001', name: 'y', departmentId: 'construction' },
      ],
      departmentIds: DEPARTMENTS,
      applicant: { type: 'ENTERPRISE', name: 'x', phone: '0411-1234567' },
      registeredBy: 'investor',
      greenChannel: true,
      threshold: 100_000_000,
      applications: [],
      higherApprovals: [],
      createdAt: at,
      createdAtUtc: OPENED.toISOString(),
    },
    { at, type: 'REGISTERED', by: 'investor' },
  );
  expect(await projects.createProject(base)).toBe(true);
  const joint = deadlineOf(calendar, 'WORKING_DAYS', OPENED, 45);
  const opinion = deadlineOf(calendar, 'WORKING_DAYS', OPENED, 5);
  expect(opinion.deadlineAt).toEqual(DUE);
  const opened = await projects.writeProject(
    base,
    [{ at, type: 'JOINT_APPROVAL_OPENED', by: 'officer' }],
    {
      jointApproval: {
        openedAt: at,
        openedBy: 'officer',
        opinionWorkingDays: 5,
        limit: 45,
        startedOn: joint.startedOn,
        deadlineDate: joint.deadlineDate,
        deadline: joint.deadline,
        deadlineAt: joint.deadlineAt.toISOString(),
        provisional: joint.provisional,
        departments: DEPARTMENTS.map((departmentId) => ({
          departmentId,
          departmentName: departmentId,
          handler: { id: `${departmentId}-handler`, name: 'h' },
          leader: { id: `${departmentId}-head`, name: 'l' },
          opinionBy: opinion.deadline,
          opinionByDate: opinion.deadlineDate,
          opinionByAt: opinion.deadlineAt.toISOString(),
          status: 'PENDING',
        })),
      },
    },
    [
      clocks.clockCreated(clocks.newClock(policies.JOINT_APPROVAL, id, 45, joint, OPENED)),
      ...DEPARTMENTS.map((d) =>
        clocks.clockCreated(clocks.newClock(policies.JOINT_OPINION, opinionSubject(id, d), 5, opinion, OPENED)),
      ),
    ],
  );
  if (!opened) throw new Error('not opened');
  return opened;
}

/** The opinion handler's write (functions/http/projects-opinions.ts), from the project as it read it. */
async function giveOpinion(read: Awaited<ReturnType<typeof openProject>>, departmentId: string) {
  const { projects, clocks, joint } = await modules();
  const j = read.jointApproval;
  if (!j) throw new Error('no joint approval');
  const at = '2026-11-09T23:59:00+08:00';
  const departments = j.departments.map((d) =>
    d.departmentId === departmentId ? { ...d, status: 'AGREED' as const, opinion: 'AGREE' as const, at, by: 'r' } : d,
  );
  const conclusion = joint.conclusionOf(read, departments, at, 'r');
  const key = { subject: opinionSubject(read.id, departmentId), duty: 'JOINT_OPINION' as const };
  return projects.writeProject(
    read,
    [{ at, type: 'OPINION_GIVEN', by: 'r', departmentId }, ...conclusion.events],
    { jointApproval: { ...j, departments, ...(conclusion.fields ?? {}) } as typeof j },
    [clocks.clockChanged(clocks.clockEnds(key, ['RUNNING'], 'ANSWERED', at), at), ...conclusion.clocks],
  );
}

const recordsOf = async (projectId: string) => {
  const { accountability } = await modules();
  return (await accountability.listByYear('2026')).filter((r) => r.projectId === projectId);
};

describe('a department’s opinion against its deemed agreement', () => {
  it('a late opinion written from the state before the deemed agreement is refused: the deemed agreement stands', async () => {
    const { projects, joint } = await modules();
    const read = await openProject();
    vi.useFakeTimers({ now: DUE, toFake: ['Date'] });
    const settled = await joint.settleJointOpinion({ subject: opinionSubject(read.id, 'market') }, 'system:test');
    expect(settled).toMatchObject({ kind: 'SETTLED', outcome: 'DEEMED_AGREED', appliedNow: true, recordedNow: true });
    // The opinion read the project before the clock's write (same head): DynamoDB refuses it.
    expect(await giveOpinion(read, 'market')).toBeUndefined();
    const after = await projects.getProject(read.id);
    expect(after?.jointApproval?.departments[0]).toMatchObject({ departmentId: 'market', status: 'DEEMED_AGREED' });
    expect(verifyCase(after as NonNullable<typeof after>).valid).toBe(true);
    expect(await recordsOf(read.id)).toEqual([
      expect.objectContaining({ reason: 'DEEMED_AGREEMENT', departmentId: 'market', caseId: `${read.id}/market` }),
    ]);
  });

  it('an opinion written first stands: the clock then finds it answered, and nobody is on record', async () => {
    const { projects, joint, clocks } = await modules();
    const read = await openProject();
    expect(await giveOpinion(read, 'market')).toBeDefined();
    vi.useFakeTimers({ now: DUE, toFake: ['Date'] });
    const settled = await joint.settleJointOpinion({ subject: opinionSubject(read.id, 'market') }, 'system:test');
    expect(settled).toEqual({ kind: 'OTHERWISE' });
    expect((await projects.getProject(read.id))?.jointApproval?.departments[0]?.status).toBe('AGREED');
    expect(await clocks.getClock({ subject: opinionSubject(read.id, 'market'), duty: 'JOINT_OPINION' })).toMatchObject({
      phase: 'ENDED',
      outcome: 'ANSWERED',
    });
    expect(await recordsOf(read.id)).toEqual([]);
  });

  it('is not deemed before its deadline', async () => {
    const { joint } = await modules();
    const read = await openProject();
    vi.useFakeTimers({ now: new Date(DUE.getTime() - 1), toFake: ['Date'] });
    expect(await joint.settleJointOpinion({ subject: opinionSubject(read.id, 'market') }, 'system:test')).toEqual({
      kind: 'NOT_DUE',
    });
  });

  it('many settlers at once: one deemed agreement, one record, and the result once both are in', async () => {
    const { projects, joint } = await modules();
    const read = await openProject();
    vi.useFakeTimers({ now: DUE, toFake: ['Date'] });
    const subjects = DEPARTMENTS.map((d) => ({ subject: opinionSubject(read.id, d) }));
    const results = await Promise.all(
      [...subjects, ...subjects, ...subjects].map((s) => joint.settleJointOpinion(s, 'system:test')),
    );
    expect(results.filter((r) => r.kind === 'SETTLED' && r.appliedNow)).toHaveLength(2);
    const after = await projects.getProject(read.id);
    expect(after?.timeline.filter((e) => e.type === 'OPINION_DEEMED')).toHaveLength(2);
    expect(after?.timeline.filter((e) => e.type === 'JOINT_APPROVAL_CONCLUDED')).toHaveLength(1);
    expect(after?.jointApproval?.result).toBe('AGREED');
    expect(await recordsOf(read.id)).toHaveLength(2);
  });

  it('the reconciler settles a missed opinion deadline (the clock never ran)', async () => {
    const { projects, reconcile } = await modules();
    const read = await openProject();
    vi.useFakeTimers({ now: new Date(DUE.getTime() + 10 * 60 * 1000), toFake: ['Date'] });
    const report = (await reconcile.handler({}, lambdaContext('reconcile'))) as { expiriesRepaired: number };
    expect(report.expiriesRepaired).toBeGreaterThanOrEqual(2);
    const after = await projects.getProject(read.id);
    expect(after?.jointApproval?.departments.map((d) => d.status)).toEqual(['DEEMED_AGREED', 'DEEMED_AGREED']);
    expect(await recordsOf(read.id)).toHaveLength(2);
  });
});
