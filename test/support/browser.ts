import { existsSync } from 'node:fs';
import { AxeBuilder } from '@axe-core/playwright';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, vi } from 'vitest';
import { RuntimeProcess, type StartOptions } from './runtime.ts';

/**
 * Browser tests drive Debian's Chromium (`apt-get install chromium`; the registry's browser downloads are not
 * reachable here) through playwright-core, against the real local runtime over HTTP: no mocked API.
 * CHROMIUM_PATH overrides where it is.
 */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const browserAvailable = existsSync(chromiumPath);

/**
 * `describe` for browser tests: without a browser they are skipped, and said so loudly (here and in the summary of
 * test/setup/browser-notice.ts) — unless XIAONENG_REQUIRE_BROWSER=1 (`.ci/run` sets it after installing Chromium),
 * when the missing browser fails the run.
 */
export function describeInBrowser(name: string, body: () => void): void {
  if (browserAvailable || process.env.XIAONENG_REQUIRE_BROWSER === '1') {
    describe(name, () => {
      if (!browserAvailable)
        throw new Error(`No Chromium at ${chromiumPath}: install it (apt-get install chromium) or set CHROMIUM_PATH.`);
      body();
    });
    return;
  }
  console.warn(
    `\n*** BROWSER TESTS SKIPPED: no Chromium at ${chromiumPath} (apt-get install chromium, or set CHROMIUM_PATH) ***\n`,
  );
  describe.skip(name, body);
}

/** A browser test file's runtime and browser, available once its `beforeAll` has run. */
export interface BrowserSuite {
  readonly runtime: RuntimeProcess;
  readonly browser: Browser;
}

/**
 * ONE runtime and ONE browser for the test file (started together in `beforeAll`, both disposed in `afterAll`); call
 * it inside `describeInBrowser`, so a skipped suite starts nothing. Pass `runtime` when the file's helpers need it at
 * module level. A `beforeAll` registered after this call runs after both have started (vitest runs hooks in order).
 */
export function browserSuite(options: StartOptions, runtime = new RuntimeProcess()): BrowserSuite {
  let browser: Browser | undefined;
  // A journey through pages waits on a browser, a runtime and its stream readers at once: on a loaded 2-core machine
  // a page's poll needs more than vitest's 1 s, and a journey more than the suite's 60 s (a CI run beside other work
  // failed both). These are waits for something to happen, not limits on how long a user waits.
  vi.setConfig({ testTimeout: 120_000, expect: { poll: { timeout: 15_000 } } });
  beforeAll(async () => {
    [browser] = await Promise.all([launchBrowser(), runtime.start(options)]);
  });
  afterAll(async () => {
    await browser?.close();
    await runtime.dispose();
  });
  return {
    runtime,
    get browser(): Browser {
      if (!browser) throw new Error('The browser is not started yet: use it in a test or a later beforeAll.');
      return browser;
    },
  };
}

/** `expect.poll` with time for a loaded machine (vitest's default is 1 s; two cores run several runtimes' tests). */
export function eventually<T>(read: () => Promise<T> | T, message?: string) {
  return expect.poll(read, { timeout: 15_000, ...(message ? { message } : {}) });
}

/** Headless Chromium with the flags this machine needs (no background networking: the network is closed). */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}

export const NARROW = { width: 360, height: 740 } as const;
export const WIDE = { width: 1920, height: 1080 } as const;

export interface OpenedPage {
  readonly context: BrowserContext;
  readonly page: Page;
  /** Console errors and uncaught exceptions of the page: a test ends by expecting none. */
  readonly errors: string[];
}

/**
 * A fresh browser context (no session, no storage) on the runtime: a language (`zh-CN` default, `en-US`), a
 * viewport, and every console error collected. Failed API answers the page shows on purpose (a 4xx) are logged by
 * Chromium as "Failed to load resource": those are not page errors, and are left out.
 */
export async function openPage(
  browser: Browser,
  runtime: RuntimeProcess,
  options: { locale?: string; viewport?: { width: number; height: number } } = {},
): Promise<OpenedPage> {
  const context = await browser.newContext({
    baseURL: runtime.url,
    locale: options.locale ?? 'zh-CN',
    viewport: options.viewport ?? { width: 1280, height: 800 },
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource'))
      errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(String(error)));
  return { context, page, errors };
}

/**
 * Holds the department directory's answer (`GET /v1/departments`) back for `ms`: a page that shows names must wait
 * for it rather than show a department's id and then its name (a test reading the page in between saw `market`).
 */
export async function slowDirectory(page: Page, ms = 1500): Promise<void> {
  await page.route(/\/v1\/departments(\?|$)/, async (route) => {
    await new Promise((resolve) => setTimeout(resolve, ms));
    await route.continue();
  });
}

/** Signs in through the local sign-in (`/login?role=…`) and waits for the role's home. */
export async function signIn(
  page: Page,
  who: { role: string; department?: string; sub: string; next?: string },
): Promise<void> {
  const query = new URLSearchParams({
    role: who.role,
    sub: who.sub,
    ...(who.department ? { department: who.department } : {}),
    ...(who.next ? { next: who.next } : {}),
  });
  await page.goto(`/login?${query}`);
  await page.waitForURL((url) => url.pathname !== '/signed-in' && url.pathname !== '/login');
}

/**
 * axe-core on the page as it is: no serious or critical violation (the bar), each named if there is one.
 *
 * axe runs in the page itself (`setLegacyMode`: `axe.run`), not as @axe-core/playwright does by default — a partial run
 * in each frame, then `finishRun` in a blank page it opens for the purpose: a new page is a new Chromium renderer,
 * about 2 CPU-seconds each time, and that was a third of a browser file's time (public.test.ts: 17 calls, 57 s of 132).
 * Both run the same rules on the same document; the default only adds frames of other origins, and our pages have no
 * frame at all — asserted here, so a page that gains one is not checked by half. Only violations are collected in
 * full (`resultTypes`): the passes and the rest are all this reads nothing of.
 */
export async function expectAccessible(page: Page, context = ''): Promise<void> {
  expect(
    page.frames(),
    `accessibility ${context} ${page.url()}: a page with frames needs axe's frame-by-frame run`,
  ).toHaveLength(1);
  const results = await new AxeBuilder({ page })
    .setLegacyMode()
    .options({ resultTypes: ['violations'] })
    .analyze();
  const bad = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join('; ')}`);
  expect(bad, `accessibility ${context} ${page.url()}`).toEqual([]);
}

/** The page's horizontal overflow: content wider than the viewport (unusable at 360 px) is a failure. */
export async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
}
