import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RuntimeProcess } from '../support/runtime.ts';

// Monday 2 November 2026, 10:00 in Shanghai.
const runtime = new RuntimeProcess();

beforeAll(async () => {
  await runtime.start({ now: '2026-11-02T10:00:00+08:00' });
});
afterAll(async () => {
  await runtime.dispose();
});

const SC001 = ['application-form', 'articles', 'id-card', 'address-proof'];
const person = { type: 'ENTERPRISE', name: '大连示例科技有限公司', phone: '0411-8888-0000' };
const apply = async (
  token: string,
  itemCode: string,
  materials: { id: string; defect?: string }[],
  extra: Record<string, unknown> = {},
) => runtime.call('POST', '/v1/applications', { token, body: { itemCode, applicant: person, materials, ...extra } });
const ids = (list: string[]) => list.map((id) => ({ id }));

async function executionStatus(caseId: string) {
  try {
    return (await runtime.clockOf(caseId)).status;
  } catch (error) {
    return (error as Error).name;
  }
}

describe('first-inquiry responsibility (首问责任制)', () => {
  it('refers an item of another department to it, with where to go, and records the referral', async () => {
    const clerk = await runtime.token('clerk', { department: 'tax', sub: 'tax-clerk-1' });
    const r = await apply(clerk, 'SC-001', ids(SC001));
    expect(r.status, r.text).toBe(200);
    expect(r.json).toMatchObject({
      status: 'REFERRED',
      referral: { departmentId: 'market', name: '市场监督管理局 Market Regulation Bureau', phone: '0411-8700-1001' },
    });
    expect(r.json.referral.address).toContain('1–6');
    expect(r.json.referral.hours).toContain('9:00');
    const stored = await runtime
      .documents()
      .send(new ScanCommand({ TableName: 'xiaoneng-local-Referrals', ConsistentRead: true }));
    expect(stored.Items).toContainEqual(
      expect.objectContaining({
        id: r.json.referralId,
        itemCode: 'SC-001',
        answeredBy: 'tax-clerk-1',
        referredTo: 'market',
        receivedBy: { departmentId: 'tax', windowId: 'tax-1' },
      }),
    );
  });

  it("takes any department's item at the comprehensive one-stop window", async () => {
    const clerk = await runtime.token('clerk', { department: 'centre' });
    const r = await apply(clerk, 'SC-001', ids(SC001));
    expect(r.status, r.text).toBe(201);
    expect(r.json).toMatchObject({
      status: 'ACCEPTED',
      receivedBy: { kind: 'window', windowId: 'one-stop', comprehensive: true },
    });
  });
});

