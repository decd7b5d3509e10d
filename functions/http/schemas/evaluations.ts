import * as z from 'zod/mini';
import { parsePeriod } from '../../domain/evaluation.ts';
import { says } from './shared.ts';

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

/**
 * A period of the evaluation routes, read by the domain (`parsePeriod`), whose reason is the 400's: `2026-10`,
 * `2026-Q4`, `2026`, `2026-find-and-fix` (a campaign phase) or `2026-10-01..2026-10-15` (at most 366 days). Here
 * rather than in shared.ts: only this area reads a period, and the evaluation domain it calls would otherwise ride
 * in every HTTP bundle that imports shared.ts.
 */
export const period = built(() =>
  z.pipe(
    z.string(says('required: a period such as 2026-10, 2026-Q4 or 2026')).check(
      z.maxLength(40, 'too long'),
      z.meta({
        description: 'YYYY-MM, YYYY-Qn, YYYY, YYYY-<campaign phase> or YYYY-MM-DD..YYYY-MM-DD (China-local dates)',
        examples: ['2026-10', '2026-Q4', '2026', '2026-find-and-fix', '2026-10-01..2026-10-15'],
      }),
    ),
    z.transform((text, context) => {
      const parsed = parsePeriod(text);
      if ('error' in parsed) {
        // (zod/mini's transform context is the parse payload itself: the issue is pushed as classic's addIssue pushes it)
        context.issues.push({ code: 'custom', message: parsed.error, input: text });
        return z.NEVER;
      }
      return parsed;
    }),
  ),
);

export const PeriodPath = built(() => z.object({ period }));

/** The awards are the year's: the same path parameter as the other evaluation routes, a year only. */
export const YearPeriodPath = built(() =>
  z.object({
    period: z.pipe(
      z
        .string(says('required: a year YYYY'))
        .check(
          z.regex(/^\d{4}$/, 'awards are given per year: must be a four-digit year YYYY'),
          z.meta({ description: 'The year, YYYY', examples: ['2026'] }),
        ),
      period,
    ),
  }),
);
