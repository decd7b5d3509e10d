import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import {
  browserSuite,
  describeInBrowser,
  eventually,
  expectAccessible,
  horizontalOverflow,
  NARROW,
  openPage,
  signIn,
  WIDE,
} from '../support/browser.ts';
import { RuntimeProcess } from '../support/runtime.ts';

// Issue 14's pages over the real local runtime: an anonymous report followed by its query code (360 px); an
// applicant's complaint accepted by supervision, reached from the department's worklist and answered there (its pages
// never show who filed it), reviewed at the complainant's request and decided by supervision from its filtered list;
// a closed case rated bad, reached from the worklist, contacted and rectified by the department, then rated again;
// the public monthly summary and the evaluation's new figures on the disclosure page (360 px). One runtime and one
// browser for the file; axe runs once per page component, and no page is loaded twice where once will do.

// Monday 2 November 2026, 10:00 in Shanghai: the month of the summary is 2026-11.
const NOW = '2026-11-02T10:00:00+08:00';
const SC001 = ['application-form', 'articles', 'id-card', 'address-proof'].map((id) => ({ id }));
const APPLICANT = 'gv-web-applicant';
// What identifies the complainant: it must appear nowhere on the department's pages.
const CONTACT = { name: '王五举', phone: '13900001111' };

const runtime = new RuntimeProcess();

/** A case of APPLICANT, accepted at once and approved by the market reviewer: closed, so it can be rated. */
async function closedCase(): Promise<string> {
  const applicant = await runtime.token('applicant', { sub: APPLICANT });
  const reviewer = await runtime.token('reviewer', { department: 'market', sub: 'gv-reviewer' });
  const c = await runtime.call('POST', '/v1/applications', {
    token: applicant,
    body: {
      itemCode: 'SC-001',
      applicant: { type: 'ENTERPRISE', name: '好差评测试有限公司', phone: '0411-8888-0000' },
      materials: SC001,
    },
  });
  expect(c.status, c.text).toBe(201);
  const decided = await runtime.call('POST', `/v1/applications/${c.json.id}/decision`, {
    token: reviewer,
    body: { outcome: 'APPROVED' },
  });
  expect(decided.status, decided.text).toBe(200);
  return c.json.id as string;
}

const text = (page: Page, testId: string) => page.getByTestId(testId).first().textContent();

/** Opens a list page and waits for the row (the list routes read the store: the row is there at once). */
async function listed(page: Page, path: string, row: string): Promise<void> {
  await page.goto(path);
  await eventually(() => page.locator(row).count(), `${row} on ${path}`).toBe(1);
}

