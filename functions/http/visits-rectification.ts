import { now } from '../common/clock.ts';
import { problems } from '../common/problem.ts';
import { settleVisitProblem } from '../common/visit-deadlines.ts';
import { toShanghaiIso } from '../domain/time.ts';
import { problemOwed, problemSubjectOf, reportAt } from '../domain/visit.ts';
import { currentCalendar } from '../store/calendar.ts';
import { type ClockKey, clockChanged, clockEnds, getClock } from '../store/clocks.ts';
import { type VisitProblem, writeVisit } from '../store/visits.ts';
import { httpHandler, requireIdentity } from './handler.ts';
import { visitsRectificationRoute } from './routes/visits.ts';
import { visitChanged, visitDetail, visitInReach } from './visit-access.ts';

/**
 * A lost race costs one re-read: the report then sees what the other write did (an escalation makes it late); so
 * does a report that first applied the deadline's consequence.
 */
const MAX_ATTEMPTS = 3;

/**
 * The department's head reports a problem's rectification (整改报告): in time (RECTIFIED), or late
 * (RECTIFIED_LATE) — a problem already OVERDUE, or one whose deadline came before its clock acted, which is first
 * settled as the clock would (OVERDUE, escalated, on the register), so the timeline reads as it happened. The report
 * ends the problem's clock in the same transaction; supervision is told from the stream.
 */
export const handler = httpHandler(visitsRectificationRoute, async (request) => {
  const identity = requireIdentity(request);
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const visit = await visitInReach(request, request.path.id);
    const problem = visit.problems.find((p) => p.id === request.path.pid);
    if (!problem)
      throw problems.notFound(
        `明察暗访记录 ${visit.id} 中没有问题 ${request.path.pid} Inspection visit ${visit.id} has no problem ${request.path.pid}.`,
      );
    if (!problemOwed(problem)) {
      throw problems.conflict(
        'already-rectified',
        `明察暗访记录 ${visit.id} 的问题 ${problem.id} 已报告整改 Problem ${problem.id} of visit ${visit.id}: the rectification was reported already.`,
        { problemStatus: problem.status },
      );
    }
    const key: ClockKey = { subject: problemSubjectOf(visit.id, problem.id), duty: 'VISIT_RECTIFY' };
    const clock = await getClock(key);
    const at = now();
    const when = reportAt(problem, at);
    if (when === 'DEADLINE_FIRST' && clock) {
      // The deadline came first: its consequence is applied (idempotently, as the clock would), then read again.
      await settleVisitProblem(clock, 'system:visit-clock');
      continue;
    }
    const late = when !== 'IN_TIME';
    const atIso = toShanghaiIso(at);
    const reported: VisitProblem = {
      ...problem,
      status: late ? 'RECTIFIED_LATE' : 'RECTIFIED',
      rectification: { at: atIso, by: identity.sub, actions: request.body.actions, late },
    };
    const written = await writeVisit(
      visit,
      visit.problems.map((p) => (p.id === problem.id ? reported : p)),
      {
        at: atIso,
        type: late ? 'VISIT_PROBLEM_RECTIFIED_LATE' : 'VISIT_PROBLEM_RECTIFIED',
        by: identity.sub,
        note: `${problem.id} ${late ? '逾期整改 Rectified late' : '已整改 Rectified'}: ${request.body.actions}`,
      },
      clock && clock.phase !== 'ENDED'
        ? [clockChanged(clockEnds(key, [clock.phase], reported.status, atIso), atIso)]
        : [],
    );
    if (!written) continue;
    return { status: 200, body: visitDetail(written, at, await currentCalendar()) };
  }
  throw visitChanged(request.path.id);
});
