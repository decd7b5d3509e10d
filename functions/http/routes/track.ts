import type { RouteSpec } from '../route-spec.ts';
import { TrackBody } from '../schemas/track.ts';

// The public tracker (办件查询): POST so the phone stays out of URLs and logs; a wrong phone answers as a missing case.
export const trackRoute = {
  method: 'POST',
  path: '/v1/track',
  function: 'track',
  access: { public: true },
  summary: 'Track an application by its case id and the phone given on it (anyone; no personal data in the answer)',
  request: { body: TrackBody },
  success: {
    status: 200,
    description: 'Where the case stands: item, department, status, light, dates, decision and the timeline’s steps',
    body: 'Track',
  },
  // A missing case, or a phone that is not the one given (the same answer).
  refusals: [404],
} as const satisfies RouteSpec;

/**
 * The track area's routes, in the table's order (functions/http/routes.ts joins the areas into the one table). A
 * handler passes its own route to httpHandler: its bundle keeps that route and the schemas it names, and esbuild
 * drops the others (the schema modules build theirs through `built`).
 */
export const trackRoutes = [trackRoute] as const satisfies readonly RouteSpec[];
