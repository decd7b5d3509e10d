import { describe, expect, it } from 'vitest';
import { text } from '../../web/src/supervision/text.ts';

// The supervision pages' words (web/src/supervision/text.ts): every key in both languages, none left empty.

function keys(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix];
  return Object.entries(value).flatMap(([key, inner]) => keys(inner, prefix ? `${prefix}.${key}` : key));
}

function leaves(value: unknown): unknown[] {
  if (typeof value !== 'object' || value === null) return [value];
  return Object.values(value).flatMap(leaves);
}

describe('the supervision words', () => {
  it('have every key in Chinese and in English, each a text that is not empty', () => {
    expect(keys(text.en).sort()).toEqual(keys(text.zh).sort());
    for (const value of [...leaves(text.zh), ...leaves(text.en)]) expect(value).toMatch(/\S/);
  });
});
