import * as z from 'zod/mini';
import { fourDigitYear, says, text2000 } from './shared.ts';

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
 * The request schemas of the accountability area's routes (functions/http/routes/accountability.ts); shared.ts holds those
 * several areas use.
 */

export const AccountabilityQuery = built(() => z.object({ year: z.optional(fourDigitYear) }));

// ---- The accountability register's workflow (问责, docs/supervision.md) ----

/** A record's id: `<case id>.<reason>`, or `<project id>.<department id>.DEEMED_AGREEMENT` (functions/domain/accountability.ts). */
export const AccountabilityIdPath = built(() =>
  z.object({
    id: z
      .string()
      .check(
        z.maxLength(160, 'too long'),
        z.regex(
          /^[A-Za-z0-9_-]{1,80}(\.[A-Za-z0-9_-]{1,60})?\.(DEEMED_APPROVAL|OVERDUE|RED_CARD|COMPLAINT|DEEMED_AGREEMENT|BAD_REVIEW|VISIT_FINDING)$/,
          'must be an accountability record id such as XN20260928-01K….DEEMED_APPROVAL (the subject and the reason)',
        ),
      ),
  }),
);

export const InvestigateBody = built(() =>
  z.object({
    note: z.optional(
      z.string().check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(2000, 'at most 2000 characters')),
    ),
  }),
);

export const AccountabilityDecisionBody = built(() =>
  z.object({
    responsibility: z.enum(
      ['HANDLER', 'LEADER', 'BOTH', 'NONE'],
      says('required: HANDLER, LEADER, BOTH or NONE (who is found responsible)'),
    ),
    // Checked against the deployment's list (ACCOUNTABILITY_POLICY) by the handler, which names the codes it takes.
    sanction: z
      .string(says('required: a sanction code of the configured list, e.g. NONE, CRITICISM, WARNING, DEMERIT'))
      .check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(40, 'at most 40 characters')),
    findings: text2000('the findings of the investigation'),
  }),
);

export const PublishBody = built(() =>
  z.object({
    note: z.optional(
      z.string().check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(2000, 'at most 2000 characters')),
    ),
  }),
);

export const DismissBody = built(() =>
  z.object({
    reason: text2000('the reasons the record is dismissed'),
  }),
);

export const AccountabilityFlagsQuery = built(() =>
  z.object({
    quarter: z.optional(z.string().check(z.regex(/^\d{4}-Q[1-4]$/, 'must be a quarter such as 2026-Q4'))),
  }),
);

export const PublicAccountabilityQuery = built(() => z.object({ year: z.optional(fourDigitYear) }));
