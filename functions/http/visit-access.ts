import { problems } from '../common/problem.ts';
import { accountabilityIdOf } from '../domain/accountability.ts';
import type { WorkingCalendar } from '../domain/calendar.ts';
import { remainingWorkingDays } from '../domain/lights.ts';
import { shanghaiDateOf } from '../domain/time.ts';
import { verifyChain } from '../domain/timeline.ts';
import { problemLight, problemOwed, problemSubjectOf, visitKindNames } from '../domain/visit.ts';
import { getVisit, type VisitProblem, type VisitRecord } from '../store/visits.ts';
import { type HttpRequest, inScope } from './handler.ts';

/**
 * The visit a request is about, if the caller reaches it (supervisors: every one; a department's staff: their
 * department's). An unknown id → 404; another department's → 403. A visit exists only once recorded, so an
 * unannounced visit is never seen by the department before it is on record.
 */
export async function visitInReach(request: HttpRequest<unknown>, id: string): Promise<VisitRecord> {
  const found = await getVisit(id);
  if (!found) throw problems.notFound(`无此明察暗访记录 ${id} No inspection visit ${id}.`);
  if (!inScope(request, { departmentId: found.departmentId })) {
    throw problems.forbidden(`明察暗访记录 ${id} 属于其他部门 Inspection visit ${id} is another department's.`);
  }
  return found;
}

export const visitChanged = (id: string) =>
  problems.conflict(
    'concurrent-change',
    `明察暗访记录 ${id} 已被他人更新，请重新读取 Inspection visit ${id} changed meanwhile; read it again.`,
  );

function problemView(v: VisitRecord, p: VisitProblem, now: Date, calendar: WorkingCalendar) {
  const owed = problemOwed(p);
  const remaining = owed ? remainingWorkingDays(calendar, shanghaiDateOf(now), p.rectifyByDate) : null;
  const subject = problemSubjectOf(v.id, p.id);
  return {
    id: p.id,
    subject,
    description: p.description,
    status: p.status,
    workingDays: p.workingDays,
    rectifyBy: p.rectifyBy,
    rectifyByDate: p.rectifyByDate,
    light: problemLight(p, now, remaining ?? 0),
    remainingWorkingDays: remaining,
    accountable: p.accountable,
    // On the register once flagged or overdue (a late report counts as overdue): the record's id, derived.
    accountabilityId: p.accountable || p.overdueAt ? accountabilityIdOf(subject, 'VISIT_FINDING') : null,
    overdueAt: p.overdueAt ?? null,
    rectification: p.rectification
      ? {
          at: p.rectification.at,
          by: p.rectification.by,
          actions: p.rectification.actions,
          late: p.rectification.late,
        }
      : null,
  };
}

/** A visit as the list shows it: its problems with their lights and countdowns. */
export function visitView(v: VisitRecord, now: Date, calendar: WorkingCalendar) {
  return {
    id: v.id,
    departmentId: v.departmentId,
    kind: v.kind,
    kindName: { zh: visitKindNames[v.kind].zh, en: visitKindNames[v.kind].en },
    at: v.at,
    findings: v.findings,
    recordedAt: v.recordedAt,
    recordedBy: v.recordedBy,
    problems: v.problems.map((p) => problemView(v, p, now, calendar)),
  };
}

/** The visit with its timeline and the chain's verdict. */
export function visitDetail(v: VisitRecord, now: Date, calendar: WorkingCalendar) {
  const verdict = verifyChain(v.id, v.timeline, v.timelineHead);
  return {
    ...visitView(v, now, calendar),
    timeline: v.timeline.map((e) => ({ at: e.at, type: e.type, by: e.by, note: e.note ?? null, hash: e.hash })),
    verification: { valid: verdict.valid, events: verdict.events, firstBrokenAt: verdict.firstBrokenAt },
  };
}
