import { type GrievanceTallyFacts, grievanceContributions } from '../domain/evaluation.ts';
import { tallyReader } from './tally-records.ts';

/** The Grievances stream → the evaluation's tallies: complaints received, answered (on time), substantiated, overdue. */
export const handler = tallyReader<GrievanceTallyFacts>('grievance', grievanceContributions);
