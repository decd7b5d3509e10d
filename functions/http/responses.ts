/**
 * Every success answer of the API as a zod schema, by area (functions/http/responses/*.ts; shared.ts holds the
 * registry and the pieces several areas use). Import from an area's module in handler code.
 */

export * from './responses/accountability.ts';
export * from './responses/applications.ts';
export * from './responses/appraisal.ts';
export * from './responses/calendar.ts';
export * from './responses/catalogue.ts';
export * from './responses/enforcement.ts';
export * from './responses/evaluations.ts';
export * from './responses/grievances.ts';
export * from './responses/openapi.ts';
export * from './responses/projects.ts';
export * from './responses/ratings.ts';
export * from './responses/shared.ts';
export * from './responses/track.ts';
export * from './responses/visits.ts';
export * from './responses/worklist.ts';
