/**
 * Every request schema of the API, by area (functions/http/schemas/*.ts; shared.ts holds the pieces several areas
 * use, and zod's messages). Import from an area's module in handler code, so a Lambda bundle carries only its own.
 */

export * from './schemas/accountability.ts';
export * from './schemas/applications.ts';
export * from './schemas/appraisal.ts';
export * from './schemas/calendar.ts';
export * from './schemas/catalogue.ts';
export * from './schemas/enforcement.ts';
export * from './schemas/evaluations.ts';
export * from './schemas/grievances.ts';
export * from './schemas/projects.ts';
export * from './schemas/ratings.ts';
export * from './schemas/shared.ts';
export * from './schemas/track.ts';
export * from './schemas/visits.ts';
