import { DescribeExecutionCommand } from '@aws-sdk/client-sfn';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RuntimeProcess } from '../support/runtime.ts';

/**
 * Issue 16's accountability register (问责, docs/supervision.md) over real HTTP on the simulated clock, one runtime:
 * deemed approvals put on record → OPEN → investigated → decided (LEADER, CRITICISM) → published and found on the
 * public route with no phone, ID number or name; an undecided one refused publication (409); one dismissed; one whose
 * investigation runs past its limit escalated by its clock and decided late; the quarter's flags; a record written
 * before the workflow read as OPEN; who may do what (403).
 */
const runtime = new RuntimeProcess();
const PHONE = '0411-8765-4321';
const ID_NUMBER = '21020219800101123X';
const SC001 = ['application-form', 'articles', 'id-card', 'address-proof'].map((id) => ({ id }));

let applicant: string;
let reviewer: string;
let head: string;
let awayHead: string;
let supervisor: string;

interface RecordView {
  id: string;
  caseId: string;
  status: string;
  reason: string;
  departmentId: string;
  leader: { id: string; name: string };
  handler: { id: string; name: string };
  investigation: { deadline: string; overdueAt: string | null } | null;
  decision: { responsibility: string; sanction: string; late: boolean; answerable: { role: string }[] } | null;
  timeline: { type: string }[];
  verification: { valid: boolean; events: number };
  sanctions: { code: string; zh: string; en: string }[];
}

beforeAll(async () => {
  // Monday 2026-11-02 10:00: SC-001 (3 working days, deemed consent) runs out at the end of Thursday 11-05.
  await runtime.start({
    now: '2026-11-02T10:00:00+08:00',
    // The deployment's policy: a short investigation limit (5 working days) and two records flag a unit.
    env: { ACCOUNTABILITY_POLICY: JSON.stringify({ investigationWorkingDays: 5, flagThreshold: 2 }) },
  });
  applicant = await runtime.token('applicant', { sub: 'acc-applicant' });
  reviewer = await runtime.token('reviewer', { department: 'market' });
  head = await runtime.token('head', { department: 'market' });
  awayHead = await runtime.token('head', { department: 'tax' });
  supervisor = await runtime.token('supervisor');
});
afterAll(async () => {
  await runtime.dispose();
});

const post = (path: string, token: string, body: unknown = {}, headers: Record<string, string> = {}) =>
  runtime.call('POST', path, { token, body, headers });

async function record(id: string, token = supervisor): Promise<RecordView> {
  const r = await runtime.call('GET', `/v1/accountability/${id}`, { token });
  expect(r.status, r.text).toBe(200);
  return r.json as RecordView;
}

/** The kinds of a record's notifications in an inbox, once `kind` is among them (the stream tells a moment later). */
async function toldOf(token: string, recordId: string, kind: string): Promise<string[]> {
  let kinds: string[] = [];
  for (let i = 0; i < 100 && !kinds.includes(kind); i++) {
    if (i) await new Promise((r) => setTimeout(r, 50));
    const r = await runtime.call('GET', '/v1/notifications?limit=100', { token });
    expect(r.status, r.text).toBe(200);
    kinds = (r.json.notifications as { kind: string; caseId: string }[])
      .filter((n) => n.caseId === recordId)
      .map((n) => n.kind);
  }
  return kinds;
}

/** Every string anywhere in a JSON value, with its path. */
function strings(value: unknown, at = '$'): [string, string][] {
  if (typeof value === 'string') return [[at, value]];
  if (Array.isArray(value)) return value.flatMap((v, i) => strings(v, `${at}[${i}]`));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => strings(v, `${at}.${k}`));
  return [];
}

