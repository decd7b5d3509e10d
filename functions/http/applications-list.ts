import { now } from '../common/clock.ts';
import { problems } from '../common/problem.ts';
import { lightOf } from '../domain/lights.ts';
import { currentCalendar } from '../store/calendar.ts';
import { applicationsOf, applicationsPageStart } from '../store/cases.ts';
import { httpHandler, requireIdentity } from './handler.ts';
import { applicationsListRoute } from './routes/applications.ts';

/**
 * An applicant's own applications, newest first, each with its light and remaining working days (computed as the
 * case page and the worklist compute them, from the deadline and the calendar in force), a page at a time. Staff
 * have the worklist; supervision reads cases by id.
 */
export const handler = httpHandler(applicationsListRoute, async (request) => {
  const identity = requireIdentity(request);
  const { limit, cursor } = request.query;
  const start = cursor === undefined ? undefined : applicationsPageStart(identity.sub, cursor);
  if (cursor !== undefined && !start) {
    throw problems.invalid([
      {
        field: 'query.cursor',
        reason:
          '须为您的申请列表上一页返回的 `next` 值 must be the `next` value of the previous page of your applications',
      },
    ]);
  }
  const [page, calendar] = await Promise.all([applicationsOf(identity.sub, limit, start), currentCalendar()]);
  const at = now();
  const applications = page.items.map((c) => {
    const light = lightOf(c, at, calendar);
    return {
      id: c.id,
      itemCode: c.itemCode,
      itemName: c.itemName,
      status: c.status,
      light: light?.light ?? null,
      deadline: c.deadline ?? null,
      deadlineDate: c.deadlineDate ?? null,
      receivedAt: c.receivedAt,
      remainingWorkingDays: light?.remainingWorkingDays ?? null,
    };
  });
  return { status: 200, body: { applications, next: page.next } };
});
