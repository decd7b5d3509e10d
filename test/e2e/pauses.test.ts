import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RuntimeProcess } from '../support/runtime.ts';

// Monday 28 September 2026, 10:00 in Shanghai, before National Day (10/1–7 off; 10/10 Saturday a working day).
const runtime = new RuntimeProcess();
beforeAll(async () => {
  await runtime.start({ now: '2026-09-28T10:00:00+08:00' });
});
afterAll(async () => {
  await runtime.dispose();
});

const FOOD = ['application-form', 'business-licence', 'floor-plan', 'safety-rules'].map((id) => ({ id }));
const until = async (instant: string) => (Date.parse(instant) - Date.parse(await runtime.now())) / 1000;

describe('pauses (Art.45)', () => {
  it('moves the deadline by the paused working days across a holiday, and the running clock honours it', async () => {
    const applicant = await runtime.token('applicant', { sub: 'paused' });
    const reviewer = await runtime.token('reviewer', { department: 'market' });
    const get = async (id: string) => (await runtime.call('GET', `/v1/applications/${id}`, { token: reviewer })).json;
    // SC-003, 10 working days: 9-29, 9-30, 10-8, 10-9, 10-10 (Sat, 调休), 10-12 … 10-16.
    const c = (
      await runtime.call('POST', '/v1/applications', {
        token: applicant,
        body: {
          itemCode: 'SC-003',
          applicant: { type: 'ENTERPRISE', name: '暂停餐饮', phone: '0411-1111-2222' },
          materials: FOOD,
        },
      })
    ).json;
    expect(c.deadlineDate).toBe('2026-10-16');
    await runtime.advance(86400); // Tuesday 9-29 10:00
    const suspended = await runtime.call('POST', `/v1/applications/${c.id}/suspend`, {
      token: reviewer,
      body: { reason: 'INSPECTION', expectedWorkingDays: 3, note: '现场核查 on-site inspection' },
    });
    expect(suspended.status, suspended.text).toBe(200);
    expect(suspended.json.status).toBe('SUSPENDED');
    const overlapping = await runtime.call('POST', `/v1/applications/${c.id}/suspend`, {
      token: reviewer,
      body: { reason: 'TESTING', expectedWorkingDays: 1 },
    });
    expect(overlapping.status).toBe(409);
    // Through National Day to Friday 10-09 10:00: paused 9-29, 9-30, 10-08 = 3 working days.
    await runtime.advance(await until('2026-10-09T10:00:00+08:00'));
    const resumed = await runtime.call('POST', `/v1/applications/${c.id}/resume`, { token: reviewer });
    expect(resumed.status, resumed.text).toBe(200);
    // 10-16 + 3 working days → 10-19, 10-20, 10-21.
    expect(resumed.json).toMatchObject({
      status: 'ACCEPTED',
      deadlineDate: '2026-10-21',
      deadline: '2026-10-22T00:00:00+08:00',
    });
    expect(resumed.json.pauses[0]).toMatchObject({ reason: 'INSPECTION', workingDays: 3 });
    // The old deadline passes: nothing happens.
    await runtime.advance(await until('2026-10-17T00:00:01+08:00'));
    expect((await get(c.id)).status).toBe('ACCEPTED');
    // The yellow light follows the moved deadline: 2 working days left (20% of 10) from 00:00 on 10-20, not before.
    await runtime.advance(await until('2026-10-19T23:59:59+08:00'));
    expect((await get(c.id)).timeline.map((e: { type: string }) => e.type)).not.toContain('YELLOW_WARNING');
    expect((await get(c.id)).light).toBe('GREEN');
    await runtime.advance(1);
    const yellow = await get(c.id);
    expect(yellow.light).toBe('YELLOW');
    expect(yellow.timeline.at(-1)).toMatchObject({ type: 'YELLOW_WARNING', at: '2026-10-20T00:00:00+08:00' });
    // One second before the new deadline: still running; at it: overdue (an ineligible item).
    await runtime.advance(await until('2026-10-21T23:59:59+08:00'));
    expect((await get(c.id)).status).toBe('ACCEPTED');
    await runtime.advance(1);
    const after = await get(c.id);
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
    // A pause cannot start after the deadline.
    expect(
      (
        await runtime.call('POST', `/v1/applications/${c.id}/suspend`, {
          token: reviewer,
          body: { reason: 'TESTING', expectedWorkingDays: 1 },
        })
      ).status,
    ).toBe(409);
  });
});

describe('one extension (Art.42)', () => {
  it('is requested by the reviewer, approved by the head, moves the deadline, and is refused a second time', async () => {
    const applicant = await runtime.token('applicant', { sub: 'extended' });
    const reviewer = await runtime.token('reviewer', { department: 'market' });
    const head = await runtime.token('head', { department: 'market' });
    const c = (
      await runtime.call('POST', '/v1/applications', {
        token: applicant,
        body: {
          itemCode: 'SC-003',
          applicant: { type: 'ENTERPRISE', name: '延期餐饮', phone: '0411-1111-3333' },
          materials: FOOD,
        },
      })
    ).json;
    const tooLong = await runtime.call('POST', `/v1/applications/${c.id}/extension`, {
      token: reviewer,
      body: { workingDays: 12, reason: '需专家论证' },
    });
    expect(tooLong.status).toBe(422);
    const requested = await runtime.call('POST', `/v1/applications/${c.id}/extension`, {
      token: reviewer,
      body: { workingDays: 5, reason: '需专家论证 expert review needed' },
    });
    expect(requested.status, requested.text).toBe(200);
    expect(requested.json.extension).toMatchObject({ status: 'PENDING', workingDays: 5 });
    expect(requested.json.deadlineDate).toBe(c.deadlineDate);
    expect((await runtime.call('POST', `/v1/applications/${c.id}/extension/approve`, { token: reviewer })).status).toBe(
      403,
    );
    expect(
      (
        await runtime.call('POST', `/v1/applications/${c.id}/extension/approve`, {
          token: await runtime.token('head', { department: 'tax' }),
        })
      ).status,
    ).toBe(404); // another department's case answers as a missing one
    const approved = await runtime.call('POST', `/v1/applications/${c.id}/extension/approve`, { token: head });
    expect(approved.status, approved.text).toBe(200);
    expect(approved.json.extension).toMatchObject({ status: 'APPROVED' });
    expect(approved.json.deadlineDate > c.deadlineDate).toBe(true);
    expect(approved.json.timeline.at(-1)).toMatchObject({ type: 'EXTENDED' });
    const again = await runtime.call('POST', `/v1/applications/${c.id}/extension`, {
      token: reviewer,
      body: { workingDays: 1, reason: 'again' },
    });
    expect(again.status).toBe(409);
    expect(again.json.detail).toContain('one extension');
  });
});