describe('the accountability register from a deemed approval to the public route', () => {
  const ids: string[] = [];
  let published: RecordView;

  it('puts three deemed approvals on record, each OPEN with an id', async () => {
    const cases: string[] = [];
    for (const name of ['问责甲公司', '问责乙公司', '问责丙公司']) {
      const c = await post('/v1/applications', applicant, {
        itemCode: 'SC-001',
        applicant: { type: 'ENTERPRISE', name, phone: PHONE, idNumber: ID_NUMBER },
        materials: SC001,
      });
      expect(c.status, c.text).toBe(201);
      cases.push(c.json.id as string);
    }
    const first = await runtime.call('GET', `/v1/applications/${cases[0]}`, { token: supervisor });
    await runtime.advance((Date.parse(first.json.deadline) - Date.parse(await runtime.now())) / 1000 + 1);
    for (const c of cases) {
      const after = await runtime.call('GET', `/v1/applications/${c}`, { token: supervisor });
      expect(after.json.status).toBe('DEEMED_APPROVED');
    }
    const list = await runtime.call('GET', '/v1/accountability', { token: supervisor });
    expect(list.status, list.text).toBe(200);
    for (const c of cases) {
      const r = (list.json.records as RecordView[]).find((x) => x.caseId === c && x.reason === 'DEEMED_APPROVAL');
      expect(r, `record of ${c}`).toMatchObject({ id: `${c}.DEEMED_APPROVAL`, status: 'OPEN', departmentId: 'market' });
      ids.push(r?.id as string);
    }
    const one = await record(ids[0] as string);
    expect(one.timeline.map((e) => e.type)).toEqual(['ACCOUNTABILITY_RECORDED']);
    // The configured sanctions, for the decision form (the default list, lightest first).
    expect(one.sanctions.map((s) => s.code)).toEqual(['NONE', 'CRITICISM', 'WARNING', 'DEMERIT']);
    expect(one.sanctions[1]).toEqual({ code: 'CRITICISM', zh: '通报批评', en: 'Public criticism' });
  });

  it('lets only supervisors act, and a head read only their own department’s records', async () => {
    const id = ids[0] as string;
    for (const token of [reviewer, head, applicant]) {
      const r = await post(`/v1/accountability/${id}/investigate`, token);
      expect(r.status, r.text).toBe(403);
    }
    expect((await runtime.call('GET', `/v1/accountability/${id}`, { token: head })).status).toBe(200);
    expect((await runtime.call('GET', `/v1/accountability/${id}`, { token: awayHead })).status).toBe(403);
    expect((await runtime.call('GET', '/v1/accountability/flags', { token: head })).status).toBe(403);
    const unknown = await runtime.call('GET', '/v1/accountability/XN20261102-01M3JVV380QJJZT2T48YR1WNCY.OVERDUE', {
      token: supervisor,
    });
    expect(unknown.status, unknown.text).toBe(404);
    const bad = await runtime.call('GET', '/v1/accountability/not-an-id', { token: supervisor });
    expect(bad.status).toBe(400);
    expect(bad.json.errors[0].field).toBe('path.id');
  });

  it('refuses to publish an undecided record (409), then investigates, decides (LEADER, CRITICISM) and publishes', async () => {
    const id = ids[0] as string;
    const early = await post(`/v1/accountability/${id}/publish`, supervisor);
    expect(early.status, early.text).toBe(409);
    expect(early.json.recordStatus).toBe('OPEN');

    const investigated = await post(`/v1/accountability/${id}/investigate`, supervisor, { note: '调取办件记录' });
    expect(investigated.status, investigated.text).toBe(200);
    expect(investigated.json.status).toBe('INVESTIGATING');
    expect(investigated.json.investigation.workingDays).toBe(5);
    expect((await post(`/v1/accountability/${id}/investigate`, supervisor)).status).toBe(409);
    expect((await post(`/v1/accountability/${id}/publish`, supervisor)).status).toBe(409);

    // 领导责任: a deemed approval is not put on the handler alone; a sanction off the list is named as such.
    const handlerOnly = await post(`/v1/accountability/${id}/decide`, supervisor, {
      responsibility: 'HANDLER',
      sanction: 'WARNING',
      findings: '经办人未及时办理',
    });
    expect(handlerOnly.status, handlerOnly.text).toBe(400);
    expect(handlerOnly.json.errors[0].field).toBe('body.responsibility');
    const offList = await post(`/v1/accountability/${id}/decide`, supervisor, {
      responsibility: 'LEADER',
      sanction: 'FINE',
      findings: '罚款',
    });
    expect(offList.status).toBe(400);
    expect(offList.json.errors[0]).toMatchObject({ field: 'body.sanction' });
    expect(offList.json.errors[0].reason).toContain('CRITICISM');
    const missing = await post(`/v1/accountability/${id}/decide`, supervisor, { responsibility: 'LEADER' });
    expect(missing.status).toBe(400);
    expect(missing.json.errors.map((e: { field: string }) => e.field)).toEqual(
      expect.arrayContaining(['body.sanction', 'body.findings']),
    );

    const decided = await post(`/v1/accountability/${id}/decide`, supervisor, {
      responsibility: 'LEADER',
      sanction: 'CRITICISM',
      findings: `分管领导未督促办理，申请人电话 ${PHONE}`,
    });
    expect(decided.status, decided.text).toBe(200);
    expect(decided.json).toMatchObject({
      status: 'DECIDED',
      decision: { responsibility: 'LEADER', sanction: 'CRITICISM', sanctionName: { zh: '通报批评' }, late: false },
    });
    expect(decided.json.decision.answerable).toEqual([{ role: 'LEADER', ...decided.json.leader }]);
    expect((await post(`/v1/accountability/${id}/decide`, supervisor, decided.json.decision)).status).toBe(409);

    // Idempotency-Key: the retry of a publication answers as the first did, and publishes once.
    const key = { 'idempotency-key': 'publish-a-0001' };
    const publish = await post(`/v1/accountability/${id}/publish`, supervisor, {}, key);
    expect(publish.status, publish.text).toBe(200);
    const replay = await post(`/v1/accountability/${id}/publish`, supervisor, {}, key);
    expect(replay.status).toBe(200);
    expect(replay.json).toEqual(publish.json);
    expect((await post(`/v1/accountability/${id}/publish`, supervisor)).status).toBe(409);

    published = await record(id);
    expect(published.status).toBe('PUBLISHED');
    expect(published.timeline.map((e) => e.type)).toEqual([
      'ACCOUNTABILITY_RECORDED',
      'INVESTIGATION_OPENED',
      'ACCOUNTABILITY_DECIDED',
      'ACCOUNTABILITY_PUBLISHED',
    ]);
    expect(published.verification).toEqual({ valid: true, events: 4, firstBrokenAt: null });
  });

  it('shows the published outcome to anyone, with no ID number, phone or name anywhere', async () => {
    const r = await runtime.call('GET', '/v1/public/accountability');
    expect(r.status, r.text).toBe(200);
    expect(r.json.publishNamesFrom).toBeNull();
    expect(r.json.records).toHaveLength(1);
    expect(r.json.records[0]).toMatchObject({
      departmentId: 'market',
      reason: 'DEEMED_APPROVAL',
      responsibility: 'LEADER',
      sanction: 'CRITICISM',
      publishedAt: expect.stringMatching(/\+08:00$/),
      answerable: [{ role: 'LEADER', name: null }],
    });
    const digits = (s: string) => s.replace(/\D/g, '');
    const forbidden = [
      digits(PHONE),
      ID_NUMBER,
      ID_NUMBER.slice(0, 17),
      published.leader.name,
      published.handler.name,
      published.leader.id,
      published.handler.id,
      published.caseId,
      '问责甲公司',
    ];
    for (const [path, value] of strings(r.json)) {
      for (const bad of forbidden)
        expect(digits(value).includes(digits(bad)) && digits(bad).length > 6, path).toBe(false);
      for (const bad of forbidden) expect(value.includes(bad), `${path} holds ${bad}`).toBe(false);
      // No run of 7+ digits (a phone) nor an 18-character identity number, whatever its source.
      expect(value, path).not.toMatch(/\d{7,}|\b\d{17}[\dX]\b/);
    }
    expect(digits(r.text)).not.toContain(digits(PHONE));
  });

  it('tells the department’s head of the decision against their department', async () => {
    const kinds = await toldOf(head, ids[0] as string, 'ACCOUNTABILITY_PUBLISHED');
    expect(kinds).toEqual(
      expect.arrayContaining(['INVESTIGATION_OPENED', 'ACCOUNTABILITY_DECIDED', 'ACCOUNTABILITY_PUBLISHED']),
    );
  });

  it('dismisses an open record with its reasons, after which it is neither decided nor published', async () => {
    const id = ids[1] as string;
    const noReason = await post(`/v1/accountability/${id}/dismiss`, supervisor, {});
    expect(noReason.status).toBe(400);
    expect(noReason.json.errors[0].field).toBe('body.reason');
    const dismissed = await post(`/v1/accountability/${id}/dismiss`, supervisor, {
      reason: '系统故障所致，非人为原因',
    });
    expect(dismissed.status, dismissed.text).toBe(200);
    expect(dismissed.json).toMatchObject({ status: 'DISMISSED', dismissal: { reason: '系统故障所致，非人为原因' } });
    expect((await post(`/v1/accountability/${id}/dismiss`, supervisor, { reason: 'again' })).status).toBe(409);
    expect((await post(`/v1/accountability/${id}/publish`, supervisor)).status).toBe(409);
    expect((await post(`/v1/accountability/${id}/investigate`, supervisor)).status).toBe(409);
  });

  it('escalates an investigation still undecided at its limit, and records the late decision as late', async () => {
    const id = ids[2] as string;
    const opened = await post(`/v1/accountability/${id}/investigate`, supervisor);
    expect(opened.status, opened.text).toBe(200);
    const deadline = opened.json.investigation.deadline as string;
    // One second before the limit: still investigating, not escalated.
    await runtime.advance((Date.parse(deadline) - Date.parse(await runtime.now())) / 1000 - 1);
    expect((await record(id)).investigation?.overdueAt).toBeNull();
    await runtime.advance(1);
    const escalated = await record(id);
    expect(escalated.status).toBe('INVESTIGATING');
    expect(escalated.investigation?.overdueAt).toBe(deadline);
    expect(escalated.timeline.at(-1)?.type).toBe('INVESTIGATION_OVERDUE');
    const execution = await runtime.sfn().send(
      new DescribeExecutionCommand({
        executionArn: `arn:aws:states:us-east-1:000000000000:execution:InvestigationClock:${id.replace('.', '_')}-investigation`,
      }),
    );
    expect(execution.status).toBe('SUCCEEDED');
    expect(await toldOf(supervisor, id, 'INVESTIGATION_OVERDUE')).toContain('INVESTIGATION_OVERDUE');

    const late = await post(`/v1/accountability/${id}/decide`, supervisor, {
      responsibility: 'BOTH',
      sanction: 'WARNING',
      findings: '经办人与分管领导均有责任',
    });
    expect(late.status, late.text).toBe(200);
    expect(late.json.decision).toMatchObject({ responsibility: 'BOTH', late: true });
    expect(late.json.decision.answerable.map((a: { role: string }) => a.role)).toEqual(['HANDLER', 'LEADER']);
  });

  it('flags the department and its officers with two records in the quarter (the dismissed one not counted)', async () => {
    const r = await runtime.call('GET', '/v1/accountability/flags?quarter=2026-Q4', { token: supervisor });
    expect(r.status, r.text).toBe(200);
    expect(r.json).toMatchObject({ quarter: '2026-Q4', from: '2026-10-01', to: '2026-12-31', threshold: 2 });
    const market = r.json.flags.find((f: { kind: string; departmentId: string }) => f.kind === 'DEPARTMENT');
    expect(market).toMatchObject({ departmentId: 'market', records: 2 });
    expect([...market.ids].sort()).toEqual([ids[0], ids[2]].sort());
    expect(r.json.flags.some((f: { kind: string }) => f.kind === 'OFFICER')).toBe(true);
    const bad = await runtime.call('GET', '/v1/accountability/flags?quarter=2026-Q5', { token: supervisor });
    expect(bad.status).toBe(400);
    expect(bad.json.errors[0].field).toBe('query.quarter');
  });

  it('reads a record written before the workflow as OPEN with an id, and takes it through', async () => {
    const caseId = 'XN20260101-01KE5Z6W00000000000000LEGA';
    await runtime.documents().send(
      new PutCommand({
        TableName: 'xiaoneng-local-Accountability',
        Item: {
          caseId,
          reason: 'OVERDUE',
          departmentId: 'tax',
          itemCode: 'TX-001',
          handler: { id: 'tax-reviewer', name: '旧记录经办人' },
          leader: { id: 'tax-head', name: '旧记录负责人' },
          at: '2026-01-10T00:00:00+08:00',
          deadline: '2026-01-10T00:00:00+08:00',
          recordedBy: 'system:approval-clock',
          year: '2026',
        },
      }),
    );
    const list = await runtime.call('GET', '/v1/accountability?year=2026', { token: supervisor });
    const legacy = (list.json.records as RecordView[]).find((r) => r.caseId === caseId);
    expect(legacy).toMatchObject({ id: `${caseId}.OVERDUE`, status: 'OPEN', investigation: null, decision: null });
    const dismissed = await post(`/v1/accountability/${caseId}.OVERDUE/dismiss`, supervisor, { reason: '已另案处理' });
    expect(dismissed.status, dismissed.text).toBe(200);
    const after = await record(`${caseId}.OVERDUE`);
    expect(after.status).toBe('DISMISSED');
    expect(after.verification).toMatchObject({ valid: true, events: 1 });
  });

  it('counts the decisions, publications and dismissals in the month’s evaluation (definitions version 4)', async () => {
    // The month so far is counted through yesterday: move to the next day, then run it (the tally follows the stream).
    await runtime.advance(86_400);
    let view: {
      definitionsVersion: number;
      centre: Record<string, number>;
      departments: ({ departmentId: string } & Record<string, number>)[];
    } = { definitionsVersion: 0, centre: {}, departments: [] };
    for (let i = 0; i < 20; i++) {
      const run = await runtime.call('POST', '/v1/evaluations/2026-11/run', { token: supervisor });
      expect(run.status, run.text).toBe(200);
      view = run.json;
      if (view.centre.accountabilityDismissed === 2 && view.centre.accountabilityDecided === 2) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    // 4 brought the register's figures; later versions keep them (5: the year-end appraisal).
    expect(view.definitionsVersion).toBeGreaterThanOrEqual(4);
    expect(view.centre).toMatchObject({
      accountabilityDecided: 2,
      accountabilityPublished: 1,
      accountabilityDismissed: 2,
    });
    expect(view.departments.find((d) => d.departmentId === 'market')).toMatchObject({
      accountabilityDecided: 2,
      accountabilityPublished: 1,
      accountabilityDismissed: 1,
    });
    expect(view.departments.find((d) => d.departmentId === 'tax')).toMatchObject({ accountabilityDismissed: 1 });
  });

  it('puts a red card on record beside the overdue case’s record, its leader answerable', async () => {
    const c = await post('/v1/applications', applicant, {
      itemCode: 'SC-003',
      applicant: { type: 'ENTERPRISE', name: '红牌公司', phone: PHONE },
      materials: ['application-form', 'business-licence', 'floor-plan', 'safety-rules'].map((id) => ({ id })),
    });
    expect(c.status, c.text).toBe(201);
    const id = c.json.id as string;
    let view = (await runtime.call('GET', `/v1/applications/${id}`, { token: supervisor })).json;
    await runtime.advance((Date.parse(view.deadline) - Date.parse(await runtime.now())) / 1000 + 1);
    view = (await runtime.call('GET', `/v1/applications/${id}`, { token: supervisor })).json;
    expect(view.status).toBe('OVERDUE');
    await runtime.advance((Date.parse(view.supervision.deadline) - Date.parse(await runtime.now())) / 1000 + 1);
    view = (await runtime.call('GET', `/v1/applications/${id}`, { token: supervisor })).json;
    expect(view.redCardAt).not.toBeNull();
    const card = await record(`${id}.RED_CARD`);
    expect(card).toMatchObject({ status: 'OPEN', reason: 'RED_CARD', departmentId: view.departmentId });
    expect((card as unknown as { leaderAnswerable: boolean }).leaderAnswerable).toBe(true);
    expect((await record(`${id}.OVERDUE`)).status).toBe('OPEN');
    expect((await post(`/v1/accountability/${id}.RED_CARD/investigate`, supervisor)).status).toBe(200);
    const handlerOnly = await post(`/v1/accountability/${id}.RED_CARD/decide`, supervisor, {
      responsibility: 'HANDLER',
      sanction: 'DEMERIT',
      findings: '督办期限内仍未办结',
    });
    expect(handlerOnly.status).toBe(400);
    expect(handlerOnly.json.errors[0].field).toBe('body.responsibility');
  });

  it('puts a bad review upheld on appeal on record against the department', async () => {
    const c = await post('/v1/applications', applicant, {
      itemCode: 'SC-001',
      applicant: { type: 'ENTERPRISE', name: '差评公司', phone: PHONE },
      materials: SC001,
    });
    const decided = await post(`/v1/applications/${c.json.id}/decision`, reviewer, { outcome: 'APPROVED' });
    expect(decided.status, decided.text).toBe(200);
    const rated = await post(`/v1/applications/${c.json.id}/rating`, applicant, { level: 1 });
    expect(rated.status, rated.text).toBe(201);
    const ratingId = rated.json.id as string;
    expect((await post(`/v1/ratings/${ratingId}/appeal`, head, { reason: '恶意差评' })).status).toBe(200);
    const rejected = await post(`/v1/ratings/${ratingId}/appeal/decide`, supervisor, {
      upheld: false,
      reason: '经核实差评属实',
    });
    expect(rejected.status, rejected.text).toBe(200);
    const r = await record(`${ratingId}.BAD_REVIEW`);
    expect(r).toMatchObject({ status: 'OPEN', reason: 'BAD_REVIEW', departmentId: 'market' });
  });
});
