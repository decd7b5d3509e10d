import type { BusEvent } from '../common/events.ts';
import { notificationFor } from '../domain/notifications.ts';
import { isTimelineEventType } from '../domain/timeline.ts';
import type { CaseRecord } from '../store/cases.ts';
import { inboxKeys, type NotificationRecord, putNotification } from '../store/notifications.ts';
import { appendedEvents, NOTIFICATION_DETAIL_TYPE, type StreamRecord, timelineOutbox } from './outbox.ts';
import { trackProjectStep } from './project-steps.ts';

export { type CaseStreamEvent, NOTIFICATION_DETAIL_TYPE } from './outbox.ts';

/**
 * Tells whom it concerns of every event appended to a case's timeline (the Cases table's stream: the case item is
 * the outbox, written in the same request as the change itself, so nothing is told that did not happen). Each
 * notification is written once (conditional PutItem keyed by case and timeline index) and then put on the event bus,
 * where SMS or mail can be attached. An application of a green-channel project also has its new steps copied to the
 * project's tracking log (functions/stream/project-steps.ts). A record that fails is reported alone (ReportBatchItemFailures) and retried with
 * everything after it; a retry writes nothing twice, and republishes (consumers deduplicate by `id`).
 */
export const handler = timelineOutbox('notifications', notificationsOf, caseLane);

/**
 * Records of different cases are handled at the same time; those of one case in order, and so are those of one
 * green-channel project's cases (each copies its steps onto the project's one tracking log).
 */
function caseLane(record: StreamRecord): string {
  const image = record.dynamodb?.NewImage ?? record.dynamodb?.OldImage;
  const project = image?.projectId?.S;
  return project ? `project:${project}` : `case:${image?.id?.S ?? ''}`;
}

/** Writes the notifications of one stream record's new timeline events; returns them as bus events. */
async function notificationsOf(record: StreamRecord): Promise<BusEvent[]> {
  // A project's application: its new steps on the project's tracking log too (before the notifications, so a record
  // that fails here is retried whole and tells nobody twice: both writes are once-only).
  await trackProjectStep(record);
  const appended = appendedEvents<CaseRecord>(record, isTimelineEventType, { what: 'timeline', idKey: 'caseId' });
  if (!appended) return [];
  const after = appended.item;
  const fresh: BusEvent[] = [];
  for (const { seq, entry } of appended.events) {
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
