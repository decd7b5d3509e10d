import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RuntimeProcess } from '../support/runtime.ts';

/**
 * Issue 14's grievance story over real HTTP on the simulated clock: an applicant's complaint and an anonymous report,
 * both accepted and assigned; the report goes overdue to supervision and then gets the red card, the complaint is
 * answered with findings (an accountability record appears), reviewed (复查, with the review's own extension) and
 * re-reviewed (复核, final: closed); a second complaint's review overturns its answer (now substantiated: the record
 * appears) and its re-review, unanswered, goes overdue to supervision and gets the red card; an appeal closes after
 * its review period. Throughout, the assigned department's staff never see who filed anything.
 */
const runtime = new RuntimeProcess();
const DAY = 86_400;
const COMPLAINANT = 'complainant-wang';
const NAME = '王秀英';
const PHONE = '13912345678';

/** Everything the department's staff were shown (responses, inbox, bus): searched for the complainant at the end. */
const seenByDepartment: string[] = [];

let supervisor: string;
let applicant: string;
let head: string;
let reviewer: string;

beforeAll(async () => {
  await runtime.start({ now: '2026-03-02T10:00:00+08:00' });
  supervisor = await runtime.token('supervisor', { sub: 'supervisor-li' });
  applicant = await runtime.token('applicant', { sub: COMPLAINANT });
  head = await runtime.token('head', { sub: 'head-market', department: 'market' });
  reviewer = await runtime.token('reviewer', { sub: 'reviewer-market', department: 'market' });
});
afterAll(async () => {
  await runtime.dispose();
});

async function asDepartment(method: string, path: string, token: string, body?: unknown) {
  const r = await runtime.call(method, path, { token, ...(body === undefined ? {} : { body }) });
  seenByDepartment.push(r.text);
  return r;
}

async function until<T>(read: () => Promise<T>, done: (v: T) => boolean, what: string): Promise<T> {
  for (let i = 0; i < 150; i++) {
    const v = await read();
    if (done(v)) return v;
    await new Promise((r) => setTimeout(r, 40));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const get = async (id: string) => (await runtime.call('GET', `/v1/grievances/${id}`, { token: supervisor })).json;

let complaint: string;
let report: string;
let reportCode: string;
let appeal: string;
let second: string;

describe('filing', () => {
  it('refuses a grievance without its summary or detail, naming the field', async () => {
    const r = await runtime.call('POST', '/v1/grievances', {
      token: applicant,
      body: { kind: 'COMPLAINT', detail: '窗口推诿' },
    });
    expect(r.status).toBe(400);
    expect(r.json.errors.map((e: { field: string }) => e.field)).toContain('body.summary');
    const noToken = await runtime.call('POST', '/v1/grievances', {
      body: { kind: 'COMPLAINT', summary: 's', detail: 'd' },
    });
    expect(noToken.status).toBe(400);
    // What it is about is checked: a case must be one of the complainant's own (another's or none reads the same),
    // a department must exist; nothing is filed.
    const fieldOf = async (extra: Record<string, string>) => {
      const refused = await runtime.call('POST', '/v1/grievances', {
        token: applicant,
        body: { kind: 'COMPLAINT', summary: 's', detail: 'd', ...extra },
      });
      expect(refused.status, refused.text).toBe(400);
      return refused.json.errors.map((e: { field: string; reason: string }) => `${e.field}: ${e.reason}`);
    };
    expect(await fieldOf({ caseId: 'XN20260302-01KJN21H00NOSUCHCASE0000000' })).toEqual([
      'body.caseId: 须为您本人申请的案件编号 must be the id of one of your own applications',
    ]);
    expect(await fieldOf({ departmentId: 'no-such-bureau' })).toEqual([
      'body.departmentId: 须为部门编号（部门见 GET /v1/departments） must be a department id (GET /v1/departments)',
    ]);
    const mine = await runtime.call('GET', '/v1/grievances', { token: applicant });
    expect(mine.json.grievances).toEqual([]);
  });

  it('files an applicant’s complaint (idempotently) and an anonymous report with a query code', async () => {
    const body = {
      kind: 'COMPLAINT',
      departmentId: 'market',
      officer: '赵科员',
      summary: '窗口推诿 Sent away at the window',
      detail: '三次到窗口均被要求补充清单外材料 Asked three times for papers not on the list',
      contact: { name: NAME, phone: PHONE },
    };
    const headers = { 'Idempotency-Key': 'complaint-1' };
    const first = await runtime.call('POST', '/v1/grievances', { token: applicant, body, headers });
    expect(first.status, first.text).toBe(201);
    expect(first.json).toMatchObject({ kind: 'COMPLAINT', status: 'RECEIVED', unit: 'CALENDAR_DAYS' });
    // 15 calendar days from the day after filing (Mon 2 March): the end of Tue 17 March.
    expect(first.json.acceptBy).toBe('2026-03-18T00:00:00+08:00');
    const again = await runtime.call('POST', '/v1/grievances', { token: applicant, body, headers });
    expect(again.json.id).toBe(first.json.id);
    complaint = first.json.id;

    const anonymous = await runtime.call('POST', '/v1/grievances', {
      body: {
        kind: 'REPORT',
        departmentId: 'market',
        summary: '收受礼品 Gifts taken',
        detail: '审批前收受购物卡 Shopping cards taken before approval',
        anonymous: true,
      },
    });
    expect(anonymous.status, anonymous.text).toBe(201);
    expect(anonymous.json.status).toBe('RECEIVED');
    expect(anonymous.json.queryCode).toMatch(/^[0-9A-Z]{12}$/);
    report = anonymous.json.id;
    reportCode = anonymous.json.queryCode;

    const a = await runtime.call('POST', '/v1/grievances', {
      token: applicant,
      body: {
        kind: 'APPEAL',
        departmentId: 'market',
        summary: '申诉 Appeal',
        detail: '红灯有误 The red light is wrong',
      },
    });
    appeal = a.json.id;

    const b = await runtime.call('POST', '/v1/grievances', {
      token: applicant,
      body: {
        kind: 'COMPLAINT',
        departmentId: 'market',
        summary: '超时未办 Not done in time',
        detail: '承诺时限已过仍未办结 Still not decided after the promised limit',
      },
    });
    expect(b.status, b.text).toBe(201);
    second = b.json.id;
  });

  it('lets anyone with the code follow the report, and no one without it', async () => {
    const r = await runtime.call('GET', `/v1/grievances/lookup?code=${reportCode}`);
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ id: report, status: 'RECEIVED' });
    expect((await runtime.call('GET', '/v1/grievances/lookup?code=AAAAAAAAAAAA')).status).toBe(404);
  });
});

