import * as z from 'zod';
import { period, says } from './shared.ts';

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
 * The request schemas of the evaluations area's routes (functions/http/routes/evaluations.ts); shared.ts holds those
 * several areas use.
 */

export const PeriodPath = built(() => z.object({ period }));

/** The awards are the year's: the same path parameter as the other evaluation routes, a year only. */
export const YearPeriodPath = built(() =>
  z.object({
    period: z
      .string(says('required: a year YYYY'))
      .regex(/^\d{4}$/, 'awards are given per year: must be a four-digit year YYYY')
      .meta({ description: 'The year, YYYY', examples: ['2026'] })
      .pipe(period),
  }),
);
