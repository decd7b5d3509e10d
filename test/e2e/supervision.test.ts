import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RuntimeProcess } from '../support/runtime.ts';

const runtime = new RuntimeProcess();
const SC001 = ['application-form', 'articles', 'id-card', 'address-proof'].map((id) => ({ id }));
const body = (name: string, materials = SC001) => ({
  itemCode: 'SC-001',
  applicant: { type: 'ENTERPRISE', name, phone: '0411-8888-0000' },
  materials,
});

beforeAll(async () => {
  await runtime.start({ now: '2026-11-02T10:00:00+08:00' });
});
afterAll(async () => {
  await runtime.dispose();
});

async function clockOf(caseId: string) {
  const { status, lastState } = await runtime.clockOf(caseId);
  return { status, lastState };
}

async function waitForEnd(caseId: string) {
  for (let i = 0; i < 100; i++) {
    const clock = await clockOf(caseId);
    if (clock.status !== 'RUNNING') return clock;
    await new Promise((r) => setTimeout(r, 20));
  }
  return clockOf(caseId);
}

describe('withdrawal by the applicant', () => {
  it('ends the clock at once in the state "Withdrawn", and no deemed consent follows', async () => {
    const applicant = await runtime.token('applicant', { sub: 'withdrawing' });
    const c = (await runtime.call('POST', '/v1/applications', { token: applicant, body: body('撤回公司') })).json;
    const r = await runtime.call('POST', `/v1/applications/${c.id}/withdraw`, {
      token: applicant,
      body: { reason: '项目调整 project changed' },
    });
    expect(r.status, r.text).toBe(200);
    expect(r.json.status).toBe('WITHDRAWN');
    expect(await waitForEnd(c.id)).toMatchObject({ status: 'SUCCEEDED', lastState: 'Withdrawn' });
    await runtime.advance(10 * 86400);
    const supervisor = await runtime.token('supervisor');
    expect((await runtime.call('GET', `/v1/applications/${c.id}`, { token: supervisor })).json.status).toBe(
      'WITHDRAWN',
    );
    expect(
      (
        (await runtime.call('GET', '/v1/accountability', { token: supervisor })).json.records as { caseId: string }[]
      ).map((x) => x.caseId),
    ).not.toContain(c.id);
    expect(
      (await runtime.call('POST', `/v1/applications/${c.id}/withdraw`, { token: applicant, body: {} })).status,
    ).toBe(409);
  });

  it('ends the clock of a paused application at once too, and takes it off the open clocks', async () => {
    const applicant = await runtime.token('applicant', { sub: 'withdrawing-paused' });
    const reviewer = await runtime.token('reviewer', { department: 'market' });
    const c = (await runtime.call('POST', '/v1/applications', { token: applicant, body: body('暂停后撤回公司') })).json;
    const paused = await runtime.call('POST', `/v1/applications/${c.id}/suspend`, {
      token: reviewer,
      body: { reason: 'INSPECTION', expectedWorkingDays: 3 },
    });
    expect(paused.json.status).toBe('SUSPENDED');
    const r = await runtime.call('POST', `/v1/applications/${c.id}/withdraw`, { token: applicant, body: {} });
    expect(r.status, r.text).toBe(200);
    expect(r.json.status).toBe('WITHDRAWN');
    // Without moving the clock: the execution ends now, not at its next look 20 days on.
    expect(await waitForEnd(c.id)).toMatchObject({ status: 'SUCCEEDED', lastState: 'Withdrawn' });
    const { GetCommand } = await import('@aws-sdk/lib-dynamodb');
    const stored = (
      await runtime
        .documents()
        .send(new GetCommand({ TableName: 'xiaoneng-local-Cases', Key: { id: c.id }, ConsistentRead: true }))
    ).Item;
    expect(stored).not.toHaveProperty('clockPending');
    expect(stored).not.toHaveProperty('taskToken');
  });

  it('withdraws an application still waiting for materials, and never one already deemed approved', async () => {
    const applicant = await runtime.token('applicant', { sub: 'withdrawing-2' });
    const waiting = (
      await runtime.call('POST', '/v1/applications', { token: applicant, body: body('补正中公司', SC001.slice(0, 1)) })
    ).json;
    expect(waiting.status).toBe('MATERIALS_REQUIRED');
    expect(
      (await runtime.call('POST', `/v1/applications/${waiting.id}/withdraw`, { token: applicant, body: {} })).json
        .status,
    ).toBe('WITHDRAWN');
    const late = (await runtime.call('POST', '/v1/applications', { token: applicant, body: body('超时公司') })).json;
    await runtime.advance((Date.parse(late.deadline) - Date.parse(await runtime.now())) / 1000);
    const refused = await runtime.call('POST', `/v1/applications/${late.id}/withdraw`, { token: applicant, body: {} });
    expect(refused.status).toBe(409);
    const other = await runtime.token('applicant', { sub: 'not-the-owner' });
    const fresh = (await runtime.call('POST', '/v1/applications', { token: applicant, body: body('别人公司') })).json;
    expect(
      (await runtime.call('POST', `/v1/applications/${fresh.id}/withdraw`, { token: other, body: {} })).status,
    ).toBe(404); // another's case answers as a missing one
  });
});