describe('acceptance, extension and findings', () => {
  it('supervision accepts and assigns each one: 60 days on, past the May Day holiday', async () => {
    const nowhere = await runtime.call('POST', `/v1/grievances/${complaint}/accept`, {
      token: supervisor,
      body: { assignTo: 'no-such-bureau' },
    });
    expect(nowhere.status, nowhere.text).toBe(400);
    expect(nowhere.json.errors[0]).toMatchObject({ field: 'body.assignTo' });
    for (const id of [complaint, report, appeal, second]) {
      const r = await runtime.call('POST', `/v1/grievances/${id}/accept`, {
        token: supervisor,
        body: { assignTo: 'market' },
      });
      expect(r.status, r.text).toBe(200);
      // 2 March + 60 days is Fri 1 May, a holiday through the 5th: the last day moves to Wed 6 May (Art.203).
      expect(r.json).toMatchObject({ status: 'ACCEPTED', handleBy: '2026-05-07T00:00:00+08:00' });
    }
    // The department sees the substance, never who filed it.
    const seen = await asDepartment('GET', `/v1/grievances/${complaint}`, reviewer);
    expect(seen.status).toBe(200);
    expect(seen.json.summary).toContain('窗口推诿');
  });

  it('puts the four on the department’s worklist (handling owed, green) and its list; not another’s', async () => {
    const worklist = (await asDepartment('GET', '/v1/worklist', reviewer)).json;
    const mine = worklist.entries.filter((e: { kind: string }) => e.kind === 'GRIEVANCE');
    expect(mine.map((e: { id: string }) => e.id).sort()).toEqual([complaint, report, appeal, second].sort());
    expect(mine.find((e: { id: string }) => e.id === report)).toMatchObject({
      status: 'ACCEPTED',
      departmentId: 'market',
      summary: '收受礼品 Gifts taken',
      grievanceKind: 'REPORT',
      stage: 'HANDLE',
      deadline: '2026-05-07T00:00:00+08:00',
      unit: 'CALENDAR_DAYS',
      light: 'GREEN',
      remainingDays: 66, // 2 March through 6 May, both counted
    });
    const other = await runtime.token('reviewer', { sub: 'reviewer-tax', department: 'tax' });
    expect((await runtime.call('GET', '/v1/worklist', { token: other })).json.entries).toEqual([]);

    const page = (await asDepartment('GET', '/v1/grievances?limit=3', reviewer)).json;
    expect(page.grievances).toHaveLength(3);
    const rest = (await asDepartment('GET', `/v1/grievances?cursor=${page.next}`, reviewer)).json;
    expect([...page.grievances, ...rest.grievances].map((g: { id: string }) => g.id).sort()).toEqual(
      [complaint, report, appeal, second].sort(),
    );
    expect((await runtime.call('GET', '/v1/grievances', { token: other })).json.grievances).toEqual([]);
    // A cursor is held to the list it came from: the department's is no page of the complainant's.
    expect((await runtime.call('GET', `/v1/grievances?cursor=${page.next}`, { token: applicant })).status).toBe(400);
    const own = (await runtime.call('GET', '/v1/grievances', { token: applicant })).json.grievances;
    expect(own.map((g: { id: string }) => g.id).sort()).toEqual([complaint, appeal, second].sort());
    const reports = (await runtime.call('GET', '/v1/grievances?kind=REPORT', { token: supervisor })).json.grievances;
    expect(reports.map((g: { id: string }) => g.id)).toEqual([report]);
  });

  it('the head asks for the one extension, supervision approves it; a second is refused', async () => {
    const asked = await asDepartment('POST', `/v1/grievances/${complaint}/extension`, head, {
      days: 30,
      reason: '需调取监控 Footage to obtain',
    });
    expect(asked.status, asked.text).toBe(200);
    const approved = await runtime.call('POST', `/v1/grievances/${complaint}/extension/approve`, {
      token: supervisor,
    });
    expect(approved.status, approved.text).toBe(200);
    expect(approved.json.handleBy).toBe('2026-06-06T00:00:00+08:00'); // 6 May + 30 days
    expect(
      (await asDepartment('POST', `/v1/grievances/${complaint}/extension`, head, { days: 5, reason: '再延 again' }))
        .status,
    ).toBe(409);
    expect(
      (await runtime.call('POST', `/v1/grievances/${complaint}/extension/approve`, { token: supervisor })).status,
    ).toBe(409);
  });

  it('findings need both the findings and the actions; substantiated → an accountability record (COMPLAINT)', async () => {
    const missing = await asDepartment('POST', `/v1/grievances/${complaint}/findings`, reviewer, {
      substantiated: true,
      findings: '属实',
    });
    expect(missing.status).toBe(400);
    expect(missing.json.errors.map((e: { field: string }) => e.field)).toContain('body.actions');
    const answered = await asDepartment('POST', `/v1/grievances/${complaint}/findings`, reviewer, {
      substantiated: true,
      findings: '经查属实：清单外索要材料 Substantiated: papers off the list were asked for',
      actions: '对赵科员批评教育，窗口重新培训 The officer was reprimanded, the window retrained',
    });
    expect(answered.status, answered.text).toBe(200);
    expect(answered.json.status).toBe('ANSWERED');
    const records = (await runtime.call('GET', '/v1/accountability', { token: supervisor })).json.records as {
      caseId: string;
      reason: string;
      departmentId: string;
      handler: { name: string };
    }[];
    expect(records.find((r) => r.caseId === complaint)).toMatchObject({
      reason: 'COMPLAINT',
      departmentId: 'market',
      handler: { name: '赵科员' },
    });
    const notSubstantiated = await asDepartment('POST', `/v1/grievances/${appeal}/findings`, head, {
      substantiated: false,
      findings: '红灯依规亮起 The light was right',
      actions: '向申诉人说明 Explained to the appellant',
    });
    expect(notSubstantiated.json.status).toBe('ANSWERED');
  });

  it('the complainant asks for a review within the period → UNDER_REVIEW', async () => {
    const r = await runtime.call('POST', `/v1/grievances/${complaint}/review-request`, {
      token: applicant,
      body: { reason: '处理过轻 Too lenient' },
    });
    expect(r.status, r.text).toBe(200);
    expect(r.json).toMatchObject({ status: 'UNDER_REVIEW', reviewRound: 1 });
    // 30 days from Tue 3 March: the end of Wed 1 April.
    expect(r.json.reviewBy).toBe('2026-04-02T00:00:00+08:00');
  });
});

