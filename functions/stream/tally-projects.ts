import { type ProjectTallyFacts, projectContributions } from '../domain/evaluation.ts';
import { tallyReader } from './tally-records.ts';

/** The Projects stream → the evaluation's tallies: green-channel projects, opinions on time, deemed agreements. */
export const handler = tallyReader<ProjectTallyFacts & { readonly id: string }>('project', projectContributions);
