import * as z from 'zod';
import { MAX_DEADLINE_WORKING_DAYS } from '../domain/deadline-rule.ts';
import { policies } from '../domain/duty.ts';
import { parsePeriod } from '../domain/evaluation.ts';
import { JOINT_LIMIT_WORKING_DAYS } from '../domain/project.ts';

/** The reasons the approval clock may be paused for: its policy's (functions/domain/duty.ts). */
const pauseReasons = policies.APPROVAL.pauseReasons as readonly [string, ...string[]];

import { creditCodeProblem } from '../domain/enforcement.ts';
import { isIsoDate, parseInstant } from '../domain/time.ts';

/**
 * Every request schema of the API, in one place: the route table points at them, the HTTP middleware validates
 * each request with them before a handler runs, and `/v1/openapi.json` is generated from them.
 * Messages are the `reason` of problem+json field errors.
 */

/**
 * A schema's own message for a value that is missing, of the wrong type or not one of its options — and only for
 * those: its checks (min, max, int, regex…) keep their own reasons. (zod uses a schema-level `error` for every issue
 * of the schema, so `z.number({ error: 'required' }).max(15)` would answer 16 with "required".)
 */
function says(message: string) {
  return {
    error: (issue: { readonly code: string; readonly input?: unknown; readonly expected?: unknown }) => {
      if (issue.code !== 'invalid_type' && issue.code !== 'invalid_value' && issue.code !== 'invalid_union') {
        return undefined;
      }
      // "required" only when the value is absent; a value of the wrong type is told what type it must be.
      if (issue.code === 'invalid_type' && issue.input !== undefined && /^required\b/.test(message)) {
        const what = message.replace(/^required:?\s*/, '');
        return `must be ${typeName(issue.expected)}${what ? ` (${what})` : ''}`;
      }
      return message;
    },
  };
}

function typeName(expected: unknown): string {
  switch (expected) {
    case 'array':
      return 'a list';
    case 'object':
      return 'an object';
    case 'int':
      return 'a whole number';
    default:
      return `a ${String(expected)}`;
  }
}

// Checks declared without a reason of their own get a plain one (zod's defaults read "Too big: expected …").
z.config({
  customError: (issue) => {
    if (issue.code === 'too_big') {
      const unit = issue.origin === 'string' ? ' characters' : issue.origin === 'array' ? ' items' : '';
      return `must be at most ${String(issue.maximum)}${unit}`;
    }
    if (issue.code === 'too_small') {
      const unit = issue.origin === 'string' ? ' characters' : issue.origin === 'array' ? ' items' : '';
      return `must be at least ${String(issue.minimum)}${unit}`;
    }
    if (issue.code === 'not_multiple_of' || (issue.code === 'invalid_type' && issue.expected === 'int')) {
      return 'must be a whole number';
    }
    return undefined;
  },
});

/**
 * A whole number in a query or path parameter (a string in the URL), from `min` to `max`. Any run of digits is read as
 * a number first and only then checked against the range, so `workingDays=100000` is told its range, not that it is
 * not a number (a pattern capping the digits would answer an out-of-range value with the format's reason).
 */
function wholeNumberParameter(min: number, max: number, what = `a whole number from ${min} to ${max}`) {
  return z
    .string(says(`required: ${what}`))
    .regex(/^\d+$/, `must be ${what}`)
    .transform(Number)
    .refine((n) => n >= min && n <= max, `must be from ${min} to ${max}`);
}

/** The calendar supports 1900–2100: wide enough for any case, narrow enough that date arithmetic never leaves range. */
const fourDigitYear = z
  .string()
  .regex(/^\d+$/, 'must be a four-digit year')
  .refine((y) => Number(y) >= 1900 && Number(y) <= 2100, 'must be a year from 1900 to 2100')
  // (only once it is in range: one reason per problem)
  .refine((y) => y.length === 4 || Number(y) < 1900 || Number(y) > 2100, 'must be a four-digit year');

export const YearPath = z.object({ year: fourDigitYear.transform(Number) });

/**
 * An instant typed into a URL as is (`from=2026-09-28T10:00:00+08:00`, as curl sends it) arrives with its `+` read
 * as a space: a space before the offset can mean nothing else, so it is read back as `+`.
 */
const plusReadAsSpace = (v: unknown) =>
  typeof v === 'string' ? v.replace(/^(\d{4}-\d\d-\d\dT\d\d:\d\d(?::\d\d(?:\.\d+)?)?) (\d\d:?\d\d)$/, '$1+$2') : v;

export const CalendarDeadlineQuery = z.object({
  from: z.preprocess(
    plusReadAsSpace,
    z
      .string(says('required: an ISO 8601 instant with offset, or a YYYY-MM-DD date'))
      .max(40, 'too long')
      .refine((v) => isIsoDate(v) || parseInstant(v) !== undefined, {
        message:
          'must be an ISO 8601 instant with offset, such as 2026-01-05T09:30:00+08:00 (in a URL, send + as %2B), or a date YYYY-MM-DD',
      })
      // Only once it is a date or an instant at all (one reason per problem).
      .refine(
        (v) => !(isIsoDate(v) || parseInstant(v)) || (Number(v.slice(0, 4)) >= 1900 && Number(v.slice(0, 4)) <= 2099),
        {
          message: 'must be in the years 1900 to 2099',
        },
      ),
  ),
  workingDays: wholeNumberParameter(
    0,
    MAX_DEADLINE_WORKING_DAYS,
    `a whole number of working days, from 0 to ${MAX_DEADLINE_WORKING_DAYS}`,
  ),
});

const isoDateString = z.string().refine(isIsoDate, 'must be a date YYYY-MM-DD');

