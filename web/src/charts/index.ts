/** Chart option builders shared by the supervision dashboard and the public disclosure page (pure: no DOM, no i18n). */
export * from './evaluation.ts';
export * from './option.ts';
export * from './periods.ts';
export * from './ranking.ts';
export * from './scorecard.ts';
export * from './trend.ts';
export * from './words.ts';
