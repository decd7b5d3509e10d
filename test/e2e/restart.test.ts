import { afterAll, describe, expect, it } from 'vitest';
import { RuntimeProcess } from '../support/runtime.ts';

const START = '2026-09-28T10:00:00+08:00';
const runtime = new RuntimeProcess();
afterAll(async () => {
  await runtime.dispose('SIGKILL');
});

const SC001 = ['application-form', 'articles', 'id-card', 'address-proof'].map((id) => ({ id }));

describe('a restart in the middle of a wait', () => {
  it('keeps the deadline: not early after a restart before it, honoured at start-up after one past it', async () => {
    // Prepare: two cases accepted, then the process is killed mid-wait.
    await runtime.start({ now: START });
    const token = await runtime.token('applicant', { sub: 'restart-applicant' });
    const supervisor = await runtime.token('supervisor');
    const body = {
      itemCode: 'SC-001',
      applicant: { type: 'PERSON', name: '张三', phone: '13800000000' },
      materials: SC001,
    };
    const first = (await runtime.call('POST', '/v1/applications', { token, body })).json;
    await runtime.advance(86400);
    await runtime.stop('SIGKILL');

    // Act 1: restart before the deadline (the simulated clock resumes from where it was persisted).
    await runtime.start();
    expect(await runtime.now()).toBe('2026-09-29T10:00:00+08:00');
    expect((await runtime.call('GET', `/v1/applications/${first.id}`, { token })).json.status).toBe('ACCEPTED');
    const wait = (Date.parse(first.deadline) - Date.parse(await runtime.now())) / 1000;
    await runtime.advance(wait - 1);
    expect((await runtime.call('GET', `/v1/applications/${first.id}`, { token })).json.status).toBe('ACCEPTED');
    const second = (await runtime.call('POST', '/v1/applications', { token, body })).json;
    await runtime.advance(1);
    expect((await runtime.call('GET', `/v1/applications/${first.id}`, { token })).json.status).toBe('DEEMED_APPROVED');

    // Act 2: stopped while the second case waits, started again after its deadline passed.
    await runtime.stop('SIGKILL');
    const later = new Date(Date.parse(second.deadline) + 2 * 86400 * 1000).toISOString();
    await runtime.start({ now: later });
    // Assess: at start-up, before any request is answered, the expiry was applied, with the deadline as its time.
    const after = (await runtime.call('GET', `/v1/applications/${second.id}`, { token })).json;
    expect(after.status).toBe('DEEMED_APPROVED');
    expect(after.expiry.at).toBe(second.deadline);
    const records = (await runtime.call('GET', '/v1/accountability', { token: supervisor })).json.records as {
      caseId: string;
    }[];
    expect(records.filter((r) => r.caseId === first.id)).toHaveLength(1);
    expect(records.filter((r) => r.caseId === second.id)).toHaveLength(1);
  });
});
