import type { BusEvent } from '../common/events.ts';
import { type InspectionEventType, inspectionNotificationRules, isInspectionEventType } from '../domain/enforcement.ts';
import type { NotificationContent, Recipient } from '../domain/notifications.ts';
import type { InspectionRecord } from '../store/enforcement.ts';
import { inboxKeys, type NotificationRecord, putNotification } from '../store/notifications.ts';
import { appendedEvents, NOTIFICATION_DETAIL_TYPE, type StreamRecord, timelineOutbox } from './outbox.ts';

/**
 * Tells whom it concerns of each event of a law-enforcement inspection (the Enforcement table's stream: the inspection
 * is its own outbox): the department's head of a new plan (and supervision too when it is over the enterprise's
 * yearly limit: the flag), supervision of an approval (to file), the department of a rejection and of a filing. Each
 * notification is written once, keyed by the inspection's id and the event's index, in the same Notifications table
 * and inboxes as a case's; then put on the bus.
 */
export const handler = timelineOutbox('enforcement notifications', notificationsOf);

async function notificationsOf(record: StreamRecord): Promise<BusEvent[]> {
  // Counters (`QUOTA#…`) have no timeline: nothing is appended, nothing told.
  const appended = appendedEvents<InspectionRecord>(record, isInspectionEventType, {
    what: 'inspection',
    idKey: 'inspectionId',
  });
  if (!appended) return [];
  const after = appended.item;
  const fresh: BusEvent[] = [];
  for (const { seq, entry } of appended.events) {
    const kind = entry.type as InspectionEventType;
    const rule = inspectionNotificationRules[kind];
    const to: Recipient[] = [...rule.to];
    // A plan over the yearly limit is flagged to supervision as it is made.
    if (kind === 'INSPECTION_PLANNED' && after.overLimit) to.push('SUPERVISION');
    if (to.length === 0) continue;
    const facts = { enterpriseName: after.enterprise.name, overLimit: after.overLimit };
    const content: NotificationContent = {
      kind,
      to,
      subject: { zh: rule.zh(facts), en: rule.en(facts) },
      ...(entry.note ? { detail: entry.note } : {}),
    };
    // The planner stands as the handler; the department's head is reached through the department inbox.
    const planner = { id: after.plannedBy, name: after.plannedBy };
    const notification: NotificationRecord = {
      ...content,
      caseId: after.id,
      seq,
      eventHash: entry.hash,
      at: entry.at,
      departmentId: after.departmentId,
      itemName: `执法检查 Inspection: ${after.enterprise.name}`,
      handler: planner,
      leader: planner,
      ...inboxKeys(to, after),
    };
    await putNotification(notification);
    fresh.push({
      detailType: NOTIFICATION_DETAIL_TYPE,
      time: entry.at,
      // The purpose and findings stay on the inspection: the bus carries what happened and to whom.
      detail: {
        id: `${after.id}#${seq}`,
        caseId: after.id,
        inspectionId: after.id,
        kind,
        to,
        departmentId: after.departmentId,
        at: entry.at,
        subject: content.subject,
      },
    });
  }
  return fresh;
}
