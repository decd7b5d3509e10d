import type { BusEvent } from '../common/events.ts';
import type { NotificationContent } from '../domain/notifications.ts';
import { isVisitEventType, type VisitEventType, visitNotificationRules } from '../domain/visit.ts';
import { inboxKeys, type NotificationRecord, putNotification } from '../store/notifications.ts';
import type { VisitRecord } from '../store/visits.ts';
import { appendedEvents, NOTIFICATION_DETAIL_TYPE, type StreamRecord, timelineOutbox } from './outbox.ts';

/**
 * Tells whom it concerns of each event on an inspection visit's timeline (the Visits table's stream: the visit is its
 * own outbox): the department's head of the problems to rectify (the visit recorded) and of a problem gone overdue;
 * supervision of a rectification reported and of a problem overdue (escalated). Each notification is written once,
 * keyed by the visit's id and the event's index, in the same Notifications table and inboxes as a case's.
 */
export const handler = timelineOutbox('visit notifications', notificationsOf);

async function notificationsOf(record: StreamRecord): Promise<BusEvent[]> {
  const appended = appendedEvents<VisitRecord>(record, isVisitEventType, { what: 'visit', idKey: 'visitId' });
  if (!appended) return [];
  const after = appended.item;
  const fresh: BusEvent[] = [];
  for (const { seq, entry } of appended.events) {
    const kind = entry.type as VisitEventType;
    const rule = visitNotificationRules[kind];
    // A visit with no problems found asks nothing of the department: it is still on its list, untold.
    if (kind === 'VISIT_RECORDED' && after.problems.length === 0) continue;
    const content: NotificationContent = {
      kind,
      to: rule.to,
      subject: { zh: rule.zh(after), en: rule.en(after) },
      ...(entry.note ? { detail: entry.note } : {}),
    };
    const notification: NotificationRecord = {
      ...content,
      caseId: after.id,
      seq,
      eventHash: entry.hash,
      at: entry.at,
      departmentId: after.departmentId,
      itemName: '明察暗访 Inspection visit',
      handler: { id: '-', name: '-' },
      leader: { id: '-', name: '-' },
      ...inboxKeys(content.to, after),
    };
    await putNotification(notification);
    fresh.push({
      detailType: NOTIFICATION_DETAIL_TYPE,
      time: entry.at,
      detail: {
        id: `${after.id}#${seq}`,
        caseId: after.id,
        visitId: after.id,
        kind,
        to: content.to,
        departmentId: after.departmentId,
        at: entry.at,
        subject: content.subject,
      },
    });
  }
  return fresh;
}