describe('one-time notice (一次性告知) and resubmission', () => {
  it('lists every missing material at once, starts no clock, flags a second notice, and accepts when complete', async () => {
    const applicant = await runtime.token('applicant', { sub: 'notice-owner' });
    // Act 1: two required papers missing.
    const first = await apply(applicant, 'SC-001', ids(['application-form', 'id-card']));
    expect(first.status, first.text).toBe(201);
    expect(first.json).toMatchObject({
      status: 'MATERIALS_REQUIRED',
      deadline: null,
      notice: { number: `${first.json.id}-N1`, sequence: 1 },
    });
    expect(first.json.missingMaterials.map((m: { id: string }) => m.id)).toEqual(['articles', 'address-proof']);
    expect(first.json.missingMaterials[0]).toMatchObject({
      name: '公司章程 Articles of association',
      reason: 'not submitted',
    });
    expect(await executionStatus(first.json.id)).toBe('ExecutionDoesNotExist');
    // A reviewer cannot decide what was not accepted.
    const reviewer = await runtime.token('reviewer', { department: 'market' });
    const premature = await runtime.call('POST', `/v1/applications/${first.json.id}/decision`, {
      token: reviewer,
      body: { outcome: 'APPROVED' },
    });
    expect(premature.status).toBe(409);
    expect(premature.json.detail).toContain('not accepted yet');
    // Act 2: only one of the two comes back → a second notice, an anomaly.
    const second = await runtime.call('POST', `/v1/applications/${first.json.id}/materials`, {
      token: applicant,
      body: { materials: ids(['articles']) },
    });
    expect(second.status, second.text).toBe(200);
    expect(second.json).toMatchObject({
      status: 'MATERIALS_REQUIRED',
      anomaly: true,
      anomalies: ['REPEATED_NOTICE'],
      notice: { number: `${first.json.id}-N2`, sequence: 2 },
    });
    expect(second.json.missingMaterials.map((m: { id: string }) => m.id)).toEqual(['address-proof']);
    // Act 3: complete → accepted from today, with the completion date, and the clock runs.
    await runtime.advance(2 * 86400);
    const accepted = await runtime.call('POST', `/v1/applications/${first.json.id}/materials`, {
      token: applicant,
      body: { materials: ids(['address-proof']) },
    });
    expect(accepted.status, accepted.text).toBe(200);
    // Wednesday 4 November + 3 working days → Monday 9 November.
    expect(accepted.json).toMatchObject({ status: 'ACCEPTED', acceptedOn: '2026-11-04', deadlineDate: '2026-11-09' });
    expect(accepted.json.timeline.map((e: { type: string }) => e.type)).toEqual([
      'RECEIVED',
      'MATERIALS_REQUIRED',
      'REPEATED_NOTICE',
      'ACCEPTED',
    ]);
    expect(await executionStatus(first.json.id)).toBe('RUNNING');
    const again = await runtime.call('POST', `/v1/applications/${first.json.id}/materials`, {
      token: applicant,
      body: { materials: ids(['articles']) },
    });
    expect(again.status).toBe(409);
  });

  it('counts a paper the clerk found defective as missing, with the defect as the reason', async () => {
    const clerk = await runtime.token('clerk', { department: 'market' });
    const r = await apply(clerk, 'SC-001', [
      { id: 'application-form' },
      { id: 'articles', defect: '缺少股东签字 unsigned' },
      { id: 'id-card' },
      { id: 'address-proof' },
    ]);
    expect(r.status, r.text).toBe(201);
    expect(r.json.missingMaterials).toEqual([
      { id: 'articles', name: '公司章程 Articles of association', reason: 'defective: 缺少股东签字 unsigned' },
    ]);
    const applicant = await runtime.token('applicant');
    const notAllowed = await apply(applicant, 'SC-001', [{ id: 'articles', defect: 'x' }]);
    expect(notAllowed.status).toBe(403); // a clerks-only field (routes.ts `privileged`)
    expect(notAllowed.json.errors[0].field).toBe('body.materials.0.defect');
  });
});

describe('immediate items and the form', () => {
  it('decides an immediate item on the spot at the window, with no clock', async () => {
    const clerk = await runtime.token('clerk', { department: 'market' });
    const done = await apply(clerk, 'SC-002', ids(['application-form', 'business-licence', 'resolution']));
    expect(done.status, done.text).toBe(201);
    expect(done.json).toMatchObject({ status: 'APPROVED', handledOnTheSpot: true, decision: { outcome: 'APPROVED' } });
    expect(await executionStatus(done.json.id)).toBe('ExecutionDoesNotExist');
    const refused = await apply(clerk, 'SC-002', ids(['application-form', 'business-licence', 'resolution']), {
      onTheSpot: { outcome: 'REJECTED', reason: '变更事项需前置审批 needs prior approval' },
    });
    expect(refused.json).toMatchObject({ status: 'REJECTED', handledOnTheSpot: true });
    // Online there is nobody at a window: an immediate item is accepted and due by the end of the day.
    const applicant = await runtime.token('applicant');
    const online = await apply(applicant, 'SC-002', ids(['application-form', 'business-licence', 'resolution']));
    expect(online.json).toMatchObject({ status: 'ACCEPTED', handledOnTheSpot: false, deadlineDate: '2026-11-04' });
  });

  it("checks the answers against the item's form and names each bad field", async () => {
    const applicant = await runtime.token('applicant');
    const bad = await apply(applicant, 'SC-001', ids(SC001), {
      form: { companyName: '示例', registeredCapital: 'lots', companyType: 'PARTNERSHIP', colour: 'red' },
    });
    expect(bad.status).toBe(400);
    expect(bad.json.errors).toEqual(
      expect.arrayContaining([
        { field: 'body.form.colour', reason: '不是该事项表单的字段 not a field of this item’s form' },
        { field: 'body.form.registeredCapital', reason: '须为数字 must be a number' },
        {
          field: 'body.form.companyType',
          reason: '须为以下之一：LLC, JOINT_STOCK, FOREIGN_INVESTED must be one of LLC, JOINT_STOCK, FOREIGN_INVESTED',
        },
      ]),
    );
    const good = await apply(applicant, 'SC-001', ids(SC001), {
      form: { companyName: '示例科技', registeredCapital: 100, companyType: 'LLC' },
    });
    expect(good.status, good.text).toBe(201);
    expect(good.json.form).toEqual({ companyName: '示例科技', registeredCapital: 100, companyType: 'LLC' });
  });
});

