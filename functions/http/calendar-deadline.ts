import { z } from 'zod';
import { httpHandler, parse } from '../common/http.ts';
import { computeDeadline, MAX_DEADLINE_WORKING_DAYS } from '../domain/calendar.ts';
import { isIsoDate, parseInstant } from '../domain/time.ts';
import { currentCalendar } from '../store/calendar.ts';

const Query = z.object({
  from: z
    .string({ error: 'required: an ISO 8601 instant with offset, or a YYYY-MM-DD date' })
    .max(40, 'too long')
    .refine((v) => isIsoDate(v) || parseInstant(v) !== undefined, {
      message: 'must be an ISO 8601 instant with offset (e.g. 2026-09-28T10:00:00+08:00) or a date YYYY-MM-DD',
    }),
  workingDays: z
    .string({ error: 'required: a whole number of working days' })
    .regex(/^\d{1,3}$/, 'must be a whole number of working days')
    .transform(Number)
    .refine((n) => n <= MAX_DEADLINE_WORKING_DAYS, `must be at most ${MAX_DEADLINE_WORKING_DAYS}`),
});

/** Public: the deadline rule of DOMAIN.md §3 applied to any receipt instant, as the centre would count it. */
export const handler = httpHandler('calendarDeadline', async (request) => {
  const query = parse(Query, request.query, 'query');
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
