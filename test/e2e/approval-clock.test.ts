import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RuntimeProcess } from '../support/runtime.ts';

// Monday 2026-09-28 10:00 in Shanghai, just before the National Day holiday (10/1–7 off, 10/10 Sat a working day).
const START = '2026-09-28T10:00:00+08:00';

const runtime = new RuntimeProcess();
let applicant: string;
let reviewer: string;
let supervisor: string;

const secondsUntil = async (instant: string) => (Date.parse(instant) - Date.parse(await runtime.now())) / 1000;

const execution = (caseId: string) => runtime.clockOf(caseId);

async function waitFor<T>(probe: () => Promise<T>, ok: (value: T) => boolean, ms = 5000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (ok(value) || Date.now() > until) return value;
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function apply(itemCode: string, materials: string[]) {
  const r = await runtime.call('POST', '/v1/applications', {
    token: applicant,
    body: {
      itemCode,
      applicant: { type: 'ENTERPRISE', name: '大连示例科技有限公司', phone: '0411-8888-0000' },
      materials: materials.map((id) => ({ id })),
    },
  });
  expect(r.status, r.text).toBe(201);
  return r.json;
}

async function accountabilityFor(caseId: string) {
  const r = await runtime.call('GET', '/v1/accountability', { token: supervisor });
  expect(r.status).toBe(200);
  return (r.json.records as { caseId: string }[]).filter((x) => x.caseId === caseId);
}

const SC001 = ['application-form', 'articles', 'id-card', 'address-proof'];
const SC003 = ['application-form', 'business-licence', 'floor-plan', 'safety-rules'];

beforeAll(async () => {
  await runtime.start({ now: START });
  applicant = await runtime.token('applicant', { sub: 'applicant-e2e' });
  reviewer = await runtime.token('reviewer', { department: 'market' });
  supervisor = await runtime.token('supervisor');
});
afterAll(async () => {
  await runtime.dispose();
});

describe('the approval clock over real HTTP with a simulated clock', () => {
  it('starts standing still at the given instant', async () => {
    expect(await runtime.call('GET', '/_local/clock').then((r) => r.json)).toEqual({ now: START, mode: 'simulated' });
    await new Promise((r) => setTimeout(r, 300));
    expect(await runtime.now()).toBe(START);
  });

  it('accepts → no decision → deemed approved exactly at the deadline, with one accountability record', async () => {
    // Prepare: 3 working days from Monday 9-28: 9-29, 9-30, then National Day, then Thursday 10-8.
    const c = await apply('SC-001', SC001);
    expect(c).toMatchObject({
      status: 'ACCEPTED',
      acceptedOn: '2026-09-28',
      deadlineDate: '2026-10-08',
      deadline: '2026-10-09T00:00:00+08:00',
      provisional: false,
    });
    // The yellow light (max(1, 20% of 3) = 1 working day left) comes at 00:00 on 10-01: the last working day, 10-08,
    // is all that is left from then on. Not a second early.
    await runtime.advance((await secondsUntil('2026-10-01T00:00:00+08:00')) - 1);
    const green = (await runtime.call('GET', `/v1/applications/${c.id}`, { token: reviewer })).json;
    expect(green).toMatchObject({ light: 'GREEN', remainingWorkingDays: 2 }); // 9-30 and 10-08
    expect(green.timeline.map((e: { type: string }) => e.type)).toEqual(['RECEIVED', 'ACCEPTED']);
    await runtime.advance(1);
    const yellow = (await runtime.call('GET', `/v1/applications/${c.id}`, { token: reviewer })).json;
    expect(yellow).toMatchObject({ light: 'YELLOW', remainingWorkingDays: 1 });
    expect(yellow.timeline.at(-1)).toMatchObject({
      type: 'YELLOW_WARNING',
      at: '2026-10-01T00:00:00+08:00',
      by: 'system:approval-clock',
    });
    // Act: up to one second before the deadline.
    await runtime.advance((await secondsUntil(c.deadline)) - 1);
    // Assess: never early.
    expect((await runtime.call('GET', `/v1/applications/${c.id}`, { token: applicant })).json.status).toBe('ACCEPTED');
    expect(await accountabilityFor(c.id)).toHaveLength(0);
    // Act: the deadline passes.
    await runtime.advance(1);
    // Assess
    const after = (await runtime.call('GET', `/v1/applications/${c.id}`, { token: applicant })).json;
    expect(after.status).toBe('DEEMED_APPROVED');
    expect(after.timeline.map((e: { type: string }) => e.type)).toEqual([
      'RECEIVED',
      'ACCEPTED',
      'YELLOW_WARNING',
      'DEEMED_APPROVED',
    ]);
    expect(after.timeline[3]).toMatchObject({ at: '2026-10-09T00:00:00+08:00', by: 'system:approval-clock' });
    expect(await accountabilityFor(c.id)).toEqual([
      expect.objectContaining({
        caseId: c.id,
        reason: 'DEEMED_APPROVAL',
        departmentId: 'market',
        handler: expect.objectContaining({ name: expect.any(String) }),
        leader: expect.objectContaining({ name: expect.any(String) }),
        at: '2026-10-09T00:00:00+08:00',
      }),
    ]);
    expect(await execution(c.id)).toMatchObject({ status: 'SUCCEEDED', lastState: 'DeemedApproved' });
    // A late decision cannot undo a deemed approval.
    const late = await runtime.call('POST', `/v1/applications/${c.id}/decision`, {
      token: reviewer,
      body: { outcome: 'REJECTED', reason: '迟到的否决' },
    });
    expect(late.status).toBe(409);
    expect(late.headers.get('content-type')).toContain('application/problem+json');
    expect(late.json.detail).toContain('deemed approved');
    // More time changes nothing: still one record.
    await runtime.advance(3 * 86400);
    expect(await accountabilityFor(c.id)).toHaveLength(1);
  });

  it('accepts → decides → the execution ends at once and no deemed consent ever follows', async () => {
    const c = await apply('SC-001', SC001);
    await runtime.advance(3600);
    const decided = await runtime.call('POST', `/v1/applications/${c.id}/decision`, {
      token: reviewer,
      body: { outcome: 'APPROVED' },
    });
    expect(decided.status, decided.text).toBe(200);
    expect(decided.json.status).toBe('APPROVED');
    // Promptly: without moving the clock, the execution ends in "Decided".
    const ended = await waitFor(
      () => execution(c.id),
      (e) => e.status === 'SUCCEEDED',
    );
    expect(ended).toMatchObject({ status: 'SUCCEEDED', lastState: 'Decided' });
    await runtime.advance((await secondsUntil(c.deadline)) + 5 * 86400);
    const after = (await runtime.call('GET', `/v1/applications/${c.id}`, { token: applicant })).json;
    expect(after.status).toBe('APPROVED');
    expect(await accountabilityFor(c.id)).toHaveLength(0);
    const again = await runtime.call('POST', `/v1/applications/${c.id}/decision`, {
      token: reviewer,
      body: { outcome: 'APPROVED' },
    });
    expect(again.status).toBe(409);
    expect(again.json.detail).toContain('already decided');
  });

  it('turns an ineligible item OVERDUE at the deadline, on record, and still takes a late decision', async () => {
    const c = await apply('SC-003', SC003);
    expect(c.deemedConsentEligible).toBe(false);
    await runtime.advance((await secondsUntil(c.deadline)) - 1);
    expect((await runtime.call('GET', `/v1/applications/${c.id}`, { token: applicant })).json.status).toBe('ACCEPTED');
    await runtime.advance(1);
    expect((await runtime.call('GET', `/v1/applications/${c.id}`, { token: applicant })).json.status).toBe('OVERDUE');
    expect(await accountabilityFor(c.id)).toEqual([expect.objectContaining({ reason: 'OVERDUE', at: c.deadline })]);
    // Supervision (督办) has until the end of the 2nd working day after the deadline; the clock waits for it.
    const overdue = (await runtime.call('GET', `/v1/applications/${c.id}`, { token: reviewer })).json;
    expect(overdue).toMatchObject({ light: 'RED', supervision: { deadlineDate: expect.any(String) } });
    expect(await execution(c.id)).toMatchObject({ status: 'RUNNING', lastState: 'WaitUntilCheckpoint' });
    await runtime.advance(3600);
    const late = await runtime.call('POST', `/v1/applications/${c.id}/decision`, {
      token: reviewer,
      body: { outcome: 'APPROVED' },
    });
    expect(late.status, late.text).toBe(200);
    expect(late.json).toMatchObject({ status: 'APPROVED', decision: { late: true } });
    expect(await accountabilityFor(c.id)).toHaveLength(1);
    // The late decision ends the clock at once, in its own named state; no red card follows.
    expect(
      await waitFor(
        () => execution(c.id),
        (e) => e.status !== 'RUNNING',
      ),
    ).toMatchObject({ status: 'SUCCEEDED', lastState: 'DecidedLate' });
    await runtime.advance(5 * 86400);
    const closed = (await runtime.call('GET', `/v1/applications/${c.id}`, { token: reviewer })).json;
    expect(closed.timeline.map((e: { type: string }) => e.type)).not.toContain('RED_CARD');
  });

  it('raises the red card exactly at the supervision deadline of an overdue case still open', async () => {
    const c = await apply('SC-003', SC003);
    await runtime.advance(await secondsUntil(c.deadline));
    const overdue = (await runtime.call('GET', `/v1/applications/${c.id}`, { token: reviewer })).json;
    expect(overdue.status).toBe('OVERDUE');
    const card = overdue.supervision.deadline as string;
    expect(card).toMatch(/T00:00:00\+08:00$/);
    await runtime.advance((await secondsUntil(card)) - 1);
    const red = (await runtime.call('GET', `/v1/applications/${c.id}`, { token: reviewer })).json;
    expect(red.light).toBe('RED');
    expect(red.timeline.map((e: { type: string }) => e.type)).not.toContain('RED_CARD');
    await runtime.advance(1);
    const carded = (await runtime.call('GET', `/v1/applications/${c.id}`, { token: reviewer })).json;
    expect(carded).toMatchObject({ status: 'OVERDUE', light: 'RED_CARD', redCardAt: card });
    expect(carded.timeline.at(-1)).toMatchObject({ type: 'RED_CARD', at: card, by: 'system:approval-clock' });
    expect(await execution(c.id)).toMatchObject({ status: 'SUCCEEDED', lastState: 'RedCard' });
    // Still decidable, late.
    const late = await runtime.call('POST', `/v1/applications/${c.id}/decision`, {
      token: reviewer,
      body: { outcome: 'REJECTED', reason: '不符合条件 conditions not met' },
    });
    expect(late.status, late.text).toBe(200);
    expect(late.json.decision).toMatchObject({ late: true });
  });

  it('gives exactly one outcome when a decision and the deadline race', async () => {
    const outcomes: string[] = [];
    for (let round = 0; round < 4; round++) {
      const c = await apply('SC-001', SC001);
      await runtime.advance((await secondsUntil(c.deadline)) - 0.05);
      const [decision] = await Promise.all([
        runtime.call('POST', `/v1/applications/${c.id}/decision`, { token: reviewer, body: { outcome: 'APPROVED' } }),
        runtime.advance(0.05 + round * 0.02),
      ]);
      await runtime.advance(1);
      const after = (await runtime.call('GET', `/v1/applications/${c.id}`, { token: applicant })).json;
      const records = await accountabilityFor(c.id);
      if (decision.status === 200) {
        expect(after.status).toBe('APPROVED');
        expect(records).toHaveLength(0);
      } else {
        expect(decision.status).toBe(409);
        expect(after.status).toBe('DEEMED_APPROVED');
        expect(records).toHaveLength(1);
      }
      const outcomesOnRecord = after.timeline.filter(
        (e: { type: string }) => !['RECEIVED', 'ACCEPTED', 'YELLOW_WARNING'].includes(e.type),
      );
      expect(outcomesOnRecord).toHaveLength(1);
      expect((await execution(c.id)).status).toBe('SUCCEEDED');
      outcomes.push(after.status);
    }
    expect(outcomes.length).toBe(4);
  });

  it('never fires early on a 20-working-day limit (waits are chunked under the timer limit)', async () => {
    // CN-003 promises 20 working days; the Wait is split into chunks of at most 20 days.
    const builder = await runtime.token('applicant', { sub: 'builder' });
    const r = await runtime.call('POST', '/v1/applications', {
      token: builder,
      body: {
        itemCode: 'CN-003',
        applicant: { type: 'ENTERPRISE', name: '开发区建工集团', phone: '0411-8888-1111' },
        materials: [{ id: 'application-form' }, { id: 'disposal-plan' }, { id: 'vehicle-list' }],
      },
    });
    expect(r.status, r.text).toBe(201);
    const c = r.json;
    expect(c.workingDays).toBe(20);
    const wait = await secondsUntil(c.deadline);
    expect(wait).toBeGreaterThan(25 * 86400);
    await runtime.advance(wait - 1);
    expect((await runtime.call('GET', `/v1/applications/${c.id}`, { token: builder })).json.status).toBe('ACCEPTED');
    await runtime.advance(1);
    expect((await runtime.call('GET', `/v1/applications/${c.id}`, { token: builder })).json.status).toBe(
      'DEEMED_APPROVED',
    );
  });
});