describe('one form per item (一表通)', () => {
  it("reuses the applicant's earlier answers for the same fields on the next application", async () => {
    const applicant = await runtime.token('applicant', { sub: 'returning-investor' });
    const first = await apply(
      applicant,
      'CN-001',
      ids(['application-form', 'planning-permit', 'drawing-review', 'contract', 'funding-proof']),
      {
        form: { projectName: '开发区智能制造产业园一期 Smart manufacturing park, phase 1', contractPrice: 12000 },
      },
    );
    expect(first.status, first.text).toBe(201);
    const second = await apply(applicant, 'CN-002', ids(['filing-form', 'acceptance-report', 'fire-acceptance']), {
      form: {},
    });
    expect(second.status, second.text).toBe(201);
    expect(second.json.reusedFromProfile).toEqual(['projectName']);
    expect(second.json.form).toEqual({ projectName: '开发区智能制造产业园一期 Smart manufacturing park, phase 1' });
    // Someone else's profile is not theirs to reuse.
    const other = await runtime.token('applicant', { sub: 'newcomer' });
    const blank = await apply(other, 'CN-002', ids(['filing-form', 'acceptance-report', 'fire-acceptance']), {
      form: {},
    });
    expect(blank.status).toBe(400);
    expect(blank.json.errors).toEqual([{ field: 'body.form.projectName', reason: 'required' }]);
  });
});

describe('receipts', () => {
  it('gives the applicant a dated acceptance receipt and a numbered notice, as JSON and as a printable page', async () => {
    const applicant = await runtime.token('applicant', { sub: 'receipt-owner' });
    const accepted = (await apply(applicant, 'SC-001', ids(SC001))).json;
    const receipt = await runtime.call('GET', `/v1/applications/${accepted.id}/receipt`, { token: applicant });
    expect(receipt.json).toMatchObject({ kind: 'ACCEPTANCE', number: `${accepted.id}-A`, date: accepted.acceptedOn });
    expect(receipt.json.lines.join('\n')).toContain(accepted.deadlineDate);
    const page = await runtime.call('GET', `/v1/applications/${accepted.id}/receipt`, {
      token: applicant,
      headers: { accept: 'text/html' },
    });
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.text).toContain('受理通知书 Acceptance receipt');
    expect(page.text).toContain(accepted.deadlineDate);
    const incomplete = (await apply(applicant, 'SC-003', ids(['application-form']))).json;
    const notice = await runtime.call('GET', `/v1/applications/${incomplete.id}/receipt`, { token: applicant });
    expect(notice.json).toMatchObject({ kind: 'MATERIALS_NOTICE', number: `${incomplete.id}-N1` });
    expect(notice.json.lines).toHaveLength(3);
    const stranger = await runtime.token('applicant', { sub: 'stranger' });
    expect((await runtime.call('GET', `/v1/applications/${accepted.id}/receipt`, { token: stranger })).status).toBe(
      404, // another's case answers as a missing one
    );
  });
});

