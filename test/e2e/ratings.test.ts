import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { definitionsVersion } from '../../functions/domain/evaluation.ts';
import { RuntimeProcess } from '../support/runtime.ts';

/**
 * Issue 14's satisfaction reviews (好差评) over real HTTP on the simulated clock: an applicant gives a bad review to a
 * closed application, the contact goes overdue to supervision, the department contacts and rectifies late, the
 * applicant rates again; another bad review is appealed and excluded; the month's public summary counts them.
 */
const runtime = new RuntimeProcess();
const SC001 = ['application-form', 'articles', 'id-card', 'address-proof'].map((id) => ({ id }));
const body = (name: string) => ({
  itemCode: 'SC-001',
  applicant: { type: 'ENTERPRISE', name, phone: '0411-8888-0000' },
  materials: SC001,
});

let applicant: string;
let clerk: string;
let reviewer: string;
let head: string;
let supervisor: string;
let outsider: string;

beforeAll(async () => {
  // Monday 2026-11-02 10:00: a rating given now is due a contact by the end of Tuesday 11-03.
  await runtime.start({ now: '2026-11-02T10:00:00+08:00' });
  applicant = await runtime.token('applicant', { sub: 'rating-applicant' });
  clerk = await runtime.token('clerk', { department: 'market' });
  reviewer = await runtime.token('reviewer', { department: 'market' });
  head = await runtime.token('head', { department: 'market' });
  supervisor = await runtime.token('supervisor');
  outsider = await runtime.token('clerk', { department: 'tax' });
});
afterAll(async () => {
  await runtime.dispose();
});

async function closedCase(name: string): Promise<string> {
  const c = await runtime.call('POST', '/v1/applications', { token: applicant, body: body(name) });
  expect(c.status, c.text).toBe(201);
  const decided = await runtime.call('POST', `/v1/applications/${c.json.id}/decision`, {
    token: reviewer,
    body: { outcome: 'APPROVED' },
  });
  expect(decided.status, decided.text).toBe(200);
  return c.json.id as string;
}

/** The kinds of a rating's notifications in an inbox, once `kind` is among them (the stream tells a moment later). */
async function toldOf(token: string, ratingId: string, kind: string): Promise<string[]> {
  let kinds: string[] = [];
  for (let i = 0; i < 100 && !kinds.includes(kind); i++) {
    if (i) await new Promise((r) => setTimeout(r, 50));
    const r = await runtime.call('GET', '/v1/notifications?limit=100', { token });
    expect(r.status, r.text).toBe(200);
    kinds = (r.json.notifications as { kind: string; caseId: string }[])
      .filter((n) => n.caseId === ratingId)
      .map((n) => n.kind);
  }
  return kinds;
}

