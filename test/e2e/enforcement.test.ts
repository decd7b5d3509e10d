import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RuntimeProcess } from '../support/runtime.ts';

/**
 * Issue 16 item 4, law-enforcement inspections (执法检查审批备案, docs/enforcement.md), over real HTTP on the simulated
 * clock, one runtime: a department plans → its head approves → supervision files (a verification code) → the
 * enterprise verifies it with no token → the inspection is recorded; an unfiled one refused (409) and its code-less
 * plan unknown to the verify route; a rejection releases the count; the yearly limit per enterprise across
 * departments (cause required, flagged to supervision, two departments at once); the code's validity window; who may
 * do what; the timeline's chain; notifications.
 */
const runtime = new RuntimeProcess();
const HUAWEI = '914403001922038216';
const TENCENT = '9144030071526726XG';

let reviewer: string;
let head: string;
let taxReviewer: string;
let taxHead: string;
let supervisor: string;
let applicant: string;

interface InspectionView {
  id: string;
  status: string;
  departmentId: string;
  overLimit: boolean;
  verificationCode: string | null;
  verificationCodeDisplay: string | null;
  validFrom: string | null;
  validUntil: string | null;
  timeline: { type: string }[];
  verification: { valid: boolean; events: number };
}

beforeAll(async () => {
  // Monday 2026-11-02 10:00.
  await runtime.start({ now: '2026-11-02T10:00:00+08:00' });
  reviewer = await runtime.token('reviewer', { department: 'market', sub: 'enf-reviewer' });
  head = await runtime.token('head', { department: 'market', sub: 'enf-head' });
  taxReviewer = await runtime.token('reviewer', { department: 'tax', sub: 'enf-tax-reviewer' });
  taxHead = await runtime.token('head', { department: 'tax', sub: 'enf-tax-head' });
  supervisor = await runtime.token('supervisor', { sub: 'enf-supervisor' });
  applicant = await runtime.token('applicant', { sub: 'enf-applicant' });
});
afterAll(async () => {
  await runtime.dispose();
});

const post = (path: string, token: string | undefined, body: unknown = {}, headers: Record<string, string> = {}) =>
  runtime.call('POST', path, { ...(token ? { token } : {}), body, headers });

const plan = (creditCode: string, extra: Record<string, unknown> = {}) => ({
  enterprise: { name: `企业${creditCode.slice(-4)}`, creditCode },
  purpose: '食品安全日常监督检查 Routine food-safety inspection',
  legalBasis: '《中华人民共和国食品安全法》第一百一十条',
  plannedAt: '2026-11-10T09:30:00+08:00',
  inspectors: [{ name: '王执法', certificateNo: 'LN-2101-0001' }, '李检查'],
  ...extra,
});

async function inspection(id: string, token = supervisor): Promise<InspectionView> {
  const r = await runtime.call('GET', `/v1/enforcement/inspections/${id}`, { token });
  expect(r.status, r.text).toBe(200);
  return r.json as InspectionView;
}

async function toldOf(token: string, id: string, kind: string): Promise<string[]> {
  let kinds: string[] = [];
  for (let i = 0; i < 100 && !kinds.includes(kind); i++) {
    if (i) await new Promise((r) => setTimeout(r, 50));
    const r = await runtime.call('GET', '/v1/notifications?limit=100', { token });
    expect(r.status, r.text).toBe(200);
    kinds = (r.json.notifications as { kind: string; caseId: string }[])
      .filter((n) => n.caseId === id)
      .map((n) => n.kind);
  }
  return kinds;
}

/** The department's worklist entries about inspection `id` (docs/enforcement.md#in-the-worklist). */
async function owedOn(token: string, id: string) {
  const r = await runtime.call('GET', '/v1/worklist', { token });
  expect(r.status, r.text).toBe(200);
  return (
    r.json.entries as {
      kind: string;
      id: string;
      stage: string;
      light: string;
      deadlineDate: string;
      remainingDays: number;
    }[]
  ).filter((e) => e.id === id);
}

const verify = (code: string) => runtime.call('GET', `/v1/enforcement/verify?code=${encodeURIComponent(code)}`);

