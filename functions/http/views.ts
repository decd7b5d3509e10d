import type { AccountabilityRecord } from '../store/accountability.ts';
import type { CaseRecord } from '../store/cases.ts';

/** The public shape of a case: no internal markers (task token, open-clock index key). */
export function caseView(c: CaseRecord) {
  return {
    id: c.id,
    status: c.status,
    itemCode: c.itemCode,
    itemName: c.itemName,
    departmentId: c.departmentId,
    applicant: c.applicant,
    receivedAt: c.receivedAt,
    acceptedOn: c.acceptedOn,
    workingDays: c.workingDays,
    deadlineDate: c.deadlineDate,
    deadline: c.deadline,
    provisional: c.provisional,
    deemedConsentEligible: c.deemedConsentEligible,
    handler: c.handler,
    leader: c.leader,
    decision: c.decision ?? null,
    expiry: c.expiry ?? null,
    /** The approval clock's execution is named by the case id (search it in the Step Functions console). */
    executionName: c.id,
    timeline: c.timeline.map(({ at, type, by, note }) => ({ at, type, by, ...(note ? { note } : {}) })),
    version: c.version,
  };
}

export function accountabilityView(r: AccountabilityRecord) {
  return {
    caseId: r.caseId,
    reason: r.reason,
    departmentId: r.departmentId,
    itemCode: r.itemCode,
    handler: r.handler,
    leader: r.leader,
    at: r.at,
    deadline: r.deadline,
  };
}
