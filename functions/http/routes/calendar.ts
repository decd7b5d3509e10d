import type { RouteSpec } from '../route-spec.ts';
import { CalendarDeadlineQuery, YearCalendarBody } from '../schemas/calendar.ts';
import { YearPath } from '../schemas/shared.ts';

export const calendarDeadlineRoute = {
  method: 'GET',
  path: '/v1/calendar/deadline',
  function: 'calendarDeadline',
  access: { public: true },
  summary: 'Compute a working-day deadline',
  request: { query: CalendarDeadlineQuery },
  success: { status: 200, description: '{acceptedOn, deadlineDate, deadline, provisional}', body: 'Deadline' },
} as const satisfies RouteSpec;

export const calendarYearGetRoute = {
  method: 'GET',
  path: '/v1/calendar/years/{year}',
  function: 'calendarYearGet',
  access: { public: true },
  summary: 'The working-day calendar of a year',
  request: { path: YearPath },
  success: {
    status: 200,
    description: 'Source, weekday holidays and adjusted workdays of the year',
    body: 'CalendarYear',
  },
} as const satisfies RouteSpec;

export const calendarYearPutRoute = {
  method: 'PUT',
  path: '/v1/calendar/years/{year}',
  function: 'calendarYearPut',
  access: { roles: { admin: 'all' } },
  summary: 'Load the holiday notice of a year',
  request: { path: YearPath, body: YearCalendarBody },
  success: { status: 200, description: 'The year as loaded', body: 'CalendarYearLoaded' },
} as const satisfies RouteSpec;

/**
 * The calendar area's routes, in the table's order (functions/http/routes.ts joins the areas into the one table). A
 * handler passes its own route to httpHandler: its bundle keeps that route and the schemas it names, and esbuild
 * drops the others (the schema modules build theirs through `built`).
 */
export const calendarRoutes = [
  calendarDeadlineRoute,
  calendarYearGetRoute,
  calendarYearPutRoute,
] as const satisfies readonly RouteSpec[];
