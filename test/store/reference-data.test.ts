import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { LocalDynamo } from '../../local/dynamodb.ts';
import { counting, countStoreRequests, startTestDynamo } from '../support/dynamo.ts';

let dynamo: LocalDynamo;
/** The DynamoDB requests the store sent, by operation (a middleware on the store's own client). */
let sent: string[] = [];
beforeAll(async () => {
  dynamo = await startTestDynamo();
  sent = await countStoreRequests();
});
afterAll(async () => {
  await dynamo?.close();
});
afterEach(() => {
  vi.useRealTimers();
});

// Imported after the environment is set (the store reads table names from it).
const store = async () => ({
  cache: await import('../../functions/store/reference-cache.ts'),
  catalog: await import('../../functions/store/catalog.ts'),
  calendar: await import('../../functions/store/calendar.ts'),
  client: await import('../../functions/store/client.ts'),
  tables: await import('../../functions/store/tables.ts'),
});

describe('the reference cache', () => {
  it('reads once per TTL on the one clock, shares a load, keeps no misses and forgets on invalidate', async () => {
    // Prepare
    const { cache } = await store();
    vi.useFakeTimers({ now: new Date('2026-09-28T02:00:00Z'), toFake: ['Date'] });
    const cached = new cache.ReferenceCache<string>(60_000);
    let loads = 0;
    const load = async () => `v${++loads}`;
    // Act & assess: concurrent readers share one load; within the TTL nothing is read again.
    expect(await Promise.all([cached.get('k', load), cached.get('k', load)])).toEqual(['v1', 'v1']);
    vi.setSystemTime(new Date('2026-09-28T02:00:59.999Z'));
    expect(await cached.get('k', load)).toBe('v1');
    // At the TTL it is read again.
    vi.setSystemTime(new Date('2026-09-28T02:01:00Z'));
    expect(await cached.get('k', load)).toBe('v2');
    // A clock moved back (a restarted simulated clock) does not keep an entry from "the future".
    vi.setSystemTime(new Date('2026-09-28T01:00:00Z'));
    expect(await cached.get('k', load)).toBe('v3');
    // A write in this process drops the copy at once.
    cached.invalidate('k');
    expect(await cached.get('k', load)).toBe('v4');
    // Misses and failures are not kept.
    let missing = 0;
    const notFound = async () => {
      missing++;
      return undefined;
    };
    expect(await cached.get('gone', notFound)).toBeUndefined();
    expect(await cached.get('gone', notFound)).toBeUndefined();
    expect(missing).toBe(2);
    await expect(cached.get('bad', async () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    expect(await cached.get('bad', async () => 'up')).toBe('up');
  });

  it('does not let a load under way when data was written put the old data back', async () => {
    const { cache } = await store();
    const cached = new cache.ReferenceCache<string>(60_000);
    let release: (value: string) => void = () => {};
    const slow = cached.get('k', () => new Promise<string>((resolve) => (release = resolve)));
    cached.invalidate('k');
    release('old');
    expect(await slow).toBe('old');
    expect(await cached.get('k', async () => 'new')).toBe('new');
  });
});

describe('catalogue entries and the calendar as reference data', () => {
  it('reads an item and a department once per TTL, and sees a revision written in this process at once', async () => {
    // Prepare
    const { catalog, client, tables } = await store();
    const stamp = { revisedAt: '2026-09-28T10:00:00+08:00', revisedBy: 'admin', reason: 'test' };
    const department = {
      id: 'ref-dept',
      name: { zh: '测试局' },
      address: { zh: '一楼' },
      phone: '0411-0000000',
      hours: { zh: '周一至周五' },
      supervisionPhone: '0411-9999999',
      windows: [{ id: 'W1', name: { zh: '一号窗口' }, comprehensive: false }],
      leader: { id: 'head', name: '局长' },
      dutyHandler: { id: 'duty', name: '值班' },
      status: 'ACTIVE' as const,
      revision: 1,
      ...stamp,
    };
    await catalog.writeDepartment(department);
    const item = { code: 'REF-001', departmentId: 'ref-dept', status: 'PUBLISHED', revision: 1, ...stamp };
    // The store keeps what it is given; the guide's fields do not matter here.
    await catalog.writeItem(item as unknown as Parameters<typeof catalog.writeItem>[0]);
    // Act & assess: one read each, then none.
    const first = await counting(sent, async () => [
      await catalog.getItemCached('REF-001'),
      await catalog.getDepartmentCached('ref-dept'),
    ]);
    expect(first.requests).toEqual(['GetItem', 'GetItem']);
    const again = await counting(sent, async () => [
      await catalog.getItemCached('REF-001'),
      await catalog.getDepartmentCached('ref-dept'),
    ]);
    expect(again.requests).toEqual([]);
    expect(again.result[0]).toMatchObject({ status: 'PUBLISHED', revision: 1 });
    // A change behind the store's back (another Lambda, in AWS) is not seen within the TTL…
    const { PutCommand } = await import('@aws-sdk/lib-dynamodb');
    await client.db().send(
      new PutCommand({
        TableName: tables.tableName('catalog'),
        Item: { pk: 'ITEM#REF-001', kind: 'ITEM', ...item, revision: 2, status: 'RETIRED' },
      }),
    );
    expect(await catalog.getItemCached('REF-001')).toMatchObject({ revision: 1, status: 'PUBLISHED' });
    // …but one written through the store in this process is seen at once (and the uncached read always sees it).
    expect(await catalog.getItem('REF-001')).toMatchObject({ revision: 2, status: 'RETIRED' });
    expect(
      await catalog.writeItem({ ...item, revision: 3 } as unknown as Parameters<typeof catalog.writeItem>[0]),
    ).toMatchObject({ ok: true });
    expect(await catalog.getItemCached('REF-001')).toMatchObject({ revision: 3, status: 'PUBLISHED' });
    // Unknown codes are never cached (a new item is found at once).
    expect((await counting(sent, () => catalog.getItemCached('REF-404'))).requests).toEqual(['GetItem']);
    expect((await counting(sent, () => catalog.getItemCached('REF-404'))).requests).toEqual(['GetItem']);
  });

  it('reads the calendar once per TTL; a year loaded in this process takes effect at once', async () => {
    const { calendar } = await store();
    vi.useFakeTimers({ now: new Date('2026-11-30T02:00:00Z'), toFake: ['Date'] });
    const before = await counting(sent, () => calendar.currentCalendar());
    expect(before.result.isPublished(2031)).toBe(false);
    expect((await counting(sent, () => calendar.currentCalendar())).requests).toEqual([]);
    await calendar.putYearCalendar({
      year: 2031,
      holidays: ['2031-01-01'],
      workdays: [],
      source: 'test notice',
      loadedAt: '2026-11-30T10:00:00+08:00',
      loadedBy: 'admin',
    });
    const after = await counting(sent, () => calendar.currentCalendar());
    expect(after.requests).toEqual(['Query']);
    expect(after.result.isPublished(2031)).toBe(true);
    vi.setSystemTime(new Date('2026-11-30T02:01:00Z'));
    expect((await counting(sent, () => calendar.currentCalendar())).requests).toEqual(['Query']);
  });
});
