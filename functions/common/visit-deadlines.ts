import { isDue } from '../domain/duty.ts';
import { toShanghaiIso } from '../domain/time.ts';
import { problemSubjectOf, problemSubjectParts } from '../domain/visit.ts';
import { recordOnce } from '../store/accountability.ts';
import { type ClockKey, type ClockRecord, clockChanged, closeClock } from '../store/clocks.ts';
import { getVisit, type VisitProblem, type VisitRecord, writeVisit } from '../store/visits.ts';
import { now } from './clock.ts';
import type { Settlement } from './deadlines.ts';
import { logger } from './logger.ts';
import { metric } from './observability.ts';

/** A stale read costs one re-read; more means contention (fail loudly, the caller retries). */
const MAX_ATTEMPTS = 3;

/** The visit and the problem a rectification clock times (its subject is `<visit id>-P<n>`). */
export async function problemOfClock(subject: string): Promise<{ visit: VisitRecord; problem: VisitProblem }> {
  const parts = problemSubjectParts(subject);
  const visit = parts ? await getVisit(parts.visitId) : undefined;
  const problem = visit?.problems.find((p) => p.id === parts?.problemId);
  if (!visit || !problem) throw new Error(`ProblemNotFound: no visit problem ${subject}`);
  return { visit, problem };
}

/**
 * The problem on the accountability register (reason VISIT_FINDING, docs/supervision.md): once per problem — the
 * register's key is (problem subject, VISIT_FINDING), so the supervisor's flag on recording, the clock at the
 * deadline, a late report, their retries and the reconciler may all call this and one record stands. The visit names
 * no officer: the handler is "not named", the leader the department's head (as a substantiated complaint's).
 * @returns true if this call wrote it.
 */
export function recordVisitFinding(
  visit: VisitRecord,
  problem: VisitProblem,
  at: string,
  by: string,
): Promise<boolean> {
  return recordOnce({
    caseId: problemSubjectOf(visit.id, problem.id),
    reason: 'VISIT_FINDING',
    departmentId: visit.departmentId,
    itemCode: '-',
    handler: { id: '-', name: '未指明 Not named' },
    leader: { id: '-', name: '部门负责人 Head of the department' },
    at,
    deadline: problem.rectifyBy,
    recordedBy: by,
  });
}

/**
 * The consequence of a problem's rectification deadline (policy `OVERDUE`): still unreported → OVERDUE, escalated to
 * supervision (VISIT_PROBLEM_OVERDUE on the visit's timeline) and the clock `RUNNING → OVERDUE` in one transaction;
 * then its accountability record; then the clock leaves the reconciler's index (it stays there until the record is
 * written, so a crash between the two is repaired by the next checkpoint retry or the reconciler). Idempotent: the
 * checkpoint, its retries and the reconciler all call it. A problem that went overdue (or was reported after its
 * deadline) has its record made sure of; one reported in time: OTHERWISE.
 */
export async function settleVisitProblem(clock: ClockRecord, by: string, attempt = 1): Promise<Settlement> {
  const key: ClockKey = { subject: clock.subject, duty: clock.duty };
  const { visit, problem } = await problemOfClock(clock.subject);
  if (problem.status === 'RECTIFIED') {
    await closeClock(key);
    return { kind: 'OTHERWISE' };
  }
  if (problem.overdueAt) {
    const recordedNow = await recordVisitFinding(visit, problem, problem.overdueAt, by);
    await closeClock(key);
    return { kind: 'SETTLED', outcome: 'OVERDUE', appliedNow: false, recordedNow };
  }
  const at = now();
  if (!isDue(new Date(clock.deadlineAt), at)) return { kind: 'NOT_DUE' };
  const atIso = toShanghaiIso(at);
  const overdue: VisitProblem = { ...problem, status: 'OVERDUE', overdueAt: atIso };
  const written = await writeVisit(
    visit,
    visit.problems.map((p) => (p.id === problem.id ? overdue : p)),
    {
      at: atIso,
      type: 'VISIT_PROBLEM_OVERDUE',
      by,
      note: `问题 ${problem.id} 整改期限 ${problem.rectifyByDate} 届满未报告整改，已报监察督办 Problem ${problem.id} not reported rectified by the end of ${problem.rectifyByDate}: escalated to supervision`,
    },
    // The clock keeps `clockPending` until the record is written (below): the reconciler sees it until then.
    [clockChanged({ key, from: ['RUNNING'], set: { phase: 'OVERDUE' }, remove: ['clockStartPending'] }, atIso)],
  );
  if (!written) {
    if (attempt >= MAX_ATTEMPTS) throw new Error(`visit ${visit.id}: ${problem.id} overdue lost ${MAX_ATTEMPTS} races`);
    return settleVisitProblem(clock, by, attempt + 1);
  }
  const recordedNow = await recordVisitFinding(visit, overdue, atIso, by);
  await closeClock(key);
  logger.info('visit problem overdue', { visitId: visit.id, problemId: problem.id, by });
  metric('OverdueVisitProblems', 1, 'accountability');
  return { kind: 'SETTLED', outcome: 'OVERDUE', appliedNow: true, recordedNow };
}
