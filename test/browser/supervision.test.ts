import type { Page } from 'playwright-core';
import { beforeAll, expect, it } from 'vitest';
import type { EvaluationAnswer } from '../../web/src/charts/evaluation.ts';
import { rankDepartments } from '../../web/src/charts/ranking.ts';
import { scorecardRows } from '../../web/src/charts/scorecard.ts';
import { trendRows } from '../../web/src/charts/trend.ts';
import { chartWords } from '../../web/src/charts/words.ts';
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

// The supervision dashboard (监察) over the real local runtime: the scorecard, the monthly trends, the department
// rankings and the expiries drawn from the API's own answers; the accountability register; a case with its
// verification and the post-hoc review of a deemed approval. Each figure on a page is compared with the API's JSON.

const runtime = new RuntimeProcess();
let supervisor: string;
let deemed: string; // a case left to run out: deemed approved on 2026-10-09
let overdue: string; // an item not eligible for deemed consent: overdue on 2026-10-17, red card on 2026-10-21

const materials = {
  'SC-001': [{ id: 'application-form' }, { id: 'articles' }, { id: 'id-card' }, { id: 'address-proof' }],
  'SC-003': [{ id: 'application-form' }, { id: 'business-licence' }, { id: 'floor-plan' }, { id: 'safety-rules' }],
};

async function apply(token: string, itemCode: keyof typeof materials = 'SC-001'): Promise<string> {
  const r = await runtime.call('POST', '/v1/applications', {
    token,
    body: {
      itemCode,
      applicant: { type: 'ENTERPRISE', name: '演示科技有限公司', phone: '0411-8888-0001' },
      materials: materials[itemCode],
    },
  });
  expect(r.status, r.text).toBe(201);
  return r.json.id as string;
}

async function evaluation(period: string): Promise<EvaluationAnswer> {
  const r = await runtime.call('GET', `/v1/evaluations/${period}`);
  expect(r.status, r.text).toBe(200);
  return r.json as EvaluationAnswer;
}

/** The cells of a table's rows, as text, keyed by a row attribute. */
async function tableRows(page: Page, testId: string, key: string): Promise<Record<string, string[]>> {
  return page
    .locator(`[data-testid="${testId}"] tbody tr`)
    .evaluateAll(
      (rows, attribute) =>
        Object.fromEntries(
          rows.map((row) => [
            row.getAttribute(attribute) ?? '',
            [...row.querySelectorAll('th, td')].map((cell) => (cell.textContent ?? '').trim()),
          ]),
        ),
      key,
    );
}

/** With SCREENSHOT_DIR set, the pages are saved there as PNG (the README's screenshots). */
async function screenshot(page: Page, name: string): Promise<void> {
  const dir = process.env.SCREENSHOT_DIR;
  if (dir) await page.screenshot({ path: `${dir}/${name}.png`, fullPage: true });
}

const shown = (value: number | null, unit = '%') => (value === null ? '—' : `${value}${unit}`);

