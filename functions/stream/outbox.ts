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
 */
export function timelineOutbox(what: string, notificationsOf: (record: StreamRecord) => Promise<BusEvent[]>) {
  return middy(async (event: CaseStreamEvent) => {
    const toPublish: BusEvent[] = [];
    for (const [i, record] of event.Records.entries()) {
      try {
        toPublish.push(...(await notificationsOf(record)));
      } catch (error) {
        logger.error(`${what} not recorded; the stream retries from this record`, { error: error as Error });
        await publish(toPublish).catch(() => undefined);
        return { batchItemFailures: [{ itemIdentifier: sequenceOf(event.Records[i]) }] };
      }
    }
    try {
      await publish(toPublish);
    } catch (error) {
      logger.error(`${what} not published; the stream retries the batch`, { error: error as Error });
      return { batchItemFailures: event.Records.length ? [{ itemIdentifier: sequenceOf(event.Records[0]) }] : [] };
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
