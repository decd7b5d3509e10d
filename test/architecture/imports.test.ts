import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

/**
 * Which way the code of functions/ may depend (README "How it works"):
 *
 *   handler folders (http, workflow, schedule, stream) → common → store → domain
 *
 * - domain imports nothing of ours but domain, and no AWS SDK, Lambda, middy or I/O module: it is pure;
 * - store imports domain (and the one clock, functions/common/clock.ts, which imports nothing);
 * - common imports domain and store;
 * - a handler folder imports its own files, common, domain, store, and the names of functions/manifest.ts;
 *   never another handler folder;
 * - functions/manifest.ts (the wiring: it names entry files, it does not import them) imports store and domain;
 * - nothing in functions/ imports lib/, local/, bin/ or test/ (they import functions/, never the reverse).
 *
 * Read from the source (every `import`/`export … from`, type-only ones included, and dynamic `import()`), checked
 * against esbuild's own reading of the same files so the reader cannot miss a runtime import.
 */

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const FUNCTIONS = 'functions';

type Layer = 'domain' | 'store' | 'common' | 'http' | 'workflow' | 'schedule' | 'stream' | 'manifest';
const HANDLER_FOLDERS = ['http', 'workflow', 'schedule', 'stream'] as const;

const MAY_IMPORT: Readonly<Record<Layer, readonly Layer[]>> = {
  domain: ['domain'],
  store: ['store', 'domain'],
  common: ['common', 'domain', 'store'],
  http: ['http', 'common', 'domain', 'store', 'manifest'],
  workflow: ['workflow', 'common', 'domain', 'store', 'manifest'],
  schedule: ['schedule', 'common', 'domain', 'store', 'manifest'],
  stream: ['stream', 'common', 'domain', 'store', 'manifest'],
  manifest: ['store', 'domain'],
};

/** The one clock: every "now" is read through it, the store's reference cache included. It imports nothing. */
const THE_CLOCK = 'functions/common/clock.ts';

/**
 * Imports against the rule that are known and accepted for now: none (the clock contract, which the approval clock's
 * runner once read from workflow/, lives in common/ since the deadline engine).
 */
const KNOWN_EXCEPTIONS: readonly { from: string; to: string }[] = [];

/** Packages the domain may not import: AWS, Lambda plumbing, and I/O. */
const IMPURE_PACKAGES =
  /^(?:@aws-sdk\/|aws-lambda$|@middy\/|@aws-lambda-powertools\/|node:(?:fs|net|http|https|child_process|dgram|worker_threads)(?:\/|$))/;

interface Edge {
  readonly from: string;
  /** A repository-relative path for a relative specifier, the specifier itself for a package. */
  readonly to: string;
}

