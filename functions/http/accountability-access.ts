import { problems } from '../common/problem.ts';
import {
  type AccountabilityAction,
  type AccountabilityPolicy,
  accountabilityKeyOf,
  leaderAnswerable,
  mayAct,
  namesPublished,
  publicRefOf,
  reasonNames,
  sanctionOf,
  statusOf,
} from '../domain/accountability.ts';
import { verifyChain } from '../domain/timeline.ts';
import { type AccountabilityRecord, getRecord, idOfRecord } from '../store/accountability.ts';
import { type HttpRequest, inScope } from './handler.ts';

/**
 * The record a request is about, if the caller reaches it (supervisors: every one; a head: their department's).
 * An unknown id → 404; another department's record → 403 (the register's ids are not secret to its readers, and
 * the head was told of it in their inbox only if it is theirs).
 */
export async function recordInReach(request: HttpRequest<unknown>, id: string): Promise<AccountabilityRecord> {
  const key = accountabilityKeyOf(id);
  const found = key ? await getRecord(key.caseId, key.reason) : undefined;
  if (!found) throw problems.notFound(`没有问责记录 ${id} No accountability record ${id}.`);
  if (!inScope(request, { departmentId: found.departmentId })) {
    throw problems.forbidden(`问责记录 ${id} 属于其他部门 Accountability record ${id} is another department's.`);
  }
  return found;
}

/** 409 unless the record's status allows `action` (accountabilityActions, functions/domain/accountability.ts). */
export function requireState(record: AccountabilityRecord, action: AccountabilityAction): void {
  const status = statusOf(record);
  if (!mayAct(action, status)) {
    const id = idOfRecord(record);
    const why: Record<AccountabilityAction, string> = {
      investigate: '只有待处理（OPEN）的记录可以立案调查 only an OPEN record is taken into investigation',
      decide:
        '只有调查中（INVESTIGATING）的记录可以作出处理决定 only a record under investigation (INVESTIGATING) is decided',
      publish: '只有已作出决定（DECIDED）的记录可以公开 only a DECIDED record is published',
      dismiss:
        '只有待处理或调查中的记录可以撤销；已作出的决定不可撤销 only an OPEN record or one under investigation is dismissed; a decision stands',
    };
    throw problems.conflict(
      `record-${status.toLowerCase()}`,
      `问责记录 ${id} 当前状态为 ${status}，不能进行此操作 Accountability record ${id} is ${status}: ${why[action]}.`,
      {
        recordStatus: status,
      },
    );
  }
}

export const concurrentChange = (id: string) =>
  problems.conflict(
    'concurrent-change',
    `问责记录 ${id} 已被他人修改，请重新读取 Accountability record ${id} changed meanwhile; read it again.`,
  );

/** A record as supervisors (and a head, their department's) read it: its workflow's state, no internal markers. */
export function accountabilityView(r: AccountabilityRecord, policy: AccountabilityPolicy) {
  const inv = r.investigation;
  return {
    id: idOfRecord(r),
    caseId: r.caseId,
    reason: r.reason,
    reasonName: reasonNames[r.reason] ?? { zh: r.reason, en: r.reason },
    departmentId: r.departmentId,
    itemCode: r.itemCode,
    projectId: r.projectId ?? null,
    handler: r.handler,
    leader: r.leader,
    at: r.at,
    deadline: r.deadline,
    escalation: r.escalation ?? null,
    status: statusOf(r),
    leaderAnswerable: leaderAnswerable(r.reason),
    investigation: inv
      ? {
          at: inv.at,
          by: inv.by,
          note: inv.note ?? null,
          deadline: inv.deadline,
          deadlineDate: inv.deadlineDate,
          workingDays: inv.workingDays,
          overdueAt: inv.overdueAt ?? null,
        }
      : null,
    decision: r.decision
      ? {
          responsibility: r.decision.responsibility,
          sanction: r.decision.sanction,
          sanctionName: namesOf(sanctionOf(policy, r.decision.sanction)),
          findings: r.decision.findings,
          answerable: r.decision.answerable.map(({ role, id, name }) => ({ role, id, name })),
          at: r.decision.at,
          by: r.decision.by,
          late: r.decision.late,
        }
      : null,
    publication: r.publication ? { at: r.publication.at, by: r.publication.by } : null,
    dismissal: r.dismissal
      ? { at: r.dismissal.at, by: r.dismissal.by, reason: r.dismissal.reason, late: r.dismissal.late }
      : null,
  };
}

/** The record with its timeline and the chain's verdict (GET /v1/accountability/{id}). */
export function accountabilityDetail(r: AccountabilityRecord, policy: AccountabilityPolicy) {
  const timeline = r.timeline ?? [];
  const verdict = verifyChain(idOfRecord(r), timeline, r.timelineHead);
  return {
    ...accountabilityView(r, policy),
    timeline: timeline.map((e) => ({ at: e.at, type: e.type, by: e.by, note: e.note ?? null, hash: e.hash })),
    verification: { valid: verdict.valid, events: verdict.events, firstBrokenAt: verdict.firstBrokenAt },
    // The configured list a decision chooses from (lightest first): the supervision desk's decision form offers it,
    // so a deployment's own list needs no change to the web site.
    sanctions: policy.sanctions.map(namesWithCode),
  };
}

function namesWithCode(s: { readonly code: string; readonly zh: string; readonly en: string }) {
  return { code: s.code, zh: s.zh, en: s.en };
}

/**
 * A published record as the public sees it (GET /v1/public/accountability): the department, the reason, who was
 * found responsible by role, the sanction and the dates — built field by field from the structured decision, never
 * from free text (the findings, the notes), so no name, ID number or phone can slip in; the names of those found
 * responsible only from the sanction the policy says (`publishNamesFrom`, default never).
 */
export function publicView(r: AccountabilityRecord, policy: AccountabilityPolicy) {
  const decision = r.decision;
  const publication = r.publication;
  if (!decision || !publication) throw new Error(`record ${idOfRecord(r)} is not published`);
  const named = namesPublished(policy, decision.sanction);
  return {
    ref: publicRefOf(idOfRecord(r)),
    departmentId: r.departmentId,
    reason: r.reason,
    reasonName: reasonNames[r.reason] ?? { zh: r.reason, en: r.reason },
    responsibility: decision.responsibility,
    sanction: decision.sanction,
    sanctionName: namesOf(sanctionOf(policy, decision.sanction)),
    recordedAt: r.at,
    decidedAt: decision.at,
    publishedAt: publication.at,
    answerable: decision.answerable.map((a) => ({ role: a.role, name: named ? a.name : null })),
  };
}

function namesOf(s: { readonly zh: string; readonly en: string }) {
  return { zh: s.zh, en: s.en };
}
