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
} from '../support/browser.ts';
import { RuntimeProcess } from '../support/runtime.ts';

// Issue 16 items 5–6 in the browser over the real local runtime, one runtime and one browser: a representative rates
// market on the published criteria (shown with their descriptions); the public summary shows it with the demo's
// ratings, and a department below the minimum of 3 with its count only; a clerk registers an official activity with
// the demo enterprise; supervision finds it by the enterprise's credit code.

const runtime = new RuntimeProcess();
const CODE = '91210200MA0QDEM71U';

describeInBrowser('the year-end appraisal and the official activity registry', () => {
  // Wednesday 2 December 2026: the 2026 appraisal is open (1 Dec – 31 Jan).
  const suite = browserSuite({ now: '2026-12-02T10:00:00+08:00' }, runtime);

  it('a representative rates market on the published criteria (zh)', async () => {
    const { page, context, errors } = await openPage(suite.browser, runtime);
    await page.goto('/login?role=representative&sub=rep-browser&kind=NPC_DEPUTY');
    await page.waitForURL((url) => url.pathname === '/appraisal/rate');
    await page.getByRole('heading', { name: '2026年度评议打分' }).waitFor();
    await page.getByText('代表类别：人大代表').waitFor();
    await page.getByLabel('评议部门').selectOption('market');
    // Each criterion with its description, and the 1–5 scale in words.
    await page.getByText('热情礼貌、耐心解答，首问负责，不推诿、不刁难').waitFor();
    for (const [code, score] of Object.entries({
      ATTITUDE: 5,
      EFFICIENCY: 5,
      LAWFULNESS: 4,
      INTEGRITY: 5,
      OPENNESS: 4,
    })) {
      await page.locator(`input[name="d.${code}"][value="${score}"]`).check();
    }
    await page.getByLabel('同时评议部门负责人：王建国 Wang Jianguo').check();
    for (const code of ['ATTITUDE', 'EFFICIENCY', 'LAWFULNESS', 'INTEGRITY', 'OPENNESS']) {
      await page.locator(`input[name="l.${code}"][value="4"]`).check();
    }
    await expectAccessible(page, 'rating form');
    await page.getByRole('button', { name: '提交评议' }).click();
    await page.getByText(/已提交：市场监督管理局.*综合得分 92\.00/).waitFor();
    // Rated: listed as the representative's own, and no longer offered.
    await page.getByRole('listitem').filter({ hasText: '市场监督管理局' }).waitFor();
    expect(await page.locator('select option[value="market"]').count()).toBe(0);
    const api = await runtime.call('GET', '/v1/appraisals/2026/ratings/mine', {
      token: await runtime.token('representative', { sub: 'rep-browser' }),
    });
    expect(api.json.ratings).toHaveLength(1);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('the public summary shows it without sign-in: market shown with 4 ratings, one below the minimum as a count (360 px)', async () => {
    const { page, context, errors } = await openPage(suite.browser, runtime, { viewport: NARROW });
    await page.goto('/');
    await page.getByRole('link', { name: '公开评议' }).first().click();
    await page.getByRole('heading', { name: '2026年度公开评议' }).waitFor();
    const summary = (await runtime.call('GET', '/v1/appraisals/2026')).json as {
      departments: { departmentId: string; department: { ratings: number; weightedTotal: number | null } }[];
    };
    const market = summary.departments.find((d) => d.departmentId === 'market');
    expect(market?.department.ratings).toBe(4);
    const row = page.locator('tr[data-department="market"]');
    await eventually(() => row.textContent()).toContain(String(market?.department.weightedTotal?.toFixed(2)));
    expect(await row.locator('td').nth(1).textContent()).toBe('4');
    // construction has the demo's one rating: its count, no score.
    await eventually(() => page.locator('tr[data-department="construction"]').textContent()).toContain(
      '不足 3 份，暂不公布',
    );
    // Nobody named.
    expect(await page.content()).not.toContain('rep-browser');
    await page.getByText('依法审批、执法，程序规范，不乱检查、不乱收费').waitFor();
    expect(await horizontalOverflow(page)).toBe(0);
    await expectAccessible(page, 'public summary');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('a clerk registers an activity with the enterprise, and supervision finds it by its credit code', async () => {
    const staff = await openPage(suite.browser, runtime);
    await signIn(staff.page, { role: 'clerk', department: 'market', sub: 'clerk-browser', next: '/staff/activities' });
    await staff.page.getByRole('heading', { name: '公务活动登记' }).waitFor();
    await staff.page.getByLabel('活动时间').fill('2026-12-02T09:30');
    await staff.page.getByLabel('事由').fill('浏览器测试：上门核实经营场所 Browser test: premises check');
    await staff.page.getByLabel('参加人员（每行一人）').fill('赵六\n钱七');
    await staff.page.getByLabel('企业名称（可选）').fill('大连新能源零部件有限公司');
    await staff.page.getByLabel('统一社会信用代码（可选，18位）').fill(CODE);
    await expectAccessible(staff.page, 'activity form');
    await staff.page.getByRole('button', { name: '登记', exact: true }).click();
    const done = await staff.page.getByText(/^已登记 OA-/).textContent();
    const id = done?.replace('已登记 ', '') ?? '';
    await staff.page.getByRole('cell', { name: id }).waitFor();
    await staff.page.getByLabel('只看我登记的').check();
    await staff.page.getByRole('cell', { name: id }).waitFor();
    expect(await staff.page.locator('tbody tr').count()).toBe(1);
    expect(staff.errors).toEqual([]);
    await staff.context.close();

    const sup = await openPage(suite.browser, runtime);
    await signIn(sup.page, { role: 'supervisor', sub: 'sup-browser', next: '/supervision/activities' });
    await sup.page.getByRole('heading', { name: '公务活动查询' }).waitFor();
    await sup.page.getByLabel('企业名称或统一社会信用代码').fill(CODE);
    await sup.page.getByRole('button', { name: '查询' }).click();
    const row = sup.page.locator('tbody tr').filter({ hasText: id });
    await row.waitFor();
    expect(await row.textContent()).toContain('浏览器测试');
    // With the demo's two activities with the same enterprise.
    await eventually(() => sup.page.locator('tbody tr').count()).toBe(3);
    await expectAccessible(sup.page, 'activity query');
    expect(sup.errors).toEqual([]);
    await sup.context.close();
  });
});
