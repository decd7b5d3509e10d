import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import {
  browserSuite,
  describeInBrowser,
  expectAccessible,
  horizontalOverflow,
  NARROW,
  openPage,
  signIn,
  WIDE,
} from '../support/browser.ts';
import { RuntimeProcess } from '../support/runtime.ts';

// The staff pages over the real local runtime: the worklist with its lights and live countdowns (turning yellow as
// the simulated clock moves, without a reload), a case's actions as each role may take them, the inbox.

// Monday 2 November 2026, 10:00 in Shanghai: SC-001 (3 working days) accepted now is due by the end of Thursday 11-05
// and turns yellow (1 working day left, the item's threshold) at 00:00 that day.
const START = '2026-11-02T10:00:00+08:00';
const YELLOW_AT = '2026-11-05T00:00:00+08:00';
const SC001 = ['application-form', 'articles', 'id-card', 'address-proof'];

const runtime = new RuntimeProcess();

async function acceptedCase(name = '大连示例科技有限公司'): Promise<string> {
  const applicant = await runtime.token('applicant', { sub: 'applicant-staff' });
  const r = await runtime.call('POST', '/v1/applications', {
    token: applicant,
    body: {
      itemCode: 'SC-001',
      applicant: { type: 'ENTERPRISE', name, phone: '0411-8888-0000' },
      materials: SC001.map((id) => ({ id })),
    },
  });
  expect(r.status, r.text).toBe(201);
  expect(r.json.status).toBe('ACCEPTED');
  return r.json.id as string;
}

/** Papers a clerk takes in for review (收件) at the market window: every one listed, their quality still to check. */
async function receivedCase(name: string): Promise<string> {
  const clerk = await runtime.token('clerk', { department: 'market', sub: 'clerk-1' });
  const r = await runtime.call('POST', '/v1/applications', {
    token: clerk,
    body: {
      itemCode: 'SC-001',
      applicant: { type: 'ENTERPRISE', name, phone: '0411-8888-0001' },
      materials: SC001.map((id) => ({ id })),
      review: true,
    },
  });
  expect(r.status, r.text).toBe(201);
  expect(r.json.status).toBe('RECEIVED');
  return r.json.id as string;
}

const statusOf = (page: Page) => page.getByTestId('case-status').textContent();
const card = (page: Page, action: string) => page.locator(`section[data-action="${action}"]`);

