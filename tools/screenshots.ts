/**
 * `npm run screenshots`: the README's pictures, taken from the real thing — the local runtime on a fresh data folder
 * (simulated clock at Monday 2026-09-28 10:00 in Shanghai, the demo data), Debian's Chromium through playwright-core,
 * the journey the README walks: the catalogue, a guide, an applicant applying, the reviewer's worklist going yellow as
 * the clock moves, the deemed approval in the execution console, the supervision dashboard, the public disclosure.
 * Writes docs/screenshots/*.png (Chinese pages; install Debian's fonts-noto-cjk or the characters are boxes).
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { launchBrowser, openPage, signIn } from '../test/support/browser.ts';
import { RuntimeProcess } from '../test/support/runtime.ts';

const out = resolve(import.meta.dirname, '../docs/screenshots');
const viewport = { width: 1280, height: 860 };

/** `fullPage`: the whole page, where the caption names more than the first screen shows (the dashboard). */
async function shot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<void> {
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(400); // charts animate in
  await page.screenshot({ path: join(out, `${name}.png`), fullPage: options.fullPage ?? false });
  console.log(`docs/screenshots/${name}.png`);
}

async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`screenshots: ${what} did not happen`);
}

mkdirSync(out, { recursive: true });
const runtime = new RuntimeProcess();
const [browser] = await Promise.all([launchBrowser(), runtime.start({ now: '2026-09-28T10:00:00+08:00' })]);
try {
  const { page } = await openPage(browser, runtime, { viewport });
  await page.goto('/');
  await until(async () => (await page.locator('a[href^="/guide/"]').count()) > 3, 'the catalogue');
  await shot(page, '01-catalogue');
  await page.goto('/guide/SC-001');
  await until(async () => (await page.getByRole('heading', { level: 1 }).count()) === 1, 'the guide');
  await shot(page, '02-guide');

  // An applicant applies online with every material.
  await signIn(page, { role: 'applicant', sub: 'web-applicant' });
  await page.goto('/apply/SC-001');
  await until(async () => (await page.getByLabel(/联系电话/).count()) === 1, 'the form');
  await page.getByLabel(/姓名或企业名称/).fill('张三');
  await page.getByLabel(/联系电话/).fill('13800000000');
  await page.getByLabel(/^企业名称/).fill('演示科技有限公司');
  await page.getByLabel(/注册资本/).fill('100');
  await page.getByLabel(/企业类型/).selectOption('LLC');
  for (const box of await page.locator('.applicant-materials input[type=checkbox]').all()) await box.check();
  await shot(page, '03-apply');
  await page.getByRole('button', { name: '提交申请' }).click();
  const accepted = page.locator('[data-outcome="ACCEPTED"]');
  await until(async () => (await accepted.count()) === 1, 'the acceptance');
  await shot(page, '04-accepted');
  const id = ((await accepted.getByRole('link', { name: /查看办件|Open case/ }).textContent()) ?? '').split(' ').pop();
  if (!id) throw new Error('screenshots: no case id on the acceptance');

  // The reviewer's worklist: green, then yellow as the simulated clock moves a day at a time.
  await signIn(page, { role: 'reviewer', department: 'market', sub: 'reviewer-1' });
  const row = page.locator(`tr[data-case="${id}"]`);
  await until(async () => (await row.getAttribute('data-light')) === 'GREEN', 'the green light');
  await shot(page, '05-worklist-green');
  const reviewer = await runtime.token('reviewer', { department: 'market', sub: 'reviewer-1' });
  for (let day = 0; day < 15; day++) {
    const answer = await runtime.call('GET', `/v1/applications/${id}`, { token: reviewer });
    if (answer.json.light === 'YELLOW') break;
    await runtime.advance(24 * 3600);
  }
  await until(async () => (await row.getAttribute('data-light')) === 'YELLOW', 'the yellow light');
  await shot(page, '06-worklist-yellow');
  await page.goto(`/staff/cases/${id}`);
  await until(async () => (await page.getByTestId('case-status').count()) === 1, 'the case page');
  await shot(page, '07-case');

  // Nobody decides: the deadline passes and the execution ends in the deemed approval.
  for (let day = 0; day < 10; day++) {
    const answer = await runtime.call('GET', `/v1/applications/${id}`, { token: reviewer });
    if (answer.json.status === 'DEEMED_APPROVED') break;
    await runtime.advance(24 * 3600);
  }
  await signIn(page, { role: 'admin', sub: 'operator-1', next: `/console/executions/${id}` });
  await until(async () => (await page.locator('svg').count()) > 0, 'the execution graph');
  await until(
    async () => (await page.locator('.console-badge[data-status="SUCCEEDED"]').count()) > 0,
    'the execution ending',
  );
  await shot(page, '08-console-deemed-approval');

  // Every day at 01:00 the month so far is evaluated: a day on, October's figures hold the deemed approval.
  await runtime.advance(24 * 3600);
  await signIn(page, { role: 'supervisor', sub: 'supervisor-1' });
  await until(async () => (await page.locator('.chart svg').count()) > 1, 'the dashboard charts');
  await shot(page, '09-supervision', { fullPage: true });
  const visitor = await openPage(browser, runtime, { viewport }); // signed out: what the public sees
  await visitor.page.goto('/disclosure');
  await until(async () => (await visitor.page.locator('.chart svg').count()) > 0, 'the disclosure chart');
  await shot(visitor.page, '10-disclosure');

  const narrow = await openPage(browser, runtime, { viewport: { width: 360, height: 740 } });
  await narrow.page.goto('/guide/SC-001');
  await until(async () => (await narrow.page.getByRole('heading', { level: 1 }).count()) === 1, 'the narrow guide');
  await shot(narrow.page, '11-guide-360px');
  const kiosk = await openPage(browser, runtime, { viewport: { width: 1920, height: 1080 } });
  await kiosk.page.goto('/?kiosk=1');
  await until(async () => (await kiosk.page.locator('a[href^="/guide/"]').count()) > 3, 'the kiosk');
  await shot(kiosk.page, '12-kiosk-1080p');
} finally {
  await browser.close();
  await runtime.dispose();
}
