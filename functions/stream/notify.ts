import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import middy from '@middy/core';
import { type BusEvent, publish } from '../common/events.ts';
import { logger } from '../common/logger.ts';
import { observed } from '../common/observability.ts';
import { notificationFor } from '../domain/notifications.ts';
import { isTimelineEventType } from '../domain/timeline.ts';
import type { CaseRecord } from '../store/cases.ts';
import { inboxKeys, type NotificationRecord, putNotification } from '../store/notifications.ts';

/** The part of a DynamoDB stream event this handler reads (aws-lambda's DynamoDBStreamEvent, narrowed). */
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

/** The event type of every notification on the bus; its detail says what happened (`kind`) and to whom (`to`). */
export const NOTIFICATION_DETAIL_TYPE = 'Notification';

/**
 * Tells whom it concerns of every event appended to a case's timeline (the Cases table's stream: the case item is
 * the outbox, written in the same request as the change itself, so nothing is told that did not happen). Each
 * notification is written once (conditional PutItem keyed by case and timeline index) and then put on the event bus,
 * where SMS or mail can be attached. A record that fails is reported alone (ReportBatchItemFailures) and retried with
 * everything after it; a retry writes nothing twice, and republishes (consumers deduplicate by `id`).
 */
export const handler = middy(async (event: CaseStreamEvent) => {
  const toPublish: BusEvent[] = [];
  for (const [i, record] of event.Records.entries()) {
    try {
      toPublish.push(...(await notificationsOf(record)));
    } catch (error) {
      logger.error('notifications not recorded; the stream retries from this record', { error: error as Error });
      // In order: everything from the failed record on is retried, so a case's notifications never overtake. What
      // the records before it recorded is published first (at least once).
      await publish(toPublish).catch(() => undefined);
      return { batchItemFailures: [{ itemIdentifier: sequenceOf(event.Records[i]) }] };
    }
  }
  try {
    // One publication for the batch (10 events per request): the records are written, so a failure here retries
    // the batch, which writes nothing twice and publishes again.
    await publish(toPublish);
  } catch (error) {
    logger.error('notifications not published; the stream retries the batch', { error: error as Error });
    return { batchItemFailures: event.Records.length ? [{ itemIdentifier: sequenceOf(event.Records[0]) }] : [] };
  }
  return { batchItemFailures: [] };
}).use(observed());

function sequenceOf(record: CaseStreamEvent['Records'][number] | undefined): string {
  return record?.dynamodb?.SequenceNumber ?? record?.eventID ?? '';
}

/** Writes the notifications of one stream record's new timeline events; returns them as bus events. */
async function notificationsOf(record: CaseStreamEvent['Records'][number]): Promise<BusEvent[]> {
  const image = record.dynamodb?.NewImage;
  if (!image || record.eventName === 'REMOVE') return [];
  const after = unmarshall(image) as CaseRecord;
  const before = record.dynamodb?.OldImage ? (unmarshall(record.dynamodb.OldImage) as CaseRecord) : undefined;
  const from = before?.timeline?.length ?? 0;
  const fresh: BusEvent[] = [];
  for (let seq = from; seq < (after.timeline?.length ?? 0); seq++) {
    const entry = after.timeline[seq];
    if (!entry) continue;
    if (!isTimelineEventType(entry.type)) {
      // Written by an older version (or by hand): told to nobody, and said so, so the gap is seen and not silent.
      logger.warn('unknown timeline event type: told to nobody', { caseId: after.id, seq, type: entry.type });
      continue;
    }
    const content = notificationFor(entry, after);
    if (!content) continue;
    const notification: NotificationRecord = {
      ...content,
      caseId: after.id,
      seq,
      eventHash: entry.hash,
      at: entry.at,
      departmentId: after.departmentId,
      itemName: after.itemName,
      handler: after.handler,
      leader: after.leader,
      ...inboxKeys(content.to, after),
    };
    await putNotification(notification);
    fresh.push({
      detailType: NOTIFICATION_DETAIL_TYPE,
      time: entry.at,
      // No personal data on the bus: a consumer that sends an SMS reads the contact from the case.
      detail: {
        id: `${after.id}#${seq}`,
        caseId: after.id,
        kind: content.kind,
        to: content.to,
        departmentId: after.departmentId,
        handlerId: after.handler.id,
        leaderId: after.leader.id,
        at: entry.at,
        subject: content.subject,
        ...(content.actBy ? { actBy: content.actBy } : {}),
      },
    });
  }
  return fresh;
}
