import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RuntimeProcess } from '../support/runtime.ts';

/**
 * Issue 16 items 5–6 over real HTTP on the simulated clock, one runtime (docs/supervision.md): the official activity
 * registry (staff register, supervisors query per enterprise, officer and department, paging, immutability and
 * corrections, idempotency) and the year-end appraisal (criteria published, the window by the one clock, one rating
 * per representative per department, the public summary's aggregates from the minimum number of ratings, nobody
 * named, the year's evaluation fed).
 */
const runtime = new RuntimeProcess();
const CODE = '91210200MA0QDEM71U'; // the demo enterprise's credit code
const SCORES = { ATTITUDE: 5, EFFICIENCY: 4, LAWFULNESS: 5, INTEGRITY: 5, OPENNESS: 4 };

let clerk: string;
let reviewer: string;
let taxClerk: string;
let supervisor: string;
let rep: string;
let rep2: string;
let rep3: string;

beforeAll(async () => {
  // Monday 30 November 2026: the 2026 appraisal opens tomorrow (1 Dec – 31 Jan, China-local).
  await runtime.start({ now: '2026-11-30T10:00:00+08:00' });
  clerk = await runtime.token('clerk', { department: 'market', sub: 'oa-clerk' });
  reviewer = await runtime.token('reviewer', { department: 'market', sub: 'oa-reviewer' });
  taxClerk = await runtime.token('clerk', { department: 'tax', sub: 'oa-tax-clerk' });
  supervisor = await runtime.token('supervisor', { sub: 'oa-supervisor' });
  rep = await runtime.token('representative', { sub: 'rep-e2e-1', kind: 'NPC_DEPUTY' });
  rep2 = await runtime.token('representative', { sub: 'rep-e2e-2', kind: 'CITIZEN' });
  rep3 = await runtime.token('representative', { sub: 'rep-e2e-3' });
});
afterAll(async () => {
  await runtime.dispose();
});

const post = (path: string, token: string | undefined, body: unknown, headers: Record<string, string> = {}) =>
  runtime.call('POST', path, { ...(token ? { token } : {}), body, headers });
const get = (path: string, token?: string) => runtime.call('GET', path, token ? { token } : {});

interface Activity {
  id: string;
  departmentId: string;
  registeredBy: string;
  at: string;
  enterprise: { name: string | null; creditCode: string | null } | null;
  corrects: string | null;
}

