import * as z from 'zod';
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
    code: z.string().regex(/^[A-Za-z0-9-]{1,40}$/, 'must be an item code such as SC-001'),
  }),
);

/**
 * Where a guide's template or sample application is: a path of this site (the API's own rendered template,
 * `/v1/catalog/{code}/templates/{material}`, or a file the centre publishes) or an https address. Nothing else: the
 * public guide shows it as a link, so `javascript:`, `data:` or a protocol-relative `//host` (or `/\host`, which a
 * browser reads so) would be a link on the centre's own page to anywhere.
 */
const link = built(() =>
  z
    .string()
    .max(500, 'at most 500 characters')
    .refine(
      (value) =>
        // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters and spaces are refused
        !/[\\\s\u0000-\u001f\u007f]/.test(value) &&
        ((value.startsWith('/') && !value.startsWith('//')) || /^https:\/\/[^/?#]+/i.test(value)),
      'must be a path of this site (/…) or an https:// address',
    ),
);
export const ItemGuideBody = built(() =>
  z
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
    }),
);

const why = built(() =>
  z.string(says('required: why (kept in the revision history)')).trim().min(1, 'must not be empty').max(1000),
);
const expectedRevision = built(() => z.number(says('required: the revision you are changing')).int().min(1));

export const ItemCreateBody = built(() => z.object({ guide: ItemGuideBody, reason: why }));
export const ItemReviseBody = built(() => z.object({ guide: ItemGuideBody, reason: why, revision: expectedRevision }));
export const RetireBody = built(() => z.object({ reason: why, revision: expectedRevision }));

export const CatalogQuery = built(() =>
  z.object({
    q: z.string().trim().max(100, 'at most 100 characters').optional(),
    departmentId: id('department').optional(),
    page: wholeNumberParameter(1, 99_999, 'a page number from 1 to 99999').optional(),
    pageSize: wholeNumberParameter(1, 100).optional(),
  }),
);

/** A material's template of an item (GET /v1/catalog/{code}/templates/{material}). */
export const MaterialTemplatePath = built(() => ItemCodePath.extend({ material: id('material') }));

/** `sample=true`: the sample application (样表), the form with example answers; else the blank form. */
export const MaterialTemplateQuery = built(() =>
  z.object({
    sample: z.enum(['true', 'false'], says('must be true or false')).optional(),
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
      .min(1, 'at least one window')
      .max(50),
    leader: z.object({ id: id('officer'), name: z.string().trim().min(1).max(100) }),
    dutyHandler: z.object({ id: id('officer'), name: z.string().trim().min(1).max(100) }),
  }),
);

export const DepartmentCreateBody = built(() => z.object({ department: DepartmentBody, reason: why }));
export const DepartmentReviseBody = built(() =>
  z.object({ department: DepartmentBody, reason: why, revision: expectedRevision }),
);