describeInBrowser('the complaint, report and rating pages', () => {
  const suite = browserSuite({ now: NOW }, runtime);

  it('an anonymous report (no account) shows its query code once, and the code follows it without naming anyone (360 px)', async () => {
    const { page, context, errors } = await openPage(suite.browser, runtime, { viewport: NARROW });
    await page.goto('/');
    await page.getByRole('link', { name: '投诉举报' }).click();
    await eventually(() => page.getByRole('heading', { level: 1, name: '投诉举报' }).count()).toBe(1);
    await eventually(() => page.getByLabel('涉及部门（可选）').locator('option').count()).toBeGreaterThan(1);
    expect(await horizontalOverflow(page)).toBe(0);
    await expectAccessible(page, 'complaints (360 px)');

    // Nothing filled in: the API's 400, each reason next to its field.
    await page.getByRole('button', { name: '提交举报' }).click();
    await eventually(() => page.getByTestId('error-summary').count()).toBe(1);
    expect(await text(page, 'error-detail')).toContain('此项有误');
    expect(await page.getByLabel('事由（一句话）').getAttribute('aria-invalid')).toBe('true');

    await page.getByLabel('事由（一句话）').fill('窗口人员索要好处费');
    await page.getByLabel('详细情况').fill('11月1日上午在市场监管窗口办理时被暗示需要“打点”。');
    await page.getByLabel('涉及部门（可选）').selectOption('market');
    await page.getByRole('button', { name: '提交举报' }).click();
    const code = page.getByTestId('query-code');
    await eventually(() => code.count()).toBe(1);
    expect(await code.textContent()).toMatch(/^[0-9A-Z]{12}$/);
    expect(await page.locator('.gv-code-card').textContent()).toContain('查询码只显示这一次');
    // 15 calendar days from the day after filing: the end of Tuesday 17 November (the API's 18th, 00:00).
    expect(await page.locator('.gv-code-card').textContent()).toContain('2026年11月17日');
    expect(await horizontalOverflow(page)).toBe(0);

    // Followed from here (the code handed over in the history state, not in the address).
    await page.getByRole('button', { name: '现在查询进度' }).click();
    await eventually(() => new URL(page.url()).pathname).toBe('/complaints/follow');
    // The follow page's field, by its role: until the address's page has rendered, the code card (whose output is
    // labelled 查询码 too) can still be in the document (a fresh-clone run read both).
    const codeField = page.getByRole('textbox', { name: '查询码' });
    await eventually(() => codeField.count()).toBe(1);
    expect(page.url()).not.toContain(String(await codeField.inputValue()));
    await eventually(() => text(page, 'grievance-status')).toBe('已收到，待受理');
    expect(await text(page, 'grievance-kind')).toBe('举报');
    expect(await text(page, 'grievance-accept-by')).toContain('2026年11月17日');
    expect(await page.getByTestId('steps').textContent()).toContain('收到');
    expect(await page.getByTestId('followed').textContent()).toContain('窗口人员索要好处费');
    expect(await horizontalOverflow(page)).toBe(0);
    await expectAccessible(page, 'follow by code (360 px)');

    // A wrong code reads as not found.
    await codeField.fill('ZZZZZZZZZZZZ');
    await page.getByRole('button', { name: '查询', exact: true }).click();
    await eventually(() => page.getByTestId('follow-not-found').count()).toBe(1);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("an applicant's complaint about a case is accepted by supervision and answered by the department, which never sees who filed it", async () => {
    const caseId = await closedCase();
    const applicant = await openPage(suite.browser, runtime, { viewport: WIDE });
    const page = applicant.page;
    await signIn(page, { role: 'applicant', sub: APPLICANT, next: `/my/grievances/new?caseId=${caseId}` });
    await eventually(() => page.getByLabel('涉及的办件（可选）').inputValue()).toBe(caseId);
    // The case names its department: preset, and kept on the grievance.
    await eventually(() => page.getByLabel('涉及部门（可选）').inputValue()).toBe('market');
    await expectAccessible(page, 'file a complaint');
    // Nothing said about it: the API's reasons beside the fields.
    await page.getByRole('button', { name: '提交', exact: true }).click();
    await eventually(() => page.getByTestId('error-summary').count()).toBe(1);
    expect(await page.getByTestId('error-detail').count()).toBe(1);

    await page.getByLabel('涉及工作人员（可选）').fill('窗口 3 号');
    await page.getByLabel('事由（一句话）').fill('办理时态度生硬');
    await page.getByLabel('详细情况').fill('询问材料要求时被要求“自己看”，未作解释。');
    await page.getByLabel('联系人（可选）').fill(CONTACT.name);
    await page.getByLabel('联系电话（可选）').fill(CONTACT.phone);
    await page.getByRole('button', { name: '提交', exact: true }).click();
    await eventually(() => page.getByTestId('filed').count()).toBe(1);
    const id = decodeURIComponent(new URL(page.url()).pathname.split('/').at(-1) ?? '');
    expect(id).toMatch(/^GV\d{8}-/);
    expect(await text(page, 'grievance-status')).toBe('已收到，待受理');
    // The complainant sees their own contact.
    expect(await page.getByTestId('grievance-facts').textContent()).toContain(CONTACT.phone);
    // My complaints lists it. (axe runs once per page component: this page's facts and steps are the grievance desk
    // page's, checked on supervision's; the list's table on supervision's list.)
    await listed(page, '/my/grievances', `tr[data-grievance="${id}"]`);

    // Supervision accepts it and assigns it to the market department.
    const supervision = await openPage(suite.browser, runtime, { viewport: WIDE });
    await signIn(supervision.page, { role: 'supervisor', sub: 'gv-supervisor', next: `/supervision/grievances/${id}` });
    const accept = supervision.page.locator('section[data-action="accept"]');
    await eventually(() => accept.count()).toBe(1);
    // Supervision sees who filed it.
    expect(await supervision.page.getByTestId('grievance-facts').textContent()).toContain(CONTACT.name);
    // The department named is the one offered.
    await eventually(() => accept.getByLabel('承办部门').inputValue()).toBe('market');
    await accept.getByRole('button', { name: '受理并交办' }).click();
    await eventually(() => text(supervision.page, 'grievance-status')).toBe('已受理，办理中');
    expect(await text(supervision.page, 'grievance-assigned')).toBe('市场监督管理局');
    expect(await text(supervision.page, 'grievance-handle-by')).toMatch(/2027|2026/);

    // The market reviewer's worklist has it beside the cases, as a complaint, with its light and countdown, naming
    // no one; its row leads to its page: the substance, never the complainant (not the name, the phone or the account).
    const staff = await openPage(suite.browser, runtime, { viewport: NARROW });
    await signIn(staff.page, { role: 'reviewer', department: 'market', sub: 'gv-reviewer' });
    const entry = staff.page.locator(`tr[data-kind="GRIEVANCE"][data-entry="${id}"]`);
    await eventually(() => entry.getAttribute('data-light')).toBe('GREEN');
    expect(await entry.getByTestId('entry-kind').textContent()).toBe('投诉');
    expect(await entry.textContent()).toContain('办理时态度生硬');
    expect(await entry.textContent()).toContain('不显示投诉人');
    expect(await entry.locator('[role="timer"]').textContent()).toMatch(/^剩余 \d+天 \d\d:\d\d:\d\d$/);
    for (const secret of [CONTACT.name, CONTACT.phone, APPLICANT])
      expect(await staff.page.content()).not.toContain(secret);
    expect(await horizontalOverflow(staff.page)).toBe(0); // the wide table scrolls in its own box
    await entry.getByRole('link', { name: id }).click();
    await eventually(() => text(staff.page, 'grievance-status')).toBe('已受理，办理中');
    expect(await staff.page.getByTestId('grievance-facts').textContent()).toContain('办理时态度生硬');
    for (const secret of [CONTACT.name, CONTACT.phone, APPLICANT])
      expect(await staff.page.content()).not.toContain(secret);
    expect(await horizontalOverflow(staff.page)).toBe(0);
    const findings = staff.page.locator('section[data-action="findings"]');
    await findings.getByRole('button', { name: '提交书面答复' }).click();
    await eventually(() => findings.getByTestId('error-findings').count()).toBe(1);
    await findings.getByLabel('属实', { exact: true }).check();
    await findings.getByLabel('调查结论', { exact: true }).fill('经调取录像，情况属实。');
    await findings.getByLabel('处理措施', { exact: true }).fill('对当事人批评教育，窗口增设材料说明。');
    await findings.getByRole('button', { name: '提交书面答复' }).click();
    await eventually(() => text(staff.page, 'grievance-status')).toBe('已答复');
    expect(await staff.page.getByTestId('grievance-findings').textContent()).toContain('经调取录像');
    // The department's list leads to it, and names no one either.
    await listed(staff.page, '/staff/grievances', `tr[data-grievance="${id}"]`);
    for (const secret of [CONTACT.name, CONTACT.phone, APPLICANT])
      expect(await staff.page.content()).not.toContain(secret);
    expect(staff.errors).toEqual([]);
    await staff.context.close();

    // The complainant reads the answer and asks for a review within its period.
    await page.goto(`/my/grievances/${id}`);
    await eventually(() => text(page, 'grievance-status')).toBe('已答复');
    expect(await page.getByTestId('grievance-findings').textContent()).toContain('对当事人批评教育');
    await page.getByLabel('申请复查的理由').fill('处理过轻');
    await page.getByRole('button', { name: '申请复查' }).click();
    await eventually(() => text(page, 'grievance-status')).toBe('复查中');
    expect(applicant.errors).toEqual([]);
    await applicant.context.close();

    // Supervision finds it under review with the list's filter (kept in the address; the report of the journey
    // before, still awaiting acceptance, is filtered out), and decides the review from its page.
    const list = supervision.page;
    await list.goto('/supervision/grievances');
    await eventually(() => list.locator('tr[data-status="RECEIVED"]').count()).toBeGreaterThan(0);
    await list.getByLabel('状态').selectOption('UNDER_REVIEW');
    await list.getByRole('button', { name: '筛选' }).click();
    await eventually(() => new URL(list.url()).searchParams.get('status')).toBe('UNDER_REVIEW');
    const reviewed = list.locator(`tr[data-grievance="${id}"]`);
    await eventually(() => reviewed.count()).toBe(1);
    expect(await list.locator('tr[data-status="RECEIVED"]').count()).toBe(0);
    expect(await reviewed.textContent()).toContain('市场监督管理局');
    await expectAccessible(list, 'supervision list with filters');
    await reviewed.getByRole('link', { name: id }).click();
    const decide = list.locator('section[data-action="reviewDecision"]');
    await eventually(() => decide.count()).toBe(1);
    expect(await text(list, 'grievance-round')).toBe('第 1 次：复查');
    // Nothing chosen or written: the API's reasons beside the fields.
    await decide.getByRole('button', { name: '提交决定' }).click();
    await eventually(() => decide.getByTestId('error-findings').count()).toBe(1);
    expect(await decide.getByTestId('error-upheld').count()).toBe(1);
    await expectAccessible(list, 'supervision grievance (review decision)');
    await decide.getByLabel('维持', { exact: true }).check();
    await decide.getByLabel('调查结论', { exact: true }).fill('复查认为原处理意见适当。');
    await decide.getByLabel('处理措施', { exact: true }).fill('维持批评教育，另行回访投诉人。');
    await decide.getByRole('button', { name: '提交决定' }).click();
    await eventually(() => text(list, 'grievance-status')).toBe('已答复');
    const decisions = list.getByTestId('review-decisions');
    expect(await decisions.textContent()).toContain('维持原处理意见');
    // Upheld: the answer's finding (substantiated) stays.
    expect(await decisions.locator('dd[data-upheld="true"]').textContent()).toMatch(/^维持原处理意见 · 属实 · /);
    expect(await list.getByTestId('steps').textContent()).toContain('复查决定');
    expect(supervision.errors).toEqual([]);
    await supervision.context.close();
  });

  it('a closed case rated bad is contacted and rectified by the department, rated again once, and counted in the public summary (360 px)', async () => {
    const caseId = await closedCase();
    const applicant = await openPage(suite.browser, runtime, { viewport: NARROW });
    const page = applicant.page;
    await signIn(page, { role: 'applicant', sub: APPLICANT, next: `/my/cases/${caseId}` });
    const rating = page.getByTestId('case-rating');
    await eventually(() => rating.getByRole('radio').count()).toBe(5);
    expect(await rating.getByRole('radio').evaluateAll((r) => r.map((e) => e.parentElement?.textContent))).toEqual([
      '5 · 非常满意',
      '4 · 满意',
      '3 · 基本满意',
      '2 · 不满意',
      '1 · 非常不满意',
    ]);
    await rating.getByLabel('1 · 非常不满意').check();
    await rating.getByLabel('评价意见（可选）').fill('等候时间过长');
    await rating.getByRole('button', { name: '提交评价' }).click();
    await eventually(() => text(page, 'rect-status')).toBe('待回访');
    expect(await text(page, 'rating-level')).toBe('1 · 非常不满意');
    expect(await horizontalOverflow(page)).toBe(0);
    await expectAccessible(page, 'case rated');

    // The market clerk's worklist: the bad review to rectify, as such, with its light and countdown (contact within
    // 1 working day); its row leads to the rating's page.
    const staff = await openPage(suite.browser, runtime, { viewport: WIDE });
    await signIn(staff.page, { role: 'clerk', department: 'market', sub: 'gv-clerk' });
    const entry = staff.page.locator(`tr[data-kind="RECTIFICATION"][data-entry="RT-${caseId}"]`);
    await eventually(() => entry.count()).toBe(1);
    expect(await entry.getByTestId('entry-kind').textContent()).toBe('差评整改');
    expect(await entry.textContent()).toContain('回访');
    expect(await entry.textContent()).toContain('待回访');
    expect(await entry.getAttribute('data-light')).toMatch(/^(GREEN|YELLOW)$/);
    expect(await entry.locator('[role="timer"]').count()).toBe(1);
    expect(await horizontalOverflow(staff.page)).toBe(0);
    await expectAccessible(staff.page, 'worklist with a grievance kind badge and a rectification');
    await entry.getByRole('link', { name: `RT-${caseId}` }).click();
    await eventually(() => text(staff.page, 'rect-status')).toBe('待回访');
    await expectAccessible(staff.page, 'staff rating');
    await staff.page
      .locator('section[data-action="contact"]')
      .getByLabel('回访情况（可选）')
      .fill('电话致歉，说明原因');
    await staff.page.getByRole('button', { name: '已回访' }).click();
    await eventually(() => text(staff.page, 'rect-status')).toBe('已回访，整改中');
    await staff.page.locator('section[data-action="rectification"]').getByLabel('整改措施').fill('增开一个窗口');
    await staff.page.getByRole('button', { name: '报告整改' }).click();
    await eventually(() => text(staff.page, 'rect-status')).toBe('已整改，待再次评价');
    expect(await text(staff.page, 'rect-actions')).toBe('增开一个窗口');
    expect(staff.errors).toEqual([]);
    await staff.context.close();

    await page.reload();
    const followUp = page.locator('form.gv-follow-up');
    await eventually(() => followUp.count()).toBe(1);
    expect(await text(page, 'rect-actions')).toBe('增开一个窗口');
    await followUp.getByLabel('4 · 满意').check();
    await followUp.getByRole('button', { name: '提交再次评价' }).click();
    await eventually(() => text(page, 'follow-up')).toBe('4 · 满意');
    expect(await text(page, 'rect-status')).toBe('已办结');
    expect(await followUp.count()).toBe(0);
    expect(applicant.errors).toEqual([]);
    await applicant.context.close();

    // The month evaluated. A running month counts through yesterday: the clock moves to the next day first. The
    // Ratings stream's tally lands a moment after each write, and a run at the same instant is the same run, so the
    // clock moves a second before each new try.
    await runtime.advance((Date.parse('2026-11-03T00:00:01+08:00') - Date.parse(await runtime.now())) / 1000);
    const supervisor = await runtime.token('supervisor', { sub: 'gv-supervisor' });
    await eventually(async () => {
      await runtime.advance(1);
      const run = await runtime.call('POST', '/v1/evaluations/2026-11/run', { token: supervisor });
      expect(run.status, run.text).toBe(200);
      return (await runtime.call('GET', '/v1/evaluations/2026-11')).json.centre.badReviewsRectifiedOnTime;
    }, 'the bad review counted as rectified on time').toBe(1);

    // The disclosure page publishes the new figures, named in the page's language (360 px), and leads to the public
    // summary of the month.
    const visitor = await openPage(suite.browser, runtime, { viewport: NARROW });
    await visitor.page.goto('/disclosure');
    const figures = visitor.page.getByTestId('grievance-figures');
    await eventually(() => figures.locator('tr[data-figure="satisfactionRate"] td').textContent()).toBe('0%');
    expect(await figures.locator('tr[data-figure="satisfactionRate"] th').textContent()).toBe('满意率');
    expect(await figures.locator('tr[data-figure="badReviewsRectifiedOnTimeRate"] td').textContent()).toBe('100%');
    expect(await figures.locator('tr[data-figure="complaintOnTimeRate"] th').textContent()).toBe('投诉按时办结率');
    expect(await horizontalOverflow(visitor.page)).toBe(0);
    await visitor.page.getByTestId('ratings-link').getByRole('link').click();
    await eventually(() => text(visitor.page, 'summary-period')).toContain('2026-11');
    const row = visitor.page.locator('tr[data-department="market"][data-item="SC-001"]');
    await eventually(() => row.count()).toBe(1);
    expect(await row.getByTestId('bad-reviews').textContent()).toBe('1');
    expect(await row.getByTestId('rectified-on-time').textContent()).toBe('1');
    expect(await row.getByTestId('satisfaction-rate').textContent()).toBe('0%');
    // The name comes from the department directory's own fetch (the id shows until then): wait for it.
    await row
      .locator('th')
      .filter({ hasText: /^市场监督管理局$/ })
      .waitFor();
    expect(await row.locator('th').textContent()).toBe('市场监督管理局');
    expect(await horizontalOverflow(visitor.page)).toBe(0);
    await expectAccessible(visitor.page, 'ratings summary (360 px)');
    // Another month by the address: none there.
    await visitor.page.getByRole('button', { name: '上一月' }).click();
    await eventually(() => text(visitor.page, 'summary-empty')).toBe('该月没有评价。');
    expect(new URL(visitor.page.url()).searchParams.get('period')).toBe('2026-10');
    expect(visitor.errors).toEqual([]);
    await visitor.context.close();
  });
});