/** The holiday notice of a year (国务院办公厅关于YYYY年部分节假日安排的通知); the domain checks it further. */
export const YearCalendarBody = z.object({
  holidays: z.array(isoDateString, says('required: the days off, YYYY-MM-DD')).max(366, 'at most 366 dates'),
  workdays: z.array(isoDateString, says('required: the adjusted working weekend days, YYYY-MM-DD')).max(366),
  source: z.string(says('required: where the data comes from')).trim().min(1, 'must not be empty').max(1000),
});

export const ItemCodePath = z.object({
  code: z.string().regex(/^[A-Za-z0-9-]{1,40}$/, 'must be an item code such as SC-001'),
});

export const CaseIdPath = z.object({
  id: z.string().regex(/^XN\d{8}-[0-9A-HJKMNP-TV-Z]{26}$/, 'must be a case id such as XN20260928-01K…'),
});

/**
 * The public tracker (办件查询): a case id and the phone given on the application. In the body, not the URL, so the
 * phone stays out of access logs and browser history.
 */
export const TrackBody = z.object({
  caseId: z
    .string(says('required: the case id on the receipt, such as XN20260928-01K…'))
    .trim()
    .toUpperCase()
    .regex(/^XN\d{8}-[0-9A-HJKMNP-TV-Z]{26}$/, 'must be a case id such as XN20260928-01K…'),
  phone: z
    .string(says('required: the phone number given on the application'))
    .regex(/^\+?[0-9][0-9 -]{4,19}$/, 'must be a phone number (digits, spaces or dashes, 5–20 long)'),
});

/** 居民身份证号 (18 characters) or 统一社会信用代码 (18 characters): checked for shape, not registry truth. */
const identityNumber = z
  .string()
  .regex(/^[0-9A-Z]{18}$/, 'must be an 18-character resident ID number or unified social credit code');

const submittedMaterials = z
  .array(
    z.object({
      id: z.string().regex(/^[A-Za-z0-9_-]{1,60}$/, 'must be a material id from the catalogue'),
      defect: z.string().trim().min(1, 'must not be empty').max(500, 'at most 500 characters').optional(),
    }),
    says('required: the list of submitted materials [{id}]'),
  )
  .max(100, 'at most 100 materials')
  .refine((list) => new Set(list.map((m) => m.id)).size === list.length, 'each material once');

/** Answers to the item's form (一表通): checked against the item's own field definitions by the handler. */
const formAnswers = z
  .record(
    z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,59}$/, 'must be a form field name'),
    z.union([z.string().max(2000), z.number(), z.boolean(), z.null()]),
  )
  .refine((answers) => Object.keys(answers).length <= 100, 'at most 100 answers');

export const ApplicationBody = z.object({
  itemCode: z
    .string(says('required: the approval item code'))
    .regex(/^[A-Za-z0-9-]{1,40}$/, 'must be an item code such as SC-001'),
  applicant: z.object(
    {
      type: z.enum(['PERSON', 'ENTERPRISE'], says('must be PERSON or ENTERPRISE')),
      name: z.string(says('required')).trim().min(1, 'must not be empty').max(100, 'at most 100 characters'),
      phone: z
        .string(says('required'))
        .regex(/^\+?[0-9][0-9 -]{4,19}$/, 'must be a phone number (digits, spaces or dashes, 5–20 long)'),
      idNumber: identityNumber.optional(),
    },
    says('required: {type, name, phone}'),
  ),
  materials: submittedMaterials,
  form: formAnswers.optional(),
  /**
   * The green-channel project this application belongs to (docs/green-channel.md): the project's one-form answers
   * for this item's fields are reused under the answers given here, and the case carries `greenChannel`.
   */
  projectId: z
    .string()
    .regex(/^PJ\d{8}-[0-9A-HJKMNP-TV-Z]{26}$/, 'must be a project id such as PJ20261102-01K…')
    .optional(),
  /** Where it was received: a window of a department (a clerk's token implies its department's own window). */
  receivedBy: z
    .object({
      departmentId: z.string().regex(/^[A-Za-z0-9_-]{1,60}$/, 'must be a department id'),
      windowId: z
        .string()
        .regex(/^[A-Za-z0-9_-]{1,60}$/, 'must be a window id')
        .optional(),
    })
    .optional(),
  /**
   * A clerk takes the papers in for review (收件) instead of accepting at once: staff then have 5 working days to
   * accept or give one notice, or the application counts as accepted from receipt (Art.32).
   */
  review: z.boolean(says('must be true or false')).optional(),
  /** For an immediate item handled at the window: the clerk's decision on the spot (default APPROVED). */
  onTheSpot: z
    .object({
      outcome: z.enum(['APPROVED', 'REJECTED'], says('must be APPROVED or REJECTED')),
      reason: z.string().trim().min(1).max(2000).optional(),
    })
    .refine((d) => d.outcome !== 'REJECTED' || d.reason !== undefined, {
      path: ['reason'],
      message: 'required when the outcome is REJECTED',
    })
    .optional(),
});

export const MaterialsBody = z.object({ materials: submittedMaterials });

/** A clerk's answer to an application received for review: the defective papers (the missing ones are added). */
export const NoticeBody = z.object({
  defects: z
    .array(
      z.object({
        id: z.string().regex(/^[A-Za-z0-9_-]{1,60}$/, 'must be a material id from the catalogue'),
        defect: z.string().trim().min(1, 'must not be empty').max(500, 'at most 500 characters'),
      }),
      says('required: the defective materials [{id, defect}]'),
    )
    .max(100),
});

