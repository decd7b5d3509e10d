import * as z from 'zod/mini';
import { MAX_DEADLINE_WORKING_DAYS } from '../../domain/deadline-rule.ts';
import { isIsoDate, parseInstant } from '../../domain/time.ts';
import { says, wholeNumberParameter } from './shared.ts';

/**
 * Builds a schema when this module loads, like a plain constant, but marked free of side effects for esbuild: a Lambda
 * bundle that never names the schema drops it rather than building it at every cold start (issue 17 item 3). esbuild
 * honours the mark for calls in the same module only, hence one per module.
 */
/* @__NO_SIDE_EFFECTS__ */
function built<T>(make: () => T): T {
  return make();
}

/**
 * The request schemas of the calendar area's routes (functions/http/routes/calendar.ts); shared.ts holds those
 * several areas use.
 */

/**
 * An instant typed into a URL as is (`from=2026-09-28T10:00:00+08:00`, as curl sends it) arrives with its `+` read
 * as a space: a space before the offset can mean nothing else, so it is read back as `+`.
 */
const plusReadAsSpace = (v: unknown) =>
  typeof v === 'string' ? v.replace(/^(\d{4}-\d\d-\d\dT\d\d:\d\d(?::\d\d(?:\.\d+)?)?) (\d\d:?\d\d)$/, '$1+$2') : v;

export const CalendarDeadlineQuery = built(() =>
  z.object({
    from: z.pipe(
      z.transform(plusReadAsSpace),
      z.string(says('required: an ISO 8601 instant with offset, or a YYYY-MM-DD date')).check(
        z.maxLength(40, 'too long'),
        z.refine((v) => isIsoDate(v) || parseInstant(v) !== undefined, {
          message:
            'must be an ISO 8601 instant with offset, such as 2026-01-05T09:30:00+08:00 (in a URL, send + as %2B), or a date YYYY-MM-DD',
        }),
        // Only once it is a date or an instant at all (one reason per problem).
        z.refine(
          (v) => !(isIsoDate(v) || parseInstant(v)) || (Number(v.slice(0, 4)) >= 1900 && Number(v.slice(0, 4)) <= 2099),
          {
            message: 'must be in the years 1900 to 2099',
          },
        ),
      ),
    ),
    workingDays: wholeNumberParameter(
      0,
      MAX_DEADLINE_WORKING_DAYS,
      `a whole number of working days, from 0 to ${MAX_DEADLINE_WORKING_DAYS}`,
    ),
  }),
);

const isoDateString = built(() => z.string().check(z.refine(isIsoDate, 'must be a date YYYY-MM-DD')));

/** The holiday notice of a year (国务院办公厅关于YYYY年部分节假日安排的通知); the domain checks it further. */
export const YearCalendarBody = built(() =>
  z.object({
    holidays: z
      .array(isoDateString, says('required: the days off, YYYY-MM-DD'))
      .check(z.maxLength(366, 'at most 366 dates')),
    workdays: z
      .array(isoDateString, says('required: the adjusted working weekend days, YYYY-MM-DD'))
      .check(z.maxLength(366)),
    source: z
      .string(says('required: where the data comes from'))
      .check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(1000)),
  }),
);
