import { createHash } from 'node:crypto';
import { now } from '../common/clock.ts';
import { startClockOf } from '../common/clock-executions.ts';
import type { Identity } from '../common/identity.ts';
import { problems } from '../common/problem.ts';
import type { WorkingCalendar } from '../domain/calendar.ts';
import { type DayUnit, type Duty, deadlineOf, policyOf } from '../domain/duty.ts';
import { type ExtendableStage, type GrievanceViewer, redacted } from '../domain/grievance.ts';
import { toShanghaiIso } from '../domain/time.ts';
import { recordOnce } from '../store/accountability.ts';
import { type ClockRecord, newClock } from '../store/clocks.ts';
import { type GrievanceRecord, getGrievance, type StageDeadline } from '../store/grievances.ts';
import { type HttpRequest, inScope } from './handler.ts';

/** The department a grievance concerns now: the one it was assigned to at acceptance, else the one named. */
export function departmentOf(g: GrievanceRecord): string {
  return g.assignedTo ?? g.departmentId ?? '';
}

/**
 * The grievance a request is about, if the caller may reach it: the complainant (own), supervision (all), the
 * assigned department's staff (department). Out of reach answers as not found (same text): a 403 would say it exists.
 */
export async function grievanceInReach(request: HttpRequest<unknown>, id: string): Promise<GrievanceRecord> {
  const found = await getGrievance(id);
  if (!found || !inScope(request, { departmentId: departmentOf(found), ownerSub: found.complainantSub })) {
    throw problems.notFound(`没有您可查看的投诉举报 ${id} No grievance ${id} that you may see.`);
  }
  return found;
}

export function viewerOf(identity: Identity | undefined, g: GrievanceRecord): GrievanceViewer {
  if (!identity) return 'CODE_HOLDER';
  if (identity.role === 'supervisor' || identity.role === 'admin') return 'SUPERVISOR';
  if (identity.role === 'applicant' && identity.sub === g.complainantSub) return 'COMPLAINANT';
  return 'DEPARTMENT';
}

/**
 * What a viewer gets: the grievance's substance, its deadlines (with `unit`), its timeline; who filed it only for the
 * complainant and supervision (functions/domain/grievance.ts `redacted`). Never the stored hash of a query code.
 */
export function grievanceView(g: GrievanceRecord, viewer: GrievanceViewer, extra: Record<string, unknown> = {}) {
  const { acceptBy, handleBy, reviewWindowBy, reviewBy, stateDigests: _d, queryCode: _q, version: _v, ...rest } = g;
  return redacted(
    {
      ...rest,
      acceptBy: acceptBy.deadline,
      acceptByDate: acceptBy.deadlineDate,
      ...(handleBy ? { handleBy: handleBy.deadline, handleByDate: handleBy.deadlineDate } : {}),
      ...(reviewWindowBy ? { reviewWindowBy: reviewWindowBy.deadline } : {}),
      ...(reviewBy ? { reviewBy: reviewBy.deadline, reviewByDate: reviewBy.deadlineDate } : {}),
      ...extra,
    },
    viewer,
  );
}

/** SHA-256 of a query code: only the hash is stored (the code is shown once, to the filer). */
export function codeHash(code: string): string {
  return createHash('sha256').update(`xiaoneng:grievance-code\n${code}`).digest('hex');
}

/**
 * A stage's clock and its deadline, started `at`, counted in `unit` from the next day: the grievance's own unit (the
 * deployment's setting when it was filed, functions/common/grievance-unit.ts), not the policy's default.
 */
export function stageClock(
  calendar: WorkingCalendar,
  duty: Duty,
  id: string,
  limit: number,
  at: Date,
  unit: DayUnit,
): { clock: ClockRecord; deadline: StageDeadline } {
  const policy = { ...policyOf(duty), unit };
  const d = deadlineOf(calendar, unit, at, limit);
  return {
    clock: newClock(policy, id, limit, d, at),
    deadline: { deadlineDate: d.deadlineDate, deadline: d.deadline, deadlineAt: d.deadlineAt.toISOString() },
  };
}

/** The clock duty of an extendable stage. */
export function stageDutyOf(stage: ExtendableStage): Duty {
  return stage === 'HANDLE' ? 'GRIEVANCE_HANDLE' : stage === 'REVIEW' ? 'GRIEVANCE_REVIEW' : 'GRIEVANCE_REREVIEW';
}

export async function startStage(id: string, duty: Duty): Promise<void> {
  await startClockOf({ subject: id, duty });
}

/**
 * A substantiated grievance puts the department (and the officer where named) on record, reason COMPLAINT: once per
 * grievance (key: grievance id + COMPLAINT), so a retried request, or a review that finds it substantiated after the
 * answer did, finds it written.
 */
export async function recordComplaint(found: GrievanceRecord, by: string, at: string): Promise<void> {
  const officer = found.officer ? { id: found.officer, name: found.officer } : { id: '-', name: '未指明 Not named' };
  await recordOnce({
    caseId: found.id,
    reason: 'COMPLAINT',
    departmentId: departmentOf(found),
    itemCode: found.caseId ?? '-',
    handler: officer,
    leader: { id: '-', name: '部门负责人 Head of the department' },
    at,
    deadline: found.handleBy?.deadline ?? at,
    recordedBy: by,
  });
}

export function nowIso(): { at: Date; when: string } {
  const at = now();
  return { at, when: toShanghaiIso(at) };
}

export function changedMeanwhile(id: string): Error {
  return problems.conflict(
    'grievance-changed',
    `投诉举报 ${id} 已被他人修改，或当前状态不能进行此操作，请重新读取 Grievance ${id} changed meanwhile or is not in a state for this; re-read it.`,
  );
}