describe('a bad review followed to its follow-up rating', () => {
  let caseId: string;
  let ratingId: string;

  it('refuses to rate an open case, and rates a closed one once', async () => {
    const open = await runtime.call('POST', '/v1/applications', { token: applicant, body: body('未办结公司') });
    const early = await runtime.call('POST', `/v1/applications/${open.json.id}/rating`, {
      token: applicant,
      body: { level: 5 },
    });
    expect(early.status, early.text).toBe(409);

    caseId = await closedCase('差评公司');
    const bad = await runtime.call('POST', `/v1/applications/${caseId}/rating`, {
      token: applicant,
      body: { level: 6 },
    });
    expect(bad.status).toBe(400);
    expect(bad.json.errors[0].field).toBe('body.level');

    const headers = { 'idempotency-key': 'rate-once-0001' };
    const rated = await runtime.call('POST', `/v1/applications/${caseId}/rating`, {
      token: applicant,
      headers,
      body: { level: 1, comment: '窗口态度差 rude at the window' },
    });
    expect(rated.status, rated.text).toBe(201);
    expect(rated.json).toMatchObject({
      level: 1,
      bad: true,
      rectification: { contactBy: '2026-11-04T00:00:00+08:00', rectifyBy: '2026-11-24T00:00:00+08:00' },
    });
    ratingId = rated.json.id;
    // The same request again with its key: the first answer, nothing written twice.
    const replay = await runtime.call('POST', `/v1/applications/${caseId}/rating`, {
      token: applicant,
      headers,
      body: { level: 1, comment: '窗口态度差 rude at the window' },
    });
    expect([replay.status, replay.json.id]).toEqual([201, ratingId]);
    const again = await runtime.call('POST', `/v1/applications/${caseId}/rating`, {
      token: applicant,
      body: { level: 5 },
    });
    expect(again.status, again.text).toBe(409);
  });

  it('shows it to the applicant, the department and supervision only', async () => {
    for (const token of [applicant, clerk, supervisor]) {
      const r = await runtime.call('GET', `/v1/ratings/${ratingId}`, { token });
      expect(r.status, r.text).toBe(200);
      expect(r.json).toMatchObject({ level: 1, bad: true, rectification: { status: 'AWAITING_CONTACT' } });
    }
    expect((await runtime.call('GET', `/v1/ratings/${ratingId}`, { token: outsider })).status).toBe(404);
    const other = await runtime.token('applicant', { sub: 'someone-else' });
    expect((await runtime.call('GET', `/v1/ratings/${ratingId}`, { token: other })).status).toBe(404);
  });

  it('puts it on the department’s worklist (contact due) and lists, never on another department’s', async () => {
    const worklist = (await runtime.call('GET', '/v1/worklist', { token: clerk })).json;
    const entry = worklist.entries.find((e: { id: string }) => e.id === ratingId);
    expect(entry).toMatchObject({
      kind: 'RECTIFICATION',
      status: 'AWAITING_CONTACT',
      departmentId: 'market',
      itemName: expect.any(String),
      caseId,
      stage: 'CONTACT',
      deadline: '2026-11-04T00:00:00+08:00',
      unit: 'WORKING_DAYS',
      // Today (counted, as for cases) and Tuesday: 2 working days, above the 1-day warning threshold.
      light: 'GREEN',
      remainingDays: 2,
    });
    expect(JSON.stringify(worklist)).not.toContain('rating-applicant');
    const elsewhere = (await runtime.call('GET', '/v1/worklist', { token: outsider })).json;
    expect(elsewhere.entries.map((e: { id: string }) => e.id)).not.toContain(ratingId);

    const listed = async (token: string, query = '') =>
      ((await runtime.call('GET', `/v1/ratings${query}`, { token })).json.ratings as { id: string }[]).map((r) => r.id);
    expect(await listed(clerk)).toContain(ratingId);
    expect(await listed(outsider)).not.toContain(ratingId);
    expect(await listed(applicant)).toContain(ratingId);
    expect(await listed(await runtime.token('applicant', { sub: 'someone-else' }))).toEqual([]);
    expect(await listed(supervisor, '?status=AWAITING_CONTACT')).toContain(ratingId);
    expect(await listed(supervisor, '?status=CLOSED')).not.toContain(ratingId);
  });

  it('goes OVERDUE to supervision when nobody contacts the applicant within the working day', async () => {
    await runtime.advance(2 * 86400); // Wednesday 11-04 10:00: the end of Tuesday has passed.
    const r = await runtime.call('GET', `/v1/ratings/${ratingId}`, { token: supervisor });
    expect(r.json.rectification).toMatchObject({
      status: 'OVERDUE',
      contactOverdue: { supervisionDeadlineDate: '2026-11-05' },
    });
    expect(r.json.verification.valid).toBe(true);
    const entry = (await runtime.call('GET', '/v1/worklist', { token: clerk })).json.entries.find(
      (e: { id: string }) => e.id === ratingId,
    );
    expect(entry).toMatchObject({ status: 'OVERDUE', stage: 'CONTACT', light: 'RED', remainingDays: 0 });
    expect(entry.supervisionDeadline).toBe('2026-11-06T00:00:00+08:00');
    expect(await toldOf(supervisor, ratingId, 'RATING_CONTACT_OVERDUE')).toContain('RATING_CONTACT_OVERDUE');
    expect(await toldOf(applicant, ratingId, 'RATING_CONTACT_OVERDUE')).toEqual(
      expect.arrayContaining(['RATED', 'RATING_CONTACT_OVERDUE']),
    );
    // The department is told of the bad review, and of the overdue contact.
    expect(await toldOf(clerk, ratingId, 'RATING_CONTACT_OVERDUE')).toEqual(
      expect.arrayContaining(['RATED', 'RATING_CONTACT_OVERDUE']),
    );
  });

  it('is contacted late, rectified, and rated again once', async () => {
    expect(
      (await runtime.call('POST', `/v1/ratings/${ratingId}/rectification`, { token: clerk, body: { actions: 'x' } }))
        .status,
    ).toBe(409); // not contacted yet
    const contacted = await runtime.call('POST', `/v1/ratings/${ratingId}/contact`, {
      token: clerk,
      body: { note: '电话致歉 apologised by phone' },
    });
    expect(contacted.status, contacted.text).toBe(200);
    expect(contacted.json.rectification).toMatchObject({ status: 'CONTACTED', onTime: false });
    // Now the rectification report is owed: 15 working days, green.
    expect(
      (await runtime.call('GET', '/v1/worklist', { token: clerk })).json.entries.find(
        (e: { id: string }) => e.id === ratingId,
      ),
    ).toMatchObject({ status: 'CONTACTED', stage: 'RECTIFY', deadline: '2026-11-24T00:00:00+08:00', light: 'GREEN' });

    const missing = await runtime.call('POST', `/v1/ratings/${ratingId}/rectification`, { token: clerk, body: {} });
    expect(missing.status).toBe(400);
    expect(missing.json.errors[0].field).toBe('body.actions');
    const early = await runtime.call('POST', `/v1/ratings/${ratingId}/follow-up`, {
      token: applicant,
      body: { level: 4 },
    });
    expect(early.status).toBe(409); // before the rectification is reported

    const rectified = await runtime.call('POST', `/v1/ratings/${ratingId}/rectification`, {
      token: reviewer,
      body: { actions: '窗口人员培训并调整岗位 window staff retrained and reassigned' },
    });
    expect(rectified.status, rectified.text).toBe(200);
    expect(rectified.json.rectification.status).toBe('RECTIFIED');

    const followUp = await runtime.call('POST', `/v1/ratings/${ratingId}/follow-up`, {
      token: applicant,
      body: { level: 4 },
    });
    expect(followUp.status, followUp.text).toBe(200);
    expect(followUp.json).toMatchObject({ followUp: { level: 4 }, rectification: { status: 'CLOSED' } });
    // The rated department reads the timeline: the rating and the follow-up are "the applicant's", never an account.
    const seen = await runtime.call('GET', `/v1/ratings/${ratingId}`, { token: clerk });
    expect(seen.text).not.toContain('rating-applicant');
    expect(seen.json.timeline.find((e: { type: string }) => e.type === 'RATED')).toMatchObject({ by: 'applicant' });
    expect(seen.json.timeline.find((e: { type: string }) => e.type === 'RATING_FOLLOWED_UP')).toMatchObject({
      by: 'applicant',
    });
    // Nothing owed any more: off the worklist.
    expect(
      (await runtime.call('GET', '/v1/worklist', { token: clerk })).json.entries.map((e: { id: string }) => e.id),
    ).not.toContain(ratingId);
    expect(
      (await runtime.call('POST', `/v1/ratings/${ratingId}/follow-up`, { token: applicant, body: { level: 5 } }))
        .status,
    ).toBe(409);
    expect(followUp.json.timeline.map((e: { type: string }) => e.type)).toEqual([
      'RATED',
      'RATING_CONTACT_OVERDUE',
      'RATING_CONTACTED',
      'RATING_RECTIFIED',
      'RATING_FOLLOWED_UP',
    ]);
    expect(await toldOf(head, ratingId, 'RATING_FOLLOWED_UP')).toContain('RATING_FOLLOWED_UP');
  });

  it('verifies its hash chain for supervision (GET …/verify), from the first event to the stored head', async () => {
    const v = await runtime.call('GET', `/v1/ratings/${ratingId}/verify`, { token: supervisor });
    expect(v.status, v.text).toBe(200);
    expect(v.json).toEqual({ id: ratingId, valid: true, events: 5, firstBrokenAt: null });
    // Supervision's route: the department's staff and the applicant read the verdict inside GET /v1/ratings/{id}.
    expect((await runtime.call('GET', `/v1/ratings/${ratingId}/verify`, { token: head })).status).toBe(403);
  });

  it('put every step on the bus, without the applicant’s account or comment', async () => {
    // The bus is fed from the Ratings stream, a moment after each write.
    let events: { detail: { ratingId?: string; kind: string } }[] = [];
    for (let i = 0; i < 100; i++) {
      events = (await runtime.call('GET', `/_local/events?caseId=${caseId}`)).json.events;
      if (events.filter((e) => e.detail.ratingId === ratingId).length >= 5) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(events.filter((e) => e.detail.ratingId === ratingId).map((e) => e.detail.kind)).toEqual([
      'RATED',
      'RATING_CONTACT_OVERDUE',
      'RATING_CONTACTED',
      'RATING_RECTIFIED',
      'RATING_FOLLOWED_UP',
    ]);
    expect(JSON.stringify(events)).not.toContain('rating-applicant');
    expect(JSON.stringify(events)).not.toContain('rude at the window');
  });
});

describe('an appealed bad review and the public summary', () => {
  it('is excluded from the statistics when supervision upholds the appeal, with the reason', async () => {
    const caseId = await closedCase('恶意差评公司');
    const rated = await runtime.call('POST', `/v1/applications/${caseId}/rating`, {
      token: applicant,
      body: { level: 2 },
    });
    expect(rated.status, rated.text).toBe(201);
    const id = rated.json.id as string;
    expect(
      (await runtime.call('POST', `/v1/ratings/${id}/appeal`, { token: clerk, body: { reason: 'x' } })).status,
    ).toBe(403); // the head appeals, not a clerk
    const appealed = await runtime.call('POST', `/v1/ratings/${id}/appeal`, {
      token: head,
      body: { reason: '评价与办件无关 unrelated to the case' },
    });
    expect(appealed.status, appealed.text).toBe(200);
    expect(
      (await runtime.call('POST', `/v1/ratings/${id}/appeal`, { token: head, body: { reason: 'again' } })).status,
    ).toBe(409);
    const decided = await runtime.call('POST', `/v1/ratings/${id}/appeal/decide`, {
      token: supervisor,
      body: { upheld: true, reason: '经核实为误评 verified as mistaken' },
    });
    expect(decided.status, decided.text).toBe(200);
    expect(decided.json).toMatchObject({
      rectification: { status: 'EXCLUDED' },
      excluded: { reason: '经核实为误评 verified as mistaken' },
    });
    // No rectification is owed: both clocks end at their next look, which the ending wakes no sooner than the wait.
    await runtime.advance(86400);
    expect((await runtime.call('GET', `/v1/ratings/${id}`, { token: supervisor })).json.rectification.status).toBe(
      'EXCLUDED',
    );
  });

  it('counts the month per department and item, leaving the excluded review out', async () => {
    const summary = await runtime.call('GET', '/v1/ratings/summary?period=2026-11');
    expect(summary.status, summary.text).toBe(200);
    expect(summary.json.rows).toEqual([
      expect.objectContaining({
        departmentId: 'market',
        itemCode: 'SC-001',
        total: 1,
        levels: { 1: 1, 2: 0, 3: 0, 4: 0, 5: 0 },
        satisfactionRate: 0,
        badReviews: 1,
        rectifiedOnTime: 0,
        excluded: 1,
      }),
    ]);
    expect((await runtime.call('GET', '/v1/ratings/summary?period=2026-13')).status).toBe(400);
  });

  it('counts the same in the evaluation, per centre, department, item and handler, with the definitions', async () => {
    // The Ratings stream's tally lands a moment after each write: a run at the same instant is the same run, so
    // move the clock a second before each new try.
    let view = {} as {
      centre: Record<string, unknown>;
      departments: { departmentId: string }[];
      items: { itemCode: string }[];
      definitions: Record<string, { definition: string }>;
      definitionsVersion: number;
    };
    for (let i = 0; i < 20; i++) {
      const run = await runtime.call('POST', '/v1/evaluations/2026-11/run', { token: supervisor });
      expect(run.status, run.text).toBe(200);
      view = (await runtime.call('GET', '/v1/evaluations/2026-11')).json;
      if (view.centre.ratingsExcluded === 1) break;
      await new Promise((r) => setTimeout(r, 200));
      await runtime.advance(1);
    }
    const expected = {
      ratings: 1,
      ratingsSatisfied: 0,
      badReviews: 1,
      badReviewsRectifiedOnTime: 0, // contacted late
      ratingsExcluded: 1,
      satisfactionRate: 0,
      badReviewsRectifiedOnTimeRate: 0,
    };
    expect(view.centre).toMatchObject(expected);
    expect(view.departments.find((d: { departmentId: string }) => d.departmentId === 'market')).toMatchObject(expected);
    expect(view.items.find((d: { itemCode: string }) => d.itemCode === 'SC-001')).toMatchObject(expected);
    expect(view.definitions.satisfactionRate?.definition).toMatch(/levels 3–5/);
    expect(view.definitionsVersion).toBe(definitionsVersion);
  });
});
