import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RuntimeProcess } from '../support/runtime.ts';

const runtime = new RuntimeProcess();
beforeAll(async () => {
  await runtime.start({ now: '2026-09-19T11:00:00+08:00' });
});
afterAll(async () => {
  await runtime.dispose();
});

describe('the public contract', () => {
  it('computes deadlines with the receipt rules (Saturday receipt → accepted on the 调休 Sunday)', async () => {
    const r = await runtime.call('GET', '/v1/calendar/deadline?from=2026-09-19T11:00:00%2B08:00&workingDays=1');
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({
      acceptedOn: '2026-09-20',
      deadlineDate: '2026-09-21',
      deadline: '2026-09-22T00:00:00+08:00',
      provisional: false,
    });
    const provisional = await runtime.call('GET', '/v1/calendar/deadline?from=2026-12-30&workingDays=5');
    expect(provisional.json.provisional).toBe(true);
  });

  it('explains a bad query as problem+json naming the field', async () => {
    const r = await runtime.call('GET', '/v1/calendar/deadline?from=yesterday&workingDays=-3');
    expect(r.status).toBe(400);
    expect(r.headers.get('content-type')).toContain('application/problem+json');
    expect(r.json.errors.map((e: { field: string }) => e.field).sort()).toEqual(['query.from', 'query.workingDays']);
  });

  it('lets an administrator load a year so 2027 deadlines are no longer provisional, without a restart', async () => {
    const before = await runtime.call('GET', '/v1/calendar/deadline?from=2027-02-05&workingDays=5');
    expect(before.json.provisional).toBe(true);
    const admin = await runtime.token('admin');
    // A hypothetical 2027 notice: Spring Festival 2/6–2/14 off, 2/20 (Sat) a working day.
    const holidays = [
      '2027-01-01',
      '2027-02-06',
      '2027-02-07',
      '2027-02-08',
      '2027-02-09',
      '2027-02-10',
      '2027-02-11',
      '2027-02-12',
      '2027-02-13',
      '2027-02-14',
    ];
    const put = await runtime.call('PUT', '/v1/calendar/years/2027', {
      token: admin,
      body: { holidays, workdays: ['2027-02-20'], source: '测试通知 test notice' },
    });
    expect(put.status, put.text).toBe(200);
    const after = await runtime.call('GET', '/v1/calendar/deadline?from=2027-02-05&workingDays=5');
    // 2/5 Fri accepted; 2/6–14 off; 2/15 Mon (1) … 2/19 Fri (5).
    expect(after.json).toMatchObject({ acceptedOn: '2027-02-05', deadlineDate: '2027-02-19', provisional: false });
    const bad = await runtime.call('PUT', '/v1/calendar/years/2027', {
      token: admin,
      body: { holidays: ['2026-13-01'], workdays: [], source: 'x' },
    });
    expect(bad.status).toBe(400);
    expect(bad.json.errors[0].field).toMatch(/^body\.holidays/);
    const notAdmin = await runtime.call('PUT', '/v1/calendar/years/2027', {
      token: await runtime.token('supervisor'),
      body: { holidays, workdays: [], source: 'x' },
    });
    expect(notAdmin.status).toBe(403);
  });

  it('seeds the demo data with every stream reader listening: its writes are told, none dropped', async () => {
    // The demo data was once written before the handlers were loaded: the demo project's stream records were
    // dropped, and every `npm start` on a fresh folder printed the drops.
    const officer = await runtime.token('clerk', { department: 'planning', sub: 'officer-demo' });
    const inbox = await runtime.call('GET', '/v1/notifications?inbox=officer', { token: officer });
    expect(inbox.status).toBe(200);
    expect(inbox.json.notifications.length).toBeGreaterThan(0);
    expect(runtime.output).not.toMatch(/dropped|reader of \S+ failed/);
  });

  it('publishes the demo catalogue: ≥ 4 departments, ≥ 10 items, immediate and promised, eligible and not', async () => {
    const r = await runtime.call('GET', '/v1/catalog');
    expect(r.status).toBe(200);
    const items = r.json.items as {
      code: string;
      name: string;
      departmentId: string;
      handlingMode: string;
      deemedConsentEligible: boolean;
      materials: { id: string; name: string; required: boolean }[];
    }[];
    const englishItems = (await runtime.call('GET', '/v1/catalog', { headers: { 'accept-language': 'en' } })).json
      .items as { code: string; name: string }[];
    const english = new Map(englishItems.map((i) => [i.code, i.name]));
    expect(items.length).toBeGreaterThanOrEqual(10);
    expect(new Set(items.map((i) => i.departmentId)).size).toBeGreaterThanOrEqual(4);
    expect(new Set(items.map((i) => i.handlingMode))).toEqual(new Set(['IMMEDIATE', 'PROMISED']));
    expect(new Set(items.map((i) => i.deemedConsentEligible))).toEqual(new Set([true, false]));
    for (const item of items) {
      expect(item.name).toMatch(/[\u4e00-\u9fff]/);
      expect(english.get(item.code)).toMatch(/^[A-Za-z]/);
      expect(item.materials.length).toBeGreaterThan(0);
    }
  });

  it('answers a submission missing materials with one notice listing every missing one, and starts no clock', async () => {
    const token = await runtime.token('applicant', { sub: 'notice-applicant' });
    const r = await runtime.call('POST', '/v1/applications', {
      token,
      body: {
        itemCode: 'CN-001',
        applicant: { type: 'ENTERPRISE', name: '示例建设有限公司', phone: '0411-1234567' },
        materials: [{ id: 'application-form' }],
      },
    });
    expect(r.status).toBe(201);
    expect(r.json.status).toBe('MATERIALS_REQUIRED');
    expect(r.json.missingMaterials.map((m: { id: string }) => m.id).sort()).toEqual([
      'contract',
      'drawing-review',
      'funding-proof',
      'planning-permit',
    ]);
    expect(r.json.deadline).toBeNull();
  });
});

