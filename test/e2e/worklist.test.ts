import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RuntimeProcess } from '../support/runtime.ts';

// Monday 2026-11-02, 09:00 in Shanghai.
const runtime = new RuntimeProcess();
beforeAll(async () => {
  await runtime.start({ now: '2026-11-02T09:00:00+08:00' });
});
afterAll(async () => {
  await runtime.dispose();
});

const apply = async (token: string, itemCode: string, materials: string[]) =>
  (
    await runtime.call('POST', '/v1/applications', {
      token,
      body: {
        itemCode,
        applicant: { type: 'ENTERPRISE', name: `${itemCode} 申请人`, phone: '0411-8888-0000' },
        materials: materials.map((id) => ({ id })),
      },
    })
  ).json;

describe('lights and the worklist', () => {
  it('orders the department’s open cases by urgency, with lights that change at the right moments', async () => {
    const applicant = await runtime.token('applicant', { sub: 'worklist-applicant' });
    const clerk = await runtime.token('clerk', { department: 'market' });
    const registration = await apply(applicant, 'SC-001', ['application-form', 'articles', 'id-card', 'address-proof']); // 3 WD → Thu 11-05
    const food = await apply(applicant, 'SC-003', [
      'application-form',
      'business-licence',
      'floor-plan',
      'safety-rules',
    ]); // 10 WD, ineligible
    const waiting = await apply(applicant, 'SC-001', ['application-form']);
    const elsewhere = await apply(applicant, 'TX-001', ['application-form', 'invoice-limit-form']);
    const light = async (id: string) => (await runtime.call('GET', `/v1/applications/${id}`, { token: clerk })).json;
    expect(await light(registration.id)).toMatchObject({ light: 'GREEN', remainingWorkingDays: 4 });
    // Thursday 11-05, the last working day of SC-001: yellow.
    await runtime.advance(3 * 86400);
    expect(await light(registration.id)).toMatchObject({ light: 'YELLOW', remainingWorkingDays: 1 });
    const list = (await runtime.call('GET', '/v1/worklist', { token: clerk })).json;
    expect(list.cases.map((c: { id: string }) => c.id)).toEqual([registration.id, food.id, waiting.id]);
    expect(list.cases.map((c: { light: string | null }) => c.light)).toEqual(['YELLOW', 'GREEN', null]);
    expect(list.cases.map((c: { id: string }) => c.id)).not.toContain(elsewhere.id);
    // The mixed list holds the same cases in the same order, as plain entries (no grievance or review owed here;
    // beside them only the demo's filed inspection, due to be recorded since its planned date, 11-03).
    expect(list.entries.filter((e: { kind: string }) => e.kind !== 'INSPECTION_RECORD')).toEqual(
      list.cases.map((c: { id: string; light: string | null; remainingWorkingDays: number | null }) =>
        expect.objectContaining({
          kind: 'CASE',
          id: c.id,
          departmentId: 'market',
          light: c.light,
          remainingDays: c.remainingWorkingDays,
        }),
      ),
    );
    expect(list.entries[0]).toMatchObject({ stage: 'APPROVAL', deadlineDate: '2026-11-05', unit: 'WORKING_DAYS' });
    expect(list.entries.filter((e: { kind: string }) => e.kind === 'INSPECTION_RECORD')).toEqual([
      expect.objectContaining({ stage: 'RECORD', light: 'YELLOW', deadlineDate: '2026-11-10', unit: 'CALENDAR_DAYS' }),
    ]);
    const tax = (
      await runtime.call('GET', '/v1/worklist', { token: await runtime.token('reviewer', { department: 'tax' }) })
    ).json;
    expect(tax.cases.map((c: { id: string }) => c.id)).toEqual([elsewhere.id]);
    // Deemed approved at its deadline: off the worklist. The food licence runs on.
    await runtime.advance(86400);
    const after = (await runtime.call('GET', '/v1/worklist', { token: clerk })).json;
    expect(after.cases.map((c: { id: string }) => c.id)).toEqual([food.id, waiting.id]);
    // The food licence overdue (ineligible): red, then a red card two working days later; still on the worklist.
    await runtime.advance((Date.parse(food.deadline) - Date.parse(await runtime.now())) / 1000);
    expect(await light(food.id)).toMatchObject({ status: 'OVERDUE', light: 'RED', remainingWorkingDays: 0 });
    await runtime.advance(4 * 86400);
    expect(await light(food.id)).toMatchObject({ light: 'RED_CARD' });
    expect((await runtime.call('GET', '/v1/worklist', { token: clerk })).json.cases[0]).toMatchObject({
      id: food.id,
      light: 'RED_CARD',
      supervisionDeadline: (await light(food.id)).supervision.deadline,
    });
    // A late decision takes it off.
    const reviewer = await runtime.token('reviewer', { department: 'market' });
    await runtime.call('POST', `/v1/applications/${food.id}/decision`, {
      token: reviewer,
      body: { outcome: 'APPROVED' },
    });
    expect(
      (await runtime.call('GET', '/v1/worklist', { token: clerk })).json.cases.map((c: { id: string }) => c.id),
    ).toEqual([waiting.id]);
    expect((await runtime.call('GET', '/v1/worklist', { token: applicant })).status).toBe(403);
  });
});
