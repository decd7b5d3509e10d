import { now } from '../common/clock.ts';
import { problems } from '../common/problem.ts';
import { lightOf, lightRank } from '../domain/lights.ts';
import { currentCalendar } from '../store/calendar.ts';
import { openCasesOf } from '../store/cases.ts';
import { httpHandler, requireIdentity } from './handler.ts';

/**
 * Staff: their department's open cases — received for review, waiting for materials, accepted, overdue — most urgent
 * first: red cards, red, yellow, green, then those without a running clock, each group by its nearest limit.
 */
export const handler = httpHandler('worklist', async (request) => {
  const identity = requireIdentity(request);
  if (!identity.department) throw problems.forbidden('A worklist belongs to a department.');
  const [cases, calendar] = await Promise.all([openCasesOf(identity.department), currentCalendar()]);
  const at = now();
  const rows = cases.map((c) => {
    const light = lightOf(c, at, calendar);
    return {
      id: c.id,
      status: c.status,
      itemCode: c.itemCode,
      itemName: c.itemName,
      applicant: c.applicant.name,
      receivedAt: c.receivedAt,
      deadline: c.deadline ?? null,
      reviewDeadline: c.reviewDeadline ?? null,
      /** An overdue case's supervision deadline (督办期限): still open then → red card. */
      supervisionDeadline: c.supervision?.deadline ?? null,
      light: light?.light ?? null,
      remainingWorkingDays: light?.remainingWorkingDays ?? null,
      limit: c.deadlineAt ?? c.reviewDeadlineAt ?? c.receivedAt,
    };
  });
  rows.sort(
    (a, b) => (a.light ? lightRank[a.light] : 4) - (b.light ? lightRank[b.light] : 4) || a.limit.localeCompare(b.limit),
  );
  return { status: 200, body: { departmentId: identity.department, cases: rows.map(({ limit: _l, ...row }) => row) } };
});