/** Every module specifier a TypeScript source names: static imports and re-exports (type-only too), dynamic imports. */
function specifiersOf(source: string): string[] {
  const found: string[] = [];
  // Statements start a line (a JSDoc line starts with `*`, so comments do not match); `[^;'"]` keeps one statement.
  const statement = /^[ \t]*(?:import|export)\b[^;'"]*?\bfrom[ \t]*(['"])([^'"\n]+)\1/gm;
  const sideEffect = /^[ \t]*import[ \t]*(['"])([^'"\n]+)\1/gm;
  const dynamic = /\bimport\s*\(\s*(['"])([^'"\n]+)\1\s*\)/g;
  const code = source.replace(/\/\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, ' ')).replace(/(^|\s)\/\/.*$/gm, '$1');
  for (const pattern of [statement, sideEffect]) for (const m of source.matchAll(pattern)) found.push(m[2] as string);
  for (const m of code.matchAll(dynamic)) found.push(m[2] as string);
  return found;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

function importGraph(): Edge[] {
  return sourceFiles(FUNCTIONS).flatMap((from) =>
    specifiersOf(readFileSync(join(ROOT, from), 'utf8')).map((specifier) => ({
      from,
      to: specifier.startsWith('.') ? relative(ROOT, resolve(ROOT, dirname(from), specifier)) : specifier,
    })),
  );
}

function layerOf(file: string): Layer | 'outside' {
  if (file === `${FUNCTIONS}/manifest.ts`) return 'manifest';
  const [top, folder] = file.split('/');
  if (top !== FUNCTIONS || folder === undefined) return 'outside';
  return folder in MAY_IMPORT ? (folder as Layer) : 'outside';
}

/** The edges that break the rule, each with why. */
function violations(
  edges: readonly Edge[],
  exceptions: readonly Edge[] = KNOWN_EXCEPTIONS,
): { edge: Edge; why: string }[] {
  const found: { edge: Edge; why: string }[] = [];
  for (const edge of edges) {
    const from = layerOf(edge.from);
    if (from === 'outside') continue;
    if (exceptions.some((e) => e.from === edge.from && e.to === edge.to)) continue;
    const relativeImport = edge.to.includes('/') && !edge.to.startsWith('@') && edge.to.endsWith('.ts');
    if (!relativeImport) {
      if (from === 'domain' && IMPURE_PACKAGES.test(edge.to)) found.push({ edge, why: 'the domain is pure' });
      continue;
    }
    if (edge.from === THE_CLOCK) {
      found.push({ edge, why: 'the one clock imports nothing' });
      continue;
    }
    const to = layerOf(edge.to);
    if (to === 'outside') {
      found.push({ edge, why: 'functions/ imports nothing outside functions/' });
      continue;
    }
    if (from === 'store' && edge.to === THE_CLOCK) continue;
    if (!MAY_IMPORT[from].includes(to)) found.push({ edge, why: `${from} may import ${MAY_IMPORT[from].join(', ')}` });
  }
  return found;
}

const describeEdge = ({ edge, why }: { edge: Edge; why: string }) => `${edge.from} → ${edge.to} (${why})`;

describe('import direction in functions/', () => {
  const graph = importGraph();

  it('points one way: handler folders → common → store → domain', () => {
    expect(violations(graph).map(describeEdge)).toEqual([]);
  });

  it('still needs each known exception (remove an entry once its import is gone)', () => {
    for (const exception of KNOWN_EXCEPTIONS as { from: string; to: string }[]) expect(graph).toContainEqual(exception);
  });

  it('would refuse a wrong import: a few examples', () => {
    const wrong: Edge[] = [
      { from: 'functions/common/http.ts', to: 'functions/http/routes.ts' },
      { from: 'functions/http/applications-decide.ts', to: 'functions/workflow/clock-contract.ts' },
      { from: 'functions/http/applications-verify.ts', to: 'functions/stream/anchor-archive.ts' },
      { from: 'functions/store/cases.ts', to: 'functions/common/expiry.ts' },
      { from: 'functions/domain/case.ts', to: 'functions/store/cases.ts' },
      { from: 'functions/domain/case.ts', to: '@aws-sdk/client-dynamodb' },
      { from: 'functions/common/clock.ts', to: 'functions/domain/time.ts' },
      { from: 'functions/manifest.ts', to: 'functions/http/routes.ts' },
      { from: 'functions/stream/notify.ts', to: 'local/runtime.ts' },
      // No handler folder imports another.
      ...HANDLER_FOLDERS.flatMap((a) =>
        HANDLER_FOLDERS.filter((b) => b !== a).map((b) => ({ from: `functions/${a}/x.ts`, to: `functions/${b}/y.ts` })),
      ),
    ];
    expect(violations(wrong).map((v) => v.edge)).toEqual(wrong);
    // And the allowed ones pass: the clock from the store, the manifest's names from a handler folder.
    expect(
      violations([
        { from: 'functions/store/reference-cache.ts', to: THE_CLOCK },
        { from: 'functions/http/routes.ts', to: 'functions/manifest.ts' },
        { from: 'functions/domain/anchor.ts', to: 'node:crypto' },
      ]),
    ).toEqual([]);
  });

  it('reads every form of import, and none in comments', () => {
    const source = [
      "import { a } from './a.ts';",
      "import type { B } from '../b.ts';",
      'import {',
      '  c,',
      '  type D,',
      "} from './c.ts';",
      "export { e } from './e.ts';",
      "export * from './f.ts';",
      "import './g.ts';",
      "const h = await import('./h.ts');",
      "import data from 'pkg/data.json' with { type: 'json' };",
      '/**',
      " * import { no } from './doc.ts';",
      " * await import('./doc2.ts');",
      ' */',
      "// import { no } from './line.ts';",
      "// const no = await import('./line2.ts');",
    ].join('\n');
    expect(specifiersOf(source).sort()).toEqual(
      ['./a.ts', '../b.ts', './c.ts', './e.ts', './f.ts', './g.ts', './h.ts', 'pkg/data.json'].sort(),
    );
  });

  it('misses no import esbuild finds (the bundler reads the same files)', async () => {
    const result = await build({
      entryPoints: sourceFiles(FUNCTIONS).map((f) => join(ROOT, f)),
      bundle: true,
      write: false,
      metafile: true,
      outdir: join(ROOT, 'node_modules/.cache/imports-test'),
      platform: 'node',
      format: 'esm',
      packages: 'external',
      logLevel: 'silent',
    });
    const ours = new Set(graph.map((e) => `${e.from} → ${e.to}`));
    const missed: string[] = [];
    for (const [input, { imports }] of Object.entries(result.metafile.inputs)) {
      if (!input.startsWith(`${FUNCTIONS}/`)) continue;
      for (const imported of imports) {
        // An import TypeScript elides (its names unused) is listed with its specifier as written.
        const to = imported.path.startsWith('.')
          ? relative(ROOT, resolve(ROOT, dirname(input), imported.path))
          : imported.external
            ? (imported.original ?? imported.path)
            : imported.path;
        if (!ours.has(`${input} → ${to}`)) missed.push(`${input} → ${to}`);
      }
    }
    expect(missed).toEqual([]);
  });
});
