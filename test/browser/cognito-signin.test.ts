import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildSite, type SiteConfig, type SiteFile, siteSecurityHeaders } from '../../lib/site-build.ts';
import { describeInBrowser, launchBrowser } from '../support/browser.ts';

/**
 * The deployed sign-in (web/src/signin/cognito.ts) in Chromium: the built site served as CloudFront serves it (its
 * config.json in cognito mode, its security headers with the authorization server allowed to connect), and on another
 * origin a small authorization server playing Cognito's `/oauth2/authorize` and `/oauth2/token` — the OAuth 2.0
 * protocol with PKCE (RFC 7636), as Cognito speaks it, including the CORS answer of its token endpoint.
 */

interface AuthorizeRequest {
  readonly params: URLSearchParams;
}
interface TokenRequest {
  readonly origin: string | undefined;
  readonly form: URLSearchParams;
}

const CLIENT_ID = 'test-client-id';
const ISSUER = 'https://cognito-idp.ap-east-1.amazonaws.com/ap-east-1_TEST';

function listen(server: Server): Promise<string> {
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`));
  });
}

function body(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      text += chunk;
    });
    req.on('end', () => resolve(text));
    req.on('error', reject);
  });
}

const b64url = (value: Buffer | string) => Buffer.from(value).toString('base64url');

/** An ID token as Cognito shapes it (the pages read its claims; the API, not the pages, checks the signature). */
function idToken(claims: Record<string, unknown>): string {
  return `${b64url(JSON.stringify({ alg: 'RS256', kid: 'test' }))}.${b64url(JSON.stringify(claims))}.${b64url('signature')}`;
}

describeInBrowser('Cognito sign-in in the browser (authorization code with PKCE)', () => {
  let browser: Browser;
  let site: Server;
  let auth: Server;
  let siteUrl: string;
  let authUrl: string;
  const authorizations: AuthorizeRequest[] = [];
  const tokenRequests: TokenRequest[] = [];
  const logouts: URL[] = [];
  /** code → the challenge and redirect it was issued for. */
  const codes = new Map<string, { challenge: string; redirectUri: string; used: boolean }>();
  const ID_TOKEN = idToken({
    iss: ISSUER,
    aud: CLIENT_ID,
    sub: 'c0ffee00-applicant',
    'cognito:groups': ['applicant'],
    token_use: 'id',
    exp: Math.floor(Date.now() / 1000) + 3600,
  });
  const ACCESS_TOKEN = idToken({ iss: ISSUER, client_id: CLIENT_ID, sub: 'c0ffee00-applicant', token_use: 'access' });

  beforeAll(async () => {
    const [files, launched] = await Promise.all([buildSite(), launchBrowser()]);
    browser = launched;
    const byPath = new Map<string, SiteFile>(files.map((f) => [f.path, f]));

    auth = createServer(async (req, res) => {
      const url = new URL(req.url ?? '/', 'http://auth');
      const cors = { 'access-control-allow-origin': siteUrl, 'access-control-allow-credentials': 'true' };
      if (req.method === 'GET' && url.pathname === '/logout') {
        logouts.push(url);
        res.writeHead(200, { 'content-type': 'text/plain' }).end('signed out');
        return;
      }
      if (req.method === 'GET' && url.pathname === '/oauth2/authorize') {
        authorizations.push({ params: url.searchParams });
        // The hosted UI signs the person in; here they are signed in at once and sent back with a code.
        const code = `code-${codes.size + 1}`;
        codes.set(code, {
          challenge: url.searchParams.get('code_challenge') ?? '',
          redirectUri: url.searchParams.get('redirect_uri') ?? '',
          used: false,
        });
        const back = new URL(url.searchParams.get('redirect_uri') ?? '');
        back.search = new URLSearchParams({ code, state: url.searchParams.get('state') ?? '' }).toString();
        res.writeHead(302, { location: back.toString() }).end();
        return;
      }
      if (req.method === 'OPTIONS' && url.pathname === '/oauth2/token') {
        res.writeHead(204, {
          ...cors,
          'access-control-allow-headers': 'content-type',
          'access-control-allow-methods': 'POST',
        });
        res.end();
        return;
      }
      if (req.method === 'POST' && url.pathname === '/oauth2/token') {
        const form = new URLSearchParams(await body(req));
        tokenRequests.push({ origin: req.headers.origin, form });
        const issued = codes.get(form.get('code') ?? '');
        const verifier = form.get('code_verifier') ?? '';
        const answer = (status: number, json: unknown) => {
          res.writeHead(status, { ...cors, 'content-type': 'application/json' }).end(JSON.stringify(json));
        };
        // RFC 7636 §4.6: BASE64URL(SHA256(code_verifier)) must equal the code_challenge of the authorization.
        const s256 = createHash('sha256').update(verifier).digest('base64url');
        if (
          !issued ||
          issued.used ||
          form.get('grant_type') !== 'authorization_code' ||
          form.get('client_id') !== CLIENT_ID ||
          form.get('redirect_uri') !== issued.redirectUri ||
          s256 !== issued.challenge
        ) {
          answer(400, { error: 'invalid_grant' });
          return;
        }
        issued.used = true;
        answer(200, { id_token: ID_TOKEN, access_token: ACCESS_TOKEN, token_type: 'Bearer', expires_in: 3600 });
        return;
      }
      res.writeHead(404).end();
    });
    authUrl = (await listen(auth)).replace('127.0.0.1', 'localhost');

    const config: SiteConfig = {
      apiBase: '',
      auth: { mode: 'cognito', domain: authUrl, clientId: CLIENT_ID, issuer: ISSUER },
    };
    const headers = siteSecurityHeaders([authUrl]);
    site = createServer((req: IncomingMessage, res: ServerResponse) => {
      const url = new URL(req.url ?? '/', 'http://site');
      const send = (status: number, type: string, content: Buffer | string) =>
        res.writeHead(status, { ...headers, 'content-type': type, 'cache-control': 'no-cache' }).end(content);
      if (url.pathname === '/config.json') return send(200, 'application/json', JSON.stringify(config));
      if (url.pathname.startsWith('/v1/')) {
        return send(404, 'application/problem+json', JSON.stringify({ status: 404, title: '未找到 Not Found' }));
      }
      const file = byPath.get(url.pathname) ?? (byPath.get('/index.html') as SiteFile);
      return send(200, file.contentType, file.body);
    });
    siteUrl = await listen(site);
  });

  afterAll(async () => {
    await browser?.close();
    await Promise.all([site, auth].map((s) => new Promise((resolve) => s?.close(resolve))));
  });

  async function fresh(): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
    const context = await browser.newContext({ baseURL: siteUrl, locale: 'en-US' });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(String(error)));
    page.on('console', (message) => {
      if (message.type() === 'error' && /Content Security Policy|CORS/i.test(message.text())) {
        errors.push(message.text());
      }
    });
    return { context, page, errors };
  }

  it('signs in: S256 challenge of the stored verifier, state checked, the ID token kept, on to next', async () => {
    // Prepare
    const { context, page, errors } = await fresh();
    authorizations.length = 0;
    tokenRequests.length = 0;

    // Act
    await page.goto('/login?next=/track');
    await page.waitForURL((url) => url.pathname === '/track');

    // Assess: the authorization request
    expect(authorizations).toHaveLength(1);
    const params = (authorizations[0] as AuthorizeRequest).params;
    expect(Object.fromEntries(params)).toMatchObject({
      response_type: 'code',
      client_id: CLIENT_ID,
      redirect_uri: `${siteUrl}/signed-in`,
      scope: 'openid email profile',
      code_challenge_method: 'S256',
    });
    expect(params.get('state')).toMatch(/^[A-Za-z0-9_-]{16,}$/);
    expect(params.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // Assess: the token request, from the page's origin, with the verifier of that challenge (the server checked)
    expect(tokenRequests).toHaveLength(1);
    const token = tokenRequests[0] as TokenRequest;
    expect(token.origin).toBe(siteUrl);
    expect(Object.fromEntries(token.form)).toMatchObject({
      grant_type: 'authorization_code',
      code: 'code-1',
      redirect_uri: `${siteUrl}/signed-in`,
      client_id: CLIENT_ID,
    });
    const verifier = token.form.get('code_verifier') ?? '';
    expect(verifier).toMatch(/^[A-Za-z0-9_-]{43,128}$/);
    expect(createHash('sha256').update(verifier).digest('base64url')).toBe(params.get('code_challenge'));
    // Assess: the session holds the ID token (the API checks its aud), and the pending sign-in is spent
    const storage = await page.evaluate<{ token: string | null; pending: string | null }>(
      "({ token: sessionStorage.getItem('xiaoneng.session'), pending: sessionStorage.getItem('xiaoneng.cognito.pending') })",
    );
    expect(storage).toEqual({ token: ID_TOKEN, pending: null });
    // Signing out ends the hosted UI's session too (a shared screen must not sign the next person in as this one).
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect.poll(() => logouts.length).toBe(1);
    const logout = logouts[0] as URL;
    expect(Object.fromEntries(logout.searchParams)).toEqual({ client_id: CLIENT_ID, logout_uri: `${siteUrl}/` });
    expect(errors).toEqual([]);
    await context.close();
  });

  it('refuses an answer whose state this tab did not start, and a replayed one, without asking for a token', async () => {
    // Prepare
    const { context, page } = await fresh();
    tokenRequests.length = 0;

    // Act: a code sent to this tab by someone else (login CSRF)
    await page.goto('/signed-in?code=code-1&state=forged-state');

    // Assess
    await expect.poll(() => page.locator('.problem').count()).toBe(1);
    expect(await page.locator('.problem').textContent()).toContain('not started in this tab');
    expect(tokenRequests).toHaveLength(0);
    expect(await page.evaluate<string | null>("sessionStorage.getItem('xiaoneng.session')")).toBeNull();

    // Act: a real sign-in, then the same answer again (back button): its state is spent
    await page.goto('/login?next=/track');
    await page.waitForURL((url) => url.pathname === '/track');
    const used = new URL(`${siteUrl}/signed-in`);
    used.search = new URLSearchParams({
      code: (tokenRequests[0] as TokenRequest).form.get('code') ?? '',
      state: (authorizations.at(-1) as AuthorizeRequest).params.get('state') ?? '',
    }).toString();
    await page.goto(used.toString());

    // Assess
    await expect.poll(() => page.locator('.problem').count()).toBe(1);
    expect(tokenRequests).toHaveLength(1);
    await context.close();
  });

  it('shows the hosted UI’s refusal (error=access_denied) instead of exchanging anything', async () => {
    // Prepare
    const { context, page } = await fresh();
    tokenRequests.length = 0;

    // Act
    await page.goto('/signed-in?error=access_denied&error_description=User+is+disabled');

    // Assess
    await expect.poll(() => page.locator('.problem').count()).toBe(1);
    expect(await page.locator('.problem').textContent()).toContain('access_denied');
    expect(tokenRequests).toHaveLength(0);
    await context.close();
  });
});