export const DecisionBody = z
  .object({
    outcome: z.enum(['APPROVED', 'REJECTED'], says('must be APPROVED or REJECTED')),
    reason: z.string().trim().min(1, 'must not be empty').max(2000, 'at most 2000 characters').optional(),
  })
  .refine((b) => b.outcome !== 'REJECTED' || b.reason !== undefined, {
    path: ['reason'],
    message: 'required when the outcome is REJECTED (the applicant must be told why)',
  });

export const AccountabilityQuery = z.object({ year: fourDigitYear.optional() });

/**
 * A period of the evaluation routes, read by the domain (`parsePeriod`), whose reason is the 400's: `2026-10`,
 * `2026-Q4`, `2026`, `2026-find-and-fix` (a campaign phase) or `2026-10-01..2026-10-15` (at most 366 days).
 */
const period = z
  .string(says('required: a period such as 2026-10, 2026-Q4 or 2026'))
  .max(40, 'too long')
  .meta({
    description: 'YYYY-MM, YYYY-Qn, YYYY, YYYY-<campaign phase> or YYYY-MM-DD..YYYY-MM-DD (China-local dates)',
    examples: ['2026-10', '2026-Q4', '2026', '2026-find-and-fix', '2026-10-01..2026-10-15'],
  })
  .transform((text, context) => {
    const parsed = parsePeriod(text);
    if ('error' in parsed) {
      context.addIssue({ code: 'custom', message: parsed.error, input: text });
      return z.NEVER;
    }
    return parsed;
  });

export const PeriodPath = z.object({ period });

/** The awards are the year's: the same path parameter as the other evaluation routes, a year only. */
export const YearPeriodPath = z.object({
  period: z
    .string(says('required: a year YYYY'))
    .regex(/^\d{4}$/, 'awards are given per year: must be a four-digit year YYYY')
    .meta({ description: 'The year, YYYY', examples: ['2026'] })
    .pipe(period),
});

export const NotificationsQuery = z.object({
  limit: wholeNumberParameter(1, 100).default(50),
  /**
   * Staff: `officer` reads the inbox of the green-channel projects the caller is the dedicated officer of (every event
   * of each), instead of their department's.
   */
  inbox: z.enum(['officer'], says('must be officer')).optional(),
  cursor: z
    .string()
    .max(2000, 'too long')
    .regex(/^[A-Za-z0-9_-]+$/, 'must be the `next` value of the previous page')
    .optional(),
});

/** A page of an applicant's own applications (GET /v1/applications): the same paging as an inbox. */
export const MyApplicationsQuery = z.object({
  limit: wholeNumberParameter(1, 100).default(20),
  cursor: z
    .string()
    .max(2000, 'too long')
    .regex(/^[A-Za-z0-9_-]+$/, 'must be the `next` value of the previous page')
    .optional(),
});

/** What an `Idempotency-Key` header may look like (any POST accepts one). */
export const IdempotencyKey = z.string().regex(/^[A-Za-z0-9_.:-]{8,128}$/, 'must be 8–128 letters, digits or _.:-');

// ---- Catalogue (issue 4): bilingual service guides, managed by administrators ----

const text = (max: number) =>
  z.object({
    zh: z
      .string(says('required: the Chinese text'))
      .trim()
      .min(1, 'must not be empty')
      .max(max, `at most ${max} characters`),
    en: z.string().trim().max(max, `at most ${max} characters`).optional(),
  });
const id = (what: string) =>
  z.string().regex(/^[A-Za-z0-9_-]{1,60}$/, `must be a ${what} id (letters, digits, _ or -)`);
const phone = z.string().regex(/^\+?[0-9][0-9 -]{4,19}$/, 'must be a phone number');
/**
 * Where a guide's template or sample application is: a path of this site (the API's own rendered template,
 * `/v1/catalog/{code}/templates/{material}`, or a file the centre publishes) or an https address. Nothing else: the
 * public guide shows it as a link, so `javascript:`, `data:` or a protocol-relative `//host` (or `/\host`, which a
 * browser reads so) would be a link on the centre's own page to anywhere.
 */
const link = z
  .string()
  .max(500, 'at most 500 characters')
  .refine(
    (value) =>
      // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters and spaces are refused
      !/[\\\s\u0000-\u001f\u007f]/.test(value) &&
      ((value.startsWith('/') && !value.startsWith('//')) || /^https:\/\/[^/?#]+/i.test(value)),
    'must be a path of this site (/…) or an https:// address',
  );
const days = z.number(says('must be a number of working days')).int('must be a whole number').min(0).max(366);

export const ItemGuideBody = z
  .object({
    code: z.string().regex(/^[A-Za-z0-9-]{1,40}$/, 'must be an item code such as SC-001'),
    departmentId: id('department'),
    name: text(200),
    legalBasis: text(2000),
    conditions: text(4000),
    quantityLimit: text(1000).optional(),
    procedure: z.array(text(1000)).min(1, 'at least one step').max(30),
    handlingMode: z.enum(['IMMEDIATE', 'PROMISED'], says('must be IMMEDIATE or PROMISED')),
    legalLimitDays: days,
    promisedLimitDays: days,
    legalExtensionDays: days.default(10),
    yellowWarningDays: days.optional(),
    deemedConsentEligible: z.boolean(says('must be true or false')),
    materials: z
      .array(
        z.object({
          id: id('material'),
          name: text(200),
          required: z.boolean(),
          condition: text(500).optional(),
          originals: z.number().int().min(0).max(20).default(1),
          copies: z.number().int().min(0).max(20).default(0),
          template: link.optional(),
        }),
      )
      .min(1, 'at least one material')
      .max(100),
    fees: text(1000),
    window: text(300),
    officeHours: text(300),
    phone,
    supervisionPhone: phone,
    resultDocument: text(300),
    sampleApplication: link.optional(),
    form: z
      .object({
        fields: z
          .array(
            z.object({
              name: z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,59}$/, 'must be a field name (letters, digits, _)'),
              label: text(200),
              type: z.enum(
                ['string', 'number', 'date', 'boolean', 'enum'],
                says('must be string, number, date, boolean or enum'),
              ),
              required: z.boolean(),
              options: z.array(z.string().min(1).max(100)).max(100).optional(),
              min: z.number().optional(),
              max: z.number().optional(),
            }),
          )
          .max(100),
      })
      .default({ fields: [] }),
  })
  .refine((g) => g.promisedLimitDays <= g.legalLimitDays, {
    path: ['promisedLimitDays'],
    message: 'the promised limit must not exceed the legal limit',
  })
  .refine((g) => g.handlingMode !== 'IMMEDIATE' || g.promisedLimitDays === 0, {
    path: ['promisedLimitDays'],
    message: 'an immediate item has a promised limit of 0',
  })
  .refine((g) => new Set(g.materials.map((m) => m.id)).size === g.materials.length, {
    path: ['materials'],
    message: 'material ids must be unique',
  })
  .refine((g) => g.form.fields.every((f) => f.type !== 'enum' || (f.options?.length ?? 0) > 0), {
    path: ['form', 'fields'],
    message: 'an enum field needs options',
  });

