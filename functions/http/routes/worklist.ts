import { type RouteSpec, staffOfDepartment } from '../route-spec.ts';

export const worklistRoute = {
  method: 'GET',
  path: '/v1/worklist',
  function: 'worklist',
  access: { roles: staffOfDepartment },
  summary: "The department's open cases, most urgent first, with their lights and remaining working days",
  success: { status: 200, description: '{cases: [...]}', body: 'Worklist' },
} as const satisfies RouteSpec;

/**
 * The worklist area's routes, in the table's order (functions/http/routes.ts joins the areas into the one table). A
 * handler passes its own route to httpHandler: its bundle keeps that route and the schemas it names, and esbuild
 * drops the others (the schema modules build theirs through `built`).
 */
export const worklistRoutes = [worklistRoute] as const satisfies readonly RouteSpec[];
