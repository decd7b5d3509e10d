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
  slowDirectory,
  WIDE,
} from '../support/browser.ts';
import { RuntimeProcess } from '../support/runtime.ts';

// The public site (no sign-in) on the real local runtime: the catalogue, the guides and their print, the directory,
// the tracker, the disclosure page — in Chinese and English, at 360 px and on the hall's 1080p kiosk.

const runtime = new RuntimeProcess();

// Monday 2 November 2026, 10:00 in Shanghai: the month (November) is evaluated by the test, month to date.
const NOW = '2026-11-02T10:00:00+08:00';

interface ListedItem {
  code: string;
  name: string;
  departmentId: string;
  materials: { id: string; name: string; required: boolean }[];
}

const catalogue = async (language: 'zh-CN' | 'en', query = ''): Promise<ListedItem[]> =>
  (await runtime.call('GET', `/v1/catalog${query}`, { headers: { 'accept-language': language } })).json.items;

/** Pages a PDF says it has: `/Type /Page` objects (not the `/Type /Pages` tree). */
const pdfPages = (pdf: Buffer) => pdf.toString('latin1').match(/\/Type\s*\/Page(?!s)/g)?.length ?? 0;

const visible = (page: Page, text: string) =>
  eventually(() => page.getByText(text, { exact: true }).first().isVisible(), text).toBe(true);