const why = z.string(says('required: why (kept in the revision history)')).trim().min(1, 'must not be empty').max(1000);
const expectedRevision = z.number(says('required: the revision you are changing')).int().min(1);

export const ItemCreateBody = z.object({ guide: ItemGuideBody, reason: why });
export const ItemReviseBody = z.object({ guide: ItemGuideBody, reason: why, revision: expectedRevision });
export const RetireBody = z.object({ reason: why, revision: expectedRevision });

export const CatalogQuery = z.object({
  q: z.string().trim().max(100, 'at most 100 characters').optional(),
  departmentId: id('department').optional(),
  page: wholeNumberParameter(1, 99_999, 'a page number from 1 to 99999').optional(),
  pageSize: wholeNumberParameter(1, 100).optional(),
});

/** A material's template of an item (GET /v1/catalog/{code}/templates/{material}). */
export const MaterialTemplatePath = ItemCodePath.extend({ material: id('material') });

/** `sample=true`: the sample application (样表), the form with example answers; else the blank form. */
export const MaterialTemplateQuery = z.object({
  sample: z.enum(['true', 'false'], says('must be true or false')).optional(),
});

export const DepartmentPath = z.object({ id: id('department') });

export const DepartmentBody = z.object({
  id: id('department'),
  name: text(200),
  address: text(300),
  phone,
  hours: text(300),
  supervisionPhone: phone,
  windows: z
    .array(z.object({ id: id('window'), name: text(200), comprehensive: z.boolean() }))
    .min(1, 'at least one window')
    .max(50),
  leader: z.object({ id: id('officer'), name: z.string().trim().min(1).max(100) }),
  dutyHandler: z.object({ id: id('officer'), name: z.string().trim().min(1).max(100) }),
});

export const DepartmentCreateBody = z.object({ department: DepartmentBody, reason: why });
export const DepartmentReviseBody = z.object({ department: DepartmentBody, reason: why, revision: expectedRevision });

export const WithdrawBody = z.object({
  reason: z.string().trim().min(1, 'must not be empty').max(2000, 'at most 2000 characters').optional(),
});

/** A supervisor's post-hoc review of a deemed approval (Dalian 2007: wrongful ones are corrected promptly). */
export const ReviewBody = z
  .object({
    verdict: z.enum(['CONFIRMED', 'WRONGFUL'], says('must be CONFIRMED or WRONGFUL')),
    reason: z.string(says('required')).trim().min(1, 'must not be empty').max(2000, 'at most 2000 characters'),
    publicInterestNote: z.string().trim().min(1, 'must not be empty').max(2000, 'at most 2000 characters').optional(),
  })
  .refine((r) => r.verdict !== 'WRONGFUL' || r.publicInterestNote !== undefined, {
    path: ['publicInterestNote'],
    message: 'required when the deemed approval is wrongful (what public interest it touched)',
  });

export const SuspendBody = z.object({
  reason: z.enum(pauseReasons, says(`must be one of ${pauseReasons.join(', ')}`)),
  expectedWorkingDays: z
    .number(says('required: the expected length in working days, told to the applicant'))
    .int()
    .min(1)
    .max(120),
  note: z.string().trim().min(1).max(2000).optional(),
});

export const ExtensionBody = z.object({
  workingDays: z.number(says('required: the working days to add')).int('must be a whole number').min(1).max(15),
  reason: z.string(says('required: the reason told to the applicant')).trim().min(1, 'must not be empty').max(2000),
});

// ---- Grievances (issue 14) ----

/** `GV<yyyymmdd>-<ULID>`: a grievance's id. */
export const GrievanceIdPath = z.object({
  id: z.string().regex(/^GV\d{8}-[0-9A-HJKMNP-TV-Z]{26}$/, 'must be a grievance id such as GV20260304-01K…'),
});

const text2000 = (what: string) =>
  z
    .string(says(`required: ${what}`))
    .trim()
    .min(1, 'must not be empty')
    .max(2000, 'at most 2000 characters');

