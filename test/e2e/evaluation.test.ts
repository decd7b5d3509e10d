import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApplicableItem, applicationFor } from '../support/applications.ts';
import { RuntimeProcess } from '../support/runtime.ts';

/**
 * Issue 12 "Done when", black box over real HTTP: a month of work on the simulated clock, then — without any call —
 * the monthly schedule at 01:00+08:00 on the 1st evaluates the month just ended; its figures, scorecard, CSV,
 * officers, reruns and the year's awards, each with who may see them. One runtime for the whole file.
 *
 * September 2026, from Tuesday 09-01 10:00 (no holiday before 09-25):
 *   market        A  SC-001 online, decided the same day            → closed on time, early, 0 working days
 *                 B  SC-001 online, decided on its deadline date 09-04 → on time, not early, 3 working days
 *                 C  SC-002 immediate, at the window by a clerk      → closed on the spot
 *                 F  SC-001 online, a notice; complete on 09-02, decided 09-04 (deadline 09-07) → early, 2 days
 *   construction  D  CN-002 (5 days, eligible) left alone           → deemed approved 09-09 00:00
 *                 G  CN-001 (7 days, ineligible) left alone         → overdue 09-11 00:00, red card 09-15 00:00
 *   tax           H  TX-002 immediate, at the window by a clerk     → closed on the spot
 *                 R  SC-001 asked at the tax window                 → referred to market
 */
const START = '2026-09-01T10:00:00+08:00';

const runtime = new RuntimeProcess();
let applicant: string;
let supervisor: string;
let admin: string;
const reviewer: Record<string, string> = {};
const clerk: Record<string, string> = {};
const cases: Record<string, { id: string; deadlineDate?: string }> = {};
let catalog: ApplicableItem[] = [];

const secondsUntil = async (instant: string) => (Date.parse(instant) - Date.parse(await runtime.now())) / 1000;
const to = async (instant: string) => runtime.advance(await secondsUntil(instant));
const item = (code: string) => {
  const found = catalog.find((i) => i.code === code);
  if (!found) throw new Error(`no ${code} in the catalogue`);
  return found;
};

async function apply(code: string, token: string, override: Record<string, unknown> = {}) {
  const r = await runtime.call('POST', '/v1/applications', {
    token,
    body: { ...applicationFor(item(code)), ...override },
  });
  expect([200, 201], r.text).toContain(r.status);
  return r.json;
}

async function decide(caseId: string, department: string) {
  const r = await runtime.call('POST', `/v1/applications/${caseId}/decision`, {
    token: reviewer[department],
    body: { outcome: 'APPROVED' },
  });
  expect(r.status, r.text).toBe(200);
}

const evaluation = (period: string, options: Parameters<RuntimeProcess['call']>[2] = {}) =>
  runtime.call('GET', `/v1/evaluations/${period}`, options);

// biome-ignore lint/suspicious/noExplicitAny: response bodies are arbitrary JSON inspected field by field
const department = (snapshot: any, id: string) =>
  (snapshot.departments as { departmentId: string }[]).find((d) => d.departmentId === id);

/** The timeline events of a type, in September, of every case of this file (to cross-check the yellow warnings). */
async function eventsInSeptember(type: string, caseIds: string[]) {
  let n = 0;
  for (const id of caseIds) {
    const c = (await runtime.call('GET', `/v1/applications/${id}`, { token: supervisor })).json;
    n += (c.timeline as { type: string; at: string }[]).filter(
      (e) => e.type === type && e.at.startsWith('2026-09'),
    ).length;
  }
  return n;
}

