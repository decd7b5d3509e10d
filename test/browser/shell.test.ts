import { expect, it } from 'vitest';
import { PREBUILT_SITE_VARIABLE } from '../../local/site.ts';
import { browserSuite, describeInBrowser, openPage, signIn } from '../support/browser.ts';
import { RuntimeProcess } from '../support/runtime.ts';

// The site's frame, served by `npm start` on the API's port: the local sign-in, the language, the security headers.

const runtime = new RuntimeProcess();

describeInBrowser('the site on the local runtime', () => {
  // This runtime builds the site itself on its first page request, as `npm start` does: the other browser files'
  // runtimes serve the test run's one build (test/setup/runtime-bundle.ts).
  const suite = browserSuite({ now: '2026-09-28T10:00:00+08:00', env: { [PREBUILT_SITE_VARIABLE]: '' } }, runtime);

  it('serves the pages beside the API, with a content security policy, and the API unchanged', async () => {
    const page = await fetch(`${runtime.url}/guide/SC-001`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await page.text();
    const script = /src="(\/assets\/main-[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    const asset = await fetch(`${runtime.url}${script}`);
    expect(asset.headers.get('cache-control')).toContain('immutable');
    expect((await fetch(`${runtime.url}/assets/nothing.js`)).status).toBe(404);
    const config = await (await fetch(`${runtime.url}/config.json`)).json();
    expect(config).toEqual({ apiBase: '', auth: { mode: 'local' }, clock: 'simulated' });
    const api = await fetch(`${runtime.url}/v1/nothing`);
    expect(api.status).toBe(404);
    expect(api.headers.get('content-type')).toContain('problem+json');
    expect((await fetch(`${runtime.url}/`, { method: 'POST' })).status).toBe(405);
  });

  it('the local sign-in refuses what it cannot sign, and puts the token only in the fragment', async () => {
    const bad = await fetch(`${runtime.url}/login?role=king`, { redirect: 'manual' });
    expect(bad.status).toBe(400);
    const noDepartment = await fetch(`${runtime.url}/login?role=reviewer&sub=r1`, { redirect: 'manual' });
    expect(noDepartment.status).toBe(400);
    const ok = await fetch(`${runtime.url}/login?role=reviewer&department=market&sub=r1`, { redirect: 'manual' });
    expect(ok.status).toBe(302);
    const location = ok.headers.get('location') ?? '';
    expect(location.startsWith('/signed-in#')).toBe(true);
    const token = new URLSearchParams(location.split('#')[1]).get('token') ?? '';
    const worklist = await fetch(`${runtime.url}/v1/worklist`, { headers: { authorization: `Bearer ${token}` } });
    expect(worklist.status).toBe(200); // a real token of the runtime, for the department asked
  });

  it('signs in through the page, lands on the role’s home, keeps the token out of the address, and signs out', async () => {
    const { page, context, errors } = await openPage(suite.browser, runtime);
    await signIn(page, { role: 'supervisor', sub: 'sup-1' });
    expect(new URL(page.url()).pathname).toBe('/supervision');
    expect(page.url()).not.toContain('token');
    await expect.poll(() => page.getByText('sup-1').count()).toBeGreaterThan(0);
    await page.getByRole('button', { name: '退出' }).click();
    // The header's link (the supervision page itself now also asks the signed-out visitor to sign in).
    await expect.poll(() => page.getByRole('banner').getByRole('link', { name: '登录' }).count()).toBe(1);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('speaks English to an English browser, and switches language on request', async () => {
    const { page, context, errors } = await openPage(suite.browser, runtime, { locale: 'en-US' });
    await page.goto('/');
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('en');
    await expect.poll(() => page.getByRole('link', { name: 'Sign in' }).count()).toBe(1);
    await page.getByRole('button', { name: 'Switch language' }).click();
    await expect.poll(() => page.getByRole('link', { name: '登录' }).count()).toBe(1);
    expect(errors).toEqual([]);
    await context.close();
  });
});
