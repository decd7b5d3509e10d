import * as z from 'zod/mini';
import { policies } from '../../domain/duty.ts';
import { JOINT_LIMIT_WORKING_DAYS } from '../../domain/project.ts';
import { isIsoDate } from '../../domain/time.ts';
import { formAnswers, itemCode, pageQuery, says, text2000 } from './shared.ts';

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
 * The request schemas of the projects area's routes (functions/http/routes/projects.ts); shared.ts holds those
 * several areas use.
 */

// ---- Green channel: projects and joint approval (issue 15, docs/green-channel.md) ----

/** `PJ<yyyymmdd>-<ULID>`: a project's id. */
export const ProjectIdPath = built(() =>
  z.object({
    id: z.string().check(z.regex(/^PJ\d{8}-[0-9A-HJKMNP-TV-Z]{26}$/, 'must be a project id such as PJ20261102-01K…')),
  }),
);

/** A higher approval of a project: `HA` and its number on the project. */
export const HigherApprovalPath = built(() =>
  z.extend(ProjectIdPath, {
    hid: z.string().check(z.regex(/^HA\d{1,4}$/, 'must be a higher approval id such as HA1')),
  }),
);

export const ProjectBody = built(() =>
  z.object({
    name: z
      .string(says('required: the project name'))
      .check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(200)),
    investment: z.object(
      {
        amount: z
          .number(says('required: the investment in CNY'))
          .check(z.positive('must be more than 0'), z.lte(1e15, 'must be at most 1,000,000,000,000,000')),
        currency: z.literal('CNY', says('must be CNY')),
      },
      says('required: {amount, currency: "CNY"}'),
    ),
    items: z.array(itemCode, says('required: the items the project needs [itemCode]')).check(
      z.minLength(1, 'at least 1 item'),
      z.maxLength(50, 'at most 50 items'),
      z.refine((list) => new Set(list).size === list.length, 'each item once'),
    ),
    applicant: z.object(
      {
        type: z.enum(['PERSON', 'ENTERPRISE'], says('must be PERSON or ENTERPRISE')),
        name: z
          .string(says('required'))
          .check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(100, 'at most 100 characters')),
        phone: z
          .string(says('required'))
          .check(z.regex(/^\+?[0-9][0-9 -]{4,19}$/, 'must be a phone number (digits, spaces or dashes, 5–20 long)')),
      },
      says('required: {type, name, phone}'),
    ),
  }),
);

/** GET /v1/projects: a page. */
export const ProjectListQuery = built(() =>
  z.object({
    ...pageQuery(),
  }),
);

export const OfficerBody = built(() =>
  z.object({
    officer: z
      .string(says("required: the dedicated officer's subject (the sub of their staff token)"))
      .check(
        z.trim(),
        z.minLength(1, 'must not be empty'),
        z.maxLength(128, 'at most 128 characters'),
        z.regex(/^[^\s]+$/, 'must be a subject without spaces'),
      ),
  }),
);

/** The one form's answers (一表通), checked against the union of the items' fields by the handler. */
export const ProjectFormBody = built(() => z.object({ answers: formAnswers }));

export const JointApprovalBody = built(() =>
  z.object({
    departments: z
      .array(
        z.string().check(z.regex(/^[A-Za-z0-9_-]{1,60}$/, 'must be a department id')),
        says('required: the departments concerned [departmentId]'),
      )
      .check(
        z.minLength(1, 'at least 1 department'),
        z.maxLength(30, 'at most 30 departments'),
        z.refine((list) => new Set(list).size === list.length, 'each department once'),
      ),
    opinionWorkingDays: z
      .number(says("required: each department's working days to give its opinion"))
      .check(
        z.int('must be a whole number'),
        z.gte(1),
        z.lte(JOINT_LIMIT_WORKING_DAYS, `at most ${JOINT_LIMIT_WORKING_DAYS} (the joint limit)`),
      ),
  }),
);

export const JointExtensionBody = built(() =>
  z.object({
    workingDays: z.optional(
      z
        .number()
        .check(
          z.int('must be a whole number'),
          z.gte(1),
          z.lte(policies.JOINT_APPROVAL.extensions?.defaultMaxDays ?? 15),
        ),
    ),
    reason: text2000("the reason, as the government's head approved it"),
  }),
);

export const OpinionBody = built(() =>
  z
    .object({
      opinion: z.enum(
        ['AGREE', 'AGREE_WITH_CONDITIONS', 'DISAGREE'],
        says('must be AGREE, AGREE_WITH_CONDITIONS or DISAGREE'),
      ),
      reason: text2000('the reasons for the opinion'),
      conditions: z.optional(
        z.string().check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(4000, 'at most 4000 characters')),
      ),
    })
    .check(
      z.refine((b) => b.opinion !== 'AGREE_WITH_CONDITIONS' || b.conditions !== undefined, {
        path: ['conditions'],
        message: 'required when the opinion is AGREE_WITH_CONDITIONS',
      }),
    ),
);

const isoDateField = (what: string) =>
  z.string(says(`required: ${what} (YYYY-MM-DD)`)).check(z.refine((v) => isIsoDate(v), 'must be a date YYYY-MM-DD'));

export const HigherApprovalBody = built(() =>
  z.object({
    authority: z
      .string(says('required: the higher authority'))
      .check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(200)),
    matter: text2000('the matter waiting on it'),
    expectedBy: isoDateField('the date news is expected by'),
  }),
);

export const MilestoneBody = built(() =>
  z.object({
    note: text2000('what happened'),
    status: z.enum(
      ['IN_PROGRESS', 'APPROVED', 'REJECTED', 'WITHDRAWN'],
      says('must be IN_PROGRESS, APPROVED, REJECTED or WITHDRAWN'),
    ),
    /** A new expected date, when the news moves it. */
    expectedBy: z.optional(isoDateField('the new expected date')),
  }),
);
