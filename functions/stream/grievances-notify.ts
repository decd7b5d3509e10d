import type { BusEvent } from '../common/events.ts';
import {
  type GrievanceEventType,
  type GrievanceRecipient,
  grievanceEventTypes,
  grievanceNotificationFor,
} from '../domain/grievance.ts';
import type { Recipient } from '../domain/notifications.ts';
import type { GrievanceRecord } from '../store/grievances.ts';
import { inboxKeys, type NotificationRecord, putNotification } from '../store/notifications.ts';
import { appendedEvents, NOTIFICATION_DETAIL_TYPE, type StreamRecord, timelineOutbox } from './outbox.ts';

/** The inboxes a grievance recipient reads: the complainant's own, the department's (handler and head), supervision's. */
const INBOXES: Readonly<Record<GrievanceRecipient, readonly Recipient[]>> = {
  COMPLAINANT: ['APPLICANT'],
  DEPARTMENT: ['HANDLER', 'HEAD'],
  SUPERVISION: ['SUPERVISION'],
};

const known: ReadonlySet<string> = new Set(grievanceEventTypes);

/**
 * Tells whom it concerns of every event appended to a grievance's timeline (the Grievances table's stream: the item
 * is its own outbox, as cases are). Informer protection: what is stored and published names the grievance, its
 * department and what happened — never the complainant's name, phone, contact or token subject (the complainant's
 * inbox key is the only place their subject appears, and only the complainant's own inbox query reads it).
 */
export const handler = timelineOutbox('grievance notifications', notificationsOf);

async function notificationsOf(record: StreamRecord): Promise<BusEvent[]> {
  const appended = appendedEvents<GrievanceRecord>(record, (type) => known.has(type), {
    what: 'grievance',
    idKey: 'grievanceId',
  });
  if (!appended) return [];
  const after = appended.item;
  const departmentId = after.assignedTo ?? after.departmentId ?? '';
  const facts = {
    kind: after.kind,
    status: after.status,
    acceptBy: after.acceptBy?.deadlineDate,
    handleBy: after.handleBy?.deadlineDate,
    reviewWindowBy: after.reviewWindowBy?.deadlineDate,
    reviewBy: after.reviewBy?.deadlineDate,
    reviewRound: after.reviewRound,
    supervision: after.supervision,
  };
  const fresh: BusEvent[] = [];
  for (const { seq, entry } of appended.events) {
    const type = entry.type as GrievanceEventType;
    const content = grievanceNotificationFor(type, facts);
    const to = [...new Set(content.to.flatMap((r) => INBOXES[r]))];
    const notification: NotificationRecord = {
      kind: type,
      to,
      subject: content.subject,
      caseId: after.id,
      seq,
      eventHash: entry.hash,
      at: entry.at,
      departmentId,
      itemName: after.summary,
      handler: { id: '-', name: '-' },
      leader: { id: '-', name: '-' },
      // Only the complainant's own account gets an inbox entry; an anonymous informer follows by query code.
      ...inboxKeys(to, { departmentId, ...(after.complainantSub ? { applicantSub: after.complainantSub } : {}) }),
    };
    await putNotification(notification);
    fresh.push({
      detailType: NOTIFICATION_DETAIL_TYPE,
      time: entry.at,
      // No personal data on the bus, and nothing that says who filed a grievance.
      detail: {
        id: `${after.id}#${seq}`,
        // The subject's id under the field every notification carries (consumers and the local bus filter read it).
        caseId: after.id,
        grievanceId: after.id,
        kind: type,
        to,
        departmentId,
        at: entry.at,
        subject: content.subject,
      },
    });
  }
  return fresh;
}
