import { marshall } from '@aws-sdk/util-dynamodb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { LocalDynamo } from '../../local/dynamodb.ts';
import { LocalEventBus } from '../../local/eventbridge.ts';
import { chainedTimeline, storedCase } from '../support/cases.ts';
import { startTestDynamo } from '../support/dynamo.ts';
import { temporaryFolder } from '../support/temporary.ts';

let dynamo: LocalDynamo;
let bus: LocalEventBus;
let busUrl: string;
beforeAll(async () => {
  dynamo = await startTestDynamo();
  bus = new LocalEventBus(temporaryFolder('bus'));
  busUrl = await bus.listen(0, '127.0.0.1');
  process.env.EVENTBRIDGE_ENDPOINT = busUrl;
  process.env.EVENT_BUS_NAME = 'xiaoneng-test';
});
afterAll(async () => {
  await bus?.close();
  await dynamo?.close();
});

// Imported after the environment is set (the store reads table names from it); the expected errors stay quiet.
process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
const { handler } = await import('../../functions/stream/notify.ts');
const { notificationsOfCase } = await import('../../functions/store/notifications.ts');
const { logger } = await import('../../functions/common/logger.ts');

/** A stored case whose timeline is the given events, chained. */
const caseWith = (id: string, types: string[]) => storedCase(id, types[0] as never, chainedTimeline(id, types));

let sequence = 0;
function record(before: object | undefined, after: object) {
  sequence++;
  return {
    eventID: `e${sequence}`,
    eventName: before ? ('MODIFY' as const) : ('INSERT' as const),
    dynamodb: {
      SequenceNumber: String(sequence),
      ...(before ? { OldImage: marshall(before, { removeUndefinedValues: true }) } : {}),
      NewImage: marshall(after, { removeUndefinedValues: true }),
    },
  };
}
const context = {} as never;

