import * as z from 'zod/mini';

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
 * The request schemas of the API: the route table points at them, the HTTP middleware validates each request with
 * them before a handler runs, and `/v1/openapi.json` is generated from them. Messages are the `reason` of
 * problem+json field errors. They live by area (functions/http/schemas/<area>.ts, the area of the routes that use
 * them; functions/http/schemas.ts lists them all): a Lambda bundle loads its own area's and these shared pieces
 * (zod's messages and what several areas use), not every schema. Every area module imports this one, so zod's
 * messages below are configured wherever a schema validates.
 */

/**
 * A schema's own message for a value that is missing, of the wrong type or not one of its options — and only for
 * those: its checks (min, max, int, regex…) keep their own reasons. (zod uses a schema-level `error` for every issue
 * of the schema, so `z.number({ error: 'required' }).check(z.lte(15))` would answer 16 with "required".)
 */
export function says(message: string) {
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
export function wholeNumberParameter(min: number, max: number, what = `a whole number from ${min} to ${max}`) {
  return z
    .pipe(z.string(says(`required: ${what}`)).check(z.regex(/^\d+$/, `must be ${what}`)), z.transform(Number))
    .check(z.refine((n) => n >= min && n <= max, `must be from ${min} to ${max}`));
}

/** The `cursor` of a paged list: the `next` value of the previous page, opaque to the caller. */
export function pageCursor() {
  return z.optional(
    z
      .string()
      .check(
        z.maxLength(2000, 'too long'),
        z.regex(/^[A-Za-z0-9_-]+$/, 'must be the `next` value of the previous page'),
      ),
  );
}

/** The `limit` (20 unless asked, at most 100) and `cursor` of a paged list, for a query object to spread. */
export function pageQuery() {
  return { limit: z._default(wholeNumberParameter(1, 100), 20), cursor: pageCursor() };
}

/** The calendar supports 1900–2100: wide enough for any case, narrow enough that date arithmetic never leaves range. */
export const fourDigitYear = built(() =>
  z.string().check(
    z.regex(/^\d+$/, 'must be a four-digit year'),
    z.refine((y) => Number(y) >= 1900 && Number(y) <= 2100, 'must be a year from 1900 to 2100'),
    // (only once it is in range: one reason per problem)
    z.refine((y) => y.length === 4 || Number(y) < 1900 || Number(y) > 2100, 'must be a four-digit year'),
  ),
);

export const YearPath = built(() => z.object({ year: z.pipe(fourDigitYear, z.transform(Number)) }));

export const CaseIdPath = built(() =>
  z.object({
    id: z.string().check(z.regex(/^XN\d{8}-[0-9A-HJKMNP-TV-Z]{26}$/, 'must be a case id such as XN20260928-01K…')),
  }),
);

/** Answers to the item's form (一表通): checked against the item's own field definitions by the handler. */
export const formAnswers = built(() =>
  z
    .record(
      z.string().check(z.regex(/^[A-Za-z][A-Za-z0-9_]{0,59}$/, 'must be a form field name')),
      z.union([z.string().check(z.maxLength(2000)), z.number(), z.boolean(), z.null()]),
    )
    .check(z.refine((answers) => Object.keys(answers).length <= 100, 'at most 100 answers')),
);

/** What an `Idempotency-Key` header may look like (any POST accepts one). */
export const IdempotencyKey = built(() =>
  z.string().check(z.regex(/^[A-Za-z0-9_.:-]{8,128}$/, 'must be 8–128 letters, digits or _.:-')),
);

// ---- Catalogue (issue 4): bilingual service guides, managed by administrators ----

export const text = (max: number) =>
  z.object({
    zh: z
      .string(says('required: the Chinese text'))
      .check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(max, `at most ${max} characters`)),
    en: z.optional(z.string().check(z.trim(), z.maxLength(max, `at most ${max} characters`))),
  });
export const id = (what: string) =>
  z.string().check(z.regex(/^[A-Za-z0-9_-]{1,60}$/, `must be a ${what} id (letters, digits, _ or -)`));
export const phone = built(() => z.string().check(z.regex(/^\+?[0-9][0-9 -]{4,19}$/, 'must be a phone number')));
export const days = built(() =>
  z.number(says('must be a number of working days')).check(z.int('must be a whole number'), z.gte(0), z.lte(366)),
);

export const text2000 = (what: string) =>
  z
    .string(says(`required: ${what}`))
    .check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(2000, 'at most 2000 characters'));

export const itemCode = built(() =>
  z
    .string(says('required: an approval item code'))
    .check(z.regex(/^[A-Za-z0-9-]{1,40}$/, 'must be an item code such as SC-001')),
);
