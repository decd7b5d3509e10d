import { now } from '../common/clock.ts';
import { problems } from '../common/problem.ts';
import type { WorkingCalendar } from '../domain/calendar.ts';
import { yellowThreshold } from '../domain/owed.ts';
import { shanghaiDateOf, toShanghaiIso } from '../domain/time.ts';
import { verifyCase } from '../domain/timeline.ts';
import { getProject, type ProjectRecord } from '../store/projects.ts';
import { type HttpRequest, requireIdentity } from './handler.ts';

/**
 * The project a request is about, if the caller reaches it with their scope on the route (functions/http/routes.ts):
 * `own` the investor who registered it, `department` staff of a department concerned (one of its items' — and its
 * dedicated officer, whatever their department), `officer` its dedicated officer only, `all` supervisors and
 * administrators. Unknown: 404. Out of reach: 403, saying why (the contract's refusal of another department's staff).
 */
export async function projectInReach(request: HttpRequest<unknown>, id: string): Promise<ProjectRecord> {
  const identity = requireIdentity(request);
  const found = await getProject(id);
  if (!found) throw problems.notFound(`没有项目 ${id} No project ${id}.`);
  const officer = found.officer !== undefined && found.officer === identity.sub;
  const reaches =
    request.scope === 'all' ||
    (request.scope === 'own' && found.applicantSub !== undefined && found.applicantSub === identity.sub) ||
    (request.scope === 'department' &&
      (officer || (identity.department !== undefined && found.departmentIds.includes(identity.department)))) ||
    (request.scope === 'officer' && officer);
  if (!reaches) {
    throw problems.forbidden(
      request.scope === 'officer'
        ? `只有项目 ${id} 的项目专员（或管理员）可以进行此操作 Only project ${id}'s dedicated officer (or an administrator) may do this.`
        : `项目 ${id} 不是您的，也不属于您的部门，您也不是其项目专员 Project ${id} is not yours, nor your department's, nor yours to follow as its officer.`,
    );
  }
  return found;
}

export const projectChanged = (id: string) =>
  problems.conflict(
    'project-changed',
    `项目 ${id} 已被他人修改，请重新读取 Project ${id} changed meanwhile; read it again.`,
  );

export function nowIso(): { at: Date; when: string } {
  const at = now();
  return { at, when: toShanghaiIso(at) };
}

/** Working days left through `deadlineDate` counting today (as a case's light does), 0 once it is past. */
function remainingWorkingDays(calendar: WorkingCalendar, deadlineDate: string, today: string): number {
  if (deadlineDate < today) return 0;
  let days = 0;
  for (let day = today, guard = 0; day <= deadlineDate && guard < 400; guard++) {
    if (calendar.isWorkingDay(day)) days++;
    day = nextDay(day);
  }
  return days;
}