export const GrievanceBody = z.object({
  kind: z.enum(['COMPLAINT', 'REPORT', 'APPEAL'], says('must be COMPLAINT, REPORT or APPEAL')),
  departmentId: z.string().trim().min(1).max(64).optional(),
  caseId: z.string().trim().min(1).max(64).optional(),
  officer: z.string().trim().min(1).max(100).optional(),
  summary: z.string(says('required: what the grievance is about')).trim().min(1, 'must not be empty').max(200),
  detail: text2000('what happened'),
  anonymous: z.boolean().optional(),
  contact: z
    .object({ name: z.string().trim().min(1).max(100).optional(), phone: z.string().trim().min(5).max(30).optional() })
    .optional(),
});

export const GrievanceLookupQuery = z.object({
  code: z
    .string(says('required: the query code given at filing'))
    .regex(/^[0-9A-Z]{12}$/, 'must be 12 letters or digits'),
});

/** GET /v1/grievances: a page, filtered by status and kind. */
export const GrievanceListQuery = z.object({
  limit: wholeNumberParameter(1, 100).default(20),
  cursor: z
    .string()
    .max(2000, 'too long')
    .regex(/^[A-Za-z0-9_-]+$/, 'must be the `next` value of the previous page')
    .optional(),
  status: z.enum(['RECEIVED', 'ACCEPTED', 'REFERRED', 'ANSWERED', 'UNDER_REVIEW', 'CLOSED', 'OVERDUE']).optional(),
  kind: z.enum(['COMPLAINT', 'REPORT', 'APPEAL']).optional(),
});

export const GrievanceAcceptBody = z.object({
  assignTo: z.string(says('required: the department that handles it')).trim().min(1, 'must not be empty').max(64),
});

export const GrievanceReferBody = z.object({
  agency: z.string(says('required: the agency it is referred to')).trim().min(1, 'must not be empty').max(200),
  reason: text2000('why it is referred'),
});

export const GrievanceExtensionBody = z.object({
  days: z
    .number(says('required: the days to add'))
    .int('must be a whole number')
    .min(1)
    .max(
      Math.max(
        policies.GRIEVANCE_HANDLE.extensions?.defaultMaxDays ?? 30,
        policies.GRIEVANCE_REVIEW.extensions?.defaultMaxDays ?? 30,
      ),
    ),
  reason: text2000('the reason told to the complainant'),
});

export const GrievanceFindingsBody = z.object({
  substantiated: z.boolean(says('required: whether the grievance is substantiated')),
  findings: text2000('the written findings'),
  actions: text2000('the actions taken'),
});

export const GrievanceReviewRequestBody = z.object({
  reason: text2000('why a review is asked for'),
});

export const GrievanceReviewDecisionBody = z.object({
  upheld: z.boolean(says('required: whether the answer before the review is upheld (维持)')),
  /** The finding the decision leaves; absent: the same when upheld, the other when not. */
  substantiated: z.boolean().optional(),
  findings: text2000('the written findings of the review'),
  actions: text2000('the actions taken'),
});

// ---- Satisfaction reviews (好差评, docs/rules.md §7) ----

/** A rating's id: `RT-` and the rated case's id. */
export const RatingIdPath = z.object({
  id: z
    .string()
    .regex(
      /^RT-XN\d{8}-[0-9A-HJKMNP-TV-Z]{26}$/,
      'must be a rating id such as RT-XN20260928-01K… (RT- and the case id)',
    ),
});

/** 5 非常满意, 4 满意, 3 基本满意, 2 不满意, 1 非常不满意. */
const ratingLevel = z
  .number(says('required: a level from 1 (非常不满意 very dissatisfied) to 5 (非常满意 very satisfied)'))
  .int('must be a whole number from 1 to 5')
  .min(1, 'at least 1 (非常不满意 very dissatisfied)')
  .max(5, 'at most 5 (非常满意 very satisfied)');

export const RatingBody = z.object({
  level: ratingLevel,
  comment: z.string().trim().max(2000, 'at most 2000 characters').optional(),
});

export const FollowUpBody = z.object({ level: ratingLevel });

export const ContactBody = z.object({
  note: z.string().trim().min(1, 'must not be empty').max(2000, 'at most 2000 characters').optional(),
});

export const RectificationBody = z.object({
  actions: z
    .string(says('required: what the department did to rectify it, told to the applicant'))
    .trim()
    .min(1, 'must not be empty')
    .max(4000, 'at most 4000 characters'),
});

export const RatingAppealBody = z.object({
  reason: z
    .string(says('required: why the review is mistaken or malicious'))
    .trim()
    .min(1, 'must not be empty')
    .max(2000, 'at most 2000 characters'),
});

export const RatingAppealDecisionBody = z.object({
  upheld: z.boolean(says('required: true (excluded from the statistics) or false (the review stands)')),
  reason: z
    .string(says('required: the reason, kept with the decision'))
    .trim()
    .min(1, 'must not be empty')
    .max(2000, 'at most 2000 characters'),
});

/** GET /v1/ratings: a page, filtered by the rectification's status. */
export const RatingListQuery = z.object({
  limit: wholeNumberParameter(1, 100).default(20),
  cursor: z
    .string()
    .max(2000, 'too long')
    .regex(/^[A-Za-z0-9_-]+$/, 'must be the `next` value of the previous page')
    .optional(),
  status: z.enum(['AWAITING_CONTACT', 'OVERDUE', 'CONTACTED', 'RECTIFIED', 'CLOSED', 'EXCLUDED']).optional(),
});

export const RatingSummaryQuery = z.object({
  period: z
    .string(says('required: a month YYYY-MM'))
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month YYYY-MM (China-local)'),
});

// ---- Green channel: projects and joint approval (issue 15, docs/green-channel.md) ----

/** `PJ<yyyymmdd>-<ULID>`: a project's id. */
export const ProjectIdPath = z.object({
  id: z.string().regex(/^PJ\d{8}-[0-9A-HJKMNP-TV-Z]{26}$/, 'must be a project id such as PJ20261102-01K…'),
});

