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
});
