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

// The applicant's pages over the real local runtime: apply (a notice, then the materials; or complete at once), my
// applications with their lights, a case with its timeline and receipt, withdrawal, notifications — Chinese at 360 px,
// English at 1920 px.

// A journey takes ~15 s on a quiet machine (six axe checks among its page loads); on the shared 2-core machine with
// other runtimes, over 60 s was seen.
const JOURNEY_MS = 180_000;

const runtime = new RuntimeProcess();

/** Fills SC-001's form (company name, capital, type) and the applicant block, as a person would. */
async function fillSc001(
  page: Page,
  labels: { name: RegExp; phone: RegExp; company: RegExp; capital: RegExp; type: RegExp },
) {
  await page.getByLabel(labels.name).fill('张三');
  await page.getByLabel(labels.phone).fill('13800000000');
  await page.getByLabel(labels.company).fill('演示科技有限公司');
  await page.getByLabel(labels.capital).fill('100');
  await page.getByLabel(labels.type).selectOption('LLC');
}

describeInBrowser('the applicant pages', () => {
  // Monday 2026-11-02, 09:00 in Shanghai: SC-001 (3 working days) accepted today is due by Thursday 11-05.
  const suite = browserSuite({ now: '2026-11-02T09:00:00+08:00' }, runtime);

  it(
    'in Chinese at 360 px: a refused form, a numbered notice, the materials brought, accepted, then withdrawn',
    async () => {
      const { page, context, errors } = await openPage(suite.browser, runtime, { viewport: NARROW });
      await signIn(page, { role: 'applicant', sub: 'web-applicant-zh' });
      expect(new URL(page.url()).pathname).toBe('/my');
      await expect.poll(() => page.getByText('您还没有申请。').count()).toBe(1);
      await expect.poll(() => page.getByRole('link', { name: '消息' }).count()).toBe(1);
      await expectAccessible(page, 'my (empty)');

      await page.goto('/apply/SC-001');
      await expect.poll(() => page.getByRole('heading', { level: 1, name: /申请办理：企业设立登记/ }).count()).toBe(1);
      expect(await horizontalOverflow(page)).toBe(0);
      await expectAccessible(page, 'apply');
      // Nothing filled in: the API's 400, each field named.
      await page.getByRole('button', { name: '提交申请' }).click();
      const problem = page.getByRole('alert');
      await expect.poll(() => problem.count()).toBe(1);
      expect(await problem.textContent()).toContain('body.applicant.name');

      // Only the application form: one notice lists every other required paper, numbered.
      await fillSc001(page, {
        name: /姓名或企业名称/,
        phone: /联系电话/,
        company: /^企业名称/,
        capital: /注册资本/,
        type: /企业类型/,
      });
      await page.getByRole('checkbox', { name: /申请书/ }).check();
      await page.getByRole('button', { name: '提交申请' }).click();
      const notice = page.locator('[data-outcome="MATERIALS_REQUIRED"]');
      await expect.poll(() => notice.count()).toBe(1);
      expect(await notice.getByRole('heading').textContent()).toBe('需补正材料（一次性告知）');
      const missing = notice.locator('ol[data-testid="missing-materials"] > li');
      expect(await missing.count()).toBe(3);
      expect(await missing.allTextContents()).toEqual([
        expect.stringContaining('未提交'),
        expect.stringContaining('未提交'),
        expect.stringContaining('未提交'),
      ]);
      expect(await horizontalOverflow(page)).toBe(0);
      await expectAccessible(page, 'notice');

      // The case: its notice, the materials brought, accepted with the completion date.
      await notice.getByRole('link', { name: /查看办件/ }).click();
      await expect.poll(() => page.getByTestId('case-status').textContent()).toBe('待补正');
      await expect.poll(() => page.locator('[data-kind="MATERIALS_NOTICE"]').count()).toBe(1);
      expect(await page.locator('section[aria-labelledby="notice-title"] ol > li').count()).toBe(3);
      await expectAccessible(page, 'case with a notice');
      for (const box of await page.locator('section[aria-labelledby="bring-title"] input[type=checkbox]').all()) {
        await box.check();
      }
      await page.getByRole('button', { name: '提交补正材料' }).click();
      const accepted = page.locator('[data-outcome="ACCEPTED"]');
      await expect.poll(() => accepted.count()).toBe(1);
      expect(await accepted.getByTestId('completion-date').textContent()).toContain('2026年11月5日');
      await expect.poll(() => page.getByTestId('case-status').textContent()).toBe('已受理');
      expect(await page.getByTestId('case-deadline').textContent()).toContain('2026年11月5日');
      await expect.poll(() => page.locator('[data-kind="ACCEPTANCE"]').count()).toBe(1);
      expect(
        await page.locator('[data-testid="timeline"] > li').evaluateAll((li) => li.map((e) => e.dataset.type)),
      ).toEqual(['RECEIVED', 'MATERIALS_REQUIRED', 'ACCEPTED']);
      expect(await page.getByTestId('timeline').textContent()).toContain('一次性告知补正材料');
      expect(await horizontalOverflow(page)).toBe(0);
      await expectAccessible(page, 'accepted case');

      // Withdrawn, after the page asks.
      await page.getByRole('button', { name: '撤回申请…' }).click();
      await page.getByLabel('撤回原因（选填）').fill('不再需要');
      await page.getByRole('button', { name: '确认撤回' }).click();
      await expect.poll(() => page.getByTestId('case-status').textContent()).toBe('已撤回');
      expect(await page.locator('[data-testid="timeline"] > li').last().getAttribute('data-type')).toBe('WITHDRAWN');
      expect(await page.getByRole('button', { name: '撤回申请…' }).count()).toBe(0);

      // My applications and my notifications, newest first.
      await page.getByRole('link', { name: '我的申请' }).first().click();
      await expect.poll(() => page.locator('tbody tr').count()).toBe(1);
      expect(await page.locator('tbody tr').textContent()).toContain('已撤回');
      expect(await horizontalOverflow(page)).toBe(0);
      await page.getByRole('link', { name: '消息' }).click();
      await expect
        .poll(async () => {
          await page.reload();
          return page.locator('.applicant-notifications > li').count();
        })
        .toBeGreaterThanOrEqual(3);
      expect(await page.locator('.applicant-notifications > li').first().getAttribute('data-kind')).toBe('WITHDRAWN');
      expect(await page.locator('.applicant-notifications').textContent()).toContain('申请已撤回');
      expect(await horizontalOverflow(page)).toBe(0);
      await expectAccessible(page, 'notifications');
      expect(errors).toEqual([]);
      await context.close();
    },
    JOURNEY_MS,
  );

  it(
    'in English at 1920 px: complete at once, accepted with the date; listed with its light; timeline, receipt, notifications',
    async () => {
      const { page, context, errors } = await openPage(suite.browser, runtime, { locale: 'en-US', viewport: WIDE });
      await signIn(page, { role: 'applicant', sub: 'web-applicant-en' });
      await page.goto('/apply/SC-001');
      await expect.poll(() => page.getByRole('heading', { level: 1 }).count()).toBe(1);
      await expect
        .poll(() => page.getByRole('heading', { level: 1, name: /Apply: Company establishment/ }).count())
        .toBe(1);
      await fillSc001(page, {
        name: /Name or company name/,
        phone: /^Phone/,
        company: /^Company name/,
        capital: /Registered capital/,
        type: /Company type/,
      });
      for (const box of await page.locator('.applicant-materials input[type=checkbox]').all()) await box.check();
      await page.getByRole('button', { name: 'Submit the application' }).click();
      const accepted = page.locator('[data-outcome="ACCEPTED"]');
      await expect.poll(() => accepted.count()).toBe(1);
      expect(await accepted.getByTestId('completion-date').textContent()).toContain('5 Nov 2026');
      const caseLink = accepted.getByRole('link', { name: /Open case/ });
      const id = ((await caseLink.textContent()) ?? '').replace('Open case ', '');
      expect(id).toMatch(/^XN20261102-/);
      await expectAccessible(page, 'accepted');

      await page.getByRole('link', { name: 'My applications' }).click();
      const row = page.locator(`tr[data-case="${id}"]`);
      await expect.poll(() => row.count()).toBe(1);
      expect(await row.locator('[data-light]').getAttribute('data-light')).toBe('GREEN');
      expect(await row.textContent()).toContain('Green');
      expect(await row.textContent()).toContain('4 working days left');
      expect(await horizontalOverflow(page)).toBe(0);
      await expectAccessible(page, 'my applications');

      await row.getByRole('link', { name: id }).click();
      await expect.poll(() => page.getByTestId('case-status').textContent()).toBe('Accepted');
      await expect.poll(() => page.locator('[data-kind="ACCEPTANCE"]').count()).toBe(1);
      expect(await page.locator('[data-kind="ACCEPTANCE"] h2').textContent()).toContain('Acceptance receipt');
      expect(await page.getByRole('button', { name: 'Print the receipt' }).count()).toBe(1);
      expect(await page.getByTestId('timeline').textContent()).toContain('Accepted');
      await expect
        .poll(async () => {
          await page.reload();
          return page.locator('section[aria-labelledby="case-notifications-title"] li[data-kind="ACCEPTED"]').count();
        })
        .toBe(1);
      expect(await page.locator('section[aria-labelledby="case-notifications-title"]').textContent()).toContain(
        'Your application is accepted',
      );
      await expectAccessible(page, 'case');

      await page.getByRole('link', { name: 'Notifications' }).click();
      await expect.poll(() => page.locator('.applicant-notifications > li').count()).toBe(1);
      expect(await page.locator('.applicant-notifications').textContent()).toContain('Your application is accepted');
      await expectAccessible(page, 'notifications');
      expect(errors).toEqual([]);
      await context.close();
    },
    JOURNEY_MS,
  );

  it('asks anyone but an applicant to sign in', async () => {
    const { page, context, errors } = await openPage(suite.browser, runtime);
    await signIn(page, { role: 'reviewer', department: 'market', sub: 'web-reviewer' });
    await page.goto('/my');
    await expect.poll(() => page.getByText('请先登录').count()).toBe(1);
    expect(await page.getByRole('link', { name: '我的申请' }).count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });
});