describe('papers taken in for review (收件) and the 5-working-day rule (Art.32)', () => {
  const PL001 = ['application-form', 'land-certificate', 'design-scheme'];
  async function intakeExecution(caseId: string) {
    const { status, lastState } = await runtime.clockOf(caseId, 'IntakeClock');
    return { status, lastState };
  }

  it('counts an application nobody acted on within 5 working days as accepted from receipt, and starts its clock', async () => {
    // Prepare: received for review on Monday 2 November.
    const clerk = await runtime.token('clerk', { department: 'planning' });
    const before = await runtime.now();
    const received = await apply(clerk, 'PL-001', ids(PL001), { review: true });
    expect(received.status, received.text).toBe(201);
    const c = received.json;
    expect(c).toMatchObject({ status: 'RECEIVED', deadline: null });
    // Its receipt is a receipt of the papers with the review's end, never an acceptance with dates it lacks.
    const papers = await runtime.call('GET', `/v1/applications/${c.id}/receipt`, { token: clerk });
    expect(papers.json).toMatchObject({ kind: 'RECEIPT_OF_PAPERS', number: `${c.id}-S` });
    expect(papers.json.lines.join('\n')).toContain(c.reviewDeadline);
    expect(JSON.stringify(papers.json)).not.toContain('undefined');
    const reviewEnds = Date.parse(c.reviewDeadline);
    expect(await intakeExecution(c.id)).toMatchObject({ status: 'RUNNING' });
    // Act: up to one second before the review period ends — nothing happens.
    await runtime.advance((reviewEnds - Date.parse(await runtime.now())) / 1000 - 1);
    const supervisor = await runtime.token('supervisor');
    expect((await runtime.call('GET', `/v1/applications/${c.id}`, { token: supervisor })).json.status).toBe('RECEIVED');
    await runtime.advance(1);
    // Assess: accepted from the receipt day, with the deadline counted from it, and the approval clock running.
    const after = (await runtime.call('GET', `/v1/applications/${c.id}`, { token: supervisor })).json;
    expect(after).toMatchObject({ status: 'ACCEPTED', deemedAccepted: true, acceptedOn: before.slice(0, 10) });
    expect(after.timeline.map((e: { type: string }) => e.type)).toEqual(['RECEIVED', 'DEEMED_ACCEPTED']);
    expect(await intakeExecution(c.id)).toMatchObject({ status: 'SUCCEEDED', lastState: 'DeemedAccepted' });
    expect(await executionStatus(c.id)).toBe('RUNNING');
  });

  it('ends the review when the clerk accepts or gives notice in time', async () => {
    const clerk = await runtime.token('clerk', { department: 'planning' });
    const a = (await apply(clerk, 'PL-001', ids(PL001), { review: true })).json;
    const accepted = await runtime.call('POST', `/v1/applications/${a.id}/accept`, { token: clerk });
    expect(accepted.status, accepted.text).toBe(200);
    expect(accepted.json).toMatchObject({ status: 'ACCEPTED', deemedAccepted: false });
    expect(await executionStatus(a.id)).toBe('RUNNING');
    const b = (await apply(clerk, 'PL-001', ids(PL001), { review: true })).json;
    const noticed = await runtime.call('POST', `/v1/applications/${b.id}/notice`, {
      token: clerk,
      body: { defects: [{ id: 'design-scheme', defect: '缺少设计单位盖章 unstamped' }] },
    });
    expect(noticed.status, noticed.text).toBe(200);
    expect(noticed.json).toMatchObject({ status: 'MATERIALS_REQUIRED' });
    expect(noticed.json.missingMaterials).toEqual([
      { id: 'design-scheme', name: '建设工程设计方案 Design scheme', reason: 'defective: 缺少设计单位盖章 unstamped' },
    ]);
    expect((await runtime.call('POST', `/v1/applications/${b.id}/accept`, { token: clerk })).status).toBe(409);
    // When the review period ends, both intake clocks stop without accepting anything.
    await runtime.advance(8 * 86400);
    expect(await intakeExecution(a.id)).toMatchObject({ status: 'SUCCEEDED', lastState: 'AcceptanceHandled' });
    expect(await intakeExecution(b.id)).toMatchObject({ status: 'SUCCEEDED', lastState: 'AcceptanceHandled' });
    const supervisor = await runtime.token('supervisor');
    expect((await runtime.call('GET', `/v1/applications/${b.id}`, { token: supervisor })).json.status).toBe(
      'MATERIALS_REQUIRED',
    );
    const applicant = await runtime.token('applicant');
    expect((await apply(applicant, 'PL-001', ids(PL001), { review: true })).status).toBe(403);
  });
});
