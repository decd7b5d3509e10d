import * as z from 'zod/mini';
import { instant, int, named, nullable, Text } from './shared.ts';

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
 * The response schemas of the catalogue area's routes (functions/http/routes/catalogue.ts); shared.ts holds those
 * several areas use.
 */

const Language = built(() => z.enum(['zh', 'en']));
const HandlingMode = built(() => z.enum(['IMMEDIATE', 'PROMISED']));
export const MaterialTemplate = built(() =>
  named(
    z.strictObject({
      centre: z.string(),
      sample: z.boolean(),
      title: z.string(),
      itemCode: z.string(),
      item: z.string(),
      materialId: z.string(),
      material: z.string(),
      requirements: z.array(z.string()),
      window: z.string(),
      phone: z.string(),
      fields: z.array(
        z.strictObject({
          name: z.string(),
          label: z.string(),
          kind: z.string(),
          required: z.boolean(),
          answer: nullable(z.string()),
        }),
      ),
      note: z.string(),
    }),
    'MaterialTemplate',
    "A material's blank form (空白表格) or the sample application (样表), rendered from the item's guide, bilingual",
  ),
);

// ---- Catalogue ----

const Completeness = built(() =>
  named(
    z.strictObject({
      score: z.number(),
      complete: z.boolean(),
      missing: z.array(z.strictObject({ field: z.string(), language: z.enum(['zh', 'en', 'value']) })),
    }),
    'Completeness',
  ),
);

const ItemMaterial = built(() =>
  named(
    z.strictObject({
      id: z.string(),
      name: z.string(),
      required: z.boolean(),
      /** When it is required only under a condition. */
      condition: z.optional(z.string()),
      originals: int,
      copies: int,
      template: nullable(z.string()),
    }),
    'ItemMaterial',
  ),
);

const FormField = built(() =>
  named(
    z.strictObject({
      name: z.string(),
      label: z.string(),
      type: z.enum(['string', 'number', 'date', 'boolean', 'enum']),
      required: z.boolean(),
      options: z.optional(z.array(z.string())),
      min: z.optional(z.number()),
      max: z.optional(z.number()),
    }),
    'FormField',
    'One field of the item’s single form (一表通)',
  ),
);

/** catalog-views.ts `itemView`: the guide in one language, fields that fell back to Chinese in `fallbacks`. */
export const Item = built(() =>
  named(
    z.strictObject({
      code: z.string(),
      departmentId: z.string(),
      language: Language,
      name: z.string(),
      legalBasis: z.string(),
      conditions: z.string(),
      quantityLimit: z.optional(z.string()),
      procedure: z.array(z.string()),
      handlingMode: HandlingMode,
      legalLimitDays: int,
      promisedLimitDays: int,
      legalExtensionDays: int,
      yellowWarningDays: nullable(int),
      deemedConsentEligible: z.boolean(),
      materials: z.array(ItemMaterial),
      fees: z.string(),
      window: z.string(),
      officeHours: z.string(),
      phone: z.string(),
      supervisionPhone: z.string(),
      resultDocument: z.string(),
      sampleApplication: nullable(z.string()),
      form: z.strictObject({ fields: z.array(FormField) }),
      fallbacks: z.array(z.string()),
      status: z.enum(['PUBLISHED', 'RETIRED']),
      revision: int,
      revisedAt: instant,
      completeness: Completeness,
    }),
    'Item',
    'An approval item’s service guide (办事指南) in the asked language, with its state, revision and completeness',
  ),
);

export const ItemList = built(() =>
  named(
    z.strictObject({
      items: z.array(Item),
      total: int,
      /** Present when paging was asked for. */
      page: z.optional(int),
      pageSize: z.optional(int),
    }),
    'ItemList',
  ),
);

export const Baseline = built(() =>
  named(
    z.strictObject({
      handlingMode: HandlingMode,
      legalLimitDays: int,
      promisedLimitDays: int,
      recordedAt: instant,
    }),
    'Baseline',
    'The item’s limits when the campaign started (the targets are measured against them)',
  ),
);

/** catalog-views.ts `departmentView`. */
export const Department = built(() =>
  named(
    z.strictObject({
      id: z.string(),
      language: Language,
      name: z.string(),
      address: z.string(),
      phone: z.string(),
      hours: z.string(),
      supervisionPhone: z.string(),
      windows: z.array(z.strictObject({ id: z.string(), name: z.string(), comprehensive: z.boolean() })),
      status: z.enum(['ACTIVE', 'RETIRED']),
      revision: int,
      fallbacks: z.array(z.string()),
    }),
    'Department',
  ),
);

export const ItemGuide = built(() =>
  named(
    z.extend(Item, { department: nullable(Department), baseline: nullable(Baseline) }),
    'ItemGuide',
    'The guide with its department and campaign baseline',
  ),
);

export const Disclosure = built(() =>
  named(
    z.strictObject({
      published: int,
      complete: int,
      rate: z.number(),
      definition: z.string(),
      incomplete: z.array(z.strictObject({ code: z.string(), score: z.number(), missing: Completeness.shape.missing })),
    }),
    'Disclosure',
  ),
);

export const ItemRevisions = built(() =>
  named(
    z.strictObject({
      code: z.string(),
      revisions: z.array(
        // Loose: each revision is the stored guide as it was then (both languages), kept as written; an old revision
        // keeps the fields of its time, so only the revision stamp and the identifying fields are promised.
        z.looseObject({
          code: z.string(),
          departmentId: z.string(),
          name: Text,
          status: z.enum(['PUBLISHED', 'RETIRED']),
          revision: int,
          revisedAt: instant,
          revisedBy: z.string(),
          reason: z.string(),
        }),
      ),
      baseline: nullable(Baseline),
    }),
    'ItemRevisions',
  ),
);

export const DepartmentList = built(() =>
  named(z.strictObject({ departments: z.array(Department) }), 'DepartmentList'),
);

export const DepartmentWithItems = built(() =>
  named(
    z.extend(Department, {
      items: z.array(
        z.strictObject({ code: z.string(), name: z.string(), handlingMode: HandlingMode, promisedLimitDays: int }),
      ),
    }),
    'DepartmentWithItems',
  ),
);
