import { gzipSync } from 'node:zlib';
import { buildSite } from '../../lib/site-build.ts';
import { browserAvailable, launchBrowser, openPage } from '../../test/support/browser.ts';
import { RuntimeProcess } from '../../test/support/runtime.ts';
import { type BenchContext, elapsedSeconds, type Row, type SectionResult } from '../support/section.ts';
import { kb, median, round } from '../support/stats.ts';

/** What a phone on a slow line can take for the first page of the public site (gzip, as CloudFront serves it). */
const MAX_FIRST_PAGE_GZIP = 250 * 1024;
/** `npm start` builds the site at the first page request: the first visitor waits for it. */
const MAX_BUILD_MS = 3000;

/** The pages a visitor opens first, by who they are. */
const PAGES = [
  { name: 'catalogue (/)', path: '/', ready: 'a[href^="/guide/"]' },
  { name: 'guide (/guide/SC-001)', path: '/guide/SC-001', ready: 'h1' },
  { name: 'disclosure (/disclosure)', path: '/disclosure', ready: 'h1' },
] as const;

/**
 * The web site's weight and build: how long `npm start`'s first page request waits for the in-memory build, and how
 * many bytes of script and style each public page fetches in Chromium (its first visit, empty cache), raw and
 * gzip-compressed (CloudFront compresses; the local runtime does not). Without Chromium only the entry is weighed.
 */
export async function siteWeight(ctx: BenchContext): Promise<SectionResult> {
  const started = performance.now();
  const builds: number[] = [];
  let files = await buildSite();
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    files = await buildSite();
    builds.push(performance.now() - t);
  }
  const buildMs = round(median(builds) ?? 0, 0);
  const gzip = (body: Buffer) => gzipSync(body, { level: 9 }).length;
  const total = files.reduce((sum, f) => sum + f.body.length, 0);
  const index = files.find((f) => f.path === '/index.html')?.body.toString() ?? '';
  const entry = files.filter((f) => index.includes(f.path));
  const pages: { name: string; raw: number; gzip: number; files: number }[] = [];
  if (browserAvailable) {
    const runtime = new RuntimeProcess();
    const [browser] = await Promise.all([launchBrowser(), runtime.start({ now: '2026-09-28T10:00:00+08:00' })]);
    try {
      const byPath = new Map(files.map((f) => [f.path, f.body]));
      for (const page of PAGES) {
        const { context, page: tab } = await openPage(browser, runtime);
        const fetched = new Set<string>();
        tab.on('response', (response) => {
          const path = new URL(response.url()).pathname;
          if (path.startsWith('/assets/')) fetched.add(path);
        });
        await tab.goto(page.path);
        await tab.waitForSelector(page.ready);
        await tab.waitForLoadState('networkidle');
        const bodies = [...fetched].map((p) => byPath.get(p) ?? Buffer.alloc(0));
        pages.push({
          name: page.name,
          raw: bodies.reduce((s, b) => s + b.length, 0),
          gzip: bodies.reduce((s, b) => s + gzip(b), 0),
          files: bodies.length,
        });
        await context.close();
      }
    } finally {
      await browser.close();
      await runtime.dispose();
    }
  } else {
    ctx.log('site: no Chromium — only the entry (index.html’s script and styles) is weighed');
    pages.push({
      name: 'entry (index.html’s script and styles)',
      raw: entry.reduce((s, f) => s + f.body.length, 0),
      gzip: entry.reduce((s, f) => s + gzip(f.body), 0),
      files: entry.length,
    });
  }
  const first = pages[0];
  const met = buildMs <= MAX_BUILD_MS && (first?.gzip ?? Number.POSITIVE_INFINITY) <= MAX_FIRST_PAGE_GZIP;
  const rows: Row[] = [
    {
      section: 'site',
      measure: 'build, in memory (median of 3)',
      value: `${buildMs} ms`,
      target: `≤ ${MAX_BUILD_MS} ms`,
      met: buildMs <= MAX_BUILD_MS,
    },
    { section: 'site', measure: 'whole site (every file, raw)', value: `${kb(total)} KB in ${files.length} files` },
    ...pages.map((p, i) => ({
      section: 'site',
      measure: `${p.name}: script + style fetched`,
      value: `${kb(p.gzip)} KB gzip (${kb(p.raw)} KB raw, ${p.files} files)`,
      ...(i === 0 ? { target: `≤ ${kb(MAX_FIRST_PAGE_GZIP)} KB gzip`, met: p.gzip <= MAX_FIRST_PAGE_GZIP } : {}),
    })),
  ];
  return {
    figures: { buildMs, totalBytes: total, files: files.length, pages },
    reference: 'a phone on a slow line (1.6 Mbit/s): 250 KB gzip is about 1.3 s',
    target: `first public page ≤ ${kb(MAX_FIRST_PAGE_GZIP)} KB gzip; build ≤ ${MAX_BUILD_MS} ms`,
    met,
    notes: met ? [] : ['the site is heavier or slower to build than its target: see the rows'],
    rows,
    wallSeconds: elapsedSeconds(started),
  };
}
