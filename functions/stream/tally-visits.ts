import { type VisitTallyFacts, visitContributions } from '../domain/evaluation.ts';
import { tallyReader } from './tally-records.ts';

/** The Visits stream → the evaluation's tallies: visits, problems found, rectified on time and overdue per department. */
export const handler = tallyReader<VisitTallyFacts & { readonly id: string }>('visits', visitContributions);
