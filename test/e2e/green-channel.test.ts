import { GetExecutionHistoryCommand } from '@aws-sdk/client-sfn';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RuntimeProcess } from '../support/runtime.ts';

/**
 * Issue 15's "Done when", over real HTTP on the simulated clock, one runtime: an investor registers a RMB 500 million
 * project needing items of three departments, an administrator names its officer, the investor fills the one form,
 * the officer opens the joint approval, two departments answer, the third is deemed to agree at its deadline (缺席默认)
 * with the accountability record and the result; the 409s and the 403; the execution graph shows who is pending; the
 * +15 extension on a second project; the one form reused by an application (green channel first in the worklist);
 * the officer's inbox and the tracking log with every department's steps; a higher approval reminded of.
 */
const runtime = new RuntimeProcess();
const HOUR = 3600;
const DAY = 24 * HOUR;
const OFFICER = 'officer-zhang';

let investor: string;
let admin: string;
let officer: string;
let supervisor: string;
let marketReviewer: string;
let constructionHead: string;
let environmentReviewer: string;
let taxReviewer: string;
let marketClerk: string;

const project = (name: string, amount: number, items: string[]) => ({
  name,
  investment: { amount, currency: 'CNY' },
  items,
  applicant: { type: 'ENTERPRISE', name: '大连绿色通道投资有限公司', phone: '0411-8888-1500' },
});

beforeAll(async () => {
  // Monday 2026-11-02 10:00: a 5-working-day opinion is due by the end of Monday 11-09.
  await runtime.start({ now: '2026-11-02T10:00:00+08:00' });
  investor = await runtime.token('applicant', { sub: 'investor-green' });
  admin = await runtime.token('admin');
  // The officer acts with a staff token (a clerk of any department) whose subject the administrator named.
  officer = await runtime.token('clerk', { department: 'planning', sub: OFFICER });
  supervisor = await runtime.token('supervisor');
  marketReviewer = await runtime.token('reviewer', { department: 'market' });
  constructionHead = await runtime.token('head', { department: 'construction' });
  environmentReviewer = await runtime.token('reviewer', { department: 'environment' });
  taxReviewer = await runtime.token('reviewer', { department: 'tax' });
  marketClerk = await runtime.token('clerk', { department: 'market' });
});
afterAll(async () => {
  await runtime.dispose();
});

/** The kinds of a project's notifications in an inbox, once `kind` is among them (the stream tells a moment later). */
async function toldOf(token: string, query: string, id: string, kind: string): Promise<string[]> {
  let kinds: string[] = [];
  for (let i = 0; i < 100 && !kinds.includes(kind); i++) {
    if (i) await new Promise((r) => setTimeout(r, 50));
    const r = await runtime.call('GET', `/v1/notifications?limit=100${query}`, { token });
    expect(r.status, r.text).toBe(200);
    kinds = (r.json.notifications as { kind: string; caseId: string }[])
      .filter((n) => n.caseId.startsWith(id))
      .map((n) => n.kind);
  }
  return kinds;
}

/** The project's executions as the local console lists them (prefix: the project id), name → status. */
async function executionsOf(projectId: string): Promise<Record<string, string>> {
  const r = await runtime.call('GET', `/_local/console/executions?name=${projectId}&stateMachine=JointApprovalClock`);
  expect(r.status, r.text).toBe(200);
  return Object.fromEntries(
    (r.json.executions as { name: string; status: string }[]).map((e) => [
      e.name.slice(projectId.length + 1),
      e.status,
    ]),
  );
}

