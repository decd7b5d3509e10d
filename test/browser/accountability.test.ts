import type { Page } from 'playwright-core';
import { beforeAll, expect, it } from 'vitest';
import {
  browserSuite,
  describeInBrowser,
  eventually,
  expectAccessible,
  horizontalOverflow,
  NARROW,
  openPage,
  signIn,
  slowDirectory,
  WIDE,
} from '../support/browser.ts';
import { RuntimeProcess } from '../support/runtime.ts';

// Issue 16's accountability pages over the real local runtime, one runtime and one browser: four applications run out
// on the simulated clock (deemed approvals of the market bureau, on record). A supervisor opens one record from the
// register, investigates it, finds HANDLER barred (领导责任) and the findings required (the API's 400 beside the field),
// decides LEADER + CRITICISM and publishes it; a second record acted on behind the page's back answers 409 in words
// with a reload; a third is dismissed; the public outcomes page shows the published one to anyone, without a token, at
// 360 px and in English; the flags page lists the market bureau for the quarter; an investigation past its limit is
// shown escalated.

// Monday 2 November 2026, 10:00 in Shanghai: SC-001 (3 working days, deemed consent) runs out at the end of Thursday
// 11-05. The deployment's investigation limit is 5 working days here (the default 30 would need six weeks of clock).
const NOW = '2026-11-02T10:00:00+08:00';
const PHONE = '0411-8888-1616';
const runtime = new RuntimeProcess();
const cases: string[] = [];
let supervisor = '';

const SC001 = [{ id: 'application-form' }, { id: 'articles' }, { id: 'id-card' }, { id: 'address-proof' }];
const idOf = (caseId: string) => `${caseId}.DEEMED_APPROVAL`;
const recordUrl = (caseId: string) => `/supervision/accountability/${encodeURIComponent(idOf(caseId))}`;
const statusOf = (page: Page) => page.getByTestId('record-status').getAttribute('data-status');

async function record(caseId: string) {
  const r = await runtime.call('GET', `/v1/accountability/${idOf(caseId)}`, { token: supervisor });
  expect(r.status, r.text).toBe(200);
  return r.json;
}

