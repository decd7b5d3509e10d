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

// Issue 16 item 4's pages over the real local runtime, one runtime and one browser (docs/enforcement.md): a market
// reviewer plans an inspection on the department's page; the head approves it; supervision files it from its queue
// and sees its code; the enterprise, signed out on a phone, types the code on the public page and sees it valid with
// the department, purpose, date and inspectors; an unknown code, and a code in the address, show invalid.

// Monday 2 November 2026, 10:00: a plan for Tuesday 11-03 verifies from today (one day before) on.
const NOW = '2026-11-02T10:00:00+08:00';
const ENTERPRISE = '大连海味食品有限公司';
const PURPOSE = '食品安全日常监督检查';

const runtime = new RuntimeProcess();
let code = '';

describeInBrowser('the law-enforcement inspection pages', () => {
  const suite = browserSuite({ now: NOW }, runtime);

  it('a reviewer plans an inspection, and the head approves it', async () => {
    const { page, context, errors } = await openPage(suite.browser, runtime, { viewport: WIDE });
    await signIn(page, { role: 'reviewer', department: 'market', sub: 'enf-web-reviewer', next: '/enforcement' });
    await eventually(() => page.getByLabel('企业名称').count()).toBe(1);
    await page.getByLabel('企业名称').fill(ENTERPRISE);
    // A mistyped credit code first: the API's reason beside the form.
    await page.getByLabel('统一社会信用代码').fill('914403001922038217');
    await page.getByLabel('检查目的').fill(PURPOSE);
    await page.getByLabel('检查依据').fill('《中华人民共和国食品安全法》第一百一十条');
    await page.getByLabel('计划日期').fill('2026-11-03');
    await page.getByLabel(/执法人员/).fill('王执法 LN-2101-0001\n李检查 LN-2101-0002');
    await page.getByRole('button', { name: '提交审批' }).click();
    await eventually(() => page.getByRole('alert').count()).toBe(1);
    expect(await page.getByRole('alert').textContent()).toContain('body.enterprise.creditCode');
    await page.getByLabel('统一社会信用代码').fill('914403001922038216');
    await page.getByRole('button', { name: '提交审批' }).click();
    await eventually(() => page.getByTestId('planned').count()).toBe(1);
    // Beside the demo's filed inspection (local/demo-data.ts), the new plan awaits approval.
    const row = page.locator('tr[data-status="PENDING_APPROVAL"]');
    await eventually(() => row.count()).toBe(1);
    expect(await row.textContent()).toContain(ENTERPRISE);
    await expectAccessible(page, "the department's inspections");
    expect(errors).toEqual([]);
    await context.close();

    const head = await openPage(suite.browser, runtime, { viewport: WIDE });
    await signIn(head.page, { role: 'head', department: 'market', sub: 'enf-web-head', next: '/enforcement' });
    const pending = head.page.locator('tr[data-status="PENDING_APPROVAL"]');
    await eventually(() => pending.count()).toBe(1);
    await pending.getByRole('button', { name: '批准', exact: true }).click();
    await eventually(() => head.page.locator('tr[data-status="APPROVED"]').count()).toBe(1);
    expect(head.errors).toEqual([]);
    await head.context.close();
  });

  it('supervision files it from its queue, and the code is issued', async () => {
    const { page, context, errors } = await openPage(suite.browser, runtime, { viewport: WIDE });
    await signIn(page, { role: 'supervisor', sub: 'enf-web-supervisor', next: '/supervision/enforcement' });
    const queue = page.getByTestId('filing-queue');
    await eventually(() => queue.locator('tr[data-status="APPROVED"]').count()).toBe(1);
    expect(await queue.textContent()).toContain(ENTERPRISE);
    await expectAccessible(page, "supervision's filing queue");
    await queue.getByRole('button', { name: '备案' }).click();
    await eventually(() => page.getByTestId('queue-empty').count()).toBe(1);
    const filed = page.getByTestId('all-inspections').locator('tr[data-status="FILED"]', { hasText: ENTERPRISE });
    await eventually(() => filed.count()).toBe(1);
    code = (await filed.getByTestId('code').textContent()) ?? '';
    expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}$/);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('the enterprise, signed out on a phone, checks the code: valid with the department, purpose, date and inspectors', async () => {
    const { page, context, errors } = await openPage(suite.browser, runtime, { viewport: NARROW });
    await page.goto('/enforcement/verify');
    // Typed as read out: lower case, a space for the dash.
    await page.getByLabel('核验码').fill(code.toLowerCase().replace('-', ' '));
    await page.getByRole('button', { name: '核验', exact: true }).click();
    const result = page.getByTestId('verify-result');
    await eventually(() => result.count()).toBe(1);
    expect(await result.getAttribute('data-valid')).toBe('true');
    expect(await result.textContent()).toContain('Valid: this inspection is approved and filed');
    expect(await page.getByTestId('verify-department').textContent()).toContain('市场监督管理局');
    expect(await page.getByTestId('verify-purpose').textContent()).toBe(PURPOSE);
    expect(await page.getByTestId('verify-planned').textContent()).toBe('2026-11-03 09:00');
    expect(await page.getByTestId('verify-inspectors').textContent()).toContain('王执法');
    // Nothing of the enterprise beyond the last characters of its code.
    expect(await page.textContent('main')).not.toContain(ENTERPRISE);
    await expectAccessible(page, 'the verification page (360 px)');
    expect(await horizontalOverflow(page)).toBe(0);

    // An unknown code (an unfiled plan has none): not valid.
    await page.getByLabel('核验码').fill('ZZZZZ-ZZZZZ');
    await page.getByRole('button', { name: '核验', exact: true }).click();
    await eventually(() => result.getAttribute('data-valid')).toBe('false');
    expect(await result.textContent()).toContain('Not valid');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('a code in the address is checked at once, in English too (the demo code of the README valid)', async () => {
    const { page, context, errors } = await openPage(suite.browser, runtime, { viewport: WIDE, locale: 'en-US' });
    await page.goto('/enforcement/verify?code=ABCDE-12345');
    const result = page.getByTestId('verify-result');
    await eventually(() => result.count()).toBe(1);
    expect(await result.getAttribute('data-valid')).toBe('false');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Check an inspector');
    await page.goto('/enforcement/verify?code=DEM0A-7K2QX');
    await eventually(() => page.getByTestId('verify-result').getAttribute('data-valid')).toBe('true');
    expect(await page.getByTestId('verify-department').textContent()).toContain('Market Regulation Bureau');
    expect(errors).toEqual([]);
    await context.close();
  });
});