describe('the review (复查) and the re-review (复核)', () => {
  const decide = (id: string, body: unknown) =>
    runtime.call('POST', `/v1/grievances/${id}/review-decision`, { token: supervisor, body });
  const ask = (id: string, reason: string) =>
    runtime.call('POST', `/v1/grievances/${id}/review-request`, { token: applicant, body: { reason } });

  it('the review has its own one extension (the handling’s was used): asked, approved, a second refused', async () => {
    const asked = await asDepartment('POST', `/v1/grievances/${complaint}/extension`, head, {
      days: 30,
      reason: '需补充调查 More to look into',
    });
    expect(asked.status, asked.text).toBe(200);
    expect(asked.json.reviewExtension).toMatchObject({ days: 30, status: 'PENDING' });
    const approved = await runtime.call('POST', `/v1/grievances/${complaint}/extension/approve`, {
      token: supervisor,
    });
    expect(approved.status, approved.text).toBe(200);
    // 1 April + 30 days is Fri 1 May, a holiday through the 5th: Wed 6 May. The handling's deadline stays.
    expect(approved.json).toMatchObject({
      status: 'UNDER_REVIEW',
      reviewBy: '2026-05-07T00:00:00+08:00',
      handleBy: '2026-06-06T00:00:00+08:00',
    });
    expect(
      (await asDepartment('POST', `/v1/grievances/${complaint}/extension`, head, { days: 5, reason: '再延 again' }))
        .status,
    ).toBe(409);
    expect(
      (await runtime.call('POST', `/v1/grievances/${complaint}/extension/approve`, { token: supervisor })).status,
    ).toBe(409);
  });

  it('refuses a decision without findings or actions, or upheld yet changing the finding, naming the field', async () => {
    const missing = await decide(complaint, { upheld: true, findings: '维持' });
    expect(missing.status).toBe(400);
    expect(missing.json.errors.map((e: { field: string }) => e.field)).toContain('body.actions');
    const contradictory = await decide(complaint, {
      upheld: true,
      substantiated: false,
      findings: '维持',
      actions: '无',
    });
    expect(contradictory.status).toBe(400);
    expect(contradictory.json.errors.map((e: { field: string }) => e.field)).toEqual(['body.substantiated']);
  });

  it('supervision upholds the answer: ANSWERED again, with 30 days to ask for the re-review', async () => {
    const r = await decide(complaint, {
      upheld: true,
      findings: '复查维持原处理意见 The answer stands',
      actions: '督促窗口整改到位 The window’s retraining checked',
    });
    expect(r.status, r.text).toBe(200);
    expect(r.json).toMatchObject({ status: 'ANSWERED', reviewWindowBy: '2026-04-02T00:00:00+08:00' });
    expect(r.json.reviewDecisions).toMatchObject([{ round: 1, upheld: true, substantiated: true, late: false }]);
  });

  it('the re-review: asked within its period, answered, final — the grievance closes and a third request is refused', async () => {
    const asked = await ask(complaint, '仍不服 Still not satisfied');
    expect(asked.status, asked.text).toBe(200);
    expect(asked.json).toMatchObject({
      status: 'UNDER_REVIEW',
      reviewRound: 2,
      reviewBy: '2026-04-02T00:00:00+08:00',
    });
    const decided = await decide(complaint, {
      upheld: true,
      findings: '复核维持 The review stands',
      actions: '告知复核意见为最终意见 Told that this answer is final',
    });
    expect(decided.status, decided.text).toBe(200);
    expect(decided.json.status).toBe('CLOSED');
    expect(decided.json.timeline.map((e: { type: string }) => e.type).slice(-4)).toEqual([
      'GRIEVANCE_EXTENDED',
      'GRIEVANCE_REVIEW_DECIDED',
      'GRIEVANCE_REREVIEW_REQUESTED',
      'GRIEVANCE_REREVIEW_DECIDED',
    ]);
    const third = await ask(complaint, '再次 Once more');
    expect(third.status).toBe(409);
    expect(third.json.type).toContain('no-further-review');
  });

  it('a review that overturns an unsubstantiated answer opens the accountability record (COMPLAINT)', async () => {
    const answered = await asDepartment('POST', `/v1/grievances/${second}/findings`, reviewer, {
      substantiated: false,
      findings: '经查不属实 Not substantiated',
      actions: '已说明 Explained',
    });
    expect(answered.json.status).toBe('ANSWERED');
    const records = async () =>
      (
        (await runtime.call('GET', '/v1/accountability', { token: supervisor })).json.records as { caseId: string }[]
      ).filter((r) => r.caseId === second);
    expect(await records()).toEqual([]);
    expect((await ask(second, '调查不实 The finding is wrong')).json.status).toBe('UNDER_REVIEW');
    const overturned = await decide(second, {
      upheld: false,
      findings: '复查认定属实 Substantiated on review',
      actions: '责令限期办结 Ordered to decide at once',
    });
    expect(overturned.status, overturned.text).toBe(200);
    expect(overturned.json.reviewDecisions).toMatchObject([{ round: 1, upheld: false, substantiated: true }]);
    expect(await records()).toMatchObject([{ reason: 'COMPLAINT', departmentId: 'market' }]);
    // The re-review is asked for and left unanswered: the simulated clock below takes it overdue.
    expect((await ask(second, '要求追责 Asking for accountability')).json).toMatchObject({ reviewRound: 2 });
  });
});