describeInBrowser('the supervision dashboard', () => {
  const suite = browserSuite({ now: '2026-09-28T10:00:00+08:00' }, runtime);
  beforeAll(async () => {
    supervisor = await runtime.token('supervisor', { sub: 'sup-1' });
  });

  it('says a month not evaluated yet is not, and evaluates the month so far on request (zh, 360 px)', async () => {
    const applicant = await runtime.token('applicant', { sub: 'app-1' });
    const reviewer = await runtime.token('reviewer', { department: 'market', sub: 'rev-1' });
    const early = await apply(applicant);
    deemed = await apply(applicant);
    overdue = await apply(applicant, 'SC-003');
    const decided = await runtime.call('POST', `/v1/applications/${early}/decision`, {
      token: reviewer,
      body: { outcome: 'APPROVED' },
    });
    expect(decided.status, decided.text).toBe(200);
    expect((await runtime.call('GET', '/v1/evaluations/2026-09')).status).toBe(404);

    const { page, context, errors } = await openPage(suite.browser, runtime, { viewport: NARROW });
    await signIn(page, { role: 'supervisor', sub: 'sup-1' });
    expect(new URL(page.url()).pathname).toBe('/supervision');
    await page.getByText('2026-09 尚未评估。').waitFor();
    expect(await horizontalOverflow(page)).toBe(0);
    await expectAccessible(page, 'not evaluated');
    await page.getByRole('button', { name: '立即评估 2026-09（本月至今）' }).click();
    await page.locator('[data-testid="scorecard-chart"] svg').waitFor();

    const september = await evaluation('2026-09');
    expect(september.complete).toBe(false);
    const cells = await tableRows(page, 'scorecard-table', 'data-target');
    for (const row of scorecardRows(september.targets, chartWords('zh'))) {
      expect(cells[row.key]?.slice(0, 4)).toEqual([
        row.name,
        shown(row.baseline),
        shown(row.current),
        shown(row.target),
      ]);
    }
    expect(await page.getByRole('button', { name: /立即评估/ }).count()).toBe(0);
    expect(await page.locator('[data-testid="trend-chart"] svg').count()).toBe(1);
    expect(await horizontalOverflow(page)).toBe(0);
    await expectAccessible(page, 'dashboard narrow');
    await screenshot(page, 'supervision-dashboard-narrow');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('draws the year’s trends, the rankings and the deemed approval, each figure as the API gives it (en, 1080p)', async () => {
    // The case runs out at its deadline (the end of 2026-10-08): deemed approved, one accountability record. A run
    // counts through yesterday: the next day's run sees it.
    await runtime.advance((Date.parse('2026-10-10T01:00:05+08:00') - Date.parse(await runtime.now())) / 1000);
    const record = (await runtime.call('GET', '/v1/accountability', { token: supervisor })).json.records.find(
      (r: { caseId: string }) => r.caseId === deemed,
    );
    expect(record).toMatchObject({ reason: 'DEEMED_APPROVAL', departmentId: 'market' });
    const run = await runtime.call('POST', '/v1/evaluations/2026-10/run', { token: supervisor });
    expect(run.status, run.text).toBe(200);
    const october = await evaluation('2026-10');
    const september = await evaluation('2026-09');
    expect(october.centre.deemedApprovals).toBe(1);

    const { page, context, errors } = await openPage(suite.browser, runtime, { locale: 'en-US', viewport: WIDE });
    await signIn(page, { role: 'supervisor', sub: 'sup-1' });
    await page.getByRole('heading', { name: 'Supervision dashboard' }).waitFor();
    await page.locator('[data-testid="ranking-chart"] svg').waitFor();
    for (const chart of ['scorecard-chart', 'trend-chart', 'ranking-chart'])
      expect(await page.locator(`[data-testid="${chart}"] svg`).count(), chart).toBe(1);
    expect(await page.getByRole('img', { name: /Campaign targets/ }).count()).toBe(1);

    const trend = await tableRows(page, 'trend-table', 'data-period');
    expect(Object.keys(trend)).toEqual(['2026-09', '2026-10']);
    for (const row of trendRows([september, october])) {
      expect(trend[row.period]?.slice(1)).toEqual([
        String(row.closed),
        shown(row.onTimeRate),
        shown(row.earlyRate),
        shown(row.immediateShareOfCases),
        String(row.deemedApprovals),
        String(row.overdue),
        // Complaints and ratings (none in these months: counts 0, rates over nothing —).
        String(row.complaintsAnsweredOnTime ?? '—'),
        shown(row.complaintOnTimeRate),
        shown(row.satisfactionRate),
        String(row.badReviewsRectifiedOnTime ?? '—'),
        shown(row.badReviewsRectifiedOnTimeRate),
      ]);
    }
    expect(await page.getByTestId('scorecard-provenance').textContent()).toContain(
      `Revision ${october.revision}, generated ${october.generatedAt.slice(0, 10)} ${october.generatedAt.slice(11, 16)} by ${october.generatedBy}`,
    );
    const scorecard = await tableRows(page, 'scorecard-table', 'data-target');
    for (const row of scorecardRows(october.targets, chartWords('en')))
      expect(scorecard[row.key]?.slice(0, 4)).toEqual([
        row.name,
        shown(row.baseline),
        shown(row.current),
        shown(row.target),
      ]);

    for (const metric of ['onTimeRate', 'averageWorkingDays'] as const) {
      await page.getByTestId('rank-by').selectOption(metric);
      const ranking = rankDepartments(october.departments, metric, chartWords('en'));
      expect(ranking.ranked.length).toBeGreaterThan(0);
      await expect
        .poll(() => tableRows(page, 'ranking-table', 'data-department'))
        .toEqual(
          Object.fromEntries(
            ranking.ranked.map((r) => [
              r.departmentId,
              [String(r.rank), r.name, shown(r.value, metric === 'averageWorkingDays' ? '' : '%'), String(r.closed)],
            ]),
          ),
        );
    }
    expect(await page.getByTestId('expiry-figures').textContent()).toContain(
      `2026-10: ${october.centre.deemedApprovals} deemed approvals, ${october.centre.overdue} overdue`,
    );
    const recent = page.locator(`[data-testid="recent-records"] tr[data-case="${deemed}"]`);
    expect(await recent.getAttribute('data-reason')).toBe('DEEMED_APPROVAL');
    // The department by its English name: the page asks the API in the browser's language (en-US → en).
    expect(await recent.locator('td').nth(2).textContent()).toBe('Market Regulation Bureau');
    expect(await horizontalOverflow(page)).toBe(0);
    await expectAccessible(page, 'dashboard wide');
    await screenshot(page, 'supervision-dashboard');

    // The case, from its record: deemed approved, its record verifies, and the supervisor confirms the approval.
    await recent.getByRole('link', { name: deemed }).click();
    await page.getByTestId('verification-overall').waitFor();
    expect(await page.getByTestId('verification').getAttribute('data-valid')).toBe('true');
    expect(await page.getByTestId('verification-overall').textContent()).toBe('✓ Verified: the record is intact');
    expect(await page.getByTestId('check-chain').getAttribute('data-outcome')).toBe('pass');
    expect(await page.getByTestId('check-state').getAttribute('data-outcome')).toBe('pass');
    expect(await page.getByTestId('check-clocks').getAttribute('data-outcome')).not.toBe('fail');
    expect(await page.locator('[data-status]').getAttribute('data-status')).toBe('DEEMED_APPROVED');
    expect(await page.locator('.staff-timeline li[data-type="DEEMED_APPROVED"]').count()).toBe(1);
    await expectAccessible(page, 'case wide');
    await screenshot(page, 'supervision-case');
    await page.getByRole('radio', { name: /Confirmed/ }).check();
    await page
      .getByRole('textbox', { name: 'Reason' })
      .fill('Deemed approval lawful: the applicant met every condition.');
    await page.getByRole('button', { name: 'Submit the review' }).click();
    await expect.poll(() => page.getByTestId('case-review').textContent()).toContain('Confirmed');
    const reviewed = (await runtime.call('GET', `/v1/applications/${deemed}`, { token: supervisor })).json;
    expect(reviewed.review).toMatchObject({ verdict: 'CONFIRMED', by: 'sup-1' });
    await expect.poll(() => page.getByTestId('verification').getAttribute('data-valid')).toBe('true');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('lists the deemed approval and the overdue case in the register, filters them, and opens a case (zh, 360 px)', async () => {
    // The food licence (not eligible for deemed consent) runs out at the end of 2026-10-16: overdue, under
    // supervision until the end of the 2nd working day after (2026-10-20), then the red card.
    await runtime.advance((Date.parse('2026-10-21T00:00:05+08:00') - Date.parse(await runtime.now())) / 1000);
    const { page, context, errors } = await openPage(suite.browser, runtime, { viewport: NARROW });
    await signIn(page, { role: 'supervisor', sub: 'sup-1' });
    await page.getByRole('navigation', { name: '监察导航' }).getByRole('link', { name: '问责记录' }).click();
    const deemedRow = page.locator(`[data-testid="register"] tr[data-case="${deemed}"]`);
    // The overdue case has two records since its red card: OVERDUE at the deadline, RED_CARD at supervision's.
    const overdueRow = page.locator(`[data-testid="register"] tr[data-case="${overdue}"][data-reason="OVERDUE"]`);
    const redCardRow = page.locator(`[data-testid="register"] tr[data-case="${overdue}"][data-reason="RED_CARD"]`);
    await overdueRow.waitFor();
    expect(await deemedRow.locator('td').nth(1).textContent()).toBe('超时默认');
    expect(await overdueRow.locator('td').nth(1).textContent()).toBe('超时');
    expect(await redCardRow.locator('td').nth(1).textContent()).toBe('红牌（督办期限届满仍未办结）');
    expect(await horizontalOverflow(page)).toBe(0);
    await expectAccessible(page, 'register narrow');
    await screenshot(page, 'supervision-register-narrow');
    await page.getByTestId('filter-reason').selectOption('OVERDUE');
    await page.getByText('共 1 条').waitFor();
    expect(await deemedRow.count()).toBe(0);
    expect(new URL(page.url()).searchParams.get('reason')).toBe('OVERDUE');
    await page.getByTestId('filter-year').selectOption('2025');
    await page.getByText('共 0 条').waitFor();
    await page.getByTestId('filter-year').selectOption('2026');
    await overdueRow.getByRole('link', { name: overdue, exact: true }).click();
    await page.getByTestId('verification-overall').waitFor();
    expect(await page.getByTestId('verification-overall').textContent()).toBe('✓ 校验通过：记录完整可信');
    const c = (await runtime.call('GET', `/v1/applications/${overdue}`, { token: supervisor })).json;
    expect(c).toMatchObject({ status: 'OVERDUE', light: 'RED_CARD' });
    expect(await page.locator('[data-status]').getAttribute('data-status')).toBe('OVERDUE');
    const details = (await page.getByTestId('case-details').textContent()) ?? '';
    expect(details).toContain('红牌');
    expect(details).toContain(`督办期限 ${c.supervision.deadlineDate}`);
    expect(await page.locator('.staff-timeline li[data-type="RED_CARD"]').count()).toBe(1);
    expect(await page.getByRole('heading', { name: '超时默认事后审查' }).count()).toBe(0);
    expect(await horizontalOverflow(page)).toBe(0);
    await expectAccessible(page, 'case narrow');
    await screenshot(page, 'supervision-case-narrow');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('asks anyone but a supervisor to sign in, and the API refuses them anyway', async () => {
    const { page, context, errors } = await openPage(suite.browser, runtime);
    await page.goto('/supervision/accountability');
    await page.getByRole('alert').getByText('请先登录').waitFor();
    await signIn(page, { role: 'reviewer', department: 'market', sub: 'rev-1', next: `/supervision/cases/${deemed}` });
    await page.getByRole('alert').getByText('请先登录').waitFor();
    expect(await page.getByTestId('verification').count()).toBe(0);
    const reviewer = await runtime.token('reviewer', { department: 'market' });
    expect((await runtime.call('GET', '/v1/accountability', { token: reviewer })).status).toBe(403);
    expect(errors).toEqual([]);
    await context.close();
  });
});
