import type { RouteSpec } from './route-spec.ts';
// The response schemas, registered in the order of the areas (the order of the document's components) by whatever
// loads the table first, as when the area files imported them: the routes name their answers (route-spec.ts
// ResponseName) and no longer load them, so that a Lambda bundle does not.
import './responses.ts';
import { accountabilityRoutes } from './routes/accountability.ts';
import { applicationsRoutes } from './routes/applications.ts';
import { appraisalRoutes } from './routes/appraisal.ts';
import { calendarRoutes } from './routes/calendar.ts';
import { catalogueRoutes } from './routes/catalogue.ts';
import { enforcementRoutes } from './routes/enforcement.ts';
import { evaluationsRoutes } from './routes/evaluations.ts';
import { grievancesRoutes } from './routes/grievances.ts';
import { openapiRoutes } from './routes/openapi.ts';
import { projectsRoutes } from './routes/projects.ts';
import { ratingsRoutes } from './routes/ratings.ts';
import { trackRoutes } from './routes/track.ts';
import { visitsRoutes } from './routes/visits.ts';
import { worklistRoutes } from './routes/worklist.ts';

export {
  type Access,
  defectsByClerk,
  fieldsForbiddenTo,
  fieldsSetIn,
  type PrivilegedField,
  type RouteSpec,
  rolesOf,
  type Scope,
  staffOfDepartment,
} from './route-spec.ts';

/**
 * The one route table: CDK builds the HTTP API from it, the local runtime serves it, the OpenAPI document, the
 * authorization matrix and the tests read it. It joins the areas' routes (functions/http/routes/<area>.ts), in this
 * order. Each route is a constant of its own there, and its handler passes that constant to httpHandler rather than
 * reading this table: a Lambda bundle then holds its own route and the request schemas that route names, not every
 * route's, and no response schema (a route names its answers, route-spec.ts ResponseName) (issue 17 item 3: each zod
 * schema is built when its module loads, so a bundle's size and its cold start grow with the schemas it holds; the
 * schema modules build each through a `built()` esbuild may drop).
 * A new route: a constant in its area's module, listed in that module's array (a new area: a new module, listed here);
 * its schemas in functions/http/schemas/<area>.ts and responses/<area>.ts, each wrapped in that module's `built()`,
 * its answers named by their export names in responses/<area>.ts.
 */
export const routes = [
  ...openapiRoutes,
  ...calendarRoutes,
  ...catalogueRoutes,
  ...applicationsRoutes,
  ...worklistRoutes,
  ...accountabilityRoutes,
  ...trackRoutes,
  ...evaluationsRoutes,
  ...grievancesRoutes,
  ...ratingsRoutes,
  ...projectsRoutes,
  ...appraisalRoutes,
  ...enforcementRoutes,
  ...visitsRoutes,
] as const satisfies readonly RouteSpec[];

export type Route = (typeof routes)[number];
