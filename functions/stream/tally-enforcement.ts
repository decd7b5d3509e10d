import { type InspectionTallyFacts, inspectionContributions } from '../domain/evaluation.ts';
import { tallyReader } from './tally-records.ts';

/**
 * The Enforcement stream → the evaluation's tallies: inspections planned (and over the yearly limit) and carried out
 * per department. The table's yearly counters (`QUOTA#…`) carry no timeline, so they add nothing.
 */
export const handler = tallyReader<InspectionTallyFacts & { readonly id: string }>(
  'enforcement',
  inspectionContributions,
);
