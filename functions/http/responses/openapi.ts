import * as z from 'zod/mini';
import { named } from './shared.ts';

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
 * The response schemas of the openapi area's routes (functions/http/routes/openapi.ts); shared.ts holds those
 * several areas use.
 */

export const OpenApiDocument = built(() =>
  named(
    // Loose: the document itself; clients read it with OpenAPI tooling, not field by field.
    z.looseObject({
      openapi: z.string(),
      info: z.looseObject({ title: z.string(), version: z.string() }),
      paths: z.record(z.string(), z.record(z.string(), z.unknown())),
    }),
    'OpenApiDocument',
  ),
);
