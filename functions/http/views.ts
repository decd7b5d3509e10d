import type { Identity } from '../common/identity.ts';
import { maskIdentityNumber, maskPhone } from '../domain/privacy.ts';
import type { Applicant, CaseRecord } from '../store/cases.ts';
import type { NotificationRecord } from '../store/notifications.ts';

/**
 * Who sees the applicant's phone and identity number in full: the applicant and the department staff who handle
 * the case. Supervisors see the case, not the person's contact details (they are masked).
 */
function applicantFor(c: CaseRecord, viewer: Identity): Applicant {
  const handles = viewer.department === c.departmentId && ['clerk', 'reviewer', 'head'].includes(viewer.role);
  const owns = viewer.role === 'applicant' && viewer.sub === c.applicantSub;
  if (handles || owns) return c.applicant;
  return {
    ...c.applicant,
    phone: maskPhone(c.applicant.phone),
    ...(c.applicant.idNumber ? { idNumber: maskIdentityNumber(c.applicant.idNumber) } : {}),
  };
}

/** The shape of a case as the viewer may see it: no internal markers (task token, open-clock index key). */
export function caseView(c: CaseRecord, viewer: Identity) {
  return {
    id: c.id,
    status: c.status,
    itemCode: c.itemCode,
    itemName: c.itemName,
    departmentId: c.departmentId,
    applicant: applicantFor(c, viewer),
    receivedAt: c.receivedAt,
    receivedBy: c.receivedBy,
    materials: c.materials,
    form: c.form,
    acceptedOn: c.acceptedOn ?? null,
    workingDays: c.workingDays,
    deadlineDate: c.deadlineDate ?? null,
    deadline: c.deadline ?? null,
    provisional: c.provisional ?? null,
    handledOnTheSpot: c.handledOnTheSpot ?? false,
    reviewDeadline: c.reviewDeadline ?? null,
    deemedAccepted: c.deemedAccepted ?? false,
    review: c.review ?? null,
    pauses: c.pauses ?? [],
    extension: c.extension ?? null,
    withdrawnAt: c.withdrawnAt ?? null,
    notices: c.notices.map(({ number, at, missing }) => ({ number, at, missing: missing.map((m) => m.id) })),
    anomalies: c.anomalies ?? [],
    deemedConsentEligible: c.deemedConsentEligible,
    handler: c.handler,
    leader: c.leader,
    decision: c.decision ?? null,
    expiry: c.expiry ?? null,
    /** Supervision (督办) of an overdue case, with its own deadline; the red card if it passed with the case open. */
    supervision: c.supervision ?? null,
    redCardAt: c.redCardAt ?? null,
    projectId: c.projectId ?? null,
    greenChannel: c.greenChannel ?? false,
    /** The approval clock's execution is named by the case id (search it in the Step Functions console). */
    executionName: c.id,
    // Every hashed member, so a reader can recompute the chain (docs/tamper-evidence.md).
    timeline: c.timeline.map(({ at, type, by, note, state, stateEditedBefore, hash }) => ({
      at,
      type,
      by,
      ...(note ? { note } : {}),
      ...(state ? { state } : {}),
      ...(stateEditedBefore ? { stateEditedBefore } : {}),
      hash,
    })),
    version: c.version,
  };
}

export function notificationView(n: NotificationRecord) {
  return {
    id: `${n.caseId}#${n.seq}`,
    caseId: n.caseId,
    kind: n.kind,
    at: n.at,
    to: n.to,
    subject: n.subject,
    detail: n.detail ?? null,
    actBy: n.actBy ?? null,
    departmentId: n.departmentId,
    itemName: n.itemName,
    handler: n.handler,
    leader: n.leader,
    eventHash: n.eventHash,
  };
}
