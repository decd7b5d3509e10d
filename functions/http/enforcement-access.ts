import { problems } from '../common/problem.ts';
import { formatVerificationCode, type InspectionAction, type InspectionStatus, mayAct } from '../domain/enforcement.ts';
import { verifyChain } from '../domain/timeline.ts';
import { getInspection, type InspectionRecord } from '../store/enforcement.ts';
import { type HttpRequest, inScope } from './handler.ts';

/** Each status's name, in Chinese with English, as the pages and the answers show it. */
export const statusNames: Readonly<Record<InspectionStatus, { zh: string; en: string }>> = {
  PENDING_APPROVAL: { zh: '待审批', en: 'Awaiting approval' },
  APPROVED: { zh: '已批准，待备案', en: 'Approved, awaiting filing' },
  REJECTED: { zh: '未批准', en: 'Not approved' },
  FILED: { zh: '已备案', en: 'Filed' },
  DONE: { zh: '已实施', en: 'Carried out' },
};

/**
 * The inspection a request is about, if the caller reaches it (supervisors: every one; staff: their department's).
 * Unknown → 404; another department's → 403 (inspection ids are not secret among staff; the plan is not theirs).
 */
export async function inspectionInReach(request: HttpRequest<unknown>, id: string): Promise<InspectionRecord> {
  const found = await getInspection(id);
  if (!found) throw problems.notFound(`无此执法检查 ${id} No inspection ${id}.`);
  if (!inScope(request, { departmentId: found.departmentId })) {
    throw problems.forbidden(`执法检查 ${id} 属于其他部门 Inspection ${id} is another department's.`);
  }
  return found;
}

/** 409 unless the inspection's status allows `action`, with a `type` that says where it stands. */
export function requireState(i: InspectionRecord, action: InspectionAction): void {
  if (mayAct(action, i.status)) return;
  const why: Record<InspectionAction, string> = {
    approve: '只能审批待审批的计划 only a plan awaiting approval (PENDING_APPROVAL) is approved',
    reject: '只能驳回待审批的计划 only a plan awaiting approval (PENDING_APPROVAL) is rejected',
    file: '只能对已批准的计划备案 only an approved plan (APPROVED) is filed',
    record:
      '只有已备案的检查方可实施并登记，未备案的检查不得进行 only a filed inspection (FILED) may be carried out and recorded: an unfiled inspection must not happen',
  };
  const slug =
    action === 'record' ? 'inspection-not-filed' : `inspection-${i.status.toLowerCase().replaceAll('_', '-')}`;
  throw problems.conflict(slug, `执法检查 ${i.id} 当前状态为 ${i.status}：${why[action]}.`, {
    inspectionStatus: i.status,
  });
}

export const concurrentChange = (id: string) =>
  problems.conflict(
    'concurrent-change',
    `执法检查 ${id} 已被他人更新，请重新读取 Inspection ${id} changed meanwhile; read it again.`,
  );

export function inspectionView(i: InspectionRecord) {
  return {
    id: i.id,
    departmentId: i.departmentId,
    enterprise: { name: i.enterprise.name, creditCode: i.enterprise.creditCode },
    purpose: i.purpose,
    legalBasis: i.legalBasis,
    plannedAt: i.plannedAt,
    plannedDate: i.plannedDate,
    inspectors: i.inspectors.map((x) => ({ name: x.name, certificateNo: x.certificateNo ?? null })),
    status: i.status,
    statusName: statusNames[i.status],
    plannedBy: i.plannedBy,
    overLimit: i.overLimit,
    cause: i.cause ?? null,
    approval: i.approval ? { at: i.approval.at, by: i.approval.by, note: i.approval.note ?? null } : null,
    rejection: i.rejection ? { at: i.rejection.at, by: i.rejection.by, reason: i.rejection.reason } : null,
    filing: i.filing ? { at: i.filing.at, by: i.filing.by, note: i.filing.note ?? null } : null,
    verificationCode: i.verificationCode ?? null,
    verificationCodeDisplay: i.verificationCode ? formatVerificationCode(i.verificationCode) : null,
    validFrom: i.validFrom ?? null,
    validUntil: i.validUntil ?? null,
    result: i.result
      ? { at: i.result.at, by: i.result.by, findings: i.result.findings, carriedOutAt: i.result.carriedOutAt }
      : null,
    createdAt: i.createdAt,
    updatedAt: i.updatedAt,
  };
}

/** The inspection with its timeline and the chain's verdict (docs/tamper-evidence.md). */
export function inspectionDetail(i: InspectionRecord) {
  const verdict = verifyChain(i.id, i.timeline, i.timelineHead);
  return {
    ...inspectionView(i),
    timeline: i.timeline.map((e) => ({ at: e.at, type: e.type, by: e.by, note: e.note ?? null, hash: e.hash })),
    verification: { valid: verdict.valid, events: verdict.events, firstBrokenAt: verdict.firstBrokenAt },
  };
}
