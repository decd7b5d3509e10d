import * as z from 'zod/mini';
import { Bilingual, instant, int, isoDate, named, nullable, Officer } from './shared.ts';

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
 * The response schemas of the accountability area's routes (functions/http/routes/accountability.ts); shared.ts holds those
 * several areas use.
 */

const AccountabilityReasonEnum = built(() =>
  z.enum(['DEEMED_APPROVAL', 'OVERDUE', 'RED_CARD', 'COMPLAINT', 'DEEMED_AGREEMENT', 'BAD_REVIEW', 'VISIT_FINDING']),
);
const Responsibility = built(() => z.enum(['HANDLER', 'LEADER', 'BOTH', 'NONE']));

/** One record of the register with where its workflow stands (docs/supervision.md). */
const AccountabilityRecord = built(() =>
  named(
    z.strictObject({
      /** `<case id>.<reason>` (a deemed agreement's: `<project id>.<department id>.DEEMED_AGREEMENT`). */
      id: z.string(),
      caseId: z.string(),
      reason: AccountabilityReasonEnum,
      reasonName: Bilingual,
      departmentId: z.string(),
      itemCode: z.string(),
      /** The project of a deemed agreement (缺席默认): then `caseId` is `<project id>/<department id>`. */
      projectId: nullable(z.string()),
      handler: Officer,
      leader: Officer,
      at: instant,
      deadline: instant,
      escalation: nullable(
        z.strictObject({ at: instant, by: z.string(), why: z.string(), level: z.literal('SERIOUS') }),
      ),
      /** OPEN (a record written before the workflow too), INVESTIGATING, DECIDED, PUBLISHED or DISMISSED. */
      status: z.enum(['OPEN', 'INVESTIGATING', 'DECIDED', 'PUBLISHED', 'DISMISSED']),
      /** 领导责任: the leader is answerable for this reason (a decision may not find the handler alone responsible). */
      leaderAnswerable: z.boolean(),
      investigation: nullable(
        z.strictObject({
          at: instant,
          by: z.string(),
          note: nullable(z.string()),
          deadline: instant,
          deadlineDate: isoDate,
          workingDays: int,
          /** The limit ran out undecided: escalated to the centre's leadership, then. */
          overdueAt: nullable(instant),
        }),
      ),
      decision: nullable(
        z.strictObject({
          responsibility: Responsibility,
          sanction: z.string(),
          sanctionName: Bilingual,
          findings: z.string(),
          answerable: z.array(
            z.strictObject({ role: z.enum(['HANDLER', 'LEADER']), id: z.string(), name: z.string() }),
          ),
          at: instant,
          by: z.string(),
          late: z.boolean(),
        }),
      ),
      publication: nullable(z.strictObject({ at: instant, by: z.string() })),
      dismissal: nullable(z.strictObject({ at: instant, by: z.string(), reason: z.string(), late: z.boolean() })),
    }),
    'AccountabilityRecord',
  ),
);

export const Accountability = built(() =>
  named(z.strictObject({ years: z.array(int), records: z.array(AccountabilityRecord) }), 'Accountability'),
);

export const AccountabilityDetail = built(() =>
  named(
    z.strictObject({
      ...AccountabilityRecord.shape,
      timeline: z.array(
        z.strictObject({ at: instant, type: z.string(), by: z.string(), note: nullable(z.string()), hash: z.string() }),
      ),
      /** The record's hash chain re-computed from its first event to its stored head (none yet for an old record). */
      verification: z.strictObject({ valid: z.boolean(), events: int, firstBrokenAt: nullable(int) }),
      /** The configured sanctions a decision chooses from, lightest first (ACCOUNTABILITY_POLICY `sanctions`). */
      sanctions: z.array(z.strictObject({ code: z.string(), zh: z.string(), en: z.string() })),
    }),
    'AccountabilityDetail',
    'An accountability record with its hash-chained timeline, verified',
  ),
);

export const AccountabilityFlags = built(() =>
  named(
    z.strictObject({
      quarter: z.string(),
      from: isoDate,
      to: isoDate,
      threshold: int,
      flags: z.array(
        z.strictObject({
          kind: z.enum(['DEPARTMENT', 'OFFICER']),
          departmentId: z.string(),
          officer: nullable(Officer),
          records: int,
          ids: z.array(z.string()),
        }),
      ),
    }),
    'AccountabilityFlags',
    'Departments and officers with the configured number of records (dismissed ones not counted) in the quarter: for public handling',
  ),
);

export const PublicAccountability = built(() =>
  named(
    z.strictObject({
      years: z.array(int),
      /** From which sanction on names are published (null: never, the default). */
      publishNamesFrom: nullable(z.string()),
      records: z.array(
        z.strictObject({
          /** A public reference (not the record's id: that names the application). */
          ref: z.string(),
          departmentId: z.string(),
          reason: AccountabilityReasonEnum,
          reasonName: Bilingual,
          responsibility: Responsibility,
          sanction: z.string(),
          sanctionName: Bilingual,
          recordedAt: instant,
          decidedAt: instant,
          publishedAt: instant,
          /** Those found responsible, by role; their names only where the policy publishes them (else null). */
          answerable: z.array(z.strictObject({ role: z.enum(['HANDLER', 'LEADER']), name: nullable(z.string()) })),
        }),
      ),
    }),
    'PublicAccountability',
    'The published outcomes of the accountability register: never an ID number or a phone',
  ),
);
