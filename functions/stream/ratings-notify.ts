import type { BusEvent } from '../common/events.ts';
import type { NotificationContent } from '../domain/notifications.ts';
import { type RatingEventType, ratingEventTypes, ratingNotificationRules } from '../domain/rating.ts';
import { inboxKeys, type NotificationRecord, putNotification } from '../store/notifications.ts';
import type { RatingRecord } from '../store/ratings.ts';
import { appendedEvents, NOTIFICATION_DETAIL_TYPE, type StreamRecord, timelineOutbox } from './outbox.ts';

const known: ReadonlySet<string> = new Set(ratingEventTypes);

/**
 * Tells whom it concerns of every event appended to a rating's timeline (the Ratings table's stream: the rating item
 * is its own outbox, as a case is for functions/stream/notify.ts). Each notification is written once, keyed by the
 * rating's id and the event's index, in the same Notifications table and inboxes as a case's; then put on the bus.
 * A record that fails is reported alone and retried with everything after it; a retry writes nothing twice.
 */
export const handler = timelineOutbox('rating notifications', notificationsOf);

async function notificationsOf(record: StreamRecord): Promise<BusEvent[]> {
  const appended = appendedEvents<RatingRecord>(record, (type) => known.has(type), {
    what: 'rating',
    idKey: 'ratingId',
  });
  if (!appended) return [];
  const after = appended.item;
  const fresh: BusEvent[] = [];
  for (const { seq, entry } of appended.events) {
    const kind = entry.type as RatingEventType;
    const rule = ratingNotificationRules[kind];
    const actBy = rule.actBy?.(after);
    const content: NotificationContent = {
      kind,
      to: rule.to,
      subject: { zh: rule.zh(after), en: rule.en(after) },
      ...(entry.note ? { detail: entry.note } : {}),
      ...(actBy ? { actBy } : {}),
    };
    const notification: NotificationRecord = {
      ...content,
      // Keyed by the rating's id: the case's own notifications (keyed by the case id) are never overwritten.
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
      // No personal data on the bus: the applicant's account, the comment and the notes stay on the rating.
      detail: {
        id: `${after.id}#${seq}`,
        caseId: after.caseId,
        ratingId: after.id,
        kind,
        to: content.to,
        departmentId: after.departmentId,
        handlerId: after.handler.id,
        leaderId: after.leader.id,
        at: entry.at,
        subject: content.subject,
        ...(actBy ? { actBy } : {}),
      },
    });
  }
  return fresh;
}