describeInBrowser('the accountability pages', () => {
  const suite = browserSuite(
    { now: NOW, env: { ACCOUNTABILITY_POLICY: JSON.stringify({ investigationWorkingDays: 5 }) } },
    runtime,
  );

  beforeAll(async () => {
    supervisor = await runtime.token('supervisor', { sub: 'acc-sup' });
    const applicant = await runtime.token('applicant', { sub: 'acc-web-applicant' });
    for (let i = 0; i < 4; i++) {
      const c = await runtime.call('POST', '/v1/applications', {
        token: applicant,
        body: {
          itemCode: 'SC-001',
          applicant: { type: 'ENTERPRISE', name: `问责演示公司${i}`, phone: PHONE },
          materials: SC001,
        },
      });
      expect(c.status, c.text).toBe(201);
      cases.push(c.json.id as string);
    }
    // Past the deadline: each deemed approved, one DEEMED_APPROVAL record each (the clock writes it).
    await runtime.advance((Date.parse('2026-11-06T00:00:05+08:00') - Date.parse(await runtime.now())) / 1000);
    for (const c of cases) expect((await record(c)).status).toBe('OPEN');
  });

  it('takes a deemed approval’s record from open to published: investigate, HANDLER barred, LEADER + CRITICISM, publish (zh, 360 px)', async () => {
    const [a] = cases as [string];
    const { page, context, errors } = await openPage(suite.browser, runtime, { viewport: NARROW });
    await signIn(page, { role: 'supervisor', sub: 'acc-sup', next: '/supervision/accountability' });
    // The register: filtered to OPEN records, each linked to its own page.
    await page.getByTestId('filter-status').selectOption('OPEN');
    expect(new URL(page.url()).searchParams.get('status')).toBe('OPEN');
    const row = page.locator(`[data-testid="register"] tr[data-case="${a}"]`);
    await row.waitFor();
    expect(await row.locator('td[data-status]').getAttribute('data-status')).toBe('OPEN');
    expect(await horizontalOverflow(page)).toBe(0);
    await row.getByTestId('open-record').click();
    await page.getByTestId('record-status').waitFor();
    expect(decodeURIComponent(new URL(page.url()).pathname)).toBe(`/supervision/accountability/${idOf(a)}`);
    expect(await statusOf(page)).toBe('OPEN');
    expect(await page.getByTestId('record-reason').textContent()).toBe('超时默认');
    expect(await page.getByTestId('leader-answerable').getAttribute('data-answerable')).toBe('true');
    expect(await page.getByTestId('record-verification').getAttribute('data-valid')).toBe('true');
    expect(await page.locator('[data-testid="record-timeline"] li').count()).toBe(1);
    expect(await page.getByTestId('action-publish').count()).toBe(0);
    expect(await horizontalOverflow(page)).toBe(0);
    await expectAccessible(page, 'record open (360 px)');

    // Investigate: the clock starts (5 working days from the next one: to the end of Friday 11-13), green.
    await page.getByTestId('action-investigate').getByLabel('说明（可选）').fill('调取审批记录 Records requested');
    await page.getByRole('button', { name: '开始调查' }).click();
    await eventually(() => statusOf(page)).toBe('INVESTIGATING');
    const clock = page.getByTestId('investigation-clock');
    expect(await clock.getAttribute('data-light')).toBe('GREEN');
    expect(await clock.textContent()).toContain('2026-11-13');
    expect(await clock.getByRole('timer').count()).toBe(1);
    expect((await record(a)).investigation).toMatchObject({
      by: 'acc-sup',
      deadlineDate: '2026-11-13',
      workingDays: 5,
    });

    // Decide: HANDLER is barred for a deemed approval (领导责任), and said why; the API refuses it too.
    const decide = page.getByTestId('action-decide');
    const handler = decide.getByRole('radio', { name: '直接责任（承办人）' });
    expect(await handler.isDisabled()).toBe(true);
    expect(await decide.getByTestId('handler-refused').textContent()).toContain('不得仅认定承办人责任');
    const refused = await runtime.call('POST', `/v1/accountability/${idOf(a)}/decide`, {
      token: supervisor,
      body: { responsibility: 'HANDLER', sanction: 'WARNING', findings: '承办人未及时办理' },
    });
    expect(refused.status, refused.text).toBe(400);
    expect(refused.json.errors[0].field).toBe('body.responsibility');
    // The sanctions are the configured list the API gives, in its order.
    const options = await decide
      .getByLabel('处分', { exact: true })
      .locator('option')
      .evaluateAll((os) => os.map((o) => o.getAttribute('value')));
    expect(options).toEqual(['', ...(await record(a)).sanctions.map((s: { code: string }) => s.code)]);
    // Without findings: the API's 400 names the field, shown beside it.
    await decide.getByRole('radio', { name: '领导责任（签批领导）' }).check();
    await decide.getByLabel('处分', { exact: true }).selectOption('CRITICISM');
    await decide.getByRole('button', { name: '作出决定' }).click();
    await decide.getByTestId('error-findings').waitFor();
    expect(await statusOf(page)).toBe('INVESTIGATING');
    await expectAccessible(page, 'decide refused (360 px)');
    await decide.getByLabel('调查结论（必填）').fill(`分管领导未督促办理。申请人电话 ${PHONE}`);
    await decide.getByRole('button', { name: '作出决定' }).click();
    await eventually(() => statusOf(page)).toBe('DECIDED');
    expect(await page.getByTestId('outcome-responsibility').getAttribute('data-responsibility')).toBe('LEADER');
    expect(await page.getByTestId('outcome-sanction').textContent()).toContain('通报批评');

    // Publish: on the public route; the timeline holds every step, its chain verified.
    await page.getByTestId('action-publish').getByRole('button', { name: '公开', exact: true }).click();
    await eventually(() => statusOf(page)).toBe('PUBLISHED');
    expect(await page.getByTestId('outcome-published').textContent()).toContain('acc-sup');
    expect(
      await page.locator('[data-testid="record-timeline"] li').evaluateAll((lis) => lis.map((l) => l.dataset.type)),
    ).toEqual([
      'ACCOUNTABILITY_RECORDED',
      'INVESTIGATION_OPENED',
      'ACCOUNTABILITY_DECIDED',
      'ACCOUNTABILITY_PUBLISHED',
    ]);
    expect(await page.getByTestId('record-verification').textContent()).toContain('4 个事件');
    expect(await page.getByText('此状态下没有可执行的处理。').count()).toBe(1);
    const stored = await record(a);
    expect(stored).toMatchObject({
      status: 'PUBLISHED',
      decision: { responsibility: 'LEADER', sanction: 'CRITICISM', by: 'acc-sup' },
      publication: { by: 'acc-sup' },
      verification: { valid: true, events: 4 },
    });
    expect(await horizontalOverflow(page)).toBe(0);
    await expectAccessible(page, 'record published (360 px)');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('says a 409 in words when someone else acted first, reloads, and dismisses a record with its reasons (en, 1080p)', async () => {
    const [, b, , d] = cases as [string, string, string, string];
    const { page, context, errors } = await openPage(suite.browser, runtime, { locale: 'en-US', viewport: WIDE });
    await signIn(page, { role: 'supervisor', sub: 'acc-sup', next: recordUrl(b) });
    await page.getByTestId('record-status').waitFor();
    expect(await statusOf(page)).toBe('OPEN');
    // Another supervisor opens the investigation while this page still shows OPEN.
    const other = await runtime.token('supervisor', { sub: 'acc-sup-2' });
    const behind = await runtime.call('POST', `/v1/accountability/${idOf(b)}/investigate`, { token: other, body: {} });
    expect(behind.status, behind.text).toBe(200);
    await page.getByRole('button', { name: 'Open the investigation' }).click();
    const conflict = page.getByTestId('action-conflict');
    await conflict.waitFor();
    expect(await conflict.textContent()).toContain('Someone else has acted on this record meanwhile');
    expect(await conflict.textContent()).toContain('Under investigation');
    await expectAccessible(page, 'conflict');
    await conflict.getByRole('button', { name: 'Reload' }).click();
    await eventually(() => statusOf(page)).toBe('INVESTIGATING');
    expect(await page.getByTestId('investigation-clock').textContent()).toContain('acc-sup-2');

    // A dismissal needs its reasons: the API's 400 beside the field, then dismissed.
    await page.goto(recordUrl(d));
    await page.getByTestId('record-status').waitFor();
    const dismiss = page.getByTestId('action-dismiss');
    await dismiss.getByRole('button', { name: 'Dismiss' }).click();
    await dismiss.getByTestId('error-reason').waitFor();
    await dismiss.getByLabel('Reasons (required)').fill('申请人已书面同意延期 The applicant agreed in writing');
    await dismiss.getByRole('button', { name: 'Dismiss' }).click();
    await eventually(() => statusOf(page)).toBe('DISMISSED');
    expect((await record(d)).dismissal).toMatchObject({ by: 'acc-sup' });
    expect(errors).toEqual([]);
    await context.close();
  });

  it('shows the published outcome to anyone without a token, at 360 px and in English, never a phone', async () => {
    const answer = await runtime.call('GET', '/v1/public/accountability');
    expect(answer.status, answer.text).toBe(200);
    expect(answer.json.records).toHaveLength(1);
    const published = answer.json.records[0];
    expect(published).toMatchObject({ departmentId: 'market', responsibility: 'LEADER', sanction: 'CRITICISM' });

    const { page, context, errors } = await openPage(suite.browser, runtime, { viewport: NARROW });
    await page.goto('/');
    // The header's link (the public navigation), no sign-in.
    await page.getByRole('link', { name: '问责公开' }).first().click();
    const card = page.locator(`[data-testid="public-outcomes"] li[data-ref="${published.ref}"]`);
    await card.waitFor();
    const text = (await card.textContent()) ?? '';
    expect(text).toContain('市场监督管理局');
    expect(text).toContain('超时默认');
    expect(text).toContain('通报批评');
    expect(text).toContain('Public criticism');
    expect(await card.getByTestId('outcome-responsibility').getAttribute('data-responsibility')).toBe('LEADER');
    // No names by default (publishNamesFrom null), never the phone in the findings, never the case.
    expect(await card.getByTestId('outcome-names').count()).toBe(0);
    const body = (await page.locator('main').textContent()) ?? '';
    expect(body).not.toContain(PHONE);
    for (const c of cases) expect(body).not.toContain(c);
    expect(await page.getByTestId('four-always').locator('li').count()).toBe(4);
    expect(await page.getByTestId('four-always').textContent()).toContain('凡是工作不力，一律追究领导责任');
    expect(await horizontalOverflow(page)).toBe(0);
    await expectAccessible(page, 'public outcomes (360 px)');
    // The year picker: the years the API answers for; a year without outcomes says so.
    await page.getByTestId('filter-year').selectOption('2025');
    await page.getByTestId('no-outcomes').waitFor();
    expect(new URL(page.url()).searchParams.get('year')).toBe('2025');
    await page.getByTestId('filter-year').selectOption('2026');
    await card.waitFor();
    expect(errors).toEqual([]);
    await context.close();

    const english = await openPage(suite.browser, runtime, { locale: 'en-US', viewport: NARROW });
    // The directory answering last: the card waits for it, and shows the name, never the id first.
    await slowDirectory(english.page);
    await english.page.goto('/accountability');
    const enCard = english.page.locator(`[data-testid="public-outcomes"] li[data-ref="${published.ref}"]`);
    await enCard.waitFor();
    expect(await enCard.textContent()).toContain('Market Regulation Bureau');
    expect(await enCard.getByTestId('outcome-responsibility').textContent()).toBe(
      'The signing leader (leadership responsibility)',
    );
    expect(await english.page.getByRole('heading', { name: 'The four always (四个一律)' }).count()).toBe(1);
    expect(await horizontalOverflow(english.page)).toBe(0);
    expect(english.errors).toEqual([]);
    await english.context.close();
  });

  it('lists the quarter’s flags, and shows an investigation past its limit escalated (zh)', async () => {
    const [, b] = cases as [string, string];
    const { page, context, errors } = await openPage(suite.browser, runtime, { viewport: NARROW });
    await signIn(page, { role: 'supervisor', sub: 'acc-sup', next: '/supervision' });
    await page.getByRole('navigation', { name: '监察导航' }).getByRole('link', { name: '公开处理名单' }).click();
    // Three records not dismissed in 2026-Q4 (the threshold by default): the market bureau, and its handler and
    // leader, flagged; the dismissed one is not counted.
    const flags = (await runtime.call('GET', '/v1/accountability/flags', { token: supervisor })).json;
    expect(flags.quarter).toBe('2026-Q4');
    const market = page.locator('[data-testid="flags"] tr[data-kind="DEPARTMENT"][data-department="market"]');
    await market.waitFor();
    const marketFlag = flags.flags.find((f: { kind: string }) => f.kind === 'DEPARTMENT');
    expect(marketFlag.records).toBe(3);
    // The row shows the department's id until the directory's names arrive (a fetch of its own): wait for the name.
    await market
      .locator('td')
      .nth(1)
      .filter({ hasText: /^市场监督管理局$/ })
      .waitFor();
    expect(await market.locator('td').nth(1).textContent()).toBe('市场监督管理局');
    expect(await market.locator('td').nth(2).textContent()).toBe('3');
    expect(await market.getByRole('link').count()).toBe(3);
    expect(await page.locator('[data-testid="flags"] tbody tr').count()).toBe(flags.flags.length);
    expect(await horizontalOverflow(page)).toBe(0);
    await expectAccessible(page, 'flags (360 px)');
    await page.getByTestId('filter-quarter').selectOption('2026-Q3');
    await page.getByTestId('no-flags').waitFor();
    expect(new URL(page.url()).searchParams.get('quarter')).toBe('2026-Q3');

    // Record b's investigation (opened 11-06, 5 working days) runs out at the end of 11-13: escalated.
    await runtime.advance((Date.parse('2026-11-14T00:00:05+08:00') - Date.parse(await runtime.now())) / 1000);
    expect((await record(b)).investigation.overdueAt).toBe('2026-11-14T00:00:00+08:00');
    await page.goto(recordUrl(b));
    await page.getByTestId('investigation-overdue').waitFor();
    expect(await page.getByTestId('investigation-clock').getAttribute('data-light')).toBe('RED');
    expect(
      await page.locator('[data-testid="record-timeline"] li').evaluateAll((lis) => lis.map((l) => l.dataset.type)),
    ).toContain('INVESTIGATION_OVERDUE');
    expect(errors).toEqual([]);
    await context.close();
  });
});