describeInBrowser('the staff pages', () => {
  const suite = browserSuite({ now: START }, runtime);

  it('the worklist shows a case made through the API with its light and a live countdown, and turns it yellow as the clock moves, without a reload', async () => {
    const id = await acceptedCase('黄灯测试有限公司');
    const { page, context, errors } = await openPage(suite.browser, runtime, { viewport: WIDE });
    await signIn(page, { role: 'reviewer', department: 'market', sub: 'reviewer-1' });
    expect(new URL(page.url()).pathname).toBe('/staff');
    // The department by its name, not the id its token carries.
    await expect.poll(() => page.locator('.staff-meta').textContent()).toContain('部门：市场监督管理局');
    const row = page.locator(`tr[data-case="${id}"]`);
    await expect.poll(() => row.getAttribute('data-light')).toBe('GREEN');
    expect(await row.textContent()).toContain('绿灯');
    expect(await row.textContent()).toContain('黄灯测试有限公司');
    expect(await row.textContent()).toContain('企业设立登记');
    // The countdown is the server's: on the simulated clock it holds still, and follows the clock when it moves
    // (on a real clock it ticks by the second between the answers that set it).
    const countdown = row.locator('[role="timer"]');
    const first = await countdown.textContent();
    expect(first).toMatch(/^剩余 3天 \d\d:\d\d:\d\d$/);
    await new Promise((r) => setTimeout(r, 1500));
    expect(await countdown.textContent()).toBe(first);
    await runtime.advance(90);
    await expect.poll(() => countdown.textContent(), { timeout: 8000 }).not.toBe(first);
    await expectAccessible(page, 'worklist');
    expect(await horizontalOverflow(page)).toBe(0);

    // The simulated clock moves to the yellow threshold; the open page sees it at its next reading.
    await page.evaluate('window.__sameDocument = true');
    const now = Date.parse(await runtime.now());
    await runtime.advance((Date.parse(YELLOW_AT) - now) / 1000 + 1);
    await expect.poll(() => row.getAttribute('data-light'), { timeout: 10_000 }).toBe('YELLOW');
    expect(await row.textContent()).toContain('黄灯');
    expect(await row.locator('td.num').textContent()).toBe('1'); // working days left
    expect(await page.evaluate('window.__sameDocument')).toBe(true); // no reload
    // The countdown follows the server's clock, not the browser's: less than a day is left now.
    await expect.poll(() => countdown.textContent()).toMatch(/^剩余 (23|24):\d\d:\d\d$/);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('a reviewer pauses and resumes, asks the extension, the head approves it, the reviewer decides (English, narrow)', async () => {
    const id = await acceptedCase();
    const { page, context, errors } = await openPage(suite.browser, runtime, { locale: 'en-US', viewport: NARROW });
    await signIn(page, { role: 'reviewer', department: 'market', sub: 'reviewer-1', next: `/staff/cases/${id}` });
    await expect.poll(() => statusOf(page)).toBe('Accepted');
    expect(await horizontalOverflow(page)).toBe(0);
    await expectAccessible(page, 'case page (reviewer)');

    // Pause, with a reason from the list and the expected working days.
    const suspend = card(page, 'suspend');
    await suspend.getByLabel('Why pause').selectOption('EXPERT_REVIEW');
    await suspend.getByLabel('Expected working days').fill('4');
    await suspend.getByLabel('Note (optional)').fill('Expert panel next week');
    await suspend.getByRole('button', { name: 'Pause the clock' }).click();
    await expect.poll(() => statusOf(page)).toBe('Paused');
    await expect.poll(() => page.getByRole('status').textContent()).toContain('Pause the clock');
    expect(await page.locator('.staff-pauses').textContent()).toContain('Expert review');
    expect(await card(page, 'suspend').getAttribute('data-allowed')).toBe('false');
    expect(await card(page, 'suspend').textContent()).toContain('already paused');
    expect(await horizontalOverflow(page)).toBe(0);

    await card(page, 'resume').getByRole('button', { name: 'Resume the clock' }).click();
    await expect.poll(() => statusOf(page)).toBe('Accepted');

    // Longer than the item allows: the API's problem is shown as it said it, and nothing changes.
    const extension = card(page, 'extension');
    await extension.getByLabel('Working days to add').fill('12');
    await extension.getByLabel('Reason (told to the applicant)').fill('Site inspection needed');
    await extension.getByRole('button', { name: 'Request an extension' }).click();
    await expect
      .poll(() => page.getByTestId('action-outcome').getByRole('alert').textContent())
      .toContain('at most 10');
    expect(await page.getByTestId('case-extension').textContent()).toBe('none');
    await extension.getByLabel('Working days to add').fill('5');
    await extension.getByRole('button', { name: 'Request an extension' }).click();
    await expect.poll(() => page.getByTestId('case-extension').textContent()).toContain('awaiting the head');
    expect(await card(page, 'extension').textContent()).toContain('the law allows one');
    // The reviewer may not approve it: shown, disabled, and why.
    const approve = card(page, 'approveExtension');
    expect(await approve.getAttribute('data-allowed')).toBe('false');
    expect(await approve.getByRole('button').isDisabled()).toBe(true);
    expect(await approve.textContent()).toContain('Only the department head may approve an extension.');

    await signIn(page, { role: 'head', department: 'market', sub: 'head-1', next: `/staff/cases/${id}` });
    await expect.poll(() => card(page, 'approveExtension').getAttribute('data-allowed')).toBe('true');
    expect(await card(page, 'approveExtension').textContent()).toContain('Site inspection needed');
    await expectAccessible(page, 'case page (head)');
    await card(page, 'approveExtension').getByRole('button', { name: 'Approve the extension' }).click();
    await expect.poll(() => page.getByTestId('case-extension').textContent()).toContain('approved by head-1');

    await signIn(page, { role: 'reviewer', department: 'market', sub: 'reviewer-1', next: `/staff/cases/${id}` });
    const decide = card(page, 'decide');
    await decide.getByLabel('Reject').check();
    await decide.getByRole('button', { name: 'Decide' }).click(); // a rejection needs its reason: the form says so
    expect(await statusOf(page)).toBe('Accepted');
    await decide.getByLabel(/^Reason/).fill('Address proof out of date');
    await decide.getByRole('button', { name: 'Decide' }).click();
    await expect.poll(() => statusOf(page)).toBe('Rejected');
    expect(await page.getByTestId('case-decision').textContent()).toContain('Address proof out of date');
    const types = await page.locator('.staff-timeline li').evaluateAll((items) => items.map((i) => i.dataset.type));
    expect(types).toEqual([
      'RECEIVED',
      'ACCEPTED',
      'SUSPENDED',
      'RESUMED',
      'EXTENSION_REQUESTED',
      'EXTENDED',
      'REJECTED',
    ]);
    expect(await page.locator('.staff-timeline').textContent()).toContain('Extension approved');
    expect(await page.locator('section[data-allowed="true"]').count()).toBe(0);
    expect(await horizontalOverflow(page)).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('a clerk answers papers received for review: the one-time notice, the materials brought back, and an acceptance (Chinese, wide)', async () => {
    const incomplete = await receivedCase('一次性告知测试有限公司');
    const complete = await receivedCase('收件受理测试有限公司');
    const { page, context, errors } = await openPage(suite.browser, runtime, { viewport: WIDE });
    await signIn(page, { role: 'clerk', department: 'market', sub: 'clerk-1', next: `/staff/cases/${incomplete}` });
    await expect.poll(() => statusOf(page)).toBe('已收件');
    expect(await card(page, 'notice').getAttribute('data-allowed')).toBe('true');
    expect(await card(page, 'materials').getAttribute('data-allowed')).toBe('false');
    await expectAccessible(page, 'case page (received)');

    // The review finds two papers defective: one notice names both, with what is wrong.
    const notice = card(page, 'notice');
    await notice.getByLabel('公司章程 有缺陷').check();
    await notice.getByLabel('公司章程 的缺陷').fill('缺少股东签字');
    await notice.getByLabel('法定代表人身份证明 有缺陷').check();
    await notice.getByLabel('法定代表人身份证明 的缺陷').fill('复印件不清晰');
    await notice.getByRole('button', { name: '一次性告知' }).click();
    await expect.poll(() => statusOf(page)).toBe('待补正');
    const notices = await page.locator('dt:has-text("一次性告知") + dd').textContent();
    for (const id of ['articles', 'id-card']) expect(notices).toContain(id);
    expect(notices).not.toContain('address-proof');
    expect(await card(page, 'notice').getAttribute('data-allowed')).toBe('false');
    expect(await card(page, 'accept').getAttribute('data-allowed')).toBe('false');
    await expectAccessible(page, 'case page (notice given)');

    // The applicant brings them back to the window: the clerk submits what the notice asked, and the case is accepted.
    const materials = card(page, 'materials');
    await expect.poll(() => materials.getAttribute('data-allowed')).toBe('true');
    for (const name of ['公司章程', '法定代表人身份证明']) {
      expect(await materials.getByLabel(name).isChecked(), name).toBe(true);
    }
    expect(await materials.getByLabel('住所使用证明').isChecked()).toBe(false);
    await materials.getByRole('button', { name: '提交补正材料' }).click();
    await expect.poll(() => statusOf(page)).toBe('已受理');
    const types = await page.locator('.staff-timeline li').evaluateAll((items) => items.map((i) => i.dataset.type));
    expect(types).toEqual(['RECEIVED', 'MATERIALS_REQUIRED', 'ACCEPTED']);

    // Complete papers: the clerk accepts them, and the clock starts (the deadline is shown).
    await page.goto(`/staff/cases/${complete}`);
    await expect.poll(() => statusOf(page)).toBe('已收件');
    await card(page, 'accept').getByRole('button', { name: '受理' }).click();
    await expect.poll(() => statusOf(page)).toBe('已受理');
    expect(await card(page, 'accept').getAttribute('data-allowed')).toBe('false');
    expect(
      (await runtime.call('GET', `/v1/applications/${complete}`, { token: await runtime.token('supervisor') })).json,
    ).toMatchObject({ status: 'ACCEPTED', acceptedOn: (await runtime.now()).slice(0, 10) }); // today, China-local
    expect(await horizontalOverflow(page)).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('a clerk sees why they cannot decide, and the inbox (Chinese, narrow and wide)', async () => {
    const id = await acceptedCase();
    const { page, context, errors } = await openPage(suite.browser, runtime, { viewport: NARROW });
    await signIn(page, { role: 'clerk', department: 'market', sub: 'clerk-1', next: `/staff/cases/${id}` });
    await expect.poll(() => statusOf(page)).toBe('已受理');
    const decide = card(page, 'decide');
    expect(await decide.getAttribute('data-allowed')).toBe('false');
    expect(await decide.getByRole('button', { name: '作出决定' }).isDisabled()).toBe(true);
    expect(await decide.textContent()).toContain('只有审核人可以作出决定。');
    // Every action is listed: none hidden.
    expect(await page.locator('section[data-action]').count()).toBe(10);
    expect(await page.locator('.staff-timeline').textContent()).toContain('受理');
    expect(await horizontalOverflow(page)).toBe(0);
    await expectAccessible(page, 'case page (clerk)');

    // A pause tells the handler: it comes to the department's inbox.
    const reviewer = await runtime.token('reviewer', { department: 'market', sub: 'reviewer-1' });
    const paused = await runtime.call('POST', `/v1/applications/${id}/suspend`, {
      token: reviewer,
      body: { reason: 'TESTING', expectedWorkingDays: 2 },
    });
    expect(paused.status, paused.text).toBe(200);
    await page.getByRole('link', { name: '收件箱' }).click();
    await expect.poll(() => page.locator(`.staff-inbox li[data-kind="SUSPENDED"]`).count()).toBeGreaterThan(0);
    expect(await page.locator('.staff-inbox').textContent()).toContain(id);
    expect(await page.locator('.staff-inbox').textContent()).toContain('办理暂停');
    expect(await horizontalOverflow(page)).toBe(0);
    await expectAccessible(page, 'inbox');
    await page.setViewportSize(WIDE);
    await page.getByRole('link', { name: '待办' }).click();
    await expect.poll(() => page.locator(`tr[data-case="${id}"]`).count()).toBe(1);
    expect(await horizontalOverflow(page)).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });
});
