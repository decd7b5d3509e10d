import * as z from 'zod/mini';
import { instant, int, isoDate, named, nullable } from './shared.ts';

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
 * The response schemas of the calendar area's routes (functions/http/routes/calendar.ts); shared.ts holds those
 * several areas use.
 */

// ---- Calendar ----

export const Deadline = built(() =>
  named(
    z.strictObject({
      acceptedOn: isoDate,
      deadlineDate: isoDate,
      deadline: instant,
      provisional: z.boolean(),
      workingDays: int,
    }),
    'Deadline',
  ),
);

export const CalendarYear = built(() =>
  named(
    z.strictObject({
      year: int,
      provisional: z.boolean(),
      source: z.string(),
      loadedAt: nullable(instant),
      holidaysOnWeekdays: z.array(isoDate),
      adjustedWorkdays: z.array(isoDate),
    }),
    'CalendarYear',
  ),
);

export const CalendarYearLoaded = built(() =>
  named(
    z.strictObject({
      year: int,
      holidays: z.array(isoDate),
      workdays: z.array(isoDate),
      source: z.string(),
      loadedAt: instant,
      loadedBy: z.string(),
    }),
    'CalendarYearLoaded',
  ),
);
