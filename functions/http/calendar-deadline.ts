import { computeDeadline } from '../domain/deadline-rule.ts';
import { isIsoDate, parseInstant } from '../domain/time.ts';
import { currentCalendar } from '../store/calendar.ts';
import { httpHandler } from './handler.ts';
import { calendarDeadlineRoute } from './routes/calendar.ts';

/** Public: the deadline rule of docs/rules.md §3 applied to any receipt instant, as the centre would count it. */
export const handler = httpHandler(calendarDeadlineRoute, async ({ query }) => {
  const received = isIsoDate(query.from) ? query.from : (parseInstant(query.from) as Date);
  const deadline = computeDeadline(await currentCalendar(), received, query.workingDays);
  return {
    status: 200,
    body: {
      acceptedOn: deadline.acceptedOn,
      deadlineDate: deadline.deadlineDate,
      deadline: deadline.deadline,
      provisional: deadline.provisional,
      workingDays: query.workingDays,
    },
  };
});
