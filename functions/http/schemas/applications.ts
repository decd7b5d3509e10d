import * as z from 'zod/mini';
import { policies } from '../../domain/duty.ts';
import { formAnswers, pageCursor, pageQuery, says, wholeNumberParameter } from './shared.ts';

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
 * The request schemas of the applications area's routes (functions/http/routes/applications.ts); shared.ts holds those
 * several areas use.
 */

/** The reasons the approval clock may be paused for: its policy's (functions/domain/duty.ts). */
const pauseReasons = built(() => policies.APPROVAL.pauseReasons as readonly [string, ...string[]]);

/** 居民身份证号 (18 characters) or 统一社会信用代码 (18 characters): checked for shape, not registry truth. */
const identityNumber = built(() =>
  z
    .string()
    .check(z.regex(/^[0-9A-Z]{18}$/, 'must be an 18-character resident ID number or unified social credit code')),
);

const submittedMaterials = built(() =>
  z
    .array(
      z.object({
        id: z.string().check(z.regex(/^[A-Za-z0-9_-]{1,60}$/, 'must be a material id from the catalogue')),
        defect: z.optional(
          z.string().check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(500, 'at most 500 characters')),
        ),
      }),
      says('required: the list of submitted materials [{id}]'),
    )
    .check(
      z.maxLength(100, 'at most 100 materials'),
      z.refine((list) => new Set(list.map((m) => m.id)).size === list.length, 'each material once'),
    ),
);

export const ApplicationBody = built(() =>
  z.object({
    itemCode: z
      .string(says('required: the approval item code'))
      .check(z.regex(/^[A-Za-z0-9-]{1,40}$/, 'must be an item code such as SC-001')),
    applicant: z.object(
      {
        type: z.enum(['PERSON', 'ENTERPRISE'], says('must be PERSON or ENTERPRISE')),
        name: z
          .string(says('required'))
          .check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(100, 'at most 100 characters')),
        phone: z
          .string(says('required'))
          .check(z.regex(/^\+?[0-9][0-9 -]{4,19}$/, 'must be a phone number (digits, spaces or dashes, 5–20 long)')),
        idNumber: z.optional(identityNumber),
      },
      says('required: {type, name, phone}'),
    ),
    materials: submittedMaterials,
    form: z.optional(formAnswers),
    /**
     * The green-channel project this application belongs to (docs/green-channel.md): the project's one-form answers
     * for this item's fields are reused under the answers given here, and the case carries `greenChannel`.
     */
    projectId: z.optional(
      z.string().check(z.regex(/^PJ\d{8}-[0-9A-HJKMNP-TV-Z]{26}$/, 'must be a project id such as PJ20261102-01K…')),
    ),
    /** Where it was received: a window of a department (a clerk's token implies its department's own window). */
    receivedBy: z.optional(
      z.object({
        departmentId: z.string().check(z.regex(/^[A-Za-z0-9_-]{1,60}$/, 'must be a department id')),
        windowId: z.optional(z.string().check(z.regex(/^[A-Za-z0-9_-]{1,60}$/, 'must be a window id'))),
      }),
    ),
    /**
     * A clerk takes the papers in for review (收件) instead of accepting at once: staff then have 5 working days to
     * accept or give one notice, or the application counts as accepted from receipt (Art.32).
     */
    review: z.optional(z.boolean(says('must be true or false'))),
    /** For an immediate item handled at the window: the clerk's decision on the spot (default APPROVED). */
    onTheSpot: z.optional(
      z
        .object({
          outcome: z.enum(['APPROVED', 'REJECTED'], says('must be APPROVED or REJECTED')),
          reason: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(2000))),
        })
        .check(
          z.refine((d) => d.outcome !== 'REJECTED' || d.reason !== undefined, {
            path: ['reason'],
            message: 'required when the outcome is REJECTED',
          }),
        ),
    ),
  }),
);

export const MaterialsBody = built(() => z.object({ materials: submittedMaterials }));

/** A clerk's answer to an application received for review: the defective papers (the missing ones are added). */
export const NoticeBody = built(() =>
  z.object({
    defects: z
      .array(
        z.object({
          id: z.string().check(z.regex(/^[A-Za-z0-9_-]{1,60}$/, 'must be a material id from the catalogue')),
          defect: z
            .string()
            .check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(500, 'at most 500 characters')),
        }),
        says('required: the defective materials [{id, defect}]'),
      )
      .check(z.maxLength(100)),
  }),
);

export const DecisionBody = built(() =>
  z
    .object({
      outcome: z.enum(['APPROVED', 'REJECTED'], says('must be APPROVED or REJECTED')),
      reason: z.optional(
        z.string().check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(2000, 'at most 2000 characters')),
      ),
    })
    .check(
      z.refine((b) => b.outcome !== 'REJECTED' || b.reason !== undefined, {
        path: ['reason'],
        message: 'required when the outcome is REJECTED (the applicant must be told why)',
      }),
    ),
);

export const NotificationsQuery = built(() =>
  z.object({
    limit: z._default(wholeNumberParameter(1, 100), 50),
    /**
     * Staff: `officer` reads the inbox of the green-channel projects the caller is the dedicated officer of (every event
     * of each), instead of their department's.
     */
    inbox: z.optional(z.enum(['officer'], says('must be officer'))),
    cursor: pageCursor(),
  }),
);

/** A page of an applicant's own applications (GET /v1/applications): the same paging as an inbox. */
export const MyApplicationsQuery = built(() =>
  z.object({
    ...pageQuery(),
  }),
);

export const WithdrawBody = built(() =>
  z.object({
    reason: z.optional(
      z.string().check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(2000, 'at most 2000 characters')),
    ),
  }),
);

/** A supervisor's post-hoc review of a deemed approval (Dalian 2007: wrongful ones are corrected promptly). */
export const ReviewBody = built(() =>
  z
    .object({
      verdict: z.enum(['CONFIRMED', 'WRONGFUL'], says('must be CONFIRMED or WRONGFUL')),
      reason: z
        .string(says('required'))
        .check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(2000, 'at most 2000 characters')),
      publicInterestNote: z.optional(
        z.string().check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(2000, 'at most 2000 characters')),
      ),
    })
    .check(
      z.refine((r) => r.verdict !== 'WRONGFUL' || r.publicInterestNote !== undefined, {
        path: ['publicInterestNote'],
        message: 'required when the deemed approval is wrongful (what public interest it touched)',
      }),
    ),
);

export const SuspendBody = built(() =>
  z.object({
    reason: z.enum(pauseReasons, says(`must be one of ${pauseReasons.join(', ')}`)),
    expectedWorkingDays: z
      .number(says('required: the expected length in working days, told to the applicant'))
      .check(z.int(), z.gte(1), z.lte(120)),
    note: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(2000))),
  }),
);

export const ExtensionBody = built(() =>
  z.object({
    workingDays: z
      .number(says('required: the working days to add'))
      .check(z.int('must be a whole number'), z.gte(1), z.lte(15)),
    reason: z
      .string(says('required: the reason told to the applicant'))
      .check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(2000)),
  }),
);