beforeAll(async () => {
  await runtime.start({ now: START });
  applicant = await runtime.token('applicant', { sub: 'applicant-evaluation' });
  supervisor = await runtime.token('supervisor', { sub: 'inspector-evaluation' });
  admin = await runtime.token('admin', { sub: 'admin-evaluation' });
  for (const d of ['market', 'construction', 'tax']) {
    reviewer[d] = await runtime.token('reviewer', { department: d });
    clerk[d] = await runtime.token('clerk', { department: d });
  }
  catalog = (await runtime.call('GET', '/v1/catalog')).json.items;

  // 09-01 10:00: every application of the month is made.
  cases.A = await apply('SC-001', applicant);
  cases.B = await apply('SC-001', applicant);
  const c = await apply('SC-002', clerk.market as string);
  expect(c).toMatchObject({ status: 'APPROVED', handledOnTheSpot: true });
  cases.C = c;
  const f = await apply('SC-001', applicant, { materials: [{ id: 'application-form' }] });
  expect(f.status).toBe('MATERIALS_REQUIRED');
  cases.F = f;
  cases.D = await apply('CN-002', applicant);
  cases.G = await apply('CN-001', applicant);
  const h = await apply('TX-002', clerk.tax as string);
  expect(h).toMatchObject({ status: 'APPROVED', handledOnTheSpot: true });
  cases.H = h;
  const referred = await apply('SC-001', clerk.tax as string);
  expect(referred.status).toBe('REFERRED');
  for (const key of ['A', 'B', 'D', 'G']) expect(cases[key], key).toMatchObject({ status: 'ACCEPTED' });
  expect(cases.A?.deadlineDate).toBe('2026-09-04');
  expect(cases.D?.deadlineDate).toBe('2026-09-08');
  expect(cases.G?.deadlineDate).toBe('2026-09-10');

  // 11:00: A is decided the day it was accepted.
  await runtime.advance(3600);
  await decide(cases.A?.id as string, 'market');
  // 09-02: F's papers are complete → accepted today, due 09-07.
  await to('2026-09-02T10:00:00+08:00');
  const completed = await runtime.call('POST', `/v1/applications/${cases.F?.id}/materials`, {
    token: applicant,
    body: { materials: item('SC-001').materials.filter((m) => m.required && m.id !== 'application-form') },
  });
  expect(completed.status, completed.text).toBe(200);
  expect(completed.json).toMatchObject({ status: 'ACCEPTED', acceptedOn: '2026-09-02', deadlineDate: '2026-09-07' });
  // 09-04, B's deadline date: B decided on its last day, F three days early.
  await to('2026-09-04T10:00:00+08:00');
  await decide(cases.B?.id as string, 'market');
  await decide(cases.F?.id as string, 'market');
}, 120_000);

afterAll(async () => {
  await runtime.dispose();
});

