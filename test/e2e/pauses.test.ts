import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RuntimeProcess } from '../support/runtime.ts';

// Monday 28 September 2026, 10:00 in Shanghai, before National Day (10/1–7 off; 10/10 Saturday a working day).
// Each describe tells one case's story: its `it`s run in order on the shared runtime and clock, each one step.
const runtime = new RuntimeProcess();
beforeAll(async () => {
  await runtime.start({ now: '2026-09-28T10:00:00+08:00' });
});
afterAll(async () => {
  await runtime.dispose();
});

const FOOD = ['application-form', 'business-licence', 'floor-plan', 'safety-rules'].map((id) => ({ id }));
const until = async (instant: string) => (Date.parse(instant) - Date.parse(await runtime.now())) / 1000;
const advanceTo = async (instant: string) => runtime.advance(await until(instant));

/** Files an SC-003 (food business licence, 10 working days) for a fresh applicant: the case as answered. */
async function fileFoodLicence(sub: string, name: string) {
  const applicant = await runtime.token('applicant', { sub });
  const filed = await runtime.call('POST', '/v1/applications', {
    token: applicant,
    body: { itemCode: 'SC-003', applicant: { type: 'ENTERPRISE', name, phone: '0411-1111-2222' }, materials: FOOD },
  });
  expect(filed.status, filed.text).toBe(201);
  return filed.json as { id: string; deadlineDate: string };
}

describe('pauses (Art.45): a case paused across National Day', () => {
  let reviewer: string;
  let c: { id: string; deadlineDate: string };
  const get = async () => (await runtime.call('GET', `/v1/applications/${c.id}`, { token: reviewer })).json;
  const suspend = (body: object) => runtime.call('POST', `/v1/applications/${c.id}/suspend`, { token: reviewer, body });

  beforeAll(async () => {
    reviewer = await runtime.token('reviewer', { department: 'market' });
  });

  it('counts the 10 working days across the holiday: due 10-16', async () => {
    // Act
    c = await fileFoodLicence('paused', '暂停餐饮');
    // Assess: 9-29, 9-30, 10-8, 10-9, 10-10 (Sat, 调休), 10-12 … 10-16.
    expect(c.deadlineDate).toBe('2026-10-16');
  });

  it('suspends the case for an inspection', async () => {
    // Prepare: Tuesday 9-29 10:00
    await runtime.advance(86400);
    // Act
    const suspended = await suspend({
      reason: 'INSPECTION',
      expectedWorkingDays: 3,
      note: '现场核查 on-site inspection',
    });
    // Assess
    expect(suspended.status, suspended.text).toBe(200);
    expect(suspended.json.status).toBe('SUSPENDED');
  });

  it('refuses a second pause while one runs', async () => {
    // Act
    const overlapping = await suspend({ reason: 'TESTING', expectedWorkingDays: 1 });
    // Assess
    expect(overlapping.status).toBe(409);
  });

  it('on resume, moves the deadline by the working days paused', async () => {
    // Prepare: through National Day to Friday 10-09 10:00, paused 9-29, 9-30, 10-08 = 3 working days.
    await advanceTo('2026-10-09T10:00:00+08:00');
    // Act
    const resumed = await runtime.call('POST', `/v1/applications/${c.id}/resume`, { token: reviewer });
    // Assess: 10-16 + 3 working days → 10-19, 10-20, 10-21.
    expect(resumed.status, resumed.text).toBe(200);
    expect(resumed.json).toMatchObject({
      status: 'ACCEPTED',
      deadlineDate: '2026-10-21',
      deadline: '2026-10-22T00:00:00+08:00',
    });
    expect(resumed.json.pauses[0]).toMatchObject({ reason: 'INSPECTION', workingDays: 3 });
  });

  it('lets the old deadline pass with nothing happening', async () => {
    // Act
    await advanceTo('2026-10-17T00:00:01+08:00');
    // Assess
    expect((await get()).status).toBe('ACCEPTED');
  });

  it('shows no yellow light a second before 2 working days are left on the moved deadline', async () => {
    // Act
    await advanceTo('2026-10-19T23:59:59+08:00');
    // Assess
    const green = await get();
    expect(green.timeline.map((e: { type: string }) => e.type)).not.toContain('YELLOW_WARNING');
    expect(green.light).toBe('GREEN');
  });

  it('raises the yellow light at 00:00 on 10-20, 2 working days (20% of 10) before the moved deadline', async () => {
    // Act
    await runtime.advance(1);
    // Assess
    const yellow = await get();
    expect(yellow.light).toBe('YELLOW');
    expect(yellow.timeline.at(-1)).toMatchObject({ type: 'YELLOW_WARNING', at: '2026-10-20T00:00:00+08:00' });
  });

  it('is still running a second before the moved deadline', async () => {
    // Act
    await advanceTo('2026-10-21T23:59:59+08:00');
    // Assess
    expect((await get()).status).toBe('ACCEPTED');
  });

  it('is overdue at the moved deadline (an ineligible item), its clock running on to the supervision deadline', async () => {
    // Act
    await runtime.advance(1);
    // Assess
    const after = await get();
    expect(after.status).toBe('OVERDUE');
    expect(after.timeline.map((e: { type: string }) => e.type)).toEqual([
      'RECEIVED',
      'ACCEPTED',
      'SUSPENDED',
      'RESUMED',
      'YELLOW_WARNING',
      'OVERDUE',
    ]);
    const { entered } = await runtime.clockOf(c.id);
    expect(entered).toContain('DeadlineMoved');
    // Overdue: the clock runs on towards the supervision deadline (督办期限).
    expect(entered.at(-1)).toBe('WaitUntilCheckpoint');
    expect(after.supervision).toMatchObject({ deadlineDate: '2026-10-23', deadline: '2026-10-24T00:00:00+08:00' });
  });

  it('refuses a pause after the deadline', async () => {
    // Act
    const late = await suspend({ reason: 'TESTING', expectedWorkingDays: 1 });
    // Assess
    expect(late.status).toBe(409);
  });
});