describe('post-hoc review of deemed approvals', () => {
  it('confirms one, revokes a wrongful one with escalation, and reviews each only once', async () => {
    // Prepare: two deemed approvals.
    const applicant = await runtime.token('applicant', { sub: 'reviewed' });
    const a = (await runtime.call('POST', '/v1/applications', { token: applicant, body: body('甲') })).json;
    const b = (await runtime.call('POST', '/v1/applications', { token: applicant, body: body('乙') })).json;
    await runtime.advance((Date.parse(a.deadline) - Date.parse(await runtime.now())) / 1000 + 1);
    const supervisor = await runtime.token('supervisor', { sub: 'inspector-wang' });
    // Act
    const confirmed = await runtime.call('POST', `/v1/applications/${a.id}/review`, {
      token: supervisor,
      body: { verdict: 'CONFIRMED', reason: '材料齐全，符合条件 conditions met' },
    });
    const revoked = await runtime.call('POST', `/v1/applications/${b.id}/review`, {
      token: supervisor,
      body: {
        verdict: 'WRONGFUL',
        reason: '住所证明系伪造 forged address proof',
        publicInterestNote: '虚假登记损害交易安全 false registration harms trade',
      },
    });
    // Assess
    expect(confirmed.status, confirmed.text).toBe(200);
    expect(confirmed.json).toMatchObject({
      status: 'DEEMED_APPROVED',
      review: { verdict: 'CONFIRMED', by: 'inspector-wang' },
    });
    expect(revoked.status, revoked.text).toBe(200);
    expect(revoked.json).toMatchObject({ status: 'REVOKED', review: { verdict: 'WRONGFUL' } });
    expect(revoked.json.timeline.at(-1)).toMatchObject({ type: 'REVOKED', by: 'inspector-wang' });
    const records = (await runtime.call('GET', '/v1/accountability', { token: supervisor })).json.records as {
      caseId: string;
      escalation: unknown;
    }[];
    expect(records.find((r) => r.caseId === b.id)?.escalation).toMatchObject({
      level: 'SERIOUS',
      by: 'inspector-wang',
    });
    expect(records.find((r) => r.caseId === a.id)?.escalation).toBeNull();
    expect(
      (
        await runtime.call('POST', `/v1/applications/${a.id}/review`, {
          token: supervisor,
          body: { verdict: 'WRONGFUL', reason: 'x', publicInterestNote: 'y' },
        })
      ).status,
    ).toBe(409);
    const noNote = await runtime.call('POST', `/v1/applications/${a.id}/review`, {
      token: supervisor,
      body: { verdict: 'WRONGFUL', reason: 'x' },
    });
    expect(noNote.status).toBe(400);
    expect(noNote.json.errors[0].field).toBe('body.publicInterestNote');
    expect(
      (
        await runtime.call('POST', `/v1/applications/${a.id}/review`, {
          token: await runtime.token('reviewer', { department: 'market' }),
          body: { verdict: 'CONFIRMED', reason: 'x' },
        })
      ).status,
    ).toBe(403);
  });
});
