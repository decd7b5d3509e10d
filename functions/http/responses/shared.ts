import * as z from 'zod/mini';
import { caseStatuses } from '../../domain/case.ts';

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
 * Every success answer of the API as a zod schema, by area (functions/http/responses/<area>.ts, the area of the routes
 * that answer them; this module holds the registry and what several areas use): the route table names them (`success.body`,
 * `outsideScope.body`), `/v1/openapi.json` publishes them as `components.schemas`, and the contract test
 * (test/e2e/openapi-contract.test.ts) validates live answers with them and type-checks the live answers against the
 * types a generator makes from the served document. Each mirrors what a handler returns (views.ts,
 * catalog-views.ts, intake.ts, the handlers); change both together, or the contract test fails.
 *
 * Strict by default (`z.strictObject`): a field a handler adds, drops or mistypes without this file following makes
 * the contract test fail, so the document never silently lags the API. Loose (`z.looseObject`) only where the
 * answer is open by design, each saying why. The published document leaves `additionalProperties` out either way:
 * clients should ignore fields they do not know, so a later field is not a breaking change for them.
 */

/** The registry the OpenAPI document is generated from: each schema here becomes `#/components/schemas/<id>`. */
export const responseRegistry = z.registry<{ id: string; description?: string }>();

export function named<S extends z.ZodMiniType>(schema: S, id: string, description?: string): S {
  responseRegistry.add(schema, { id, ...(description ? { description } : {}) });
  return schema;
}

/** ISO 8601 with an offset: local times are `+08:00` (Asia/Shanghai); the `…At` sort keys are UTC (`Z`). */
export const instant = built(() => z.iso.datetime({ offset: true }));
export const isoDate = built(() => z.iso.date());
export const int = built(() => z.int());
export const nullable = <S extends z.ZodMiniType>(schema: S) => z.nullable(schema);

// ---- Shared pieces ----

export const Problem = built(() =>
  named(
    // Loose: a problem may carry extension members (RFC 9457 §3.2), e.g. `currentRevision` or `caseStatus` on a 409.
    z.looseObject({
      type: z.string(),
      title: z.string(),
      status: int,
      detail: z.string(),
      instance: z.optional(z.string()),
      errors: z.optional(z.array(z.strictObject({ field: z.string(), reason: z.string() }))),
    }),
    'Problem',
    'RFC 9457 problem details; `errors` names each field and the reason; titles are bilingual (中文 English)',
  ),
);

export const Officer = built(() => named(z.strictObject({ id: z.string(), name: z.string() }), 'Officer'));
export const Light = built(() => z.enum(['GREEN', 'YELLOW', 'RED', 'RED_CARD']));
export const CaseStatus = built(() => z.enum(caseStatuses));

export const Bilingual = built(() => z.strictObject({ zh: z.string(), en: z.string() }));
export const Text = built(() => named(z.strictObject({ zh: z.string(), en: z.optional(z.string()) }), 'Text'));
