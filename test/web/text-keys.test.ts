import { readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

// Every area's words (web/src/**/text.ts, and the shared web/src/common-text.ts): every key in both languages, none
// left empty. A key only in Chinese would show its raw name to an English reader (i18next falls back to the key).

const webSrc = resolve(import.meta.dirname, '../../web/src');
const files = readdirSync(webSrc, { recursive: true, encoding: 'utf8' })
  .filter((file) => /(^|[/\\])text\.ts$/.test(file) || file === 'common-text.ts')
  .map((file) => join(webSrc, file))
  .sort();

function keys(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix];
  return Object.entries(value).flatMap(([key, inner]) => keys(inner, prefix ? `${prefix}.${key}` : key));
}

function leaves(value: unknown): unknown[] {
  if (typeof value !== 'object' || value === null) return [value];
  return Object.values(value).flatMap(leaves);
}

describe('the words of every area', () => {
  it('are found: common, the five areas, the grievance pages, the green-channel pages and the appraisal pages', () => {
    expect(files.map((file) => relative(webSrc, file).replaceAll('\\', '/'))).toEqual([
      'applicant/text.ts',
      'appraisal/text.ts',
      'common-text.ts',
      'console/text.ts',
      'enforcement/text.ts',
      'grievances/text.ts',
      'projects/text.ts',
      'public/text.ts',
      'staff/text.ts',
      'supervision/text.ts',
    ]);
  });

  it.each(files.map((file) => [relative(webSrc, file), file]))(
    '%s has every key in Chinese and in English, each a text that is not empty',
    async (_, file) => {
      const { text } = (await import(file)) as { text: { zh: unknown; en: unknown } };
      const zh = keys(text.zh).sort();
      const en = keys(text.en).sort();
      expect(
        en.filter((key) => !zh.includes(key)),
        'only in English',
      ).toEqual([]);
      expect(
        zh.filter((key) => !en.includes(key)),
        'only in Chinese',
      ).toEqual([]);
      for (const value of [...leaves(text.zh), ...leaves(text.en)]) expect(value).toMatch(/\S/);
    },
  );
});
