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

// Issue 15's pages over the real local runtime, one runtime and one browser: the investor registers a RMB 500 million
// project needing items of three departments and fills its one form once (360 px), then applies for one item with the
// form reused; the administrator names the officer; the officer opens the joint approval (each department's status,
// light and countdown); a department head gives an opinion (the API's 400 beside the conditions first); the clock
// moves past the deadline while a silent department's reviewer has their form open: the page shows DEEMED_AGREED and
// the result, and the late opinion's 409 in words; supervision sees the deemed agreement on the register and the
// project's verified log; the worklist marks the green-channel case.

// Monday 2 November 2026, 10:00 in Shanghai: a 2-working-day opinion is due by the end of Wednesday 11-04 (counted
// from the next day, as a case's limit); the SC-001 application (3 working days, to the end of 11-05) is still open
// then: in the worklist.
const NOW = '2026-11-02T10:00:00+08:00';
const DUE = Date.parse('2026-11-05T00:00:00+08:00');
const INVESTOR = 'gc-web-investor';
const OFFICER = 'gc-web-officer';
const NAME = '新能源汽车零部件产业园';

const runtime = new RuntimeProcess();
let projectId = '';

const departmentRow = (page: Page, department: string) => page.locator(`tr[data-department="${department}"]`);
const statusOf = (page: Page, department: string) => departmentRow(page, department).getAttribute('data-status');

