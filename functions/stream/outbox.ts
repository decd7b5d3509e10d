import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import middy from '@middy/core';
import { type BusEvent, publish } from '../common/events.ts';
import { logger } from '../common/logger.ts';
import { observed } from '../common/observability.ts';

/** The part of a DynamoDB stream event the stream readers use (aws-lambda's DynamoDBStreamEvent, narrowed). */
export interface CaseStreamEvent {
  readonly Records: readonly {
    readonly eventID?: string;
    readonly eventName?: 'INSERT' | 'MODIFY' | 'REMOVE';
    readonly dynamodb?: {
      readonly SequenceNumber?: string;
      readonly OldImage?: Record<string, AttributeValue>;
      readonly NewImage?: Record<string, AttributeValue>;
    };
  }[];
}

export type StreamRecord = CaseStreamEvent['Records'][number];

/** The event type of every notification on the bus; its detail says what happened (`kind`) and to whom (`to`). */
export const NOTIFICATION_DETAIL_TYPE = 'Notification';

export function sequenceOf(record: StreamRecord | undefined): string {
  return record?.dynamodb?.SequenceNumber ?? record?.eventID ?? '';
}

/**
 * A stream reader of a table whose items are their own outbox (a case, a grievance, a rating: the timeline is written
 * in the same request as the change, so nothing is told that did not happen). `notificationsOf` writes the
 * notifications of one record's new timeline events (once: conditional PutItem keyed by the item and the event's
 * index) and returns them as bus events. A record that fails is reported alone (ReportBatchItemFailures) and retried
 * with everything after it, so an item's notifications never overtake one another; what the records before it wrote
 * is published first (at least once). Then one publication for the batch (10 events per request): a failure there
 * retries the batch, which writes nothing twice and publishes again (consumers deduplicate by `id`).
 *
 * `laneOf` lets records of different lanes be handled at the same time (default: one lane, one record after the
 * other). The records of one lane are handled in stream order, and a lane stops at its first failure; records of
 * other lanes after it may be written already when the stream retries from it, which writes nothing twice. A burst
 * of deadlines is a batch of 25 different cases: one after the other, each waited for its writes in turn.
 */
export function timelineOutbox(
  what: string,
  notificationsOf: (record: StreamRecord) => Promise<BusEvent[]>,
  laneOf: (record: StreamRecord) => string = () => '',
) {
  return middy(async (event: CaseStreamEvent) => {
    const records = event.Records;
    const lanes = new Map<string, number[]>();
    for (const [i, record] of records.entries()) {
      const lane = laneOf(record);
      const indexes = lanes.get(lane);
      if (indexes) indexes.push(i);
      else lanes.set(lane, [i]);
    }
    // Each record's bus events, or the error it failed with; none for a record after a failure in its lane.
    const outcomes: ({ events: BusEvent[] } | { error: unknown } | undefined)[] = records.map(() => undefined);
    await Promise.all(
      [...lanes.values()].map(async (lane) => {
        for (const i of lane) {
          try {
            outcomes[i] = { events: await notificationsOf(records[i] as StreamRecord) };
          } catch (error) {
            outcomes[i] = { error };
            return;
          }
        }
      }),
    );
    const toPublish: BusEvent[] = [];
    for (const [i, outcome] of outcomes.entries()) {
      if (outcome && 'events' in outcome) {
        toPublish.push(...outcome.events);
        continue;
      }
      logger.error(`${what} not recorded; the stream retries from this record`, {
        error: (outcome?.error ?? new Error('not handled')) as Error,
      });
      await publish(toPublish).catch(() => undefined);
      return { batchItemFailures: [{ itemIdentifier: sequenceOf(records[i]) }] };
    }
    try {
      await publish(toPublish);
    } catch (error) {
      logger.error(`${what} not published; the stream retries the batch`, { error: error as Error });
      return { batchItemFailures: records.length ? [{ itemIdentifier: sequenceOf(records[0]) }] : [] };
    }
    return { batchItemFailures: [] };
  }).use(observed());
}

interface TimelineItem {
  readonly id: string;
  readonly timeline?: readonly { readonly type: string; readonly at: string; readonly hash: string }[];
}

/**
 * The events a stream record appended to an item's timeline (the new image's beyond the old image's length), each
 * with its index; undefined for a removal. An event of a type this reader does not know (written by an older version,
 * or by hand) is told to nobody, and said so, so the gap is seen and not silent.
 */
export function appendedEvents<T extends TimelineItem>(
  record: StreamRecord,
  known: (type: string) => boolean,
  log: { readonly what: string; readonly idKey: string },
): { item: T; events: { seq: number; entry: NonNullable<T['timeline']>[number] }[] } | undefined {
  const image = record.dynamodb?.NewImage;
  if (!image || record.eventName === 'REMOVE') return undefined;
  const item = unmarshall(image) as T;
  const before = record.dynamodb?.OldImage ? (unmarshall(record.dynamodb.OldImage) as T) : undefined;
  const events: { seq: number; entry: NonNullable<T['timeline']>[number] }[] = [];
  for (let seq = before?.timeline?.length ?? 0; seq < (item.timeline?.length ?? 0); seq++) {
    const entry = item.timeline?.[seq];
    if (!entry) continue;
    if (!known(entry.type)) {
      logger.warn(`unknown ${log.what} event type: told to nobody`, { [log.idKey]: item.id, seq, type: entry.type });
      continue;
    }
    events.push({ seq, entry });
  }
  return { item, events };
}
