import { expect, it } from 'vitest';
import { browserSuite, describeInBrowser, expectAccessible, openPage, signIn } from '../support/browser.ts';
import { RuntimeProcess } from '../support/runtime.ts';

// Inspection visits (明察暗访) in the browser over the real local runtime, one runtime: a supervisor records an
// unannounced visit to the market department with two problems on the supervision desk; the market head finds them in
// the worklist, opens the visit and reports one rectified; the simulated clock passes the other's deadline and the
// supervisor's visit page shows it overdue, red, on the accountability register.

const runtime = new RuntimeProcess();

describeInBrowser('inspection visits', () => {
  const suite = browserSuite({ now: '2026-11-02T10:00:00+08:00' }, runtime);
  let visitId = '';

  it('a supervisor records an unannounced visit with two problems (zh)', async () => {
    const { page, context, errors } = await openPage(suite.browser, runtime);
    await signIn(page, { role: 'supervisor', sub: 'sup-visits', next: '/supervision/visits' });
    await page.getByRole('heading', { name: '明察暗访', level: 1 }).waitFor();
    const form = page.getByTestId('record-visit');
    await form.getByLabel('部门').selectOption('market');
    await form.getByLabel('方式').selectOption('UNANNOUNCED');
    await form.getByLabel('检查时间').fill('2026-11-02T09:00');
    await form.getByLabel('检查情况').fill('窗口人员脱岗；一次性告知单未公示');
    await page.getByTestId('problem-1').getByLabel('问题描述').fill('窗口工作人员上班时间脱岗');
    await page.getByTestId('problem-1').getByLabel('整改期限（工作日）').fill('3');
    await form.getByRole('button', { name: '再加一个问题' }).click();
    await page.getByTestId('problem-2').getByLabel('问题描述').fill('一次性告知单未公示');
    await page.getByTestId('problem-2').getByLabel('整改期限（工作日）').fill('2');
    await form.getByRole('button', { name: '登记', exact: true }).click();
    await page.waitForURL(/\/supervision\/visits\/VS20261102-/);
    visitId = decodeURIComponent(new URL(page.url()).pathname.split('/').at(-1) ?? '');
    await expect.poll(() => page.locator('[data-problem]').count()).toBe(2);
    expect(await page.getByTestId('visit-kind').textContent()).toBe('暗访');
    // The API's own answer: each problem's deadline in working days from tomorrow, green.
    const api = await runtime.call('GET', `/v1/inspections/visits/${visitId}`, {
      token: await runtime.token('supervisor'),
    });
    expect(api.json.problems.map((p: { rectifyByDate: string }) => p.rectifyByDate)).toEqual([
      '2026-11-05',
      '2026-11-04',
    ]);
    expect(await page.locator('[data-problem="P2"]').getAttribute('data-light')).toBe('GREEN');
    await expect.poll(() => page.locator('[data-problem="P2"]').textContent()).toContain('2026-11-04');
    await expectAccessible(page, 'visit recorded');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('the market head finds the problems in the worklist and reports one rectified', async () => {
    const { page, context, errors } = await openPage(suite.browser, runtime);
    await signIn(page, { role: 'head', department: 'market', sub: 'head-visits', next: '/staff' });
    const entry = page.locator(`tr[data-kind="VISIT_PROBLEM"][data-entry="${visitId}-P1"]`);
    await entry.waitFor();
    expect(await page.locator('tr[data-kind="VISIT_PROBLEM"]').count()).toBe(2);
    await entry.getByRole('link').click();
    await page.waitForURL(`**/staff/visits/${visitId}`);
    const p1 = page.locator('[data-problem="P1"]');
    await p1.getByLabel('整改措施').fill('已调整排班并落实离岗登记');
    await p1.getByRole('button', { name: '报告整改' }).click();
    await expect.poll(() => p1.getAttribute('data-status')).toBe('RECTIFIED');
    expect(await p1.getByTestId('rectification').textContent()).toContain('已调整排班并落实离岗登记');
    await expectAccessible(page, 'head reports');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('the other problem goes overdue when the clock passes its deadline: red, escalated, on the register', async () => {
    await runtime.advance((Date.parse('2026-11-05T00:00:01+08:00') - Date.parse(await runtime.now())) / 1000);
    const { page, context, errors } = await openPage(suite.browser, runtime, { locale: 'en-US' });
    await signIn(page, { role: 'supervisor', sub: 'sup-visits', next: `/supervision/visits/${visitId}` });
    const p2 = page.locator('[data-problem="P2"]');
    await expect.poll(() => p2.getAttribute('data-status')).toBe('OVERDUE');
    expect(await p2.getAttribute('data-light')).toBe('RED');
    expect(await p2.textContent()).toContain('escalated to supervision');
    expect(await p2.textContent()).toContain(`${visitId}-P2.VISIT_FINDING`);
    await page.getByRole('link', { name: 'Inspection visits' }).click();
    await page.locator(`tr[data-visit="${visitId}"] [data-problem="P2"][data-status="OVERDUE"]`).waitFor();
    await expectAccessible(page, 'overdue');
    expect(errors).toEqual([]);
    await context.close();
  });
});
