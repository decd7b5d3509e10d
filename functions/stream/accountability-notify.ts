import type { BusEvent } from '../common/events.ts';
import {
  type AccountabilityEventType,
  accountabilityNotificationRules,
  isAccountabilityEventType,
} from '../domain/accountability.ts';
import type { NotificationContent } from '../domain/notifications.ts';
import { type AccountabilityRecord, idOfRecord } from '../store/accountability.ts';
import { inboxKeys, type NotificationRecord, putNotification } from '../store/notifications.ts';
import { appendedEvents, NOTIFICATION_DETAIL_TYPE, type StreamRecord, timelineOutbox } from './outbox.ts';

/**
 * Tells whom it concerns of each event of an accountability record's workflow (the Accountability table's stream: the
 * record is its own outbox, as a rating is for functions/stream/ratings-notify.ts): the department's head of an
 * investigation opened, a decision, a publication or a dismissal concerning their department; supervision of an
 * investigation escalated at its limit. Each notification is written once, keyed by the record's id and the event's
 * index, in the same Notifications table and inboxes as a case's; then put on the bus.
 */
export const handler = timelineOutbox('accountability notifications', notificationsOf);

async function notificationsOf(record: StreamRecord): Promise<BusEvent[]> {
  const appended = appendedEvents<AccountabilityRecord & { id: string }>(record, isAccountabilityEventType, {
    what: 'accountability',
    idKey: 'recordId',
  });
  if (!appended) return [];
  const after = appended.item;
  const id = idOfRecord(after);
  const fresh: BusEvent[] = [];
  for (const { seq, entry } of appended.events) {
    const kind = entry.type as AccountabilityEventType;
    const rule = accountabilityNotificationRules[kind];
    if (rule.to.length === 0) continue;
    const content: NotificationContent = {
      kind,
      to: rule.to,
      subject: { zh: rule.zh(after), en: rule.en(after) },
      ...(entry.note ? { detail: entry.note } : {}),
    };
    const notification: NotificationRecord = {
      ...content,
      // Keyed by the record's id (`<case id>.<reason>`): the case's own notifications are never overwritten.
      caseId: id,
      seq,
      eventHash: entry.hash,
      at: entry.at,
      departmentId: after.departmentId,
      itemName: after.itemCode,
      handler: after.handler,
      leader: after.leader,
      ...inboxKeys(content.to, after),
    };
    await putNotification(notification);
    fresh.push({
      detailType: NOTIFICATION_DETAIL_TYPE,
      time: entry.at,
      // The findings and notes stay on the record: the bus carries what happened and to whom.
      detail: {
        id: `${id}#${seq}`,
        caseId: after.caseId,
        recordId: id,
        kind,
        to: content.to,
        departmentId: after.departmentId,
        handlerId: after.handler.id,
        leaderId: after.leader.id,
        at: entry.at,
        subject: content.subject,
      },
    });
  }
  return fresh;
}
