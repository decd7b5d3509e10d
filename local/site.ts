import type { IncomingMessage, ServerResponse } from 'node:http';
import { departmentRoles, isRole, type Role, roles } from '../functions/common/roles.ts';
import { recordedKindOf } from '../functions/domain/appraisal.ts';
import { buildSite, readSite, type SiteConfig, type SiteFile, siteSecurityHeaders } from '../lib/site-build.ts';
import { ROLE_HOMES as SITE_ROLE_HOMES, sitePath } from '../web/src/site-config.ts';
import { signLocalToken } from './auth.ts';

/** Where each role lands after signing in: the pages' own table (web/src/site-config.ts), checked here against every role. */
export const ROLE_HOMES: Readonly<Record<Role, string>> = SITE_ROLE_HOMES;

/** Local tokens live as long as `npm run token`'s (two years): the simulated clock may be moved far ahead. */
const TOKEN_SECONDS = 2 * 366 * 24 * 3600;
const ID = /^[A-Za-z0-9][A-Za-z0-9._:@-]{0,63}$/;

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/**
 * Names a folder with the site already built (`writeSite`), served instead of building it: the test run builds it once
 * for its dozen runtimes that serve pages (test/setup/runtime-bundle.ts; about 2 CPU-seconds of esbuild each).
 */
export const PREBUILT_SITE_VARIABLE = 'XIAONENG_PREBUILT_SITE';

/**
 * The web pages on the API's port, as `npm start` serves them: the site is built in memory on the first page request
 * (so a runtime that only serves the API — most tests, the crash test's restarts — never builds it; a test run's
 * runtimes read the run's one build, PREBUILT_SITE_VARIABLE), `/config.json`
 * says to sign in locally, and every other path that is not the API's is the application's `index.html` (the pages
 * route in the browser).
 *
 * `GET /login?role=R&department=D&sub=S` is the local sign-in (never deployed): it signs a token with the data
 * folder's key and hands it to the pages in the URL's fragment (`/signed-in#token=…`: a fragment is never sent to a
 * server nor written to a log). It trusts whoever reaches it, as `npm run token` trusts whoever can read the data
 * folder; so it answers loopback clients only — a runtime started with `--host 0.0.0.0` shows its public pages to the
 * network but signs nobody in from there.
 */
export function localSite(options: { readonly key: Uint8Array; readonly clock: 'simulated' | 'real' }): {
  serve(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void>;
} {
  let built: Promise<Map<string, SiteFile>> | undefined;
  const prebuilt = process.env[PREBUILT_SITE_VARIABLE];
  const files = () => {
    built ??= (prebuilt ? Promise.resolve().then(() => readSite(prebuilt)) : buildSite()).then(
      (list) => new Map(list.map((file) => [file.path, file])),
    );
    // A failed build is tried again on the next request (a syntax error being fixed while the runtime runs).
    built.catch(() => {
      built = undefined;
    });
    return built;
  };
  const config: SiteConfig = {
    apiBase: '',
    auth: { mode: 'local' },
    ...(options.clock === 'simulated' ? { clock: 'simulated' as const } : {}),
  };
  const security = siteSecurityHeaders();

  function answer(res: ServerResponse, status: number, type: string, body: Buffer | string, cache = 'no-cache') {
    res.writeHead(status, { ...security, 'content-type': type, 'cache-control': cache });
    res.end(body);
  }

  /** A refusal, as problem+json with a bilingual title like every other answer of the runtime. */
  function problem(res: ServerResponse, status: number, title: string, detail: string) {
    const body = JSON.stringify({ type: 'about:blank', title, status, detail });
    answer(res, status, 'application/problem+json; charset=utf-8', body, 'no-store');
  }

  return {
    async serve(req, res, url) {
      const method = (req.method ?? 'GET').toUpperCase();
      if (method !== 'GET' && method !== 'HEAD') {
        res.setHeader('allow', 'GET, HEAD');
        return problem(
          res,
          405,
          '方法不允许 Method Not Allowed',
          `${method} is not allowed on the web pages (GET, HEAD).`,
        );
      }
      if (url.pathname === '/config.json') return answer(res, 200, 'application/json', JSON.stringify(config));
      if (url.pathname === '/login' && url.searchParams.has('role')) return signIn(req, res, url);
      const site = await files();
      const asset = site.get(url.pathname);
      if (asset) return answer(res, 200, asset.contentType, asset.body, 'public, max-age=31536000, immutable');
      if (url.pathname.startsWith('/assets/'))
        return problem(res, 404, '未找到 Not Found', `No file ${url.pathname} in the site's build.`);
      const index = site.get('/index.html') as SiteFile;
      return answer(res, 200, index.contentType, index.body);
    },
  };

  async function signIn(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const refuse = (status: number, why: string) =>
      problem(res, status, status === 403 ? '禁止访问 Forbidden' : '请求无效 Bad Request', why);
    if (!LOOPBACK.has(req.socket.remoteAddress ?? ''))
      return refuse(403, 'The local sign-in (本地登录) answers this machine only.');
    const role = url.searchParams.get('role');
    const department = url.searchParams.get('department') || undefined;
    const sub = url.searchParams.get('sub') || `web-${role}`;
    const name = url.searchParams.get('name') || undefined;
    // A representative's kind (docs/supervision.md): one of the four, CITIZEN when not chosen.
    const kindParam = url.searchParams.get('kind') || 'CITIZEN';
    if (!isRole(role)) return refuse(400, `角色无效 Unknown role: role must be one of ${roles.join(', ')}.`);
    if (departmentRoles.includes(role) && !department)
      return refuse(400, `缺少部门 A ${role} needs a department: add &department=<id>.`);
    if (!ID.test(sub) || (department !== undefined && !ID.test(department)))
      return refuse(400, '标识无效 sub and department are 1–64 letters, digits, or . _ : @ -');
    if (name !== undefined && name.length > 64) return refuse(400, '姓名过长 name is at most 64 characters.');
    const token = await signLocalToken(
      options.key,
      {
        role,
        sub,
        ...(departmentRoles.includes(role) && department ? { department } : {}),
        ...(name ? { name } : {}),
        ...(role === 'representative' ? { kind: recordedKindOf(kindParam) } : {}),
        expiresInSeconds: TOKEN_SECONDS,
      },
      Math.floor(Date.now() / 1000), // the runtime's clock, simulated or not: the token is valid from its now
    );
    const home = sitePath(url.searchParams.get('next')) ?? ROLE_HOMES[role];
    const fragment = new URLSearchParams({ token, home });
    res.writeHead(302, { ...security, location: `/signed-in#${fragment}`, 'cache-control': 'no-store' });
    res.end();
  }
}