describeInBrowser('the public site', () => {
  const suite = browserSuite({ now: NOW }, runtime);

  it('GET / shows every published item’s name, in Chinese, and in English to an English browser', async () => {
    for (const [locale, language] of [
      ['zh-CN', 'zh-CN'],
      ['en-US', 'en'],
    ] as const) {
      const items = await catalogue(language);
      expect(items.length).toBeGreaterThan(10);
      const directory = (await runtime.call('GET', '/v1/departments', { headers: { 'accept-language': language } }))
        .json.departments as { id: string; name: string }[];
      const { page, context, errors } = await openPage(suite.browser, runtime, { locale });
      // The directory answering after the catalogue: the tiles wait for it, so a department is never shown by its id.
      await slowDirectory(page);
      await page.goto('/');
      await eventually(() => page.locator('li.public-tile h2').allTextContents()).toEqual(items.map((i) => i.name));
      // Each item leads to its guide and says its department, limit, mode and deemed-consent eligibility.
      const first = page.getByTestId('catalogue').locator('li.public-tile').first();
      expect(await first.locator('.public-meta span').nth(1).textContent()).toBe(
        directory.find((d) => d.id === items[0]?.departmentId)?.name,
      );
      expect(await first.getByRole('link').getAttribute('href')).toBe(`/guide/${items[0]?.code}`);
      expect(await first.textContent()).toMatch(language === 'en' ? /Deemed approval|No deemed/ : /超时默认/);
      if (language === 'en') expect(await page.getByText('Market Regulation').count()).toBeGreaterThan(0);
      await expectAccessible(page, locale);
      expect(errors).toEqual([]);
      await context.close();
    }
  });

  it('searches and filters by department, both kept in the address', async () => {
    const { page, context, errors } = await openPage(suite.browser, runtime);
    await page.goto('/');
    await page.getByRole('searchbox', { name: '搜索事项' }).fill('食品');
    await page.getByRole('button', { name: '搜索', exact: true }).click();
    await eventually(() => new URL(page.url()).searchParams.get('q')).toBe('食品');
    const food = await catalogue('zh-CN', `?q=${encodeURIComponent('食品')}`);
    await eventually(() => page.locator('li.public-tile').count()).toBe(food.length);
    await visible(page, food[0]?.name ?? '?');

    await page.goto('/');
    await page.getByRole('combobox', { name: '办理部门' }).selectOption('tax');
    await eventually(() => new URL(page.url()).searchParams.get('department')).toBe('tax');
    const tax = await catalogue('zh-CN', '?departmentId=tax');
    await eventually(() => page.locator('li.public-tile').count()).toBe(tax.length);
    // The address alone brings the same list back (a bookmark, a link on the hall's screen).
    await page.reload();
    await eventually(() => page.locator('li.public-tile').count()).toBe(tax.length);
    for (const item of tax) await visible(page, item.name);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('a guide shows every material’s name, fees, window, hours and phones, and the apply link, and prints on ONE A4 page — SC-001 and the longest guide', async () => {
    const items = await catalogue('zh-CN');
    // Printing is the slow part (a PDF per guide): the longest guide proves the rest fit.
    const longest = [...items].sort((a, b) => JSON.stringify(b).length - JSON.stringify(a).length)[0]?.code;
    const printed = new Set(['SC-001', longest]);
    const { page, context, errors } = await openPage(suite.browser, runtime);
    for (const item of items) {
      await page.goto(`/guide/${item.code}`);
      await eventually(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(item.name);
      const materials = page.locator('.public-materials tbody tr');
      expect(await materials.count()).toBe(item.materials.length);
      expect(await materials.locator('td:first-child').allTextContents()).toEqual(item.materials.map((m) => m.name));
      // The rest of the guide as the API gives it: basis, procedure, fees, window, hours and both phones.
      const guide = (await runtime.call('GET', `/v1/catalog/${item.code}`)).json as Record<string, string> & {
        procedure: string[];
      };
      const facts = await page.locator('.public-facts-grid dd').allTextContents();
      for (const field of ['fees', 'window', 'officeHours', 'phone', 'supervisionPhone'] as const) {
        expect(facts, `${item.code} ${field}`).toContain(guide[field]);
      }
      expect(await page.getByTestId('guide').textContent()).toContain(guide.legalBasis);
      expect(await page.locator('.public-procedure li').allTextContents()).toEqual(guide.procedure);
      if (item.code === 'SC-001') {
        expect(await page.getByRole('link', { name: '申请办理' }).getAttribute('href')).toBe('/apply/SC-001');
        await eventually(() => page.getByRole('button', { name: '打印' }).count()).toBe(1);
        await expectAccessible(page, item.code);
        // The template and the sample application links open a printable form, not the site's "page not found".
        const form = item.materials[0]?.name ?? '?';
        await page.getByRole('link', { name: `查看打印 ${form}` }).click();
        await eventually(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(
          '公司登记（备案）申请书 Company registration application form',
        );
        expect(await page.textContent('body')).toContain('企业设立登记 Company establishment registration');
        expect(await page.getByText('企业名称 Company name').count()).toBe(1);
        expect(await page.getByText('页面不存在').count()).toBe(0);
        await expectAccessible(page, 'template');
        await page.goBack();
        await eventually(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(item.name);
        await page.locator('.public-facts-grid').getByRole('link', { name: '查看打印' }).click();
        await eventually(() => page.getByTestId('sample-stamp').textContent()).toBe('样表 Sample');
        expect(await page.textContent('body')).toContain('示例 Example: Company name');
        await expectAccessible(page, 'sample');
        await page.goBack();
        await eventually(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(item.name);
      }
      if (!printed.has(item.code)) continue;
      await page.emulateMedia({ media: 'print' });
      const pdf = await page.pdf({ format: 'A4' });
      expect(pdfPages(pdf), `${item.code} printed`).toBe(1);
      await page.emulateMedia({ media: 'screen' });
      // The count can fail: the same guide in the screen's styles takes more than one page.
      if (item.code === 'SC-001') expect(pdfPages(await page.pdf({ format: 'A4' }))).toBeGreaterThan(1);
    }
    expect(errors).toEqual([]);
    await context.close();
  });

  it('the department directory and one department with its windows and items', async () => {
    const departments = (await runtime.call('GET', '/v1/departments')).json.departments as { name: string }[];
    const { page, context, errors } = await openPage(suite.browser, runtime, { locale: 'en-US' });
    await page.goto('/departments');
    const english = (await runtime.call('GET', '/v1/departments', { headers: { 'accept-language': 'en' } })).json
      .departments as { id: string; name: string }[];
    expect(english.length).toBe(departments.length);
    await eventually(() => page.locator('li.public-tile h2').allTextContents()).toEqual(english.map((d) => d.name));
    await expectAccessible(page, 'directory');
    await page.getByRole('link', { name: 'Market Regulation', exact: false }).first().click();
    await eventually(() => new URL(page.url()).pathname).toBe('/departments/market');
    const market = (await runtime.call('GET', '/v1/departments/market', { headers: { 'accept-language': 'en' } }))
      .json as { items: { code: string; name: string }[]; windows: { name: string }[] };
    await eventually(() => page.locator('li.public-tile h3').allTextContents()).toEqual(
      market.items.map((i) => i.name),
    );
    for (const w of market.windows) expect(await page.getByText(w.name).count()).toBeGreaterThan(0);
    await expectAccessible(page, 'department');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('tracks an application by its id and the phone given; a wrong phone reads exactly like a missing case', async () => {
    // Prepare: an application through the API, with a phone
    const applicant = await runtime.token('applicant', { sub: 'public-tracker' });
    const created = await runtime.call('POST', '/v1/applications', {
      token: applicant,
      body: {
        itemCode: 'SC-001',
        applicant: { type: 'ENTERPRISE', name: '大连追踪测试有限公司', phone: '0411-8888-7701' },
        materials: ['application-form', 'articles', 'id-card', 'address-proof'].map((id) => ({ id })),
      },
    });
    expect(created.status).toBe(201);
    const id = created.json.id as string;
    const { page, context, errors } = await openPage(suite.browser, runtime);

    // Act: the phone typed without dashes
    await page.goto('/track');
    await page.getByLabel('办件编号').fill(id);
    await page.getByLabel('联系电话').fill('041188887701');
    await page.getByRole('button', { name: '查询' }).click();

    // Assess
    const tracked = page.getByTestId('tracked');
    await eventually(() => tracked.isVisible()).toBe(true);
    // The item's and department's names come from the catalogue and the directory, in the page's language.
    await eventually(() => tracked.textContent()).toContain('市场监督管理局');
    const text = (await tracked.textContent()) ?? '';
    expect(text).toContain(id);
    expect(text).toContain('企业设立登记');
    expect(text).toContain('市场监督管理局');
    expect(await tracked.locator('[data-status]').textContent()).toBe('已受理');
    expect(text).toContain('绿灯');
    expect(await tracked.locator('.public-timeline li').evaluateAll((li) => li.map((l) => l.dataset.type))).toEqual([
      'RECEIVED',
      'ACCEPTED',
    ]);
    expect(text).toContain('受理');
    expect(await page.content()).not.toContain('大连追踪测试有限公司');
    await expectAccessible(page, 'tracked');

    // A wrong phone, then an id that does not exist: the same words
    await page.getByLabel('联系电话').fill('0411-8888-7702');
    await page.getByRole('button', { name: '查询' }).click();
    const notFound = page.getByTestId('track-not-found');
    await eventually(() => notFound.isVisible()).toBe(true);
    const wrongPhone = await notFound.textContent();
    // The right phone again (the message goes), then an id that does not exist: the message comes back, word for word
    await page.getByLabel('联系电话').fill('0411-8888-7701');
    await page.getByRole('button', { name: '查询' }).click();
    await eventually(() => page.getByTestId('tracked').count()).toBe(1);
    expect(await notFound.count()).toBe(0);
    await page.getByLabel('办件编号').fill('XN20261102-01KAAAAAAAAAAAAAAAAAAAAAAA');
    await page.getByRole('button', { name: '查询' }).click();
    await eventually(() => notFound.isVisible()).toBe(true);
    expect(await page.getByTestId('tracked').count()).toBe(0);
    expect(await notFound.textContent()).toBe(wrongPhone);
    expect(errors).toEqual([]);
    await context.close();

    // In English, the steps are named in English
    const english = await openPage(suite.browser, runtime, { locale: 'en-US' });
    await english.page.goto('/track');
    await english.page.getByLabel('Case number').fill(id);
    await english.page.getByLabel('Phone number').fill('0411 8888 7701');
    await english.page.getByRole('button', { name: 'Track' }).click();
    await eventually(() => english.page.getByTestId('tracked').locator('[data-status]').textContent()).toBe('Accepted');
    expect(await english.page.getByTestId('tracked').textContent()).toContain('Accepted');
    expect(english.errors).toEqual([]);
    await english.context.close();

    // A signed-in applicant is pointed to their own list
    const signedIn = await openPage(suite.browser, runtime);
    await signIn(signedIn.page, { role: 'applicant', sub: 'public-tracker' });
    await signedIn.page.goto('/track');
    await eventually(() =>
      signedIn.page.getByRole('main').getByRole('link', { name: '我的申请' }).getAttribute('href'),
    ).toBe('/my');
    expect(signedIn.errors).toEqual([]);
    await signedIn.context.close();
  });

  it('/disclosure: the scorecard chart (svg) and tables after the month is evaluated; no invented figures', async () => {
    // Before any evaluation: says so, and still charts the catalogue's disclosure rate
    const before = await openPage(suite.browser, runtime);
    await before.page.goto('/disclosure');
    await eventually(() => before.page.getByTestId('not-evaluated').isVisible()).toBe(true);
    await eventually(() => before.page.locator('.chart svg').count()).toBe(1);
    expect(before.errors).toEqual([]);
    await before.context.close();

    // Prepare: the month to date evaluated by an administrator
    const admin = await runtime.token('admin');
    const run = await runtime.call('POST', '/v1/evaluations/2026-11/run', { token: admin });
    expect(run.status).toBe(200);

    // Act
    const { page, context, errors } = await openPage(suite.browser, runtime);
    await page.goto('/disclosure');

    // Assess
    await eventually(() => page.getByTestId('scorecard-chart').locator('svg').count()).toBe(1);
    expect(await page.locator('.chart svg').count()).toBe(3);
    expect(await page.getByTestId('evaluation-period').textContent()).toContain('2026年11月');
    const targets = run.json.targets as Record<string, { name: { zh: string } }>;
    for (const target of Object.values(targets)) await visible(page, target.name.zh);
    expect(await page.getByTestId('department-figures').locator('tbody tr').count()).toBe(run.json.departments.length);
    expect(await page.getByTestId('disclosure-rate').textContent()).toMatch(/公开率 \d+(\.\d)?%/);
    // The ratings (issue 14) are published on their own page, linked from here.
    expect(await page.getByTestId('ratings-link').getByRole('link').getAttribute('href')).toBe('/disclosure/ratings');
    // The published accountability outcomes (issue 16) are on their own page, linked from here.
    expect(await page.getByTestId('accountability-link').getByRole('link').getAttribute('href')).toBe(
      '/accountability',
    );
    await expectAccessible(page, 'disclosure');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('every public page fits 360 px (no horizontal overflow) and passes axe there, and the kiosk at 1920×1080 has large tiles', async () => {
    const narrow = await openPage(suite.browser, runtime, { viewport: NARROW });
    for (const path of [
      '/',
      '/guide/SC-001',
      '/departments',
      '/departments/market',
      '/track',
      '/disclosure',
      '/accountability',
    ]) {
      await narrow.page.goto(path);
      await eventually(() => narrow.page.locator('main h1').count(), path).toBeGreaterThan(0);
      await narrow.page.waitForLoadState('networkidle');
      expect(await horizontalOverflow(narrow.page), path).toBe(0);
      await expectAccessible(narrow.page, `narrow ${path}`);
    }
    expect(narrow.errors).toEqual([]);
    await narrow.context.close();

    const kiosk = await openPage(suite.browser, runtime, { viewport: WIDE, locale: 'en-US' });
    await kiosk.page.goto('/?kiosk=1');
    await eventually(() => kiosk.page.locator('li.public-tile').count()).toBeGreaterThan(10);
    expect(await kiosk.page.evaluate<boolean>("document.body.classList.contains('kiosk')")).toBe(true);
    expect(await horizontalOverflow(kiosk.page)).toBe(0);
    const tile = await kiosk.page.locator('li.public-tile').first().boundingBox();
    const link = await kiosk.page.locator('li.public-tile h2 a').first().boundingBox();
    expect(tile?.width ?? 0).toBeGreaterThan(500); // three columns across 1800 px
    expect(link?.height ?? 0).toBeGreaterThanOrEqual(44); // a finger's target
    await kiosk.page.goto('/disclosure');
    await eventually(() => kiosk.page.locator('.chart svg').count()).toBe(3);
    expect(await horizontalOverflow(kiosk.page)).toBe(0);
    await expectAccessible(kiosk.page, 'kiosk');
    expect(kiosk.errors).toEqual([]);
    await kiosk.context.close();
  });
});