describeInBrowser('the green-channel pages', () => {
  const suite = browserSuite({ now: NOW }, runtime);

  it('the investor registers a RMB 500 million project, fills the one form once and applies for an item with it (360 px)', async () => {
    const { page, context, errors } = await openPage(suite.browser, runtime, { viewport: NARROW });
    await signIn(page, { role: 'applicant', sub: INVESTOR, next: '/my/projects' });
    await page.getByRole('link', { name: '登记项目' }).click();
    await eventually(() => page.locator('input[data-item="EN-001"]').count()).toBe(1);
    await expectAccessible(page, 'register a project (360 px)');
    expect(await horizontalOverflow(page)).toBe(0);

    await page.getByLabel('项目名称').fill(NAME);
    await page.getByLabel('投资额（元）').fill('500000000');
    for (const code of ['SC-001', 'CN-001', 'EN-001']) await page.locator(`input[data-item="${code}"]`).check();
    await page.getByLabel('名称', { exact: true }).fill('大连新能源零部件有限公司');
    await page.getByLabel('联系电话').fill('0411-8888-1500');
    await page.getByRole('button', { name: '登记', exact: true }).click();
    await eventually(() => page.getByTestId('registered').count()).toBe(1);
    projectId = decodeURIComponent(new URL(page.url()).pathname.split('/').at(-1) ?? '');
    expect(projectId).toMatch(/^PJ20261102-/);
    expect(await page.getByTestId('registered').textContent()).toContain('进入绿色通道');
    expect(await page.getByTestId('project-investment').textContent()).toContain('5亿元');
    expect(await page.getByTestId('joint-none').count()).toBe(1);

    // The one form: every field of the three items once, each with the items that use it.
    const form = page.getByTestId('one-form');
    await eventually(() => form.locator('[data-field="companyName"]').count()).toBe(1);
    const fields = await form
      .locator('[data-field]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-field')));
    expect(new Set(fields).size).toBe(fields.length);
    expect(fields).toEqual(expect.arrayContaining(['companyName', 'projectName', 'investment']));
    expect(await form.locator('[data-field="companyName"]').textContent()).toContain('企业设立登记');
    await form.locator('[data-field="companyName"] input').fill('大连新能源零部件有限公司');
    await form.locator('[data-field="registeredCapital"] input').fill('50000');
    await form.locator('[data-field="companyType"] select').selectOption('LLC');
    await form.locator('[data-field="projectName"] input').fill('零部件产业园一期');
    await form.locator('[data-field="contractPrice"] input').fill('120000');
    await form.locator('[data-field="investment"] input').fill('50000');
    await form.getByRole('button', { name: '保存一表通' }).click();
    await eventually(() => page.getByTestId('form-saved').count()).toBe(1);
    expect(await page.getByTestId('form-saved').textContent()).toContain('必填项均已填写');
    await eventually(() => page.getByTestId('tracking-log').locator('li[data-type="FORM_FILLED"]').count()).toBe(1);
    expect(await horizontalOverflow(page)).toBe(0);
    await expectAccessible(page, "the investor's project page (360 px)");

    // An item's application started from the project: the one form's answers shown, not asked again.
    await page.locator('li[data-item="SC-001"]').getByRole('link', { name: '申报（沿用一表通）' }).click();
    await eventually(() => page.getByTestId('apply-project').count()).toBe(1);
    await eventually(() => page.locator('[data-reused="companyName"]').count()).toBe(1);
    await eventually(() => page.getByLabel('姓名或企业名称').inputValue()).toBe('大连新能源零部件有限公司');
    for (const id of ['application-form', 'articles', 'id-card', 'address-proof'])
      await page.locator(`input[data-material="${id}"]`).check();
    await page.getByRole('button', { name: '提交申请' }).click();
    await eventually(() => page.locator('.applicant-result').textContent()).toContain('受理');

    await page.goto('/my/projects');
    await eventually(() => page.locator(`tr[data-project="${projectId}"]`).count()).toBe(1);
    expect(await horizontalOverflow(page)).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('the administrator names the officer, who opens the joint approval: each department PENDING with its light and countdown', async () => {
    const admin = await openPage(suite.browser, runtime, { viewport: WIDE });
    await signIn(admin.page, { role: 'admin', sub: 'gc-web-admin', next: '/admin/projects' });
    await admin.page.getByRole('link', { name: '重大项目' }).first().click();
    await eventually(() => admin.page.locator(`tr[data-project="${projectId}"]`).count()).toBe(1);
    await admin.page.locator(`tr[data-project="${projectId}"] a`).click();
    await eventually(() => admin.page.getByTestId('assign-officer').count()).toBe(1);
    await admin.page.getByLabel('工作人员账号').fill(OFFICER);
    await admin.page.getByRole('button', { name: '指定', exact: true }).click();
    await eventually(() => admin.page.getByTestId('project-officer').textContent()).toContain(OFFICER);
    expect(admin.errors).toEqual([]);
    await admin.context.close();

    // The officer: a clerk of any department whose subject the administrator named.
    const { page, context, errors } = await openPage(suite.browser, runtime, { viewport: WIDE });
    await signIn(page, { role: 'clerk', department: 'planning', sub: OFFICER, next: '/staff' });
    await page.getByRole('link', { name: '重大项目' }).click();
    await eventually(() => page.locator(`tr[data-project="${projectId}"]`).count()).toBe(1);
    await eventually(() => page.getByTestId('officer-inbox').locator('li[data-kind="OFFICER_ASSIGNED"]').count()).toBe(
      1,
    );
    await expectAccessible(page, "the officer's projects");
    await page.locator(`tr[data-project="${projectId}"] a`).click();
    await eventually(() => page.getByTestId('open-joint-approval').count()).toBe(1);
    // The choices are the department directory's, which the page fetches apart from the project: the form is there
    // before them, so wait for the three preset ones rather than read an empty list (a fresh-clone run did).
    const checked = page.getByTestId('open-joint-approval').locator('input[type="checkbox"]:checked');
    await eventually(() => checked.count()).toBe(3);
    const chosen = await checked.evaluateAll((els) => els.map((e) => (e as unknown as { value: string }).value));
    expect(chosen.sort()).toEqual(['construction', 'environment', 'market']);
    await page.getByLabel('部门意见期限（工作日）').fill('2');
    await page.getByRole('button', { name: '启动联合审批' }).click();
    await eventually(() => page.getByTestId('joint-departments').count()).toBe(1);
    for (const d of ['market', 'construction', 'environment']) {
      expect(await statusOf(page, d)).toBe('PENDING');
      expect(await departmentRow(page, d).locator('[data-light]').getAttribute('data-light')).toBe('GREEN');
      const ms = Number(await departmentRow(page, d).getByRole('timer').getAttribute('data-ms'));
      // The countdown runs to the end of Wednesday 11-04 by the server's (simulated) clock.
      expect(ms).toBe(DUE - Date.parse(NOW));
    }
    expect(await page.getByTestId('joint-pending').textContent()).toContain('3');
    expect(await page.getByTestId('open-joint-approval').count()).toBe(0);
    await expectAccessible(page, "the officer's project page");
    expect(errors).toEqual([]);
    await context.close();
  });

  it('a department head gives an opinion; past the deadline the silent department is deemed to agree, its late opinion refused in words', async () => {
    const { page, context, errors } = await openPage(suite.browser, runtime, { viewport: WIDE });
    await signIn(page, { role: 'head', department: 'construction', sub: 'gc-web-head', next: '/staff/projects' });
    // The department's inbox names the project asking its opinion (the stream tells it a moment after the opening).
    await eventually(async () => {
      await page.reload();
      return page.getByTestId('asked-projects').locator(`li[data-project="${projectId}"]`).count();
    }).toBe(1);
    await page.getByTestId('asked-projects').getByRole('link').first().click();
    await eventually(() => page.getByTestId('opinion-form').count()).toBe(1);
    await page.getByLabel('附条件同意').check();
    await page.getByLabel('理由').fill('需补充消防设计');
    await page.getByRole('button', { name: '提交意见' }).click();
    // No conditions: the API's 400, its reason under the field.
    await eventually(() => page.getByTestId('error-conditions').count()).toBe(1);
    await expectAccessible(page, 'the opinion form with a refusal');
    await page.getByLabel('条件', { exact: true }).fill('开工前取得消防设计审查意见');
    await page.getByRole('button', { name: '提交意见' }).click();
    await eventually(() => statusOf(page, 'construction')).toBe('AGREED_WITH_CONDITIONS');
    expect(await departmentRow(page, 'construction').textContent()).toContain('开工前取得消防设计审查意见');
    expect(errors).toEqual([]);
    await context.close();

    // The market bureau answers too (through the API); environment stays silent.
    const market = await runtime.token('reviewer', { department: 'market' });
    const answered = await runtime.call('POST', `/v1/projects/${projectId}/opinions`, {
      token: market,
      body: { opinion: 'AGREE', reason: '符合登记条件' },
    });
    expect(answered.status, answered.text).toBe(200);

    // Environment's reviewer, in English on a phone, starts an opinion; the clock passes its deadline meanwhile.
    const env = await openPage(suite.browser, runtime, { viewport: NARROW, locale: 'en-US' });
    await signIn(env.page, {
      role: 'reviewer',
      department: 'environment',
      sub: 'gc-web-env',
      next: `/staff/projects/${projectId}`,
    });
    await eventually(() => env.page.getByTestId('opinion-form').count()).toBe(1);
    expect(await statusOf(env.page, 'market')).toBe('AGREED');
    expect(await statusOf(env.page, 'environment')).toBe('PENDING');
    expect(await horizontalOverflow(env.page)).toBe(0);
    await env.page.getByLabel('Disagree').check();
    await env.page.getByLabel('Reasons').fill('Too close to the river');
    const now = Date.parse(await runtime.now());
    await runtime.advance(Math.ceil((DUE - now) / 1000) + 60);
    // The page reads the project again: deemed to agree, and the result.
    await eventually(() => statusOf(env.page, 'environment')).toBe('DEEMED_AGREED');
    expect(await departmentRow(env.page, 'environment').textContent()).toContain('Deemed to agree');
    await eventually(() => env.page.getByTestId('joint-result').textContent()).toContain('agreed with conditions');
    // The form the reviewer began stays: sending it now is the API's 409, said in words.
    await env.page.getByRole('button', { name: 'Give the opinion' }).click();
    await eventually(() => env.page.getByTestId('opinion-refused').count()).toBe(1);
    expect(await env.page.getByTestId('opinion-refused').textContent()).toContain('deemed to agree');
    expect(await env.page.locator('.problem').textContent()).toContain('Conflict');
    expect(await horizontalOverflow(env.page)).toBe(0);
    await expectAccessible(env.page, 'deemed agreement and the result (360 px, English)');
    expect(env.errors).toEqual([]);
    await env.context.close();
  });

  it('supervision sees the deemed agreement on the register and the verified log; the worklist marks the green-channel case', async () => {
    const { page, context, errors } = await openPage(suite.browser, runtime, { viewport: WIDE });
    await signIn(page, {
      role: 'supervisor',
      sub: 'gc-web-sup',
      next: '/supervision/accountability?reason=DEEMED_AGREEMENT',
    });
    const row = page.locator(`tr[data-case="${projectId}/environment"]`);
    await eventually(() => row.count()).toBe(1);
    expect(await row.textContent()).toContain('缺席默认');
    // The subject's link (the row's other link, 办理 Handle, opens the record's page).
    await row.getByRole('link', { name: `${projectId}/environment`, exact: true }).click();
    await eventually(() => page.getByTestId('project-verified').getAttribute('data-valid')).toBe('true');
    expect(await page.getByTestId('joint-result').textContent()).toContain('附条件同意');
    const types = await page
      .getByTestId('tracking-log')
      .locator('li')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-type')));
    expect(types).toEqual(
      expect.arrayContaining(['REGISTERED', 'OFFICER_ASSIGNED', 'FORM_FILLED', 'APPLICATION_FILED', 'OPINION_DEEMED']),
    );
    expect(errors).toEqual([]);
    await context.close();

    const staff = await openPage(suite.browser, runtime, { viewport: WIDE });
    await signIn(staff.page, { role: 'reviewer', department: 'market', sub: 'gc-web-market' });
    await eventually(() => staff.page.locator('tr[data-green="true"]').count()).toBe(1);
    expect(await staff.page.locator('tr[data-green="true"]').getByTestId('green-channel').textContent()).toBe(
      '绿色通道',
    );
    expect(staff.errors).toEqual([]);
    await staff.context.close();
  });
});
