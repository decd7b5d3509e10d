import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { type BuildOptions, type BuildResult, build, buildSync } from 'esbuild';
import { repoRoot } from './repo-root.ts';

/**
 * The web site, built with the local esbuild — one build for both homes: `npm start` serves it from memory on the
 * API's port (local/site.ts), CDK writes it to a folder and deploys it to the site's bucket. The pages are a React
 * application (web/src); its JavaScript and CSS get content-hashed names, so a browser may cache them for ever and
 * only `index.html` and `config.json` are fetched fresh.
 */
export const SITE_ENTRY = join(repoRoot, 'web/src/main.tsx');

/** One file of the built site: its path on the site (`/assets/main-3F2A….js`), content type and bytes. */
export interface SiteFile {
  readonly path: string;
  readonly contentType: string;
  readonly body: Buffer;
}

/** What `/config.json` says: one type with the pages (web/src/site-config.ts), which read it. */
export type { SiteConfig } from '../web/src/site-config.ts';

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

export function contentTypeOf(path: string): string {
  const dot = path.lastIndexOf('.');
  return CONTENT_TYPES[path.slice(dot)] ?? 'application/octet-stream';
}

export const siteBuildOptions: BuildOptions = {
  entryPoints: [SITE_ENTRY],
  // Paths in the metafile are relative to this (siteFilesOf finds the entry's output by it), whatever the cwd.
  absWorkingDir: repoRoot,
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: ['chrome110', 'firefox115', 'safari16'],
  minify: true,
  sourcemap: false,
  jsx: 'automatic',
  outdir: '/assets',
  entryNames: '[name]-[hash]',
  // The pages of an area load when first visited (React.lazy in web/src/main.tsx): the public catalogue does not
  // download the charts or the console's graph layout.
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  assetNames: '[name]-[hash]',
  metafile: true,
  loader: { '.svg': 'file', '.png': 'file', '.woff2': 'file' },
  define: { 'process.env.NODE_ENV': '"production"' },
  legalComments: 'none',
  logLevel: 'silent',
  write: false,
};

/** Builds the site in memory: every asset, and `index.html` naming them. */
export async function buildSite(): Promise<SiteFile[]> {
  return siteFilesOf(await build(siteBuildOptions));
}

/**
 * The same build, synchronously: CDK's local bundling (lib/constructs/static-site.ts) cannot wait for a promise.
 * Same options, same files as `buildSite`.
 */
export function buildSiteSync(): SiteFile[] {
  return siteFilesOf(buildSync(siteBuildOptions));
}

/** Writes a built site into `folder` (`/assets/x.js` → `<folder>/assets/x.js`): what CDK deploys to the bucket. */
export function writeSite(files: readonly SiteFile[], folder: string): void {
  for (const file of files) {
    const target = join(folder, file.path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, file.body);
  }
}

/**
 * A site `writeSite` wrote, read back as the build gave it (`index.html` included): the test run builds the site once
 * for all the runtimes it starts (test/setup/runtime-bundle.ts, local/site.ts) instead of each building it again.
 */
export function readSite(folder: string): SiteFile[] {
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => {
      const path = `/${relative(folder, join(entry.parentPath, entry.name))}`;
      return { path, contentType: contentTypeOf(path), body: readFileSync(join(entry.parentPath, entry.name)) };
    });
}

function siteFilesOf(result: BuildResult): SiteFile[] {
  const files: SiteFile[] = (result.outputFiles ?? []).map((file) => {
    const path = `/assets/${file.path.split('/assets/')[1]}`;
    return { path, contentType: contentTypeOf(path), body: Buffer.from(file.contents) };
  });
  // The entry's script (the other scripts are chunks it imports); every stylesheet, the chunks' included. The entry
  // by name: each lazily imported page is an entry point of its own to esbuild too (its `entryPoint` is set), and
  // which output comes first changes with the pages (a merge once served the flags page's chunk as the site).
  const siteEntry = relative(repoRoot, SITE_ENTRY);
  const entry = Object.entries(result.metafile?.outputs ?? {}).find(
    ([path, output]) => output.entryPoint === siteEntry && path.endsWith('.js'),
  )?.[0];
  const script = entry ? `/assets/${entry.split('/assets/')[1]}` : undefined;
  const styles = files.filter((f) => f.path.endsWith('.css')).map((f) => f.path);
  if (!script) throw new Error('the site build produced no script');
  files.push({ path: '/index.html', contentType: CONTENT_TYPES['.html'] as string, body: indexHtml(script, styles) });
  return files;
}

function indexHtml(script: string, styles: readonly string[]): Buffer {
  const links = styles.map((href) => `<link rel="stylesheet" href="${href}">`).join('');
  return Buffer.from(
    `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">` +
      `<meta name="viewport" content="width=device-width, initial-scale=1">` +
      `<title>行政服务中心 Administrative Service Centre</title>${links}` +
      `<script type="module" src="${script}"></script></head>` +
      `<body><div id="root"></div></body></html>`,
  );
}

/** The security headers every page and asset is served with (locally; CloudFront's response headers policy in AWS). */
export function siteSecurityHeaders(connectSources: readonly string[] = []): Record<string, string> {
  const connect = ["'self'", ...connectSources].join(' ');
  return {
    // ECharts' SVG renderer writes style attributes: styles may be inline, scripts never.
    'content-security-policy': `default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src ${connect}; frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'`,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'x-frame-options': 'DENY',
  };
}

/** A short digest of the built site, for the banner and the deployment's logs. */
export function siteDigest(files: readonly SiteFile[]): string {
  const hash = createHash('sha256');
  for (const file of [...files].sort((a, b) => a.path.localeCompare(b.path))) hash.update(file.path).update(file.body);
  return hash.digest('hex').slice(0, 12);
}
