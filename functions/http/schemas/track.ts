import * as z from 'zod/mini';
import { says } from './shared.ts';

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
 * The request schemas of the track area's routes (functions/http/routes/track.ts); shared.ts holds those
 * several areas use.
 */

/**
 * The public tracker (办件查询): a case id and the phone given on the application. In the body, not the URL, so the
 * phone stays out of access logs and browser history.
 */
export const TrackBody = built(() =>
  z.object({
    caseId: z
      .string(says('required: the case id on the receipt, such as XN20260928-01K…'))
      .check(
        z.trim(),
        z.toUpperCase(),
        z.regex(/^XN\d{8}-[0-9A-HJKMNP-TV-Z]{26}$/, 'must be a case id such as XN20260928-01K…'),
      ),
    phone: z
      .string(says('required: the phone number given on the application'))
      .check(z.regex(/^\+?[0-9][0-9 -]{4,19}$/, 'must be a phone number (digits, spaces or dashes, 5–20 long)')),
  }),
);