describe('one extension (Art.42)', () => {
  let reviewer: string;
  let head: string;
  let c: { id: string; deadlineDate: string };
  const requestExtension = (workingDays: number, reason: string) =>
    runtime.call('POST', `/v1/applications/${c.id}/extension`, { token: reviewer, body: { workingDays, reason } });
  const approve = (token: string) => runtime.call('POST', `/v1/applications/${c.id}/extension/approve`, { token });

  beforeAll(async () => {
    // Prepare
    reviewer = await runtime.token('reviewer', { department: 'market' });
    head = await runtime.token('head', { department: 'market' });
    c = await fileFoodLicence('extended', '延期餐饮');
  });

  it('refuses more working days than the law allows', async () => {
    // Act
    const tooLong = await requestExtension(12, '需专家论证');
    // Assess
    expect(tooLong.status).toBe(422);
  });

  it('is requested by the reviewer and pending: the deadline does not move yet', async () => {
    // Act
    const requested = await requestExtension(5, '需专家论证 expert review needed');
    // Assess
    expect(requested.status, requested.text).toBe(200);
    expect(requested.json.extension).toMatchObject({ status: 'PENDING', workingDays: 5 });
    expect(requested.json.deadlineDate).toBe(c.deadlineDate);
  });

  it('is approved by the head of the department only', async () => {
    // Act
    const byReviewer = await approve(reviewer);
    const byAnotherHead = await approve(await runtime.token('head', { department: 'tax' }));
    // Assess
    expect(byReviewer.status).toBe(403);
    expect(byAnotherHead.status).toBe(404); // another department's case answers as a missing one
  });

  it('moves the deadline once the head approves, on the timeline', async () => {
    // Act
    const approved = await approve(head);
    // Assess
    expect(approved.status, approved.text).toBe(200);
    expect(approved.json.extension).toMatchObject({ status: 'APPROVED' });
    expect(approved.json.deadlineDate > c.deadlineDate).toBe(true);
    expect(approved.json.timeline.at(-1)).toMatchObject({ type: 'EXTENDED' });
  });

  it('is refused a second time', async () => {
    // Act
    const again = await requestExtension(1, 'again');
    // Assess
    expect(again.status).toBe(409);
    expect(again.json.detail).toContain('one extension');
  });
});