describe('on the clock', () => {
  // One advance of 68 days: the handling limit is 60 calendar days by law. The simulated clock steps through every
  // hourly reconciler run on the way (~1 s of real time per simulated day on this machine), hence the long timeout.
  it('closes the appeal after its review period, sends the report overdue to supervision, then the red card', {
    timeout: 180_000,
  }, async () => {
    await runtime.advance(68 * DAY); // Mon 2 March → Sat 9 May
    const closed = await until(
      () => get(appeal),
      (g) => g.status === 'CLOSED',
      'the appeal to close',
    );
    expect(closed.timeline.map((e: { type: string }) => e.type)).toContain('GRIEVANCE_CLOSED');
    // The report's handling deadline, the end of Wed 6 May, passed: overdue, supervision 2 working days (7, 8 May).
    const carded = await until(
      () => get(report),
      (g) => g.redCardAt !== undefined,
      'the red card',
    );
    expect(carded).toMatchObject({ status: 'OVERDUE', overdueStage: 'HANDLE' });
    expect(carded.supervision.deadlineDate).toBe('2026-05-08');
    expect(carded.timeline.map((e: { type: string }) => e.type).slice(-2)).toEqual([
      'GRIEVANCE_OVERDUE',
      'GRIEVANCE_RED_CARD',
    ]);
    const followed = (await runtime.call('GET', `/v1/grievances/lookup?code=${reportCode}`)).json;
    expect(followed.status).toBe('OVERDUE');
    // Still owed by the department: on its worklist with the red card, before anything else. The second complaint's
    // re-review, overdue since April, is supervision's to decide: in supervision's overdue list, not the worklist;
    // the closed appeal and the closed complaint are gone.
    const worklist = (await asDepartment('GET', '/v1/worklist', reviewer)).json.entries;
    expect(worklist[0]).toEqual(
      expect.objectContaining({ id: report, kind: 'GRIEVANCE', stage: 'HANDLE', light: 'RED_CARD', remainingDays: 0 }),
    );
    expect(worklist.map((e: { id: string }) => e.id)).not.toContain(appeal);
    expect(worklist.map((e: { id: string }) => e.id)).not.toContain(second);
    const overdue = (await runtime.call('GET', '/v1/grievances?status=OVERDUE', { token: supervisor })).json;
    expect(overdue.grievances.map((g: { id: string }) => g.id).sort()).toEqual([second, report].sort());
    expect(overdue.grievances.find((g: { id: string }) => g.id === second)).toMatchObject({ stage: 'REREVIEW' });
    // A late answer is still written, and verification holds on every grievance.
    const late = await asDepartment('POST', `/v1/grievances/${report}/findings`, reviewer, {
      substantiated: false,
      findings: '经查不属实 Not substantiated',
      actions: '已向举报人反馈 Fed back to the informer',
    });
    expect(late.json.status).toBe('ANSWERED');
    const after = (await asDepartment('GET', '/v1/worklist', reviewer)).json.entries;
    expect(after.map((e: { id: string }) => e.id)).not.toContain(report);
    // The unanswered re-review: overdue at the end of Wed 1 April, supervision to Fri 3 April, then the red card.
    const rereview = await until(
      () => get(second),
      (g) => g.redCardAt !== undefined,
      'the re-review’s red card',
    );
    expect(rereview).toMatchObject({ status: 'OVERDUE', overdueStage: 'REREVIEW' });
    expect(rereview.supervision.deadlineDate).toBe('2026-04-03');
    const lateFinal = await runtime.call('POST', `/v1/grievances/${second}/review-decision`, {
      token: supervisor,
      body: { upheld: true, findings: '复核维持 The review stands', actions: '已追责 Accountability followed' },
    });
    expect(lateFinal.status, lateFinal.text).toBe(200);
    expect(lateFinal.json.status).toBe('CLOSED');
    expect(lateFinal.json.reviewDecisions.at(-1)).toMatchObject({ round: 2, late: true });
    for (const id of [complaint, report, appeal, second]) {
      const v = await runtime.call('GET', `/v1/grievances/${id}/verify`, { token: supervisor });
      expect(v.json.valid, v.text).toBe(true);
    }
  });
});

