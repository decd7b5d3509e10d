import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chainEvent, genesisHash } from '../../functions/domain/timeline.ts';
import { RuntimeProcess } from '../support/runtime.ts';

// A Monday; the reconciler runs hourly on the simulated clock, at half past (so never at the same instant as a
// deadline, which falls at midnight: both would then race, correctly, but the test could not tell who won).
const START = '2026-11-02T09:30:00+08:00';

async function outputMatching(pattern: RegExp): Promise<string> {
  const until = Date.now() + 5000;
  while (!pattern.test(runtime.output) && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
  return runtime.output;
}
const runtime = new RuntimeProcess();

beforeAll(async () => {
  await runtime.start({ now: START });
});
afterAll(async () => {
  await runtime.dispose();
});

const CASES = 'xiaoneng-local-Cases';
const CLOCKS = 'xiaoneng-local-Clocks';

/**
 * A case and its approval clock written straight to the tables, as if the API wrote them and then crashed before
 * starting the clock's execution (so the clock still carries the start marker of its acceptance). `extra` overrides
 * case fields, `clockExtra` clock fields; an undefined value removes one.
 */
async function orphanCase(
  id: string,
  deadlineDate: string,
  deadlineAt: string,
  deadline: string,
  extra: Record<string, unknown> = {},
  clockExtra: Record<string, unknown> = {},
) {
  const accepted = chainEvent(genesisHash(id), {
    at: '2026-10-16T10:00:00+08:00',
    type: 'ACCEPTED',
    by: 'clerk-planning',
  });
  const item: Record<string, unknown> = {
    id,
    itemCode: 'PL-001',
    itemName: '建设工程规划许可证核发',
    departmentId: 'planning',
    applicant: { type: 'ENTERPRISE', name: '开发区示例置业有限公司', phone: '0411-2222-3333' },
    submittedBy: 'clerk-planning',
    materials: [{ id: 'application-form' }, { id: 'land-certificate' }, { id: 'design-scheme' }],
    form: {},
    receivedBy: { kind: 'window', departmentId: 'planning', windowId: 'planning-1', comprehensive: false },
    notices: [],
    status: 'ACCEPTED',
    version: 1,
    receivedAt: '2026-10-16T10:00:00+08:00',
    acceptedOn: '2026-10-16',
    workingDays: 10,
    deadlineDate,
    deadline,
    deadlineAt,
    provisional: false,
    deemedConsentEligible: true,
    handler: { id: 'planning-reviewer', name: '吴静 Wu Jing' },
    leader: { id: 'planning-head', name: '周德明 Zhou Deming' },
    timeline: [accepted],
    timelineHead: accepted.hash,
    createdAt: '2026-10-16T10:00:00+08:00',
    updatedAt: '2026-10-16T10:00:00+08:00',
    ...extra,
  };
  const clock: Record<string, unknown> = {
    subject: id,
    duty: 'APPROVAL',
    phase: 'RUNNING',
    unit: 'WORKING_DAYS',
    limit: 10,
    startedOn: '2026-10-16',
    startedAt: '2026-10-16T10:00:00+08:00',
    deadlineDate,
    deadline,
    deadlineAt,
    provisional: false,
    pauses: 0,
    extensions: 0,
    executionName: id,
    clockPending: 'OPEN',
    clockStartPending: '2026-10-16T02:00:00.000Z',
    updatedAt: '2026-10-16T10:00:00+08:00',
    ...clockExtra,
  };
  for (const record of [item, clock]) {
    for (const [key, value] of Object.entries(record)) if (value === undefined) delete record[key];
  }
  await runtime.documents().send(new PutCommand({ TableName: CASES, Item: item }));
  await runtime.documents().send(new PutCommand({ TableName: CLOCKS, Item: clock }));
}

async function stored(id: string): Promise<Record<string, unknown> | undefined> {
  return (await runtime.documents().send(new GetCommand({ TableName: CASES, Key: { id }, ConsistentRead: true }))).Item;
}

async function storedClock(id: string): Promise<Record<string, unknown> | undefined> {
  return (
    await runtime
      .documents()
      .send(new GetCommand({ TableName: CLOCKS, Key: { subject: id, duty: 'APPROVAL' }, ConsistentRead: true }))
  ).Item;
}

describe('the reconciler (scheduled hourly)', () => {
  it('repairs a case whose deadline passed with no execution, loudly and once', async () => {
    const id = 'XN20261016-01KAAAAAAAAAAAAAAAAAAAAAAA';
    await orphanCase(id, '2026-10-30', '2026-10-30T16:00:00.000Z', '2026-10-31T00:00:00+08:00');
    const supervisor = await runtime.token('supervisor');
    await runtime.advance(3600);
    const c = (await runtime.call('GET', `/v1/applications/${id}`, { token: supervisor })).json;
    expect(c.status).toBe('DEEMED_APPROVED');
    expect(c.expiry).toMatchObject({ at: '2026-10-31T00:00:00+08:00', appliedBy: 'system:reconciler' });
    const records = (await runtime.call('GET', '/v1/accountability', { token: supervisor })).json.records;
    expect(records.filter((r: { caseId: string }) => r.caseId === id)).toHaveLength(1);
    expect(await outputMatching(new RegExp(`"message":"clock repaired".*"caseId":"${id}"`))).toMatch(
      new RegExp(`"message":"clock repaired".*"caseId":"${id}"`),
    );
    await runtime.advance(3 * 3600);
    expect((runtime.output.match(new RegExp(`"message":"clock repaired"[^\\n]*${id}`, 'g')) ?? []).length).toBe(1);
    // No other function's name on it: the local runtime's functions share one logger, invocations interleaved.
    expect(runtime.output).not.toMatch(
      new RegExp(
        `"function_name":"xiaoneng-(?!reconcile")[^\\n]*"message":"clock repaired"[^\\n]*${id}|"message":"clock repaired"[^\\n]*"function_name":"xiaoneng-(?!reconcile")[^\\n]*${id}`,
      ),
    );
    // Settled, not started: the expiry took it off the unstarted-clock index too.
    expect(await storedClock(id)).not.toHaveProperty('clockStartPending');
    expect(await storedClock(id)).not.toHaveProperty('executionArn');
  });

  it('goes on past a case it cannot repair, and repairs the others in the same run', async () => {
    // A corrupt case (its timeline is not a list: every expiry write fails) sorted before a healthy one.
    const broken = 'XN20261016-01KCCCCCCCCCCCCCCCCCCCCCCC';
    const healthy = 'XN20261016-01KDDDDDDDDDDDDDDDDDDDDDDD';
    await orphanCase(broken, '2026-10-29', '2026-10-29T16:00:00.000Z', '2026-10-30T00:00:00+08:00', {
      timeline: 'corrupt',
    });
    await orphanCase(healthy, '2026-10-30', '2026-10-30T16:00:00.000Z', '2026-10-31T00:00:00+08:00');
    await runtime.advance(3600);
    const supervisor = await runtime.token('supervisor');
    expect((await runtime.call('GET', `/v1/applications/${healthy}`, { token: supervisor })).json.status).toBe(
      'DEEMED_APPROVED',
    );
    expect(await outputMatching(new RegExp(`"message":"reconcile failed for a clock".*"caseId":"${broken}"`))).toMatch(
      new RegExp(`"message":"reconcile failed for a clock".*"caseId":"${broken}"`),
    );
  });

  it('starts a missing execution for an open case, which then enforces the deadline', async () => {
    const id = 'XN20261016-01KBBBBBBBBBBBBBBBBBBBBBBB';
    // Due at the end of Friday 2026-11-06.
    await orphanCase(id, '2026-11-06', '2026-11-06T16:00:00.000Z', '2026-11-07T00:00:00+08:00');
    await runtime.advance(3600);
    const executionArn = `arn:aws:states:us-east-1:000000000000:execution:ApprovalClock:${id}`;
    expect((await runtime.clockOf(id)).status).toBe('RUNNING');
    // Recorded, so the next runs no longer see it as unstarted.
    expect(await storedClock(id)).toMatchObject({ executionArn });
    expect(await storedClock(id)).not.toHaveProperty('clockStartPending');
    const supervisor = await runtime.token('supervisor');
    const wait = (Date.parse('2026-11-07T00:00:00+08:00') - Date.parse(await runtime.now())) / 1000;
    await runtime.advance(wait - 1);
    expect((await runtime.call('GET', `/v1/applications/${id}`, { token: supervisor })).json.status).toBe('ACCEPTED');
    await runtime.advance(1);
    const c = (await runtime.call('GET', `/v1/applications/${id}`, { token: supervisor })).json;
    expect(c.status).toBe('DEEMED_APPROVED');
    expect(c.expiry.appliedBy).toBe('system:approval-clock');
    expect((await runtime.clockOf(id)).status).toBe('SUCCEEDED');
  });

  it('reads only due work: an open clock not yet due is neither read nor touched', async () => {
    // A running clock (execution recorded, no start owed) due at the end of 2026-12-31, built so that reading it
    // would fail loudly: without an acceptance day the shared expiry rule refuses it ("has no clock"). A reconciler
    // that read every open clock logged "reconcile failed for a clock" for it on every run.
    const id = 'XN20261016-01KEEEEEEEEEEEEEEEEEEEEEEE';
    await orphanCase(
      id,
      '2026-12-31',
      '2026-12-31T16:00:00.000Z',
      '2027-01-01T00:00:00+08:00',
      { acceptedOn: undefined, version: 7 },
      {
        clockStartPending: undefined,
        executionArn: `arn:aws:states:us-east-1:000000000000:execution:ApprovalClock:${id}`,
      },
    );
    const before = await stored(id);
    const clockBefore = await storedClock(id);
    const from = runtime.output.length;
    await runtime.advance(3 * 3600);
    expect(runtime.output.slice(from)).not.toContain(id);
    expect(await stored(id)).toEqual(before);
    expect(await storedClock(id)).toEqual(clockBefore);
  });
});
