import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * Lean bundles (issue 17 item 3): a Lambda bundle holds its own route and the schemas that route names, because every
 * top-level schema of functions/http/schemas/ and functions/http/responses/ is built through its module's `built()`,
 * which esbuild may drop when nothing names the result. A schema written as a plain `const X = z.object(…)` still
 * works, but it is built at every cold start of every function whose area imports its module: this test names it.
 */

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const FOLDERS = ['functions/http/schemas', 'functions/http/responses'];

/** Top-level constants that are not schemas to drop: the registry every `named()` adds to. */
const KEPT = new Set(['responseRegistry']);

/** `file:line name` of each top-level constant built without `built()` (arrow functions are free already). */
function undroppable(source: string, file: string): string[] {
  return source.split('\n').flatMap((line, i) => {
    const m = /^(?:export )?const (\w+)(?::[^=]+)? = (.*)$/.exec(line);
    if (!m || KEPT.has(m[1] ?? '') || /^(built\(|\(|<)/.test(m[2] ?? '')) return [];
    return [`${file}:${i + 1} ${m[1]}`];
  });
}

describe('request and response schemas', () => {
  it('are each built through built(), so a bundle that never names one drops it', () => {
    const found = FOLDERS.flatMap((folder) =>
      readdirSync(join(ROOT, folder))
        .filter((f) => f.endsWith('.ts'))
        .flatMap((f) => undroppable(readFileSync(join(ROOT, folder, f), 'utf8'), `${folder}/${f}`)),
    );
    expect(found).toEqual([]);
  });

  it('would name a plain schema constant, and pass built() and arrow functions', () => {
    const source = [
      'export const Plain = z.object({ a: z.string() });',
      'const inner = z',
      '  .string();',
      'export const Fine = built(() => z.object({}));',
      'const helper = (max: number) => z.string().max(max);',
      'const generic = <S extends z.ZodType>(schema: S) => schema.nullable();',
    ].join('\n');
    expect(undroppable(source, 'x.ts')).toEqual(['x.ts:1 Plain', 'x.ts:2 inner']);
  });
});