function nextDay(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/**
 * A department's light while its opinion is owed, as the worklist's lights are for an owed duty (functions/domain/
 * owed.ts): GREEN while time remains, YELLOW from max(1, 20% of the opinion's working days) left, RED once its
 * deadline has passed and the clock has not yet deemed it (a moment; no red card: silence has its own consequence).
 */
function opinionLight(
  d: { opinionBy: string; opinionByDate: string },
  limit: number,
  calendar: WorkingCalendar,
  at: Date,
  today: string,
): 'GREEN' | 'YELLOW' | 'RED' {
  if (at.getTime() >= Date.parse(d.opinionBy)) return 'RED';
  return remainingWorkingDays(calendar, d.opinionByDate, today) <= yellowThreshold(limit) ? 'YELLOW' : 'GREEN';
}

/** The joint approval as its readers see it: each department's deadline, status and countdown, and the result. */
export function jointApprovalView(p: ProjectRecord, calendar: WorkingCalendar, at: Date) {
  const j = p.jointApproval;
  if (!j) return null;
  const today = shanghaiDateOf(at);
  return {
    openedAt: j.openedAt,
    openedBy: j.openedBy,
    opinionWorkingDays: j.opinionWorkingDays,
    limit: j.limit,
    unit: 'WORKING_DAYS' as const,
    deadline: j.deadline,
    deadlineDate: j.deadlineDate,
    provisional: j.provisional,
    remainingWorkingDays: j.result ? null : remainingWorkingDays(calendar, j.deadlineDate, today),
    extension: j.extension ?? null,
    departments: j.departments.map((d) => ({
      departmentId: d.departmentId,
      departmentName: d.departmentName,
      opinionBy: d.opinionBy,
      opinionByDate: d.opinionByDate,
      status: d.status,
      opinion: d.opinion ?? null,
      reason: d.reason ?? null,
      conditions: d.conditions ?? null,
      at: d.at ?? null,
      by: d.by ?? null,
      remainingWorkingDays: d.status === 'PENDING' ? remainingWorkingDays(calendar, d.opinionByDate, today) : null,
      light: d.status === 'PENDING' ? opinionLight(d, j.opinionWorkingDays, calendar, at, today) : null,
    })),
    pending: j.departments.filter((d) => d.status === 'PENDING').map((d) => d.departmentId),
    result: j.result ?? null,
    concludedAt: j.concludedAt ?? null,
  };
}

/** The project as its readers see it (the investor, the departments concerned, the officer, supervision). */
export function projectView(p: ProjectRecord, calendar: WorkingCalendar, at: Date = now()) {
  return {
    id: p.id,
    name: p.name,
    investment: p.investment,
    greenChannel: p.greenChannel,
    threshold: p.threshold,
    items: p.items,
    departments: p.departmentIds,
    applicant: p.applicant,
    registeredBy: p.registeredBy,
    createdAt: p.createdAt,
    updatedAt: p.updatedAt,
    officer: p.officer ?? null,
    officerAssignedAt: p.officerAssignedAt ?? null,
    form: p.form ? { answers: p.form.answers, filledAt: p.form.filledAt, filledBy: p.form.filledBy } : null,
    applications: p.applications,
    jointApproval: jointApprovalView(p, calendar, at),
    higherApprovals: p.higherApprovals.map((h) => ({
      id: h.id,
      authority: h.authority,
      matter: h.matter,
      expectedBy: h.expectedBy,
      status: h.status,
      trackedAt: h.trackedAt,
      trackedBy: h.trackedBy,
      milestones: h.milestones.map((m) => ({
        note: m.note,
        status: m.status,
        at: m.at,
        by: m.by,
        expectedBy: m.expectedBy ?? null,
      })),
      overdue: h.remindedFor === h.expectedBy,
    })),
    timeline: p.timeline.map((e) => {
      const event = e as typeof e & { departmentId?: string; caseId?: string };
      return {
        at: e.at,
        type: e.type,
        by: e.by,
        note: e.note ?? null,
        departmentId: event.departmentId ?? null,
        caseId: event.caseId ?? null,
        hash: e.hash,
      };
    }),
    timelineHead: p.timelineHead,
  };
}

/** A project in a list: what the officer's view and supervision's register show. */
export function projectSummaryView(p: ProjectRecord) {
  const j = p.jointApproval;
  return {
    id: p.id,
    name: p.name,
    investment: p.investment,
    greenChannel: p.greenChannel,
    departments: p.departmentIds,
    officer: p.officer ?? null,
    createdAt: p.createdAt,
    jointApproval: j
      ? {
          deadline: j.deadline,
          pending: j.departments.filter((d) => d.status === 'PENDING').map((d) => d.departmentId),
          result: j.result ?? null,
        }
      : null,
  };
}

/** The tracking log's verification (docs/tamper-evidence.md): the chain, and the state bound to its head. */
export function projectVerdict(p: ProjectRecord) {
  const verdict = verifyCase(p);
  return { projectId: p.id, ...verdict };
}