/** A higher approval of a project: `HA` and its number on the project. */
export const HigherApprovalPath = ProjectIdPath.extend({
  hid: z.string().regex(/^HA\d{1,4}$/, 'must be a higher approval id such as HA1'),
});

const itemCode = z
  .string(says('required: an approval item code'))
  .regex(/^[A-Za-z0-9-]{1,40}$/, 'must be an item code such as SC-001');

export const ProjectBody = z.object({
  name: z.string(says('required: the project name')).trim().min(1, 'must not be empty').max(200),
  investment: z.object(
    {
      amount: z
        .number(says('required: the investment in CNY'))
        .positive('must be more than 0')
        .max(1e15, 'must be at most 1,000,000,000,000,000'),
      currency: z.literal('CNY', says('must be CNY')),
    },
    says('required: {amount, currency: "CNY"}'),
  ),
  items: z
    .array(itemCode, says('required: the items the project needs [itemCode]'))
    .min(1, 'at least 1 item')
    .max(50, 'at most 50 items')
    .refine((list) => new Set(list).size === list.length, 'each item once'),
  applicant: z.object(
    {
      type: z.enum(['PERSON', 'ENTERPRISE'], says('must be PERSON or ENTERPRISE')),
      name: z.string(says('required')).trim().min(1, 'must not be empty').max(100, 'at most 100 characters'),
      phone: z
        .string(says('required'))
        .regex(/^\+?[0-9][0-9 -]{4,19}$/, 'must be a phone number (digits, spaces or dashes, 5–20 long)'),
    },
    says('required: {type, name, phone}'),
  ),
});

/** GET /v1/projects: a page. */
export const ProjectListQuery = z.object({
  limit: wholeNumberParameter(1, 100).default(20),
  cursor: z
    .string()
    .max(2000, 'too long')
    .regex(/^[A-Za-z0-9_-]+$/, 'must be the `next` value of the previous page')
    .optional(),
});

export const OfficerBody = z.object({
  officer: z
    .string(says("required: the dedicated officer's subject (the sub of their staff token)"))
    .trim()
    .min(1, 'must not be empty')
    .max(128, 'at most 128 characters')
    .regex(/^[^\s]+$/, 'must be a subject without spaces'),
});

/** The one form's answers (一表通), checked against the union of the items' fields by the handler. */
export const ProjectFormBody = z.object({ answers: formAnswers });

export const JointApprovalBody = z.object({
  departments: z
    .array(
      z.string().regex(/^[A-Za-z0-9_-]{1,60}$/, 'must be a department id'),
      says('required: the departments concerned [departmentId]'),
    )
    .min(1, 'at least 1 department')
    .max(30, 'at most 30 departments')
    .refine((list) => new Set(list).size === list.length, 'each department once'),
  opinionWorkingDays: z
    .number(says("required: each department's working days to give its opinion"))
    .int('must be a whole number')
    .min(1)
    .max(JOINT_LIMIT_WORKING_DAYS, `at most ${JOINT_LIMIT_WORKING_DAYS} (the joint limit)`),
});

export const JointExtensionBody = z.object({
  workingDays: z
    .number()
    .int('must be a whole number')
    .min(1)
    .max(policies.JOINT_APPROVAL.extensions?.defaultMaxDays ?? 15)
    .optional(),
  reason: text2000("the reason, as the government's head approved it"),
});

export const OpinionBody = z
  .object({
    opinion: z.enum(
      ['AGREE', 'AGREE_WITH_CONDITIONS', 'DISAGREE'],
      says('must be AGREE, AGREE_WITH_CONDITIONS or DISAGREE'),
    ),
    reason: text2000('the reasons for the opinion'),
    conditions: z.string().trim().min(1, 'must not be empty').max(4000, 'at most 4000 characters').optional(),
  })
  .refine((b) => b.opinion !== 'AGREE_WITH_CONDITIONS' || b.conditions !== undefined, {
    path: ['conditions'],
    message: 'required when the opinion is AGREE_WITH_CONDITIONS',
  });

const isoDateField = (what: string) =>
  z.string(says(`required: ${what} (YYYY-MM-DD)`)).refine((v) => isIsoDate(v), 'must be a date YYYY-MM-DD');

export const HigherApprovalBody = z.object({
  authority: z.string(says('required: the higher authority')).trim().min(1, 'must not be empty').max(200),
  matter: text2000('the matter waiting on it'),
  expectedBy: isoDateField('the date news is expected by'),
});

export const MilestoneBody = z.object({
  note: text2000('what happened'),
  status: z.enum(
    ['IN_PROGRESS', 'APPROVED', 'REJECTED', 'WITHDRAWN'],
    says('must be IN_PROGRESS, APPROVED, REJECTED or WITHDRAWN'),
  ),
  /** A new expected date, when the news moves it. */
  expectedBy: isoDateField('the new expected date').optional(),
});

// ---- The accountability register's workflow (问责, docs/supervision.md) ----

/** A record's id: `<case id>.<reason>`, or `<project id>.<department id>.DEEMED_AGREEMENT` (functions/domain/accountability.ts). */
export const AccountabilityIdPath = z.object({
  id: z
    .string()
    .max(160, 'too long')
    .regex(
      /^[A-Za-z0-9_-]{1,80}(\.[A-Za-z0-9_-]{1,60})?\.(DEEMED_APPROVAL|OVERDUE|RED_CARD|COMPLAINT|DEEMED_AGREEMENT|BAD_REVIEW|VISIT_FINDING)$/,
      'must be an accountability record id such as XN20260928-01K….DEEMED_APPROVAL (the subject and the reason)',
    ),
});

