import * as z from 'zod/mini';
import { parseInstant } from '../../domain/time.ts';
import { id, pageQuery, says, text2000 } from './shared.ts';

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
 * The request schemas of the appraisal area's routes (functions/http/routes/appraisal.ts); shared.ts holds those
 * several areas use.
 */

// ---- Official activities and the year-end appraisal (issue 16 items 5–6, docs/supervision.md) ----

const creditCodeShape = built(() =>
  z
    .string()
    .check(
      z.trim(),
      z.toUpperCase(),
      z.regex(
        /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/,
        'must be an 18-character unified social credit code (统一社会信用代码), digits and capitals except I, O, S, V, Z',
      ),
    ),
);

/** An instant with its offset, such as 2026-12-03T10:00:00+08:00. */
const instantWithOffset = (what: string) =>
  z.string(says(`required: ${what} (ISO 8601 with offset, such as 2026-12-03T10:00:00+08:00)`)).check(
    z.maxLength(40, 'too long'),
    z.refine(
      (v) => parseInstant(v) !== undefined,
      'must be an ISO 8601 instant with offset, such as 2026-12-03T10:00:00+08:00',
    ),
  );

export const OfficialActivityBody = built(() =>
  z.object({
    enterprise: z.optional(
      z
        .object(
          {
            name: z.optional(
              z
                .string()
                .check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(200, 'at most 200 characters')),
            ),
            creditCode: z.optional(creditCodeShape),
          },
          says('must be an object {name, creditCode}'),
        )
        .check(
          z.refine(
            (e) => e.name !== undefined || e.creditCode !== undefined,
            'must name the enterprise: name and/or creditCode',
          ),
        ),
    ),
    purpose: text2000('why: the purpose of the activity'),
    at: instantWithOffset('when the activity takes place'),
    participants: z
      .array(
        z
          .string(says('must be a name'))
          .check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(100, 'at most 100 characters')),
        says('required: who took part (names)'),
      )
      .check(z.minLength(1, 'at least one participant'), z.maxLength(50, 'at most 50 participants')),
    /** The earlier entry this one corrects (entries are never changed). */
    corrects: z.optional(
      z.string().check(z.regex(/^OA-[0-9A-HJKMNP-TV-Z]{26}$/, 'must be an activity id such as OA-01K…')),
    ),
    note: z.optional(
      z.string().check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(2000, 'at most 2000 characters')),
    ),
  }),
);

export const OfficialActivityQuery = built(() =>
  z.object({
    /** An enterprise's credit code or name (names are matched as normalised: spaces, width and case aside). */
    enterprise: z.optional(
      z.string().check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(200, 'at most 200 characters')),
    ),
    /** The staff member who registered (their token subject). */
    officer: z.optional(
      z.string().check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(128, 'at most 128 characters')),
    ),
    departmentId: z.optional(id('department')),
    ...pageQuery(),
  }),
);

/** Scores per criterion, 1–5; which criteria is the deployment's (checked by the handler, naming each). */
const criterionScores = (what: string) =>
  z.record(
    z.string().check(z.regex(/^[A-Z][A-Z0-9_]{0,39}$/, 'must be a criterion code such as ATTITUDE')),
    z
      .number(says('must be a score from 1 to 5'))
      .check(
        z.int('must be a whole number from 1 to 5'),
        z.gte(1, 'must be from 1 to 5'),
        z.lte(5, 'must be from 1 to 5'),
      ),
    says(`required: ${what}, {criterion code: score 1–5} for every published criterion`),
  );

export const AppraisalRatingBody = built(() =>
  z.object({
    departmentId: z
      .string(says('required: the department rated'))
      .check(z.regex(/^[A-Za-z0-9_-]{1,60}$/, 'must be a department id (letters, digits, _ or -)')),
    scores: criterionScores("the department's scores"),
    leaderScores: z.optional(criterionScores("the department leader's scores")),
    comment: z.optional(
      z.string().check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(1000, 'at most 1000 characters')),
    ),
  }),
);
