import { z } from 'zod';
import { MAX_DEADLINE_WORKING_DAYS } from '../domain/calendar.ts';
import { isIsoDate, parseInstant } from '../domain/time.ts';

/**
 * Every request schema of the API, in one place: the route table points at them, the HTTP middleware validates
 * each request with them before a handler runs, and `/v1/openapi.json` is generated from them.
 * Messages are the `reason` of problem+json field errors.
 */

const fourDigitYear = z.string().regex(/^\d{4}$/, 'must be a four-digit year');

export const YearPath = z.object({ year: fourDigitYear.transform(Number) });

export const CalendarDeadlineQuery = z.object({
  from: z
    .string({ error: 'required: an ISO 8601 instant with offset, or a YYYY-MM-DD date' })
    .max(40, 'too long')
    .refine((v) => isIsoDate(v) || parseInstant(v) !== undefined, {
      message: 'must be an ISO 8601 instant with offset (e.g. 2026-09-28T10:00:00+08:00) or a date YYYY-MM-DD',
    }),
  workingDays: z
    .string({ error: 'required: a whole number of working days' })
    .regex(/^\d{1,3}$/, 'must be a whole number of working days')
    .transform(Number)
    .refine((n) => n <= MAX_DEADLINE_WORKING_DAYS, `must be at most ${MAX_DEADLINE_WORKING_DAYS}`),
});

const isoDateString = z.string().refine(isIsoDate, 'must be a date YYYY-MM-DD');

/** The holiday notice of a year (国务院办公厅关于YYYY年部分节假日安排的通知); the domain checks it further. */
export const YearCalendarBody = z.object({
  holidays: z.array(isoDateString, { error: 'required: the days off, YYYY-MM-DD' }).max(366, 'at most 366 dates'),
  workdays: z.array(isoDateString, { error: 'required: the adjusted working weekend days, YYYY-MM-DD' }).max(366),
  source: z.string({ error: 'required: where the data comes from' }).trim().min(1, 'must not be empty').max(1000),
});

export const ItemCodePath = z.object({
  code: z.string().regex(/^[A-Za-z0-9-]{1,40}$/, 'must be an item code such as SC-001'),
});

export const CaseIdPath = z.object({
  id: z.string().regex(/^XN\d{8}-[0-9A-HJKMNP-TV-Z]{26}$/, 'must be a case id such as XN20260928-01K…'),
});

/** 居民身份证号 (18 characters) or 统一社会信用代码 (18 characters): checked for shape, not registry truth. */
const identityNumber = z
  .string()
  .regex(/^[0-9A-Z]{18}$/, 'must be an 18-character resident ID number or unified social credit code');

export const ApplicationBody = z.object({
  itemCode: z
    .string({ error: 'required: the approval item code' })
    .regex(/^[A-Za-z0-9-]{1,40}$/, 'must be an item code such as SC-001'),
  applicant: z.object(
    {
      type: z.enum(['PERSON', 'ENTERPRISE'], { error: 'must be PERSON or ENTERPRISE' }),
      name: z.string({ error: 'required' }).trim().min(1, 'must not be empty').max(100, 'at most 100 characters'),
      phone: z
        .string({ error: 'required' })
        .regex(/^\+?[0-9][0-9 -]{4,19}$/, 'must be a phone number (digits, spaces or dashes, 5–20 long)'),
      idNumber: identityNumber.optional(),
    },
    { error: 'required: {type, name, phone}' },
  ),
  materials: z
    .array(z.object({ id: z.string().regex(/^[A-Za-z0-9_-]{1,60}$/, 'must be a material id from the catalogue') }), {
      error: 'required: the list of submitted materials [{id}]',
    })
    .max(100, 'at most 100 materials'),
});

export const DecisionBody = z
  .object({
    outcome: z.enum(['APPROVED', 'REJECTED'], { error: 'must be APPROVED or REJECTED' }),
    reason: z.string().trim().min(1, 'must not be empty').max(2000, 'at most 2000 characters').optional(),
  })
  .refine((b) => b.outcome !== 'REJECTED' || b.reason !== undefined, {
    path: ['reason'],
    message: 'required when the outcome is REJECTED (the applicant must be told why)',
  });

export const AccountabilityQuery = z.object({ year: fourDigitYear.optional() });

/** What an `Idempotency-Key` header may look like (any POST accepts one). */
export const IdempotencyKey = z.string().regex(/^[A-Za-z0-9_.:-]{8,128}$/, 'must be 8–128 letters, digits or _.:-');