// ── Issue 17 item 5: a resume whose RESCHEDULED is lost (the model check's finding 2) ──────────────────────────────
describe('a resume whose RESCHEDULED signal is lost: the reconciler sends it again', () => {
  const CLOCKS = 'xiaoneng-local-Clocks';
  let reviewer: string;
  let c: { id: string; deadlineDate: string };
  let liveToken: string;
  const get = async () => (await runtime.call('GET', `/v1/applications/${c.id}`, { token: reviewer })).json;
  const clockItem = async () =>
    (
      await runtime
        .documents()
        .send(new GetCommand({ TableName: CLOCKS, Key: { subject: c.id, duty: 'APPROVAL' }, ConsistentRead: true }))
    ).Item as Record<string, unknown>;
  const setToken = (token: string) =>
    runtime.documents().send(
      new UpdateCommand({
        TableName: CLOCKS,
        Key: { subject: c.id, duty: 'APPROVAL' },
        UpdateExpression: 'SET taskToken = :token',
        ExpressionAttributeValues: { ':token': token },
      }),
    );

  beforeAll(async () => {
    reviewer = await runtime.token('reviewer', { department: 'market' });
  });

  it('is filed and paused, and its clock, waking at the old warning instant, plans the paused look-again', async () => {
    // Prepare: Thursday 10-22 (the stories above ended at its first second); due 11-05, yellow from 11-04 00:00.
    await advanceTo('2026-10-22T00:00:05+08:00');
    c = await fileFoodLicence('lost-resume', '丢信号餐饮');
    expect(c.deadlineDate).toBe('2026-11-05');
    await advanceTo('2026-10-22T10:00:00+08:00');
    const suspended = await runtime.call('POST', `/v1/applications/${c.id}/suspend`, {
      token: reviewer,
      body: { reason: 'INSPECTION', expectedWorkingDays: 5, note: '现场核查 on-site inspection' },
    });
    expect(suspended.status, suspended.text).toBe(200);
    // Act: the clock wakes at the old warning instant and finds the case paused.
    await advanceTo('2026-11-04T00:00:01+08:00');
    // Assess: no warning while paused; the clock sleeps 20 days (PAUSED_LOOK_AGAIN_DAYS) unless woken.
    expect((await get()).timeline.map((e: { type: string }) => e.type)).not.toContain('YELLOW_WARNING');
    expect((await runtime.clockOf(c.id)).lastState).toBe('WaitUntilCheckpoint');
  });

  it('resumes while the clock holds a stale token: the RESCHEDULED is refused, the clock sleeps on', async () => {
    // Prepare: the decision task was renewed and has not stored its new token yet (the clock holds an old one).
    await advanceTo('2026-11-04T10:00:00+08:00');
    liveToken = (await clockItem()).taskToken as string;
    await setToken('stale-token-of-an-earlier-decision-task');
    // Act: 10-22 … 11-03 paused = 9 working days; 11-05 + 9 → 11-18.
    const resumed = await runtime.call('POST', `/v1/applications/${c.id}/resume`, { token: reviewer });
    // Assess
    expect(resumed.status, resumed.text).toBe(200);
    expect(resumed.json.deadlineDate).toBe('2026-11-18');
    expect((await runtime.clockOf(c.id)).entered).not.toContain('DeadlineMoved');
    // The move owes its clock a re-plan.
    expect((await clockItem()).replanOwed).toBe('2026-11-04T02:00:00.000Z');
  });

  it('is sent RESCHEDULED again by the next hourly reconciler run, once the renewed token is stored', async () => {
    // Prepare: the renewed task stores its token.
    await setToken(liveToken);
    // Act: 10:30, the hourly reconciler run.
    await advanceTo('2026-11-04T11:00:00+08:00');
    // Assess: the race restarted on the moved deadline; its first checkpoint re-planned and removed the marker.
    const { entered } = await runtime.clockOf(c.id);
    expect(entered).toContain('DeadlineMoved');
    expect(entered.at(-1)).toBe('WaitUntilCheckpoint');
    expect((await clockItem()).replanOwed).toBeUndefined();
    expect(runtime.output).toContain('its RESCHEDULED was lost');
  });

  it('raises the yellow light at 00:00 on 11-17, on time for the moved deadline, and applies it at 11-19 00:00', async () => {
    // Act
    await advanceTo('2026-11-16T23:59:59+08:00');
    expect((await get()).light).toBe('GREEN');
    await runtime.advance(1);
    // Assess: without the re-send the clock slept until 11-24 and no warning came.
    const yellow = await get();
    expect(yellow.timeline.at(-1)).toMatchObject({ type: 'YELLOW_WARNING', at: '2026-11-17T00:00:00+08:00' });
    // Act: the moved deadline (end of 11-18), by the clock itself, not the reconciler's run at 00:30.
    await advanceTo('2026-11-19T00:00:00+08:00');
    // Assess
    expect((await get()).status).toBe('OVERDUE');
  });
});
