import { type AccountabilityTallyFacts, accountabilityContributions } from '../domain/evaluation.ts';
import { tallyReader } from './tally-records.ts';

/** The Accountability stream → the evaluation's tallies: records decided, published and dismissed per department. */
export const handler = tallyReader<AccountabilityTallyFacts & { readonly id: string }>(
  'accountability',
  accountabilityContributions,
);