describe('in the evaluation', () => {
  it('March counts the four received and the three answered in it, on time, one substantiated', async () => {
    const run = await runtime.call('POST', '/v1/evaluations/2026-03/run', { token: supervisor });
    expect(run.status, run.text).toBe(200);
    const view = (await runtime.call('GET', '/v1/evaluations/2026-03')).json;
    const expected = {
      complaintsReceived: 4,
      complaintsAnswered: 3,
      complaintsAnsweredOnTime: 3,
      complaintsSubstantiated: 1,
      complaintsOverdue: 0,
      complaintOnTimeRate: 1,
    };
    expect(view.centre).toMatchObject(expected);
    expect(view.departments.find((d: { departmentId: string }) => d.departmentId === 'market')).toMatchObject(expected);
    expect(view.definitions.complaintsAnsweredOnTime.definition).toMatch(/handling deadline/);
    // The report went overdue in May (its handling) and the complaint in April (its review): their months' figures.
    const may = await runtime.call('POST', '/v1/evaluations/2026-05/run', { token: supervisor });
    expect(may.json.centre).toMatchObject({ complaintsOverdue: 1, complaintsReceived: 0 });
  });
});

describe('told at every step, informer protected', () => {
  it('the complainant’s inbox has every step of their complaint', async () => {
    const inbox = (await runtime.call('GET', '/v1/notifications?limit=100', { token: applicant })).json
      .notifications as { caseId: string; kind: string }[];
    expect(inbox.filter((n) => n.caseId === complaint).map((n) => n.kind)).toEqual(
      expect.arrayContaining([
        'GRIEVANCE_RECEIVED',
        'GRIEVANCE_ACCEPTED',
        'GRIEVANCE_ANSWERED',
        'GRIEVANCE_REVIEW_REQUESTED',
        'GRIEVANCE_EXTENDED',
        'GRIEVANCE_REVIEW_DECIDED',
        'GRIEVANCE_REREVIEW_REQUESTED',
        'GRIEVANCE_REREVIEW_DECIDED',
      ]),
    );
    expect(inbox.filter((n) => n.caseId === second).map((n) => n.kind)).toEqual(
      expect.arrayContaining(['GRIEVANCE_REVIEW_DECIDED', 'GRIEVANCE_OVERDUE', 'GRIEVANCE_REREVIEW_DECIDED']),
    );
  });

  it('the department never sees the complainant’s name, phone, contact or token subject anywhere', async () => {
    for (const token of [head, reviewer]) {
      seenByDepartment.push((await runtime.call('GET', '/v1/notifications?limit=100', { token })).text);
    }
    for (const id of [complaint, report, appeal, second]) {
      seenByDepartment.push(JSON.stringify((await runtime.call('GET', `/_local/events?caseId=${id}`)).json));
    }
    const everything = seenByDepartment.join('\n');
    expect(everything).toContain(complaint); // it did see the complaint itself
    for (const secret of [COMPLAINANT, NAME, PHONE, '"contact"', reportCode]) expect(everything).not.toContain(secret);
    // Supervision sees who filed it.
    expect((await get(complaint)).contact).toEqual({ name: NAME, phone: PHONE });
  });
});
