import * as z from 'zod/mini';
import { days, id, phone, says, text, wholeNumberParameter } from './shared.ts';

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
 * The request schemas of the catalogue area's routes (functions/http/routes/catalogue.ts); shared.ts holds those
 * several areas use.
 */

export const ItemCodePath = built(() =>
  z.object({
    code: z.string().check(z.regex(/^[A-Za-z0-9-]{1,40}$/, 'must be an item code such as SC-001')),
  }),
);

/**
 * Where a guide's template or sample application is: a path of this site (the API's own rendered template,
 * `/v1/catalog/{code}/templates/{material}`, or a file the centre publishes) or an https address. Nothing else: the
 * public guide shows it as a link, so `javascript:`, `data:` or a protocol-relative `//host` (or `/\host`, which a
 * browser reads so) would be a link on the centre's own page to anywhere.
 */
const link = built(() =>
  z.string().check(
    z.maxLength(500, 'at most 500 characters'),
    z.refine(
      (value) =>
        // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters and spaces are refused
        !/[\\\s\u0000-\u001f\u007f]/.test(value) &&
        ((value.startsWith('/') && !value.startsWith('//')) || /^https:\/\/[^/?#]+/i.test(value)),
      'must be a path of this site (/…) or an https:// address',
    ),
  ),
);
export const ItemGuideBody = built(() =>
  z
    .object({
      code: z.string().check(z.regex(/^[A-Za-z0-9-]{1,40}$/, 'must be an item code such as SC-001')),
      departmentId: id('department'),
      name: text(200),
      legalBasis: text(2000),
      conditions: text(4000),
      quantityLimit: z.optional(text(1000)),
      procedure: z.array(text(1000)).check(z.minLength(1, 'at least one step'), z.maxLength(30)),
      handlingMode: z.enum(['IMMEDIATE', 'PROMISED'], says('must be IMMEDIATE or PROMISED')),
      legalLimitDays: days,
      promisedLimitDays: days,
      legalExtensionDays: z._default(days, 10),
      yellowWarningDays: z.optional(days),
      deemedConsentEligible: z.boolean(says('must be true or false')),
      materials: z
        .array(
          z.object({
            id: id('material'),
            name: text(200),
            required: z.boolean(),
            condition: z.optional(text(500)),
            originals: z._default(z.number().check(z.int(), z.gte(0), z.lte(20)), 1),
            copies: z._default(z.number().check(z.int(), z.gte(0), z.lte(20)), 0),
            template: z.optional(link),
          }),
        )
        .check(z.minLength(1, 'at least one material'), z.maxLength(100)),
      fees: text(1000),
      window: text(300),
      officeHours: text(300),
      phone,
      supervisionPhone: phone,
      resultDocument: text(300),
      sampleApplication: z.optional(link),
      form: z._default(
        z.object({
          fields: z
            .array(
              z.object({
                name: z
                  .string()
                  .check(z.regex(/^[A-Za-z][A-Za-z0-9_]{0,59}$/, 'must be a field name (letters, digits, _)')),
                label: text(200),
                type: z.enum(
                  ['string', 'number', 'date', 'boolean', 'enum'],
                  says('must be string, number, date, boolean or enum'),
                ),
                required: z.boolean(),
                options: z.optional(
                  z.array(z.string().check(z.minLength(1), z.maxLength(100))).check(z.maxLength(100)),
                ),
                min: z.optional(z.number()),
                max: z.optional(z.number()),
              }),
            )
            .check(z.maxLength(100)),
        }),
        { fields: [] },
      ),
    })
    .check(
      z.refine((g) => g.promisedLimitDays <= g.legalLimitDays, {
        path: ['promisedLimitDays'],
        message: 'the promised limit must not exceed the legal limit',
      }),
      z.refine((g) => g.handlingMode !== 'IMMEDIATE' || g.promisedLimitDays === 0, {
        path: ['promisedLimitDays'],
        message: 'an immediate item has a promised limit of 0',
      }),
      z.refine((g) => new Set(g.materials.map((m) => m.id)).size === g.materials.length, {
        path: ['materials'],
        message: 'material ids must be unique',
      }),
      z.refine((g) => g.form.fields.every((f) => f.type !== 'enum' || (f.options?.length ?? 0) > 0), {
        path: ['form', 'fields'],
        message: 'an enum field needs options',
      }),
    ),
);

const why = built(() =>
  z
    .string(says('required: why (kept in the revision history)'))
    .check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(1000)),
);
const expectedRevision = built(() =>
  z.number(says('required: the revision you are changing')).check(z.int(), z.gte(1)),
);

export const ItemCreateBody = built(() => z.object({ guide: ItemGuideBody, reason: why }));
export const ItemReviseBody = built(() => z.object({ guide: ItemGuideBody, reason: why, revision: expectedRevision }));
export const RetireBody = built(() => z.object({ reason: why, revision: expectedRevision }));

export const CatalogQuery = built(() =>
  z.object({
    q: z.optional(z.string().check(z.trim(), z.maxLength(100, 'at most 100 characters'))),
    departmentId: z.optional(id('department')),
    page: z.optional(wholeNumberParameter(1, 99_999, 'a page number from 1 to 99999')),
    pageSize: z.optional(wholeNumberParameter(1, 100)),
  }),
);

/** A material's template of an item (GET /v1/catalog/{code}/templates/{material}). */
export const MaterialTemplatePath = built(() => z.extend(ItemCodePath, { material: id('material') }));

/** `sample=true`: the sample application (样表), the form with example answers; else the blank form. */
export const MaterialTemplateQuery = built(() =>
  z.object({
    sample: z.optional(z.enum(['true', 'false'], says('must be true or false'))),
  }),
);

export const DepartmentPath = built(() => z.object({ id: id('department') }));

export const DepartmentBody = built(() =>
  z.object({
    id: id('department'),
    name: text(200),
    address: text(300),
    phone,
    hours: text(300),
    supervisionPhone: phone,
    windows: z
      .array(z.object({ id: id('window'), name: text(200), comprehensive: z.boolean() }))
      .check(z.minLength(1, 'at least one window'), z.maxLength(50)),
    leader: z.object({ id: id('officer'), name: z.string().check(z.trim(), z.minLength(1), z.maxLength(100)) }),
    dutyHandler: z.object({ id: id('officer'), name: z.string().check(z.trim(), z.minLength(1), z.maxLength(100)) }),
  }),
);

export const DepartmentCreateBody = built(() => z.object({ department: DepartmentBody, reason: why }));
export const DepartmentReviseBody = built(() =>
  z.object({ department: DepartmentBody, reason: why, revision: expectedRevision }),
);