describe('official activity registry (公务活动登记)', () => {
  let first: Activity;

  it('a clerk registers an activity: who from the token, when with its offset, why, with whom', async () => {
    const r = await post(
      '/v1/official-activities',
      clerk,
      {
        enterprise: { name: '大连新能源零部件有限公司', creditCode: CODE.toLowerCase() },
        purpose: '上门指导企业年报 Guidance on the annual report',
        at: '2026-11-30T09:00:00+08:00',
        participants: ['张三', '李四'],
      },
      { 'idempotency-key': 'oa-e2e-1' },
    );
    expect(r.status, r.text).toBe(201);
    first = r.json as Activity;
    expect(first).toMatchObject({
      departmentId: 'market',
      registeredBy: 'oa-clerk',
      at: '2026-11-30T09:00:00+08:00',
      enterprise: { creditCode: CODE },
      corrects: null,
    });
    expect(first.id).toMatch(/^OA-/);
    // A retry with the same key answers as the first call did: one entry.
    const again = await post(
      '/v1/official-activities',
      clerk,
      {
        enterprise: { name: '大连新能源零部件有限公司', creditCode: CODE.toLowerCase() },
        purpose: '上门指导企业年报 Guidance on the annual report',
        at: '2026-11-30T09:00:00+08:00',
        participants: ['张三', '李四'],
      },
      { 'idempotency-key': 'oa-e2e-1' },
    );
    expect(again.status).toBe(201);
    expect(again.json.id).toBe(first.id);
  });

  it('refuses bad input naming the field, and anyone but a department’s staff', async () => {
    const bad = await post('/v1/official-activities', clerk, {
      enterprise: { creditCode: '91210200MA0QDEMO1X' },
      purpose: 'x',
      at: '2026-11-30 09:00',
      participants: [],
    });
    expect(bad.status).toBe(400);
    const fields = (bad.json.errors as { field: string }[]).map((e) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['body.enterprise.creditCode', 'body.at', 'body.participants']));
    for (const token of [supervisor, rep, await runtime.token('applicant'), undefined]) {
      const r = await post('/v1/official-activities', token, {
        purpose: 'x',
        at: '2026-11-30T09:00:00+08:00',
        participants: ['a'],
      });
      expect(r.status).toBe(token ? 403 : 401);
    }
  });

  it('is never changed: no update or delete route; a correction is a new entry naming the old one', async () => {
    for (const method of ['PUT', 'DELETE'] as const) {
      const r = await runtime.call(method, `/v1/official-activities/${first.id}`, { token: clerk, body: {} });
      expect([404, 405]).toContain(r.status);
    }
    const other = await post('/v1/official-activities', taxClerk, {
      purpose: '更正 Correction',
      at: '2026-11-30T09:00:00+08:00',
      participants: ['x'],
      corrects: first.id,
    });
    expect(other.status, other.text).toBe(422);
    expect(other.json.errors[0].field).toBe('body.corrects');
    const fix = await post('/v1/official-activities', reviewer, {
      enterprise: { name: '大连新能源零部件有限公司', creditCode: CODE },
      purpose: '更正：时间应为 10:00 Correction: the visit was at 10:00',
      at: '2026-11-30T10:00:00+08:00',
      participants: ['张三', '李四'],
      corrects: first.id,
    });
    expect(fix.status, fix.text).toBe(201);
    expect(fix.json.corrects).toBe(first.id);
    // Registered without an enterprise (an activity with, say, a trade association's meeting) is allowed too.
    const none = await post('/v1/official-activities', taxClerk, {
      purpose: '税务政策宣讲会 Tax briefing',
      at: '2026-11-29T15:00:00+08:00',
      participants: ['王五'],
    });
    expect(none.status, none.text).toBe(201);
    expect(none.json.enterprise).toBeNull();
  });

  it('supervisors find them per enterprise (code or name), per officer and per department, with paging', async () => {
    const byCode = await get(`/v1/official-activities?enterprise=${CODE}`, supervisor);
    expect(byCode.status, byCode.text).toBe(200);
    const codeIds = (byCode.json.activities as Activity[]).map((a) => a.id);
    // The demo's two activities with the same enterprise, and this test's two, newest activity first.
    expect(codeIds).toContain(first.id);
    expect(codeIds.length).toBe(4);
    const times = (byCode.json.activities as Activity[]).map((a) => Date.parse(a.at));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    // By name: full-width brackets, spaces and case aside.
    const byName = await get(
      `/v1/official-activities?enterprise=${encodeURIComponent(' 大连新能源零部件有限公司 ')}`,
      supervisor,
    );
    expect((byName.json.activities as Activity[]).map((a) => a.id).sort()).toEqual([...codeIds].sort());
    const byOfficer = await get('/v1/official-activities?officer=oa-clerk', supervisor);
    expect((byOfficer.json.activities as Activity[]).map((a) => a.id)).toEqual([first.id]);
    // Paging: one at a time through the register.
    const seen: string[] = [];
    let next: string | null = null;
    do {
      const page: { json: { activities: Activity[]; next: string | null } } = await get(
        `/v1/official-activities?enterprise=${CODE}&limit=1${next ? `&cursor=${next}` : ''}`,
        supervisor,
      );
      seen.push(...page.json.activities.map((a) => a.id));
      next = page.json.next;
    } while (next);
    expect(seen).toEqual(codeIds);
    const badCursor = await get('/v1/official-activities?cursor=abc', supervisor);
    expect(badCursor.status).toBe(400);
  });

  it("staff see their own department's only; another department named → 403", async () => {
    const mine = await get('/v1/official-activities', taxClerk);
    expect(mine.status).toBe(200);
    expect((mine.json.activities as Activity[]).every((a) => a.departmentId === 'tax')).toBe(true);
    expect((mine.json.activities as Activity[]).length).toBe(1);
    const byCode = await get(`/v1/official-activities?enterprise=${CODE}`, taxClerk);
    expect(byCode.json.activities).toEqual([]);
    const other = await get('/v1/official-activities?departmentId=market', taxClerk);
    expect(other.status).toBe(403);
    for (const token of [rep, await runtime.token('applicant'), await runtime.token('admin')]) {
      expect((await get('/v1/official-activities', token)).status).toBe(403);
    }
  });
});