export const InvestigateBody = z.object({
  note: z.string().trim().min(1, 'must not be empty').max(2000, 'at most 2000 characters').optional(),
});

export const AccountabilityDecisionBody = z.object({
  responsibility: z.enum(
    ['HANDLER', 'LEADER', 'BOTH', 'NONE'],
    says('required: HANDLER, LEADER, BOTH or NONE (who is found responsible)'),
  ),
  // Checked against the deployment's list (ACCOUNTABILITY_POLICY) by the handler, which names the codes it takes.
  sanction: z
    .string(says('required: a sanction code of the configured list, e.g. NONE, CRITICISM, WARNING, DEMERIT'))
    .trim()
    .min(1, 'must not be empty')
    .max(40, 'at most 40 characters'),
  findings: text2000('the findings of the investigation'),
});

export const PublishBody = z.object({
  note: z.string().trim().min(1, 'must not be empty').max(2000, 'at most 2000 characters').optional(),
});

export const DismissBody = z.object({
  reason: text2000('the reasons the record is dismissed'),
});

export const AccountabilityFlagsQuery = z.object({
  quarter: z
    .string()
    .regex(/^\d{4}-Q[1-4]$/, 'must be a quarter such as 2026-Q4')
    .optional(),
});

// ---- Inspection visits (明察暗访, issue 16 item 3; docs/supervision.md) ----

/** `VS<yyyymmdd>-<ULID>`: a visit's id. */
export const VisitIdPath = z.object({
  id: z.string().regex(/^VS\d{8}-[0-9A-HJKMNP-TV-Z]{26}$/, 'must be a visit id such as VS20261204-01K…'),
});

export const VisitProblemPath = VisitIdPath.extend({
  pid: z.string().regex(/^P\d{1,3}$/, 'must be a problem id of the visit, such as P1'),
});

export const VisitBody = z.object({
  departmentId: z
    .string(says('required: the department visited'))
    .regex(/^[A-Za-z0-9_-]{1,60}$/, 'must be a department id'),
  kind: z.enum(['OPEN', 'UNANNOUNCED'], says('required: OPEN (明察) or UNANNOUNCED (暗访)')),
  // Checked against the clock by the handler: a visit is recorded after it happened, never ahead of it.
  at: z
    .string(says('required: when the visit took place, an ISO 8601 instant with offset'))
    .max(40, 'too long')
    .refine((v) => parseInstant(v) !== undefined, {
      message: 'must be an ISO 8601 instant with offset, such as 2026-12-04T10:00:00+08:00',
    }),
  findings: text2000('what the visit found (the written findings)'),
  problems: z
    .array(
      z.object({
        description: text2000('the problem found, as the department must rectify it'),
        rectifyWithinWorkingDays: z
          .number(says('required: the working days the department has to rectify it (1–60)'))
          .int('must be a whole number of working days')
          .min(1, 'at least 1 working day')
          .max(60, 'at most 60 working days'),
        /** Put it on the accountability register at once (reason VISIT_FINDING). */
        accountable: z.boolean(says('must be true or false')).optional(),
      }),
      says('required: the problems found (an empty list when none)'),
    )
    .max(20, 'at most 20 problems per visit'),
});

export const VisitRectificationBody = z.object({
  actions: z
    .string(says('required: what the department did to rectify the problem'))
    .trim()
    .min(1, 'must not be empty')
    .max(4000, 'at most 4000 characters'),
});

export const VisitListQuery = z.object({
  year: fourDigitYear.optional(),
  departmentId: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,60}$/, 'must be a department id')
    .optional(),
});
export const PublicAccountabilityQuery = z.object({ year: fourDigitYear.optional() });

// ---- Law-enforcement inspections (执法检查审批备案, issue 16 item 4, docs/enforcement.md) ----

/** `EI<yyyymmdd>-<ULID>`: an inspection's id. */
export const InspectionIdPath = z.object({
  id: z.string().regex(/^EI\d{8}-[0-9A-HJKMNP-TV-Z]{26}$/, 'must be an inspection id such as EI20261102-01K…'),
});

const shortText = (what: string, max: number) =>
  z
    .string(says(`required: ${what}`))
    .trim()
    .min(1, 'must not be empty')
    .max(max, `at most ${max} characters`);

/** An inspector: a name, or `{name, certificateNo}` (the law-enforcement certificate shown at the door). */
const inspector = z.union(
  [
    shortText('the inspector’s name', 50),
    z.strictObject({
      name: shortText('the inspector’s name', 50),
      certificateNo: z
        .string()
        .trim()
        .regex(/^[A-Za-z0-9-]{1,30}$/, 'must be a certificate number (letters, digits or -, at most 30)')
        .optional(),
    }),
  ],
  says('must be a name or {name, certificateNo}'),
);

export const InspectionBody = z.object({
  enterprise: z.object(
    {
      name: shortText('the enterprise’s name', 200),
      // Upper-cased as printed on the licence; its check character (GB 32100-2015) is checked by the domain.
      creditCode: z
        .string(says('required: the unified social credit code (统一社会信用代码, 18 characters)'))
        .trim()
        .transform((v) => v.toUpperCase())
        .superRefine((v, ctx) => {
          const problem = creditCodeProblem(v);
          if (problem) ctx.addIssue({ code: 'custom', message: problem });
        }),
    },
    says('required: {name, creditCode}'),
  ),
  purpose: shortText('the purpose of the inspection', 2000),
  legalBasis: shortText('the legal basis (the law and article)', 2000),
  /** An instant with its offset, or a date (that day, China time); checked against today by the handler. */
  plannedAt: z
    .string(says('required: when the inspection is planned (ISO 8601 with offset, or YYYY-MM-DD)'))
    .refine(
      (v) => isIsoDate(v) || parseInstant(v) !== undefined,
      'must be an ISO 8601 instant with offset or a date YYYY-MM-DD',
    ),
  inspectors: z
    .array(inspector, says('required: the inspectors [name or {name, certificateNo}]'))
    .min(1, 'at least 1 inspector')
    .max(10, 'at most 10 inspectors'),
  /** Required when the enterprise already had the year's allowed inspections (the handler says so, naming it). */
  cause: z.string().trim().min(1, 'must not be empty').max(2000, 'at most 2000 characters').optional(),
});