describe('the monthly evaluation, scheduled on the simulated clock', () => {
  it('is not the closing evaluation one second before 01:00 on the 1st, and is one second after it, uncalled', async () => {
    await to('2026-10-01T00:59:59+08:00');
    // The daily month-to-date runs have evaluated September so far, through 09-29; the quarter is not evaluated yet.
    const before = await evaluation('2026-09');
    expect(before.status, before.text).toBe(200);
    expect(before.json).toMatchObject({ period: '2026-09', complete: false, through: '2026-09-29' });
    expect((await evaluation('2026-Q3')).status).toBe(404);

    await to('2026-10-01T01:00:01+08:00');
    const after = await evaluation('2026-09');
    expect(after.status, after.text).toBe(200);
    expect(after.json).toMatchObject({
      period: '2026-09',
      kind: 'MONTH',
      from: '2026-09-01',
      to: '2026-09-30',
      through: '2026-09-30',
      complete: true,
      generatedAt: '2026-10-01T01:00:00+08:00',
      generatedBy: 'schedule:monthly-evaluation',
      trigger: { kind: 'SCHEDULE', schedule: 'monthly-evaluation' },
    });
    // The month-to-date snapshots before it are kept as earlier revisions.
    expect(after.json.revisions.length).toBeGreaterThan(1);
    expect(after.json.revision).toBe(Math.max(...after.json.revisions.map((r: { revision: number }) => r.revision)));
    // The quarter ending that day was evaluated by the same run.
    expect(await evaluation('2026-Q3')).toMatchObject({
      status: 200,
      json: { period: '2026-Q3', from: '2026-07-01', to: '2026-09-30', complete: true },
    });
  });

  it("answers the month's figures, the centre's and each department's, exactly as the cases imply", async () => {
    const { json: e } = await evaluation('2026-09');
    expect(department(e, 'market')).toMatchObject({
      departmentId: 'market',
      name: expect.toSatisfy((n: unknown) => JSON.stringify(n).includes('市场监督管理局')),
      received: 4, // A, B, C, F
      accepted: 4,
      notices: 1, // F
      repeatedNotices: 0,
      referred: 0,
      closed: 4,
      closedOnTime: 4,
      closedEarly: 2, // A, F (an immediate item decided on the spot is never early)
      closedOnTheSpot: 1,
      overdue: 0,
      deemedApprovals: 0,
      redCards: 0,
      onTimeRate: 1,
      workingDaysToClose: 5, // A 0 + B 3 + C 0 + F 2
      averageWorkingDays: 1.25,
      immediateShareOfCases: 0.25,
    });
    // D: accepted 09-01, deemed approved at 00:00 on 09-09: the working days after 09-01 through 09-08 are the
    // five promised (the deemed approval lands at the first instant after the last of them).
    expect(department(e, 'construction')).toMatchObject({
      received: 2,
      accepted: 2,
      closed: 1,
      closedOnTime: 0,
      closedEarly: 0,
      onTimeRate: 0,
      overdue: 1, // G
      deemedApprovals: 1, // D
      redCards: 1, // G, still open at its supervision deadline
      averageWorkingDays: 5,
    });
    expect(department(e, 'tax')).toMatchObject({
      received: 1,
      accepted: 1,
      referred: 1, // R, at the tax window
      closed: 1,
      closedOnTime: 1,
      closedOnTheSpot: 1,
      immediateShareOfCases: 1,
      averageWorkingDays: 0,
      overdue: 0,
      deemedApprovals: 0,
    });
    expect(e.centre).toMatchObject({
      received: 7,
      accepted: 7,
      notices: 1,
      referred: 1,
      closed: 6,
      closedOnTime: 5,
      overdue: 1,
      deemedApprovals: 1,
      redCards: 1,
      closedOnTheSpot: 2,
      workingDaysToClose: 10,
      averageWorkingDays: 1.67, // 10 ÷ 6
      onTimeRate: 0.8333,
      immediateShareOfCases: 0.3333,
    });
    expect(e.centre.closedEarly).toBe(2);
    // The yellow warnings the clocks raised in September (B, D, G), counted from the timelines themselves.
    const ids = Object.values(cases).map((c) => c.id);
    const yellow = await eventsInSeptember('YELLOW_WARNING', ids);
    expect(yellow).toBe(3);
    expect(e.centre.yellowWarnings).toBe(yellow);
    // Every department's figures add up to the centre's.
    for (const name of ['received', 'closed', 'closedOnTime', 'overdue', 'deemedApprovals', 'notices', 'referred']) {
      const sum = (e.departments as Record<string, number>[]).reduce((a, d) => a + (d[name] ?? 0), 0);
      expect(sum, name).toBe(e.centre[name]);
    }
    // Each metric comes with its definition.
    for (const name of ['closed', 'closedOnTime', 'onTimeRate', 'closedEarly', 'overdue', 'deemedApprovals']) {
      expect(e.definitions[name], name).toMatchObject({
        name: { zh: expect.any(String) },
        definition: expect.any(String),
      });
    }
    expect(e.definitions.averageWorkingDays.definition).toMatch(/working days/);
    // Items too: SC-001 closed three times in September.
    expect((e.items as { itemCode: string; closed: number }[]).find((i) => i.itemCode === 'SC-001')?.closed).toBe(3);
  });

  it('states the scorecard: each target with its definition, baseline, current figure, target and verdict', async () => {
    const { json: e } = await evaluation('2026-09');
    for (const name of ['immediateShare', 'shortenedItems', 'promisedTimeReduction', 'onlineDisclosure']) {
      expect(e.targets[name], name).toMatchObject({
        definition: expect.any(String),
        baseline: expect.toSatisfy((v: unknown) => v === null || typeof v === 'number'),
        current: expect.toSatisfy((v: unknown) => v === null || typeof v === 'number'),
        target: expect.toSatisfy((v: unknown) => v === null || typeof v === 'number'),
        met: expect.toSatisfy((v: unknown) => v === null || typeof v === 'boolean'),
      });
    }
    // The immediate share must rise by 15 percentage points, and says so.
    expect(e.targets.immediateShare.unit).toBe('percentage points');
    expect(e.targets.immediateShare.definition).toMatch(/percentage points/);
    // The demo catalogue: 1 immediate item of 12 at the baseline (TX-002), 3 of 12 now (SC-002, EN-002, TX-002).
    const { baseline, current, target, met } = e.targets.immediateShare;
    expect(current - baseline).toBeCloseTo((current > 1 ? 100 : 1) * (3 / 12 - 1 / 12), 2);
    expect(target - baseline).toBeCloseTo(current > 1 ? 15 : 0.15, 6);
    expect(met).toBe(true);
    // 11 of the 12 guides are complete in both languages (TX-002 is not): every guide online is not met.
    expect(e.targets.onlineDisclosure.met).toBe(false);
  });

  it('gives one CSV row per department (and the centre), for a spreadsheet', async () => {
    const r = await evaluation('2026-09', { headers: { accept: 'text/csv' } });
    expect(r.status, r.text).toBe(200);
    expect(r.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const lines = r.text
      .replace(/^\uFEFF/, '')
      .split('\r\n')
      .filter(Boolean);
    const header = (lines[0] ?? '').split(',');
    expect(header.slice(0, 3)).toEqual(['unit', 'departmentId', 'name']);
    for (const name of ['closed', 'closedOnTime', 'onTimeRate', 'closedEarly', 'overdue', 'deemedApprovals']) {
      expect(header, name).toContain(name);
    }
    const json = (await evaluation('2026-09')).json;
    expect(lines).toHaveLength(1 + json.departments.length + 1);
    const rowOf = (id: string) => (lines.find((l) => l.startsWith(`DEPARTMENT,${id},`)) ?? '').split(',');
    expect(rowOf('market')[header.indexOf('closed')]).toBe('4');
    expect(rowOf('construction')[header.indexOf('deemedApprovals')]).toBe('1');
    expect(rowOf('construction')[header.indexOf('overdue')]).toBe('1');
    // The demo has a department called `centre` (the one-stop desk); the whole centre's row is told apart by `unit`.
    expect(rowOf('centre')).toHaveLength(header.length);
    expect(lines.at(-1)).toMatch(/^CENTRE,,/);
    expect((lines.at(-1) ?? '').split(',')[header.indexOf('closed')]).toBe('6');
  });

  it('gives the scorecard as CSV too, one row per target with its unit, figures and verdict as in the JSON', async () => {
    const { json: e } = await evaluation('2026-09');
    const r = await runtime.call('GET', '/v1/evaluations/2026-09/targets', { headers: { accept: 'text/csv' } });
    expect(r.status, r.text).toBe(200);
    expect(r.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(r.headers.get('content-disposition')).toBe('attachment; filename="evaluation-2026-09-targets.csv"');
    const lines = r.text
      .replace(/^\uFEFF/, '')
      .split('\r\n')
      .filter(Boolean);
    // The first seven columns hold no comma (the definition, after them, may be quoted).
    const rows = lines.map((line) => line.split(',').slice(0, 7).join(','));
    const cell = (v: unknown) => (v === null ? '' : String(v));
    expect(rows).toEqual([
      'key,name,unit,baseline,current,target,met',
      ...Object.entries(e.targets).map(([key, t]) => {
        const { name, unit, baseline, current, target, met } = t as Record<string, unknown> & {
          name: { zh: string; en: string };
        };
        return [key, `${name.zh} ${name.en}`, unit, baseline, current, target, met].map(cell).join(',');
      }),
    ]);
    expect(rows[1]).toMatch(/^immediateShare,即办件比例 immediate share of items,percentage points,/);
  });

  it('answers 404 for a period not evaluated and 400 naming `period` for one that is not a period', async () => {
    const missing = await evaluation('2026-11');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toContain('application/problem+json');
    expect(missing.json.detail).toMatch(/run/);
    for (const bad of ['2026-13', 'september', '2026-Q5', '2026-09-31..2026-10-01']) {
      const r = await evaluation(bad);
      expect(r.status, bad).toBe(400);
      expect(r.headers.get('content-type')).toContain('application/problem+json');
      expect(r.json.title).toMatch(/[\u4e00-\u9fff].* .*[A-Za-z]/);
      expect(
        (r.json.errors as { field: string }[]).some((x) => /(^|\.)period$/.test(x.field)),
        bad,
      ).toBe(true);
    }
  });
});

describe("the officers' figures", () => {
  it('go to supervisors, and to a head for their own department only', async () => {
    const all = await runtime.call('GET', '/v1/evaluations/2026-09/officers', { token: supervisor });
    expect(all.status, all.text).toBe(200);
    const officers = all.json.officers as { officer: string; departmentId: string; closed: number }[];
    expect(new Set(officers.map((o) => o.departmentId))).toEqual(new Set(['market', 'construction', 'tax']));
    // The market reviewer decided A, B and F; the market clerk C, on the spot.
    expect(officers.find((o) => o.officer === 'reviewer-market')).toMatchObject({ closed: 3, closedOnTime: 3 });
    expect(officers.find((o) => o.officer === 'clerk-market')).toMatchObject({ closed: 1, closedOnTheSpot: 1 });
    // An applicant is nobody's officer: their online submission, acceptance and resubmission are not staff work.
    expect(officers.map((o) => o.officer)).not.toContain('applicant-evaluation');

    const head = await runtime.token('head', { department: 'construction' });
    const own = await runtime.call('GET', '/v1/evaluations/2026-09/officers', { token: head });
    expect(own.status, own.text).toBe(200);
    expect(own.json.officers.length).toBeGreaterThan(0);
    for (const o of own.json.officers) expect(o.departmentId).toBe('construction');
    for (const w of own.json.windows) expect(w.departmentId).toBe('construction');

    for (const token of [clerk.market, reviewer.market, applicant]) {
      const r = await runtime.call('GET', '/v1/evaluations/2026-09/officers', { token });
      expect(r.status).toBe(403);
      expect(r.headers.get('content-type')).toContain('application/problem+json');
    }
    expect((await runtime.call('GET', '/v1/evaluations/2026-09/officers')).status).toBe(401);
  });
});

describe('running a period on request', () => {
  it('is for an administrator or a supervisor, idempotent at the same instant, and keeps earlier revisions', async () => {
    for (const token of [applicant, clerk.market, reviewer.market]) {
      expect((await runtime.call('POST', '/v1/evaluations/2026-09/run', { token })).status).toBe(403);
    }
    expect((await runtime.call('POST', '/v1/evaluations/2026-09/run')).status).toBe(401);
    const scheduled = (await evaluation('2026-09')).json;

    const first = await runtime.call('POST', '/v1/evaluations/2026-09/run', { token: supervisor });
    expect(first.status, first.text).toBe(200);
    expect(first.json).toMatchObject({
      period: '2026-09',
      revision: scheduled.revision + 1,
      generatedBy: 'inspector-evaluation',
      trigger: { kind: 'REQUEST', by: 'inspector-evaluation' },
      complete: true,
    });
    // The same figures: nothing changed in September since.
    expect(first.json.centre).toEqual(scheduled.centre);
    // Same instant (the simulated clock stands still): the same snapshot, no new revision.
    const again = await runtime.call('POST', '/v1/evaluations/2026-09/run', { token: admin });
    expect(again.status, again.text).toBe(200);
    expect(again.json.revision).toBe(first.json.revision);
    expect(again.json.generatedAt).toBe(first.json.generatedAt);

    // A minute later: a new revision, the earlier ones kept and listed.
    await runtime.advance(60);
    const later = await runtime.call('POST', '/v1/evaluations/2026-09/run', { token: admin });
    expect(later.status, later.text).toBe(200);
    expect(later.json.revision).toBe(first.json.revision + 1);
    const published = await evaluation('2026-09');
    const latest = published.json;
    expect(latest.revision).toBe(later.json.revision);
    // Public: who ran it by role, never by account.
    expect(published.text).not.toContain('inspector-evaluation');
    expect(latest.generatedBy).toBe('request:admin');
    const listed = latest.revisions.map((r: { revision: number }) => r.revision);
    for (const n of [scheduled.revision, first.json.revision, later.json.revision]) expect(listed).toContain(n);
    expect(latest.revisions).toContainEqual(
      expect.objectContaining({ revision: scheduled.revision, generatedBy: 'schedule:monthly-evaluation' }),
    );
  });
});

describe("the year's awards", () => {
  it('need the year evaluated, and never propose the department with a deemed approval', async () => {
    const before = await runtime.call('GET', '/v1/evaluations/2026/awards', { token: supervisor });
    expect(before.status).toBe(404);
    expect(before.json.detail).toMatch(/run/);
    expect((await runtime.call('GET', '/v1/evaluations/2026/awards', { token: applicant })).status).toBe(403);

    const year = await runtime.call('POST', '/v1/evaluations/2026/run', { token: admin });
    expect(year.status, year.text).toBe(200);
    expect(year.json).toMatchObject({ period: '2026', kind: 'YEAR' });
    expect(year.json.centre).toMatchObject({ closed: 6, deemedApprovals: 1, overdue: 1 });

    const r = await runtime.call('GET', '/v1/evaluations/2026/awards', { token: supervisor });
    expect(r.status, r.text).toBe(200);
    const { civilisedSections, bestCivilServants, serviceStars } = r.json;
    for (const list of [civilisedSections, bestCivilServants, serviceStars]) {
      expect(Array.isArray(list.ranked)).toBe(true);
      expect(Array.isArray(list.excluded)).toBe(true);
    }
    const excluded = civilisedSections.excluded.find((x: { unit: { id: string } }) => x.unit.id === 'construction');
    expect(excluded, JSON.stringify(civilisedSections)).toMatchObject({
      unit: { kind: 'DEPARTMENT', id: 'construction' },
      reason: expect.stringMatching(/\S/),
    });
    // The record behind it: D's deemed approval (`<caseId>#<reason>`).
    expect((excluded.records as string[]).some((r) => r.startsWith(`${cases.D?.id}`))).toBe(true);
    const ranked = civilisedSections.ranked as { rank: number; unit: { id: string }; score: number }[];
    expect(ranked.map((c) => c.unit.id)).not.toContain('construction');
    // Market's record is clean: if it is left out, it is for its small volume (the scoring's minimum), never for
    // accountability.
    const market = civilisedSections.excluded.find((x: { unit: { id: string } }) => x.unit.id === 'market');
    if (!ranked.some((c) => c.unit.id === 'market'))
      expect(market?.kind, JSON.stringify(market)).not.toBe('ACCOUNTABILITY');
    expect(excluded.kind).toBe('ACCOUNTABILITY');
    expect(ranked.map((c) => c.rank)).toEqual(ranked.map((_, i) => i + 1));
    for (let i = 1; i < ranked.length; i++) expect(ranked[i - 1]?.score).toBeGreaterThanOrEqual(ranked[i]?.score ?? 0);
    // Nor the officers on record for it.
    const officerIds = [...bestCivilServants.ranked, ...serviceStars.ranked].map(
      (c: { unit: { id: string } }) => c.unit.id,
    );
    expect(officerIds).not.toContain('construction-reviewer');
    expect(officerIds).not.toContain('applicant-evaluation');
  });
});

describe('a local runtime stopped over the 1st', () => {
  it('closes the month it missed when it starts again, uncalled, with the scheduled time of the missed run', async () => {
    // Act: stopped on 10-01 just after the closing run of September; started again on 11-03 (11-01 01:00 passed).
    expect((await evaluation('2026-10')).status).toBe(404);
    await runtime.stop();
    await runtime.start({ now: '2026-11-03T10:00:00+08:00' });

    // Assess: October is closed as the monthly schedule would have closed it, and November counted to date.
    const october = await evaluation('2026-10');
    expect(october.status, october.text).toBe(200);
    expect(october.json).toMatchObject({
      complete: true,
      through: '2026-10-31',
      generatedBy: 'schedule:monthly-evaluation',
      trigger: { kind: 'SCHEDULE', schedule: 'monthly-evaluation', scheduledTime: '2026-10-31T17:00:00.000Z' },
    });
    const november = await evaluation('2026-11');
    expect(november.json).toMatchObject({
      complete: false,
      through: '2026-11-02',
      generatedBy: 'schedule:daily-evaluation',
    });
  });
});