describe('the notifier (Cases stream → notifications → bus)', () => {
  it('tells each new timeline event once, however often the stream delivers it', async () => {
    const created = caseWith('N-1', ['RECEIVED', 'ACCEPTED']);
    const warned = caseWith('N-1', ['RECEIVED', 'ACCEPTED', 'YELLOW_WARNING']);
    const event = { Records: [record(undefined, created), record(created, created), record(created, warned)] };
    expect(await handler(event, context)).toEqual({ batchItemFailures: [] });
    // Something happens to a written notification (say, it is read) before the stream delivers the batch again.
    const { db } = await import('../../functions/store/client.ts');
    const { UpdateCommand } = await import('@aws-sdk/lib-dynamodb');
    await db().send(
      new UpdateCommand({
        TableName: process.env.NOTIFICATIONS_TABLE,
        Key: { caseId: 'N-1', seq: 1 },
        UpdateExpression: 'SET readAt = :at',
        ExpressionAttributeValues: { ':at': '2026-10-02T09:00:00+08:00' },
      }),
    );
    expect(await handler(event, context)).toEqual({ batchItemFailures: [] }); // redelivered
    const told = await notificationsOfCase('N-1');
    expect(told.map((n) => [n.seq, n.kind, n.to])).toEqual([
      [1, 'ACCEPTED', ['APPLICANT']],
      [2, 'YELLOW_WARNING', ['HANDLER', 'HEAD']],
    ]);
    // Written once: the redelivery did not write it again over what happened since.
    expect(told[0]).toMatchObject({ applicantInbox: 'applicant-1', eventHash: created.timeline[1]?.hash });
    expect(told[0]).toHaveProperty('readAt', '2026-10-02T09:00:00+08:00');
    expect(told[1]).toMatchObject({ departmentInbox: 'market' });
    expect(told[1]).not.toHaveProperty('applicantInbox');
    // Published at least once per delivery; consumers deduplicate by id.
    expect(bus.events({ caseId: 'N-1' }).map((e) => (e.detail as { id: string }).id)).toEqual([
      'N-1#1',
      'N-1#2',
      'N-1#1',
      'N-1#2',
    ]);
  });

  it('reports the batch for a retry when the bus cannot be reached, with the notifications already recorded', async () => {
    const created = caseWith('N-2', ['RECEIVED', 'ACCEPTED']);
    await bus.close(); // the bus is down…
    const { batchItemFailures } = await handler({ Records: [record(undefined, created)] }, context);
    await bus.listen(Number(new URL(busUrl).port), '127.0.0.1'); // …and back
    expect(batchItemFailures).toEqual([{ itemIdentifier: String(sequence) }]);
    expect((await notificationsOfCase('N-2')).map((n) => n.kind)).toEqual(['ACCEPTED']);
    expect(bus.events({ caseId: 'N-2' })).toEqual([]);
    // The retry writes nothing twice and publishes.
    expect(await handler({ Records: [record(undefined, created)] }, context)).toEqual({ batchItemFailures: [] });
    expect(await notificationsOfCase('N-2')).toHaveLength(1);
    expect(bus.events({ caseId: 'N-2' })).toHaveLength(1);
  });

  it('tells nobody of an event type it does not know (an older version wrote it), logs it, and goes on', async () => {
    const warn = vi.spyOn(logger, 'warn');
    const legacy = caseWith('N-3', ['RECEIVED', 'ACCEPTED', 'LEGACY_REMARK', 'YELLOW_WARNING']);
    expect(await handler({ Records: [record(undefined, legacy)] }, context)).toEqual({ batchItemFailures: [] });
    expect((await notificationsOfCase('N-3')).map((n) => [n.seq, n.kind])).toEqual([
      [1, 'ACCEPTED'],
      [3, 'YELLOW_WARNING'],
    ]);
    expect(warn).toHaveBeenCalledWith(
      expect.stringContaining('unknown timeline event type'),
      expect.objectContaining({ caseId: 'N-3', seq: 2, type: 'LEGACY_REMARK' }),
    );
    warn.mockRestore();
  });

  it("handles different cases' records at the same time, and one case's records in order", async () => {
    // Prepare: a batch of a burst — three cases, the first with two records.
    const a1 = caseWith('N-4a', ['RECEIVED', 'ACCEPTED']);
    const a2 = caseWith('N-4a', ['RECEIVED', 'ACCEPTED', 'YELLOW_WARNING']);
    const b = caseWith('N-4b', ['RECEIVED', 'ACCEPTED']);
    const c = caseWith('N-4c', ['RECEIVED', 'ACCEPTED']);
    const puts = await watchPuts();

    // Act
    const out = await handler(
      { Records: [record(undefined, a1), record(a1, a2), record(undefined, b), record(undefined, c)] },
      context,
    );

    // Assess: the three cases' first writes were under way together; N-4a's second only after its first answered.
    puts.stop();
    expect(out).toEqual({ batchItemFailures: [] });
    expect(puts.mostAtOnce()).toBeGreaterThanOrEqual(3);
    expect(puts.order().filter((k) => k.startsWith('N-4a'))).toEqual([
      'N-4a#1 start',
      'N-4a#1 end',
      'N-4a#2 start',
      'N-4a#2 end',
    ]);
    // Published in stream order, whichever was written first.
    expect(
      bus.events({}).flatMap((e) => {
        const id = (e.detail as { id: string }).id;
        return id.startsWith('N-4') ? [id] : [];
      }),
    ).toEqual(['N-4a#1', 'N-4a#2', 'N-4b#1', 'N-4c#1']);
  });

  it('reports the first record that failed, in stream order, and the retry from it writes nothing twice', async () => {
    // Prepare: N-5b's notification cannot be written; N-5a's and N-5c's can.
    const [a, b, c] = ['N-5a', 'N-5b', 'N-5c'].map((id) => caseWith(id, ['RECEIVED', 'ACCEPTED']));
    const [ra, rb, rc] = [a, b, c].map((x) => record(undefined, x as object));
    const { db } = await import('../../functions/store/client.ts');
    db().middlewareStack.add(
      (next, ctx) => async (args) => {
        if (/^Put(Item)?Command$/.test(String(ctx.commandName)) && JSON.stringify(args.input).includes('N-5b'))
          throw new Error('down');
        return next(args);
      },
      { step: 'initialize', name: 'failN5b' },
    );

    // Act
    const failed = await handler({ Records: [ra, rb, rc] as never }, context);
    db().middlewareStack.remove('failN5b');
    const retried = await handler({ Records: [rb, rc] as never }, context);

    // Assess: N-5b reported; N-5c written meanwhile (another case) and not written twice by the retry.
    expect(failed).toEqual({ batchItemFailures: [{ itemIdentifier: rb?.dynamodb.SequenceNumber }] });
    expect(retried).toEqual({ batchItemFailures: [] });
    for (const id of ['N-5a', 'N-5b', 'N-5c']) expect(await notificationsOfCase(id)).toHaveLength(1);
    // What came before the failure was published with the failure; the rest with the retry.
    const published = bus.events({}).flatMap((e) => {
      const id = (e.detail as { id: string }).id;
      return id.startsWith('N-5') ? [id] : [];
    });
    expect(published).toEqual(['N-5a#1', 'N-5b#1', 'N-5c#1']);
  });
});

/** The notifications' PutItems while it watches: their order of start and end, and how many were under way at once. */
async function watchPuts() {
  const { db } = await import('../../functions/store/client.ts');
  const order: string[] = [];
  let running = 0;
  let most = 0;
  const name = `watchPuts${++sequence}`;
  db().middlewareStack.add(
    (next, ctx) => async (args) => {
      if (!/^Put(Item)?Command$/.test(String(ctx.commandName))) return next(args);
      const item = (args.input as { Item?: { caseId?: string; seq?: number } }).Item;
      const key = `${item?.caseId}#${item?.seq}`;
      order.push(`${key} start`);
      running++;
      most = Math.max(most, running);
      try {
        return await next(args);
      } finally {
        running--;
        order.push(`${key} end`);
      }
    },
    { step: 'initialize', name },
  );
  return { order: () => order, mostAtOnce: () => most, stop: () => db().middlewareStack.remove(name) };
}
