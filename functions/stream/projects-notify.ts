import type { BusEvent } from '../common/events.ts';
import type { Recipient } from '../domain/notifications.ts';
import { isProjectEventType, type ProjectEventType, projectNotificationRules } from '../domain/project.ts';
import { type NotificationRecord, putNotification, SUPERVISION_INBOX } from '../store/notifications.ts';
import type { DepartmentOpinion, ProjectRecord } from '../store/projects.ts';
import { appendedEvents, NOTIFICATION_DETAIL_TYPE, type StreamRecord, timelineOutbox } from './outbox.ts';

/**
 * Tells whom it concerns of every event appended to a project's tracking log (the Projects table's stream: the
 * project item is its own outbox). The dedicated officer is told of every event of the project (their inbox,
 * `GET /v1/notifications?inbox=officer`); the investor and supervision of what the rule gives them
 * (functions/domain/project.ts `projectNotificationRules`), on the same notification; each department an event
 * concerns (the joint approval's on its opening and extension, the one deemed to agree) on one of its own, keyed by
 * the project and the department. Each written once (conditional PutItem keyed by the event's index), then put on
 * the bus; a retry writes nothing twice.
 */
export const handler = timelineOutbox('project notifications', notificationsOf);

type Officer = { readonly id: string; readonly name: string };

const OFFICER_NAME = '项目专员 Dedicated officer';

function departmentsConcerned(
  p: ProjectRecord,
  type: ProjectEventType,
  departmentId: string | undefined,
): DepartmentOpinion[] {
  const joint = p.jointApproval?.departments ?? [];
  if (type === 'JOINT_APPROVAL_OPENED') return [...joint];
  if (type === 'JOINT_APPROVAL_EXTENDED') return joint.filter((d) => d.status === 'PENDING');
  return joint.filter((d) => d.departmentId === departmentId);
}

async function notificationsOf(record: StreamRecord): Promise<BusEvent[]> {
  const appended = appendedEvents<ProjectRecord>(record, isProjectEventType, { what: 'project', idKey: 'projectId' });
  if (!appended) return [];
  const p = appended.item;
  const officer: Officer = { id: p.officer ?? '-', name: OFFICER_NAME };
  const fresh: BusEvent[] = [];
  for (const { seq, entry } of appended.events) {
    const kind = entry.type as ProjectEventType;
    const rule = projectNotificationRules[kind];
    const about = (entry as typeof entry & { departmentId?: string }).departmentId;
    const concerned = rule.to.includes('DEPARTMENTS') ? departmentsConcerned(p, kind, about) : [];
    const lead = concerned[0] ?? p.jointApproval?.departments.find((d) => d.departmentId === about);
    const subject = { zh: `${p.name}：${rule.zh}`, en: `${p.name}: ${rule.en}` };
    // One notification for the officer, the investor and supervision (each inbox a sparse key of it).
    const to: Recipient[] = [
      ...(rule.to.includes('OFFICER') && p.officer ? (['OFFICER'] as const) : []),
      ...(rule.to.includes('APPLICANT') && p.applicantSub ? (['APPLICANT'] as const) : []),
      ...(rule.to.includes('SUPERVISION') ? (['SUPERVISION'] as const) : []),
    ];
    const base = {
      kind,
      subject,
      ...(entry.note ? { detail: entry.note } : {}),
      ...(lead && (kind === 'JOINT_APPROVAL_OPENED' || kind === 'JOINT_APPROVAL_EXTENDED')
        ? { actBy: lead.opinionBy }
        : {}),
      seq,
      eventHash: entry.hash,
      at: entry.at,
      itemName: p.name,
    } satisfies Partial<NotificationRecord>;
    if (to.length) {
      const main: NotificationRecord = {
        ...base,
        to,
        caseId: p.id,
        departmentId: about ?? p.departmentIds[0] ?? '-',
        handler: lead?.handler ?? officer,
        leader: lead?.leader ?? officer,
        ...(to.includes('OFFICER') && p.officer ? { officerInbox: p.officer } : {}),
        ...(to.includes('APPLICANT') && p.applicantSub ? { applicantInbox: p.applicantSub } : {}),
        ...(to.includes('SUPERVISION') ? { supervisionInbox: SUPERVISION_INBOX } : {}),
      };
      await putNotification(main);
      fresh.push(busEvent(main, p.id));
    }
    for (const d of concerned) {
      const told: NotificationRecord = {
        ...base,
        to: ['HANDLER', 'HEAD'],
        // Keyed by the project and the department: each department's inbox gets its own, once.
        caseId: `${p.id}#${d.departmentId}`,
        departmentId: d.departmentId,
        handler: d.handler,
        leader: d.leader,
        actBy: d.opinionBy,
        departmentInbox: d.departmentId,
      };
      await putNotification(told);
      fresh.push(busEvent(told, p.id));
    }
  }
  return fresh;
}

/** The bus event of a notification: no personal data (the investor's phone stays on the project). */
function busEvent(n: NotificationRecord, projectId: string): BusEvent {
  const content = n;
  return {
    detailType: NOTIFICATION_DETAIL_TYPE,
    time: n.at,
    detail: {
      id: `${n.caseId}#${n.seq}`,
      projectId,
      kind: content.kind,
      to: content.to,
      departmentId: n.departmentId,
      handlerId: n.handler.id,
      leaderId: n.leader.id,
      at: n.at,
      subject: content.subject,
      ...(content.actBy ? { actBy: content.actBy } : {}),
    },
  };
}