describe('a RMB 500 million project through the green channel', () => {
  let id: string;

  it('registers the project as green-channel (and a small one as not), refusing unknown items', async () => {
    const small = await runtime.call('POST', '/v1/projects', {
      token: investor,
      body: project('小型项目', 99_999_999, ['SC-001']),
    });
    expect(small.status, small.text).toBe(201);
    expect(small.json).toMatchObject({ greenChannel: false, threshold: 100_000_000 });

    const unknown = await runtime.call('POST', '/v1/projects', {
      token: investor,
      body: project('未知事项', 500_000_000, ['SC-001', 'NO-999']),
    });
    expect(unknown.status, unknown.text).toBe(422);
    expect(unknown.json.errors).toEqual([{ field: 'body.items.1', reason: '不在事项目录中 not in the catalogue' }]);

    const r = await runtime.call('POST', '/v1/projects', {
      token: investor,
      body: project('新能源汽车零部件产业园', 500_000_000, ['SC-001', 'CN-001', 'EN-001']),
    });
    expect(r.status, r.text).toBe(201);
    expect(r.json).toMatchObject({
      greenChannel: true,
      departments: ['market', 'construction', 'environment'],
      officer: null,
      jointApproval: null,
    });
    id = r.json.id;
    expect(id).toMatch(/^PJ20261102-/);
  });

  it('has its officer named by an administrator, and nobody else', async () => {
    const byInvestor = await runtime.call('POST', `/v1/projects/${id}/officer`, {
      token: investor,
      body: { officer: OFFICER },
    });
    expect(byInvestor.status).toBe(403);
    const r = await runtime.call('POST', `/v1/projects/${id}/officer`, { token: admin, body: { officer: OFFICER } });
    expect(r.status, r.text).toBe(200);
    expect(r.json.officer).toBe(OFFICER);
    // The officer reads it whatever their department; another department's staff do not.
    expect((await runtime.call('GET', `/v1/projects/${id}`, { token: officer })).status).toBe(200);
    expect((await runtime.call('GET', `/v1/projects/${id}`, { token: taxReviewer })).status).toBe(403);
    const mine = await runtime.call('GET', '/v1/projects', { token: officer });
    expect(mine.json.projects.map((p: { id: string }) => p.id)).toEqual([id]);
  });

  it('asks the one form: every field of the three items once, and keeps the answers', async () => {
    const form = await runtime.call('GET', `/v1/projects/${id}/form`, { token: investor });
    expect(form.status, form.text).toBe(200);
    const names = (form.json.fields as { name: string }[]).map((f) => f.name);
    expect(new Set(names).size).toBe(names.length);
    expect(form.json.fields).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'companyName', type: 'string', required: true, items: ['SC-001'] }),
        expect.objectContaining({ name: 'projectName', items: ['CN-001'] }),
        expect.objectContaining({ name: 'investment', type: 'number', items: ['EN-001'] }),
      ]),
    );
    const bad = await runtime.call('PUT', `/v1/projects/${id}/form`, {
      token: investor,
      body: { answers: { registeredCapital: 'lots' } },
    });
    expect(bad.status).toBe(400);
    expect(bad.json.errors[0].field).toBe('body.answers.registeredCapital');
    const filled = await runtime.call('PUT', `/v1/projects/${id}/form`, {
      token: investor,
      body: {
        answers: {
          companyName: '大连新能源零部件有限公司',
          registeredCapital: 50000,
          companyType: 'LLC',
          projectName: '零部件产业园一期',
          contractPrice: 120000,
          investment: 50000,
        },
      },
    });
    expect(filled.status, filled.text).toBe(200);
    expect(filled.json.missing).toEqual([]);
  });

  it('lets an application of one of its items reuse the one form, and puts it first in the worklist', async () => {
    const r = await runtime.call('POST', '/v1/applications', {
      token: investor,
      body: {
        itemCode: 'SC-001',
        projectId: id,
        applicant: { type: 'ENTERPRISE', name: '大连新能源零部件有限公司', phone: '0411-8888-1500' },
        materials: ['application-form', 'articles', 'id-card', 'address-proof'].map((m) => ({ id: m })),
      },
    });
    expect(r.status, r.text).toBe(201);
    expect(r.json).toMatchObject({ status: 'ACCEPTED', projectId: id, greenChannel: true });
    expect(r.json.form).toEqual({
      companyName: '大连新能源零部件有限公司',
      registeredCapital: 50000,
      companyType: 'LLC',
    });
    expect(r.json.reusedFromProject.sort()).toEqual(['companyName', 'companyType', 'registeredCapital']);
    // Another item's application of the same department, same urgency, not a project's: after it.
    const other = await runtime.call('POST', '/v1/applications', {
      token: marketClerk,
      body: {
        itemCode: 'SC-001',
        applicant: { type: 'ENTERPRISE', name: '普通公司', phone: '0411-8888-1501' },
        materials: ['application-form', 'articles', 'id-card', 'address-proof'].map((m) => ({ id: m })),
      },
    });
    expect(other.status, other.text).toBe(201);
    const worklist = await runtime.call('GET', '/v1/worklist', { token: marketReviewer });
    const rows = worklist.json.cases as { id: string; greenChannel: boolean; light: string }[];
    const mine = rows.findIndex((c) => c.id === r.json.id);
    const theirs = rows.findIndex((c) => c.id === other.json.id);
    expect(rows[mine]?.greenChannel).toBe(true);
    expect(rows[theirs]?.greenChannel).toBe(false);
    expect(mine).toBeLessThan(theirs);
    const notProjects = await runtime.call('POST', '/v1/applications', {
      token: investor,
      body: {
        itemCode: 'TX-002',
        projectId: id,
        applicant: { type: 'ENTERPRISE', name: '大连新能源零部件有限公司', phone: '0411-8888-1500' },
        materials: [],
      },
    });
    expect(notProjects.status).toBe(422);
  });

  it('opens the joint approval: each department its own deadline, all PENDING, one execution each', async () => {
    const byInvestor = await runtime.call('POST', `/v1/projects/${id}/joint-approval`, {
      token: investor,
      body: { departments: ['market'], opinionWorkingDays: 5 },
    });
    expect(byInvestor.status).toBe(403);
    const byOtherClerk = await runtime.call('POST', `/v1/projects/${id}/joint-approval`, {
      token: marketClerk,
      body: { departments: ['market'], opinionWorkingDays: 5 },
    });
    expect(byOtherClerk.status).toBe(403);
    const r = await runtime.call('POST', `/v1/projects/${id}/joint-approval`, {
      token: officer,
      body: { departments: ['market', 'construction', 'environment'], opinionWorkingDays: 5 },
    });
    expect(r.status, r.text).toBe(201);
    expect(r.json.jointApproval).toMatchObject({
      limit: 45,
      // 45 working days from Monday 11-02 (2027's notice not loaded: provisional).
      deadlineDate: '2027-01-05',
      provisional: true,
      departments: ['market', 'construction', 'environment'].map((departmentId) => ({
        departmentId,
        opinionBy: '2026-11-10T00:00:00+08:00',
        opinionByDate: '2026-11-09',
        status: 'PENDING',
        // 6 working days left of 5 asked (today counted): green, as the worklist's lights.
        light: 'GREEN',
      })),
      result: null,
    });
    const again = await runtime.call('POST', `/v1/projects/${id}/joint-approval`, {
      token: officer,
      body: { departments: ['market'], opinionWorkingDays: 5 },
    });
    expect(again.status).toBe(409);
    await runtime.advance(0);
    expect(await executionsOf(id)).toEqual({
      joint: 'RUNNING',
      'opinion-market': 'RUNNING',
      'opinion-construction': 'RUNNING',
      'opinion-environment': 'RUNNING',
    });
  });

  it('takes two departments’ opinions, once each; refuses a department not asked', async () => {
    const market = await runtime.call('POST', `/v1/projects/${id}/opinions`, {
      token: marketReviewer,
      body: { opinion: 'AGREE', reason: '符合登记条件 Meets the registration conditions' },
    });
    expect(market.status, market.text).toBe(200);
    const second = await runtime.call('POST', `/v1/projects/${id}/opinions`, {
      token: marketReviewer,
      body: { opinion: 'DISAGREE', reason: '改变主意 Changed our mind' },
    });
    expect(second.status).toBe(409);
    const outsider = await runtime.call('POST', `/v1/projects/${id}/opinions`, {
      token: taxReviewer,
      body: { opinion: 'AGREE', reason: '无关 Not ours' },
    });
    expect(outsider.status).toBe(403);
    const noConditions = await runtime.call('POST', `/v1/projects/${id}/opinions`, {
      token: constructionHead,
      body: { opinion: 'AGREE_WITH_CONDITIONS', reason: '需补充消防设计 Fire design needed' },
    });
    expect(noConditions.status).toBe(400);
    const construction = await runtime.call('POST', `/v1/projects/${id}/opinions`, {
      token: constructionHead,
      body: {
        opinion: 'AGREE_WITH_CONDITIONS',
        reason: '需补充消防设计 Fire design needed',
        conditions: '开工前取得消防设计审查意见 Fire design review before construction starts',
      },
    });
    expect(construction.status, construction.text).toBe(200);
    const statuses = (construction.json.jointApproval.departments as { departmentId: string; status: string }[]).map(
      (d) => [d.departmentId, d.status],
    );
    expect(statuses).toEqual([
      ['market', 'AGREED'],
      ['construction', 'AGREED_WITH_CONDITIONS'],
      ['environment', 'PENDING'],
    ]);
    expect(construction.json.jointApproval).toMatchObject({ pending: ['environment'], result: null });
    await runtime.advance(0);
    // The console says at a glance who is still pending: environment's execution alone still runs.
    expect(await executionsOf(id)).toEqual({
      joint: 'RUNNING',
      'opinion-market': 'SUCCEEDED',
      'opinion-construction': 'SUCCEEDED',
      'opinion-environment': 'RUNNING',
    });
  });

  it('deems the silent department to agree at its deadline, on record, with the result', async () => {
    // Monday 11-09 23:00: not yet.
    await runtime.advance(7 * DAY + 13 * HOUR);
    const before = await runtime.call('GET', `/v1/projects/${id}`, { token: officer });
    expect(before.json.jointApproval.departments[2]).toMatchObject({
      status: 'PENDING',
      remainingWorkingDays: 1,
      light: 'YELLOW',
    });
    // Past 24:00.
    await runtime.advance(2 * HOUR);
    const after = await runtime.call('GET', `/v1/projects/${id}`, { token: officer });
    expect(after.json.jointApproval.departments[2]).toMatchObject({
      departmentId: 'environment',
      status: 'DEEMED_AGREED',
      opinion: 'AGREE',
      at: '2026-11-10T00:00:00+08:00',
    });
    expect(after.json.jointApproval).toMatchObject({ result: 'AGREED_WITH_CONDITIONS', pending: [] });
    const types = (after.json.timeline as { type: string }[]).map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['OPINION_DEEMED', 'JOINT_APPROVAL_CONCLUDED']));

    const late = await runtime.call('POST', `/v1/projects/${id}/opinions`, {
      token: environmentReviewer,
      body: { opinion: 'DISAGREE', reason: '迟到的意见 A late opinion' },
    });
    expect(late.status).toBe(409);

    const records = await runtime.call('GET', '/v1/accountability?year=2026', { token: supervisor });
    expect(records.json.records).toContainEqual(
      expect.objectContaining({
        caseId: `${id}/environment`,
        projectId: id,
        reason: 'DEEMED_AGREEMENT',
        departmentId: 'environment',
        deadline: '2026-11-10T00:00:00+08:00',
      }),
    );
    expect(records.json.records.filter((r: { projectId: string | null }) => r.projectId === id)).toHaveLength(1);

    expect(await executionsOf(id)).toEqual({
      joint: 'SUCCEEDED',
      'opinion-market': 'SUCCEEDED',
      'opinion-construction': 'SUCCEEDED',
      'opinion-environment': 'SUCCEEDED',
    });
    // How each execution ended, as its history says: the silent department's in DeemedAgreed.
    const history = await runtime.sfn().send(
      new GetExecutionHistoryCommand({
        executionArn: `arn:aws:states:us-east-1:000000000000:execution:JointApprovalClock:${id}-opinion-environment`,
        maxResults: 1000,
      }),
    );
    const entered = (history.events ?? []).flatMap((e) => e.stateEnteredEventDetails?.name ?? []);
    expect(entered.at(-1)).toBe('DeemedAgreed');
  });

  it('tells the officer of every event, supervision of the deemed agreement, the department of its own', async () => {
    expect(await toldOf(officer, '&inbox=officer', id, 'JOINT_APPROVAL_CONCLUDED')).toEqual(
      expect.arrayContaining([
        'OFFICER_ASSIGNED',
        'FORM_FILLED',
        'JOINT_APPROVAL_OPENED',
        'OPINION_GIVEN',
        'OPINION_DEEMED',
      ]),
    );
    expect(await toldOf(supervisor, '', id, 'OPINION_DEEMED')).toContain('OPINION_DEEMED');
    expect(await toldOf(environmentReviewer, '', id, 'OPINION_DEEMED')).toEqual(
      expect.arrayContaining(['JOINT_APPROVAL_OPENED', 'OPINION_DEEMED']),
    );
  });

  it('keeps one hash-chained tracking log with every department’s steps, and verifies it', async () => {
    const r = await runtime.call('GET', `/v1/projects/${id}`, { token: supervisor });
    const steps = (r.json.timeline as { type: string; departmentId: string | null }[]).filter(
      (e) => e.type === 'CASE_STEP',
    );
    expect(steps.length).toBeGreaterThanOrEqual(2);
    expect(r.json.applications).toHaveLength(1);
    const verified = await runtime.call('GET', `/v1/projects/${id}/verify`, { token: supervisor });
    expect(verified.status, verified.text).toBe(200);
    expect(verified.json).toMatchObject({ valid: true, firstBrokenAt: null });
  });

  it('tracks a higher approval, reminds the officer when its date passes without news, takes milestones', async () => {
    const r = await runtime.call('POST', `/v1/projects/${id}/higher-approvals`, {
      token: officer,
      body: { authority: '省发展改革委 Provincial DRC', matter: '项目核准 Project approval', expectedBy: '2026-11-11' },
    });
    expect(r.status, r.text).toBe(201);
    const hid = r.json.higherApprovalId;
    expect(hid).toBe('HA1');
    await runtime.advance(2 * DAY);
    const reminded = await runtime.call('GET', `/v1/projects/${id}`, { token: officer });
    expect(reminded.json.higherApprovals[0]).toMatchObject({ id: 'HA1', status: 'WAITING', overdue: true });
    expect((reminded.json.timeline as { type: string }[]).map((e) => e.type)).toContain('HIGHER_APPROVAL_OVERDUE');
    const m = await runtime.call('POST', `/v1/projects/${id}/higher-approvals/${hid}/milestones`, {
      token: officer,
      body: { note: '已受理 Accepted by the DRC', status: 'IN_PROGRESS', expectedBy: '2026-11-20' },
    });
    expect(m.status, m.text).toBe(200);
    expect(m.json.higherApprovals[0]).toMatchObject({ expectedBy: '2026-11-20', overdue: false });
    const missing = await runtime.call('POST', `/v1/projects/${id}/higher-approvals/HA9/milestones`, {
      token: officer,
      body: { note: 'x', status: 'IN_PROGRESS' },
    });
    expect(missing.status).toBe(404);
  });
});