describe('who may call what', () => {
  const body = {
    itemCode: 'SC-001',
    applicant: { type: 'PERSON', name: '李四', phone: '13900000000' },
    materials: ['application-form', 'articles', 'id-card', 'address-proof'].map((id) => ({ id })),
  };

  it('rejects protected routes without a valid token (401) and with the wrong role (403)', async () => {
    expect((await runtime.call('POST', '/v1/applications', { body })).status).toBe(401);
    expect((await runtime.call('POST', '/v1/applications', { body, token: 'not.a.token' })).status).toBe(401);
    // Expired on the runtime's (simulated) clock: issued two hours before its "now", valid for one.
    const expired = await runtime.token('applicant', {
      issuedAt: Date.parse(await runtime.now()) - 7_200_000,
      expiresInSeconds: 3600,
    });
    expect((await runtime.call('POST', '/v1/applications', { body, token: expired })).status).toBe(401);
    const reviewer = await runtime.token('reviewer', { department: 'market' });
    const forbidden = await runtime.call('POST', '/v1/applications', { body, token: reviewer });
    expect(forbidden.status).toBe(403);
    expect(forbidden.json.title).toContain('Forbidden');
    expect((await runtime.call('GET', '/v1/accountability', { token: reviewer })).status).toBe(403);
  });

  it('scopes cases: the applicant and the department see it, another applicant or department does not', async () => {
    const owner = await runtime.token('applicant', { sub: 'owner' });
    const created = await runtime.call('POST', '/v1/applications', { body, token: owner });
    expect(created.status).toBe(201);
    const id = created.json.id;
    expect((await runtime.call('GET', `/v1/applications/${id}`, { token: owner })).status).toBe(200);
    expect(
      (
        await runtime.call('GET', `/v1/applications/${id}`, {
          token: await runtime.token('clerk', { department: 'market' }),
        })
      ).status,
    ).toBe(200);
    expect(
      (await runtime.call('GET', `/v1/applications/${id}`, { token: await runtime.token('supervisor') })).status,
    ).toBe(200);
    expect(
      (
        await runtime.call('GET', `/v1/applications/${id}`, {
          token: await runtime.token('applicant', { sub: 'someone-else' }),
        })
      ).status,
    ).toBe(404); // out of reach answers as a missing case
    expect(
      (
        await runtime.call('GET', `/v1/applications/${id}`, {
          token: await runtime.token('clerk', { department: 'tax' }),
        })
      ).status,
    ).toBe(404); // out of reach answers as a missing case
    const otherReviewer = await runtime.token('reviewer', { department: 'tax' });
    expect(
      (
        await runtime.call('POST', `/v1/applications/${id}/decision`, {
          token: otherReviewer,
          body: { outcome: 'APPROVED' },
        })
      ).status,
    ).toBe(404); // out of reach answers as a missing case
    const reviewer = await runtime.token('reviewer', { department: 'market' });
    const noReason = await runtime.call('POST', `/v1/applications/${id}/decision`, {
      token: reviewer,
      body: { outcome: 'REJECTED' },
    });
    expect(noReason.status).toBe(400);
    expect(noReason.json.errors).toEqual([expect.objectContaining({ field: 'body.reason' })]);
  });

  it('prints working tokens with `npm run token`', () => {
    const out = execFileSync(
      'npm',
      ['run', '--silent', 'token', '--', '--role', 'reviewer', '--department', 'market', '--sub', 'cli-user'],
      {
        cwd: resolve(import.meta.dirname, '../..'),
        env: { ...process.env, XIAONENG_DATA_DIR: runtime.dataDir },
        encoding: 'utf8',
      },
    ).trim();
    expect(out.split('.')).toHaveLength(3);
    const claims = JSON.parse(Buffer.from(out.split('.')[1] as string, 'base64url').toString());
    expect(claims).toMatchObject({ role: 'reviewer', department: 'market', sub: 'cli-user' });
    return runtime.call('GET', '/v1/accountability', { token: out }).then((r) => expect(r.status).toBe(403));
  });
});