export const InspectionNoteBody = z.object({
  note: z.string().trim().min(1, 'must not be empty').max(2000, 'at most 2000 characters').optional(),
});

export const InspectionRejectBody = z.object({ reason: text2000('the reasons the plan is not approved') });

export const InspectionRecordBody = z.object({
  findings: text2000('what the inspection found'),
  carriedOutAt: z
    .string()
    .refine((v) => parseInstant(v) !== undefined, 'must be an ISO 8601 instant with offset')
    .optional(),
});

export const InspectionListQuery = z.object({
  year: fourDigitYear.optional(),
  /** A credit code (exact) or part of the enterprise's name. */
  enterprise: z.string().trim().min(1, 'must not be empty').max(200, 'at most 200 characters').optional(),
  departmentId: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,60}$/, 'must be a department id')
    .optional(),
  status: z
    .enum(
      ['PENDING_APPROVAL', 'APPROVED', 'REJECTED', 'FILED', 'DONE'],
      says('must be PENDING_APPROVAL, APPROVED, REJECTED, FILED or DONE'),
    )
    .optional(),
  overLimit: z.enum(['true', 'false'], says('must be true or false')).optional(),
});

export const InspectionVerifyQuery = z.object({
  code: z
    .string(says('required: the verification code'))
    .trim()
    .min(1, 'must not be empty')
    .max(40, 'at most 40 characters'),
});

// ---- Official activities and the year-end appraisal (issue 16 items 5–6, docs/supervision.md) ----

const creditCodeShape = z
  .string()
  .trim()
  .toUpperCase()
  .regex(
    /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/,
    'must be an 18-character unified social credit code (统一社会信用代码), digits and capitals except I, O, S, V, Z',
  );

/** An instant with its offset, such as 2026-12-03T10:00:00+08:00. */
const instantWithOffset = (what: string) =>
  z
    .string(says(`required: ${what} (ISO 8601 with offset, such as 2026-12-03T10:00:00+08:00)`))
    .max(40, 'too long')
    .refine(
      (v) => parseInstant(v) !== undefined,
      'must be an ISO 8601 instant with offset, such as 2026-12-03T10:00:00+08:00',
    );

export const OfficialActivityBody = z.object({
  enterprise: z
    .object(
      {
        name: z.string().trim().min(1, 'must not be empty').max(200, 'at most 200 characters').optional(),
        creditCode: creditCodeShape.optional(),
      },
      says('must be an object {name, creditCode}'),
    )
    .refine(
      (e) => e.name !== undefined || e.creditCode !== undefined,
      'must name the enterprise: name and/or creditCode',
    )
    .optional(),
  purpose: text2000('why: the purpose of the activity'),
  at: instantWithOffset('when the activity takes place'),
  participants: z
    .array(
      z.string(says('must be a name')).trim().min(1, 'must not be empty').max(100, 'at most 100 characters'),
      says('required: who took part (names)'),
    )
    .min(1, 'at least one participant')
    .max(50, 'at most 50 participants'),
  /** The earlier entry this one corrects (entries are never changed). */
  corrects: z
    .string()
    .regex(/^OA-[0-9A-HJKMNP-TV-Z]{26}$/, 'must be an activity id such as OA-01K…')
    .optional(),
  note: z.string().trim().min(1, 'must not be empty').max(2000, 'at most 2000 characters').optional(),
});

export const OfficialActivityQuery = z.object({
  /** An enterprise's credit code or name (names are matched as normalised: spaces, width and case aside). */
  enterprise: z.string().trim().min(1, 'must not be empty').max(200, 'at most 200 characters').optional(),
  /** The staff member who registered (their token subject). */
  officer: z.string().trim().min(1, 'must not be empty').max(128, 'at most 128 characters').optional(),
  departmentId: id('department').optional(),
  limit: wholeNumberParameter(1, 100).default(20),
  cursor: z
    .string()
    .max(2000, 'too long')
    .regex(/^[A-Za-z0-9_-]+$/, 'must be the `next` value of the previous page')
    .optional(),
});

/** Scores per criterion, 1–5; which criteria is the deployment's (checked by the handler, naming each). */
const criterionScores = (what: string) =>
  z.record(
    z.string().regex(/^[A-Z][A-Z0-9_]{0,39}$/, 'must be a criterion code such as ATTITUDE'),
    z
      .number(says('must be a score from 1 to 5'))
      .int('must be a whole number from 1 to 5')
      .min(1, 'must be from 1 to 5')
      .max(5, 'must be from 1 to 5'),
    says(`required: ${what}, {criterion code: score 1–5} for every published criterion`),
  );

export const AppraisalRatingBody = z.object({
  departmentId: z
    .string(says('required: the department rated'))
    .regex(/^[A-Za-z0-9_-]{1,60}$/, 'must be a department id (letters, digits, _ or -)'),
  scores: criterionScores("the department's scores"),
  leaderScores: criterionScores("the department leader's scores").optional(),
  comment: z.string().trim().min(1, 'must not be empty').max(1000, 'at most 1000 characters').optional(),
});
