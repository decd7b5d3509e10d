import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDynaliteIterators } from '../../local/level-iterators.ts';
import { temporaryFolder } from '../support/temporary.ts';

// The LevelDB that dynalite itself uses (its `level`, hence its abstract-level), with two values.
const fromDynalite = createRequire(createRequire(import.meta.url).resolve('dynalite'));
const { Level } = fromDynalite('level') as {
  Level: new (
    path: string,
    options: object,
  ) => {
    open(): Promise<void>;
    close(): Promise<void>;
    put(key: string, value: unknown): Promise<void>;
    values(): { next(): Promise<unknown>; return?: () => Promise<unknown> };
  };
};
const db = new Level(join(temporaryFolder('level'), 'db'), { valueEncoding: 'json' });

beforeAll(async () => {
  closeDynaliteIterators();
  await db.open();
  await db.put('a', 1);
  await db.put('b', 2);
});
afterAll(async () => {
  await db.close();
});

describe("dynalite's LevelDB iterators", () => {
  it('are closed once read to their end', async () => {
    const iterator = db.values();
    expect([await iterator.next(), await iterator.next(), await iterator.next()]).toEqual([1, 2, undefined]);
    // A closed iterator refuses to go on; an open one would answer undefined again.
    await expect(iterator.next()).rejects.toThrow(/not open|closed/i);
  });

  it('are closed when the stream reading them is destroyed early (they gain the return() streams call)', async () => {
    const iterator = db.values();
    expect(await iterator.next()).toBe(1);
    await iterator.return?.();
    await expect(iterator.next()).rejects.toThrow(/not open|closed/i);
  });
});