describe('the joint approval’s one extension', () => {
  it('moves the joint deadline and the pending departments’ by 15 working days, once, by an administrator', async () => {
    const created = await runtime.call('POST', '/v1/projects', {
      token: investor,
      body: project('延期项目', 300_000_000, ['SC-001', 'PL-001']),
    });
    const id = created.json.id as string;
    await runtime.call('POST', `/v1/projects/${id}/officer`, { token: admin, body: { officer: OFFICER } });
    const opened = await runtime.call('POST', `/v1/projects/${id}/joint-approval`, {
      token: admin,
      body: { departments: ['market', 'planning'], opinionWorkingDays: 10 },
    });
    expect(opened.status, opened.text).toBe(201);
    const answered = await runtime.call('POST', `/v1/projects/${id}/opinions`, {
      token: marketReviewer,
      body: { opinion: 'AGREE', reason: '同意 Agreed' },
    });
    expect(answered.status, answered.text).toBe(200);
    const byOfficer = await runtime.call('POST', `/v1/projects/${id}/joint-approval/extension`, {
      token: officer,
      body: { reason: '需专家论证 Expert review needed' },
    });
    expect(byOfficer.status).toBe(403);
    const before = opened.json.jointApproval;
    const r = await runtime.call('POST', `/v1/projects/${id}/joint-approval/extension`, {
      token: admin,
      body: { reason: '需专家论证 Expert review needed' },
    });
    expect(r.status, r.text).toBe(200);
    const after = r.json.jointApproval;
    expect(after.limit).toBe(60);
    expect(after.extension).toMatchObject({ workingDays: 15, reason: '需专家论证 Expert review needed' });
    expect(after.deadlineDate > before.deadlineDate).toBe(true);
    // Planning (still to answer) gets the same days; market keeps its answer and its deadline.
    expect(after.departments[0].opinionByDate).toBe(before.departments[0].opinionByDate);
    expect(after.departments[1].opinionByDate > before.departments[1].opinionByDate).toBe(true);
    const clock = await runtime.documents().send(
      new GetCommand({
        TableName: 'xiaoneng-local-Clocks',
        Key: { subject: `${id}/planning`, duty: 'JOINT_OPINION' },
      }),
    );
    expect(clock.Item?.deadlineDate).toBe(after.departments[1].opinionByDate);
    const again = await runtime.call('POST', `/v1/projects/${id}/joint-approval/extension`, {
      token: admin,
      body: { reason: '再延期 Once more' },
    });
    expect(again.status).toBe(409);
  });
});
