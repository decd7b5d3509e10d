import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Track } from '../../functions/http/responses.ts';
import { RuntimeProcess } from '../support/runtime.ts';

/**
 * POST /v1/track, the public application tracker (办件查询): anyone with the case id and the phone given on the
 * application sees where the case stands — and nothing that names or reaches a person. A missing case and a wrong
 * phone answer exactly alike, so the route tells nobody which case ids exist.
 */

// Monday 2026-11-02, 10:00 in Shanghai.
const runtime = new RuntimeProcess();
beforeAll(async () => {
  await runtime.start({ now: '2026-11-02T10:00:00+08:00' });
});
afterAll(async () => {
  await runtime.dispose();
});

const PHONE = '0411-8888-0420';
const NAME = '大连查询测试有限公司';
const ID_NUMBER = '91210200MA0TRACK01';

const apply = async () => {
  const applicant = await runtime.token('applicant', { sub: 'track-applicant' });
  const r = await runtime.call('POST', '/v1/applications', {
    token: applicant,
    body: {
      itemCode: 'SC-001',
      applicant: { type: 'ENTERPRISE', name: NAME, phone: PHONE, idNumber: ID_NUMBER },
      materials: ['application-form', 'articles', 'id-card', 'address-proof'].map((id) => ({ id })),
    },
  });
  expect(r.status).toBe(201);
  return r.json as { id: string; deadline: string; deadlineDate: string; acceptedOn: string };
};

const track = (body: unknown, token?: string) =>
  runtime.call('POST', '/v1/track', { body, ...(token ? { token } : {}) });

describe('POST /v1/track', () => {
  it('shows anyone with the case id and the phone (on its digits) where the case stands, and no person', async () => {
    // Prepare
    const created = await apply();

    // Act: the phone as typed at home — no dashes
    const r = await track({ caseId: created.id, phone: '041188880420' });

    // Assess
    expect(r.status).toBe(200);
    expect(Track.safeParse(r.json).error).toBeUndefined();
    expect(r.json).toMatchObject({
      id: created.id,
      itemCode: 'SC-001',
      departmentId: 'market',
      status: 'ACCEPTED',
      light: 'GREEN',
      acceptedOn: created.acceptedOn,
      deadlineDate: created.deadlineDate,
      deadline: created.deadline,
      decision: null,
    });
    expect(r.json.timeline.map((e: { type: string }) => e.type)).toEqual(['RECEIVED', 'ACCEPTED']);
    for (const event of r.json.timeline) expect(Object.keys(event).sort()).toEqual(['at', 'type']);
    const text = r.text;
    for (const secret of [NAME, PHONE, '041188880420', ID_NUMBER, 'track-applicant', 'handler', 'leader', '"by"']) {
      expect(text).not.toContain(secret);
    }
    expect(r.headers.get('cache-control')).toContain('no-store');
  });

  it('answers a wrong phone exactly as a case that does not exist (no oracle of which ids exist)', async () => {
    // Prepare
    const created = await apply();

    // Act
    const wrong = await track({ caseId: created.id, phone: '0411-8888-0421' });
    const missing = await track({ caseId: 'XN20261102-01KAAAAAAAAAAAAAAAAAAAAAAA', phone: PHONE });
    const digitsOnlyPrefix = await track({ caseId: created.id, phone: '0411-8888-042' });

    // Assess: the same status and the same body, apart from nothing
    expect(wrong.status).toBe(404);
    expect(wrong.headers.get('content-type')).toContain('application/problem+json');
    const strip = (json: Record<string, unknown>) => ({ ...json, instance: undefined, detail: undefined });
    expect(strip(wrong.json)).toEqual(strip(missing.json));
    expect(wrong.json.detail).toBe(missing.json.detail.replaceAll('XN20261102-01KAAAAAAAAAAAAAAAAAAAAAAA', created.id));
    expect(digitsOnlyPrefix.status).toBe(404);
  });

  it('refuses bad input with 400 naming the field, for anyone, token or none', async () => {
    const applicant = await runtime.token('applicant', { sub: 'someone' });
    const noPhone = await track({ caseId: 'XN20261102-01KAAAAAAAAAAAAAAAAAAAAAAA' });
    expect(noPhone.status).toBe(400);
    expect(noPhone.json.errors).toEqual([expect.objectContaining({ field: 'body.phone' })]);
    const badId = await track({ caseId: 'nope', phone: PHONE }, applicant);
    expect(badId.status).toBe(400);
    expect(badId.json.errors).toEqual([expect.objectContaining({ field: 'body.caseId' })]);
    const letters = await track({ caseId: 'XN20261102-01KAAAAAAAAAAAAAAAAAAAAAAA', phone: 'call me' });
    expect(letters.status).toBe(400);
    expect(letters.json.errors).toEqual([expect.objectContaining({ field: 'body.phone' })]);
  });

  it('follows the case to its end: the decision outcome and date, the same for a signed-in caller', async () => {
    // Prepare
    const created = await apply();
    const reviewer = await runtime.token('reviewer', { department: 'market' });
    const decided = await runtime.call('POST', `/v1/applications/${created.id}/decision`, {
      token: reviewer,
      body: { outcome: 'APPROVED', reason: '符合条件 王五 审核' },
    });
    expect(decided.status).toBe(200);

    // Act
    const r = await track({ caseId: created.id, phone: PHONE }, await runtime.token('supervisor'));

    // Assess
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ status: 'APPROVED', light: null, decision: { outcome: 'APPROVED' } });
    expect(r.json.decision.at).toBe(decided.json.decision.at);
    expect(r.text).not.toContain('王五'); // the reason may name people: not on the public view
  });
});