describe('law-enforcement inspections: planned, approved, filed, verified at the door, carried out', () => {
  let filed: InspectionView;
  let unfiled: InspectionView;

  it('plans an inspection (PENDING_APPROVAL) and tells the head', async () => {
    const r = await post('/v1/enforcement/inspections', reviewer, plan(HUAWEI), { 'idempotency-key': 'enf-plan-0001' });
    expect(r.status, r.text).toBe(201);
    expect(r.json).toMatchObject({ status: 'PENDING_APPROVAL', departmentId: 'market', overLimit: false });
    expect(r.json.plannedAt).toBe('2026-11-10T09:30:00+08:00');
    expect(r.json.inspectors).toEqual([
      { name: '王执法', certificateNo: 'LN-2101-0001' },
      { name: '李检查', certificateNo: null },
    ]);
    // The same key again: the same plan, not a second one (and not counted twice).
    const again = await post('/v1/enforcement/inspections', reviewer, plan(HUAWEI), {
      'idempotency-key': 'enf-plan-0001',
    });
    expect(again.status).toBe(201);
    expect(again.json.id).toBe(r.json.id);
    filed = r.json as InspectionView;
    expect(await toldOf(head, filed.id, 'INSPECTION_PLANNED')).toContain('INSPECTION_PLANNED');
  });

  it('refuses a bad credit code, a past date and a missing field, naming the field', async () => {
    const bad = await post('/v1/enforcement/inspections', reviewer, plan('914403001922038217'));
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toContain('application/problem+json');
    expect(bad.json.errors[0].field).toBe('body.enterprise.creditCode');
    expect(bad.json.errors[0].reason).toMatch(/check character/);
    const past = await post('/v1/enforcement/inspections', reviewer, plan(HUAWEI, { plannedAt: '2026-10-30' }));
    expect(past.status).toBe(400);
    expect(past.json.errors[0].field).toBe('body.plannedAt');
    const { purpose: _p, ...noPurpose } = plan(HUAWEI);
    const missing = await post('/v1/enforcement/inspections', reviewer, noPurpose);
    expect(missing.status).toBe(400);
    expect(missing.json.errors[0].field).toBe('body.purpose');
  });

  it('lets only the head of that department approve, and refuses the unfiled plan to be recorded (409)', async () => {
    for (const token of [reviewer, taxHead, supervisor, applicant]) {
      const r = await post(`/v1/enforcement/inspections/${filed.id}/approve`, token);
      expect(r.status, r.text).toBe(403);
    }
    const early = await post(`/v1/enforcement/inspections/${filed.id}/record`, reviewer, { findings: '未发现问题' });
    expect(early.status).toBe(409);
    expect(early.json.type).toBe('urn:xiaoneng:problem:inspection-not-filed');
    expect(early.json.inspectionStatus).toBe('PENDING_APPROVAL');
    // In the department's worklist, the head's to approve: GREEN until the planned date (Tuesday 11-10, 8 days on).
    expect(await owedOn(head, filed.id)).toMatchObject([
      {
        kind: 'INSPECTION_APPROVAL',
        stage: 'PLAN_APPROVAL',
        light: 'GREEN',
        deadlineDate: '2026-11-10',
        remainingDays: 8,
      },
    ]);
    const r = await post(`/v1/enforcement/inspections/${filed.id}/approve`, head, { note: '同意' });
    expect(r.status, r.text).toBe(200);
    expect(r.json.status).toBe('APPROVED');
    // Approved: supervision's to file now, nothing the department owes.
    expect(await owedOn(head, filed.id)).toEqual([]);
    const twice = await post(`/v1/enforcement/inspections/${filed.id}/approve`, head);
    expect(twice.status).toBe(409);
    expect(await toldOf(supervisor, filed.id, 'INSPECTION_APPROVED')).toContain('INSPECTION_APPROVED');
  });

  it('is filed by supervision only, with a verification code, and the department is told', async () => {
    expect((await post(`/v1/enforcement/inspections/${filed.id}/file`, head)).status).toBe(403);
    const approvedOnly = await post(`/v1/enforcement/inspections/${filed.id}/record`, reviewer, { findings: 'x' });
    expect(approvedOnly.status).toBe(409);
    const r = await post(
      `/v1/enforcement/inspections/${filed.id}/file`,
      supervisor,
      {},
      { 'idempotency-key': 'enf-file-0001' },
    );
    expect(r.status, r.text).toBe(200);
    expect(r.json.status).toBe('FILED');
    expect(r.json.verificationCode).toMatch(/^[0-9A-HJKMNP-TV-Z]{10}$/);
    expect(r.json.verificationCodeDisplay).toBe(
      `${r.json.verificationCode.slice(0, 5)}-${r.json.verificationCode.slice(5)}`,
    );
    // Planned 11-10: valid from the day before through 7 days after (the default window).
    expect(r.json).toMatchObject({ validFrom: '2026-11-09', validUntil: '2026-11-17' });
    const replay = await post(
      `/v1/enforcement/inspections/${filed.id}/file`,
      supervisor,
      {},
      {
        'idempotency-key': 'enf-file-0001',
      },
    );
    expect(replay.status).toBe(200);
    expect(replay.json.verificationCode).toBe(r.json.verificationCode);
    filed = r.json as InspectionView;
    expect(await toldOf(head, filed.id, 'INSPECTION_FILED')).toContain('INSPECTION_FILED');
  });

  it('verifies at the door only within its dates, telling nothing of the enterprise', async () => {
    const code = filed.verificationCode as string;
    const before = await verify(code);
    expect(before.status).toBe(200);
    expect(before.json).toMatchObject({ valid: false, reason: 'NOT_YET_VALID' });
    expect(before.json.purpose).toBeUndefined();
    // To the planned day (Tuesday 11-10, 09:00).
    await runtime.advance((Date.parse('2026-11-10T09:00:00+08:00') - Date.parse(await runtime.now())) / 1000);
    const ok = await verify(code);
    expect(ok.status, ok.text).toBe(200);
    expect(ok.json).toMatchObject({
      valid: true,
      departmentId: 'market',
      purpose: '食品安全日常监督检查 Routine food-safety inspection',
      plannedAt: '2026-11-10T09:30:00+08:00',
      creditCodeEndsWith: HUAWEI.slice(-4),
    });
    expect(ok.json.inspectors).toEqual([
      { name: '王执法', certificateNo: 'LN-2101-0001' },
      { name: '李检查', certificateNo: null },
    ]);
    expect(ok.json.departmentName.zh).toBeTruthy();
    // Typed as read out: lower case, with a space, O for 0.
    const typed = verify(filed.verificationCodeDisplay?.toLowerCase().replace('-', ' ').replaceAll('0', 'o') as string);
    expect((await typed).json.valid).toBe(true);
    const text = JSON.stringify(ok.json);
    expect(text).not.toContain(HUAWEI);
    expect(text).not.toContain('企业');
    expect(text).not.toContain('enf-reviewer');
    const unknown = await verify('ZZZZZ-ZZZZZ');
    expect(unknown.status).toBe(200);
    expect(unknown.json).toEqual({ valid: false });
    expect((await verify('nonsense')).json).toEqual({ valid: false });
    expect((await runtime.call('GET', '/v1/enforcement/verify')).status).toBe(400);
  });

  it('records the filed inspection as carried out (DONE); its code no longer verifies; the chain holds', async () => {
    expect((await post(`/v1/enforcement/inspections/${filed.id}/record`, taxReviewer, { findings: 'x' })).status).toBe(
      403,
    );
    // Filed and its day come: the department's to record, YELLOW through the window's last day (11-17).
    expect(await owedOn(reviewer, filed.id)).toMatchObject([
      { kind: 'INSPECTION_RECORD', stage: 'RECORD', light: 'YELLOW', deadlineDate: '2026-11-17', remainingDays: 7 },
    ]);
    const r = await post(`/v1/enforcement/inspections/${filed.id}/record`, reviewer, { findings: '未发现违法行为' });
    expect(r.status, r.text).toBe(200);
    expect(r.json.status).toBe('DONE');
    expect(await owedOn(reviewer, filed.id)).toEqual([]);
    expect(r.json.result.findings).toBe('未发现违法行为');
    expect((await verify(filed.verificationCode as string)).json).toMatchObject({
      valid: false,
      reason: 'CARRIED_OUT',
    });
    const detail = await inspection(filed.id);
    expect(detail.timeline.map((e) => e.type)).toEqual([
      'INSPECTION_PLANNED',
      'INSPECTION_APPROVED',
      'INSPECTION_FILED',
      'INSPECTION_RECORDED',
    ]);
    expect(detail.verification).toEqual({ valid: true, events: 4, firstBrokenAt: null });
  });

  it('holds the yearly limit per enterprise across departments: a cause is required, and flagged', async () => {
    // HUAWEI has one (DONE). A second one by tax: within the limit of 2.
    const second = await post('/v1/enforcement/inspections', taxReviewer, plan(HUAWEI, { plannedAt: '2026-11-20' }));
    expect(second.status, second.text).toBe(201);
    expect(second.json.overLimit).toBe(false);
    unfiled = second.json as InspectionView;
    // A third, by market: over the limit without a cause.
    const third = await post('/v1/enforcement/inspections', reviewer, plan(HUAWEI, { plannedAt: '2026-11-21' }));
    expect(third.status).toBe(400);
    expect(third.json.errors[0].field).toBe('body.cause');
    expect(third.json.errors[0].reason).toMatch(/already has 2 inspection/);
    const withCause = await post(
      '/v1/enforcement/inspections',
      reviewer,
      plan(HUAWEI, { plannedAt: '2026-11-21', cause: '群众举报涉嫌销售过期食品 A complaint of expired food on sale' }),
    );
    expect(withCause.status, withCause.text).toBe(201);
    expect(withCause.json).toMatchObject({ overLimit: true, cause: expect.stringContaining('群众举报') });
    expect(await toldOf(supervisor, withCause.json.id, 'INSPECTION_PLANNED')).toContain('INSPECTION_PLANNED');
    const flagged = await runtime.call('GET', '/v1/enforcement/inspections?overLimit=true', { token: supervisor });
    expect(flagged.status, flagged.text).toBe(200);
    expect((flagged.json.inspections as InspectionView[]).map((i) => i.id)).toEqual([withCause.json.id]);
    // A rejection releases the count: the rejected over-limit plan no longer counts, nor does a rejected one.
    const rejected = await post(`/v1/enforcement/inspections/${withCause.json.id}/reject`, head, {
      reason: '举报线索不足 Not enough to go on',
    });
    expect(rejected.status, rejected.text).toBe(200);
    expect(rejected.json.status).toBe('REJECTED');
    expect((await post(`/v1/enforcement/inspections/${withCause.json.id}/approve`, head)).status).toBe(409);
    expect((await post(`/v1/enforcement/inspections/${withCause.json.id}/reject`, head, {})).status).toBe(400);
  });

  it('lets two departments planning at once not both slip under the limit', async () => {
    // TENCENT: one planned, one left within the limit; two departments race for it without a cause.
    expect((await post('/v1/enforcement/inspections', reviewer, plan(TENCENT))).status).toBe(201);
    const [a, b] = await Promise.all([
      post('/v1/enforcement/inspections', reviewer, plan(TENCENT, { plannedAt: '2026-11-25' })),
      post('/v1/enforcement/inspections', taxReviewer, plan(TENCENT, { plannedAt: '2026-11-26' })),
    ]);
    expect([a.status, b.status].sort()).toEqual([201, 400]);
  });

  it('shows an unfiled plan as nothing at the door, and lists by role', async () => {
    expect(unfiled.verificationCode).toBeNull();
    const rec = await post(`/v1/enforcement/inspections/${unfiled.id}/record`, taxReviewer, { findings: 'x' });
    expect(rec.status).toBe(409);
    expect(rec.json.type).toBe('urn:xiaoneng:problem:inspection-not-filed');
    const mine = await runtime.call('GET', '/v1/enforcement/inspections', { token: taxHead });
    expect(mine.status).toBe(200);
    expect(new Set((mine.json.inspections as InspectionView[]).map((i) => i.departmentId))).toEqual(new Set(['tax']));
    expect(
      (await runtime.call('GET', '/v1/enforcement/inspections?departmentId=market', { token: taxHead })).status,
    ).toBe(403);
    expect((await runtime.call('GET', `/v1/enforcement/inspections/${filed.id}`, { token: taxHead })).status).toBe(403);
    const all = await runtime.call('GET', `/v1/enforcement/inspections?enterprise=${HUAWEI}`, { token: supervisor });
    expect((all.json.inspections as InspectionView[]).length).toBe(3);
    const done = await runtime.call('GET', '/v1/enforcement/inspections?status=DONE', { token: supervisor });
    expect((done.json.inspections as InspectionView[]).map((i) => i.id)).toEqual([filed.id]);
    expect((await runtime.call('GET', '/v1/enforcement/inspections', { token: applicant })).status).toBe(403);
    expect((await runtime.call('GET', '/v1/enforcement/inspections')).status).toBe(401);
  });

  it('stops verifying once the window has passed', async () => {
    // A plan for 11-12 filed now (11-10), then 11-20: past 11-19.
    const p = await post(
      '/v1/enforcement/inspections',
      reviewer,
      plan(TENCENT, { plannedAt: '2026-11-12', cause: '复查 Follow-up' }),
    );
    expect(p.status, p.text).toBe(201);
    expect((await post(`/v1/enforcement/inspections/${p.json.id}/approve`, head)).status).toBe(200);
    const f = await post(`/v1/enforcement/inspections/${p.json.id}/file`, supervisor);
    expect(f.status, f.text).toBe(200);
    await runtime.advance((Date.parse('2026-11-12T10:00:00+08:00') - Date.parse(await runtime.now())) / 1000);
    expect((await verify(f.json.verificationCode)).json.valid).toBe(true);
    await runtime.advance((Date.parse('2026-11-20T10:00:00+08:00') - Date.parse(await runtime.now())) / 1000);
    expect((await verify(f.json.verificationCode)).json).toMatchObject({ valid: false, reason: 'EXPIRED' });
  });

  it('counts the plans, those over the limit and those carried out in the evaluation (definitions version 7)', async () => {
    // Now 11-20: the month is counted through yesterday, past every act above (the tally follows the stream).
    let view: {
      definitionsVersion: number;
      centre: Record<string, number | null>;
      departments: ({ departmentId: string } & Record<string, number | null>)[];
    } = { definitionsVersion: 0, centre: {}, departments: [] };
    for (let i = 0; i < 20; i++) {
      const run = await runtime.call('POST', '/v1/evaluations/2026-11/run', { token: supervisor });
      expect(run.status, run.text).toBe(200);
      view = run.json;
      if (view.centre.inspectionsPlanned === 6 && view.centre.inspectionsCarriedOut === 1) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(view.definitionsVersion).toBeGreaterThanOrEqual(7);
    // Six plans (two HUAWEI by market, one by tax; TENCENT's first, the race's winner, the follow-up), the rejected
    // one still planned; two over the limit with their cause (HUAWEI's third, TENCENT's follow-up); one carried out.
    expect(view.centre).toMatchObject({ inspectionsPlanned: 6, inspectionsOverLimit: 2, inspectionsCarriedOut: 1 });
    const market = view.departments.find((d) => d.departmentId === 'market');
    const tax = view.departments.find((d) => d.departmentId === 'tax');
    expect(market).toMatchObject({ inspectionsOverLimit: 2, inspectionsCarriedOut: 1 });
    expect(tax).toMatchObject({ inspectionsOverLimit: 0, inspectionsCarriedOut: 0 });
    // The race's winner is either department's.
    expect([4, 5]).toContain(market?.inspectionsPlanned);
    expect((market?.inspectionsPlanned ?? 0) + (tax?.inspectionsPlanned ?? 0)).toBe(6);
  });
});