interface Aggregate {
  ratings: number;
  shown: boolean;
  averages: Record<string, number> | null;
  weightedTotal: number | null;
  grade: string | null;
}
interface SummaryRow {
  departmentId: string;
  leaderName: string | null;
  rank: number | null;
  department: Aggregate;
  leader: Aggregate;
  byKind: Record<string, number>;
}

describe('year-end appraisal (公开评议)', () => {
  it('publishes its criteria with descriptions and weights summing to 100, to anyone', async () => {
    const r = await get('/v1/appraisals/2026/criteria');
    expect(r.status, r.text).toBe(200);
    const criteria = r.json.criteria as { code: string; weight: number; description: { zh: string } }[];
    expect(criteria.map((c) => c.code)).toEqual(['ATTITUDE', 'EFFICIENCY', 'LAWFULNESS', 'INTEGRITY', 'OPENNESS']);
    expect(criteria.reduce((a, c) => a + c.weight, 0)).toBe(100);
    expect(criteria.every((c) => c.description.zh.length > 0)).toBe(true);
    expect(r.json.window).toEqual({ opens: '2026-12-01', closes: '2027-01-31', state: 'NOT_OPEN' });
    expect(r.json.minRatings).toBe(3);
  });

  it('refuses a rating before the window opens (409), then takes one when it is open', async () => {
    const early = await post('/v1/appraisals/2026/ratings', rep, { departmentId: 'market', scores: SCORES });
    expect(early.status, early.text).toBe(409);
    expect(early.json.type).toMatch(/appraisal-not-open$/);
    // Last year's appraisal closed on 31 January.
    const late = await post('/v1/appraisals/2025/ratings', rep, { departmentId: 'market', scores: SCORES });
    expect(late.status).toBe(409);
    expect(late.json.type).toMatch(/appraisal-closed$/);

    await runtime.advance(24 * 3600); // Tuesday 1 December
    const r = await post(
      '/v1/appraisals/2026/ratings',
      rep,
      { departmentId: 'market', scores: SCORES, leaderScores: SCORES, comment: '窗口服务好 Good service' },
      { 'idempotency-key': 'ap-e2e-1' },
    );
    expect(r.status, r.text).toBe(201);
    expect(r.json).toMatchObject({
      departmentId: 'market',
      kind: 'NPC_DEPUTY',
      weightedTotal: 92,
      leader: { name: '王建国 Wang Jianguo' },
    });
    expect(JSON.stringify(r.json)).not.toContain('rep-e2e-1');
    // The same key replays the answer; a second rating of the same department → 409.
    const replay = await post(
      '/v1/appraisals/2026/ratings',
      rep,
      { departmentId: 'market', scores: SCORES, leaderScores: SCORES, comment: '窗口服务好 Good service' },
      { 'idempotency-key': 'ap-e2e-1' },
    );
    expect(replay.status).toBe(201);
    const twice = await post('/v1/appraisals/2026/ratings', rep, { departmentId: 'market', scores: SCORES });
    expect(twice.status).toBe(409);
    expect(twice.json.type).toMatch(/already-rated$/);
    const mine = await get('/v1/appraisals/2026/ratings/mine', rep);
    expect(mine.status).toBe(200);
    expect((mine.json.ratings as { departmentId: string }[]).map((x) => x.departmentId)).toEqual(['market']);
  });

  it('refuses scores off the criteria or the scale naming the field, an unknown department (422), and non-representatives', async () => {
    const missing = await post('/v1/appraisals/2026/ratings', rep2, {
      departmentId: 'tax',
      scores: { ATTITUDE: 5, EFFICIENCY: 4, LAWFULNESS: 5, INTEGRITY: 5, HONESTY: 3 },
    });
    expect(missing.status).toBe(400);
    expect((missing.json.errors as { field: string }[]).map((e) => e.field).sort()).toEqual([
      'body.scores.HONESTY',
      'body.scores.OPENNESS',
    ]);
    const range = await post('/v1/appraisals/2026/ratings', rep2, {
      departmentId: 'tax',
      scores: { ...SCORES, ATTITUDE: 6 },
    });
    expect(range.status).toBe(400);
    expect(range.json.errors[0].field).toBe('body.scores.ATTITUDE');
    const unknown = await post('/v1/appraisals/2026/ratings', rep2, { departmentId: 'nowhere', scores: SCORES });
    expect(unknown.status).toBe(422);
    expect(unknown.json.errors[0].field).toBe('body.departmentId');
    for (const token of [clerk, supervisor, await runtime.token('admin'), await runtime.token('applicant')]) {
      expect(
        (await post('/v1/appraisals/2026/ratings', token, { departmentId: 'market', scores: SCORES })).status,
      ).toBe(403);
    }
    expect(
      (await post('/v1/appraisals/2026/ratings', undefined, { departmentId: 'market', scores: SCORES })).status,
    ).toBe(401);
    // A representative reaches nothing else.
    for (const path of ['/v1/applications', '/v1/accountability', '/v1/ratings', '/v1/notifications']) {
      expect((await get(path, rep)).status, path).toBe(403);
    }
  });

  it('the public summary: aggregates per department from 3 ratings on, ranked and graded, nobody named', async () => {
    // construction has the demo's one rating: a second and a third make it shown.
    for (const token of [rep2, rep3]) {
      const r = await post('/v1/appraisals/2026/ratings', token, {
        departmentId: 'construction',
        scores: { ATTITUDE: 3, EFFICIENCY: 3, LAWFULNESS: 3, INTEGRITY: 3, OPENNESS: 3 },
      });
      expect(r.status, r.text).toBe(201);
    }
    const environment = await post('/v1/appraisals/2026/ratings', rep2, {
      departmentId: 'environment',
      scores: SCORES,
    });
    expect(environment.status).toBe(201);

    const r = await get('/v1/appraisals/2026');
    expect(r.status, r.text).toBe(200);
    const rows = r.json.departments as SummaryRow[];
    const row = (id: string) => rows.find((x) => x.departmentId === id) as SummaryRow;
    // market: the demo's three and this test's one.
    expect(row('market').department.ratings).toBe(4);
    expect(row('market').department.shown).toBe(true);
    expect(row('market').department.averages?.ATTITUDE).toBe(4.5);
    expect(row('market').leaderName).toBe('王建国 Wang Jianguo');
    expect(row('market').leader.ratings).toBe(3);
    expect(row('market').byKind).toEqual({ NPC_DEPUTY: 2, CPPCC_MEMBER: 1, ENTERPRISE: 1 });
    // construction: 4 + 3 + 3 on every criterion → averages 3.33, 66.67 → 基本满意.
    expect(row('construction').department).toMatchObject({
      ratings: 3,
      shown: true,
      weightedTotal: 66.67,
      grade: 'BASICALLY_SATISFIED',
    });
    // environment: one rating, below the minimum: the count only.
    expect(row('environment').department).toEqual({
      ratings: 1,
      shown: false,
      averages: null,
      weightedTotal: null,
      grade: null,
      gradeName: null,
    });
    expect(row('environment').rank).toBeNull();
    // Ranked by weighted total, 1 first; the unshown after.
    const ranked = rows.filter((x) => x.rank !== null);
    expect(ranked.map((x) => x.rank)).toEqual([1, 2, 3]);
    expect(ranked[0]?.departmentId).toBe('market');
    // Nobody named: no subject, digest or comment anywhere.
    for (const needle of ['rep-e2e', 'demo-rep', 'Good service', 'rater', 'ballot']) {
      expect(r.text).not.toContain(needle);
    }
  });

  it("feeds the year's evaluation: each department's appraisal on the year's rows (definitions v5)", async () => {
    const admin = await runtime.token('admin');
    const run = await post('/v1/evaluations/2026/run', admin, {});
    expect(run.status, run.text).toBe(200);
    const year = await get('/v1/evaluations/2026');
    // Version 5 brought the appraisal; later versions keep it.
    expect(year.json.definitionsVersion).toBeGreaterThanOrEqual(5);
    const market = (year.json.departments as { departmentId: string; appraisal?: unknown }[]).find(
      (d) => d.departmentId === 'market',
    );
    expect(market?.appraisal).toMatchObject({ ratings: 4, rank: 1, grade: 'SATISFIED', final: false });
    const month = await post('/v1/evaluations/2026-11/run', admin, {});
    expect(month.status, month.text).toBe(200);
    expect((month.json.departments as { appraisal?: unknown }[]).every((d) => d.appraisal === undefined)).toBe(true);
  });
});
