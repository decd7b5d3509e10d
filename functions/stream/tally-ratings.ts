import { type RatingTallyFacts, ratingContributions } from '../domain/evaluation.ts';
import { tallyReader } from './tally-records.ts';

/** The Ratings stream → the evaluation's tallies: ratings, satisfied, bad reviews, rectified on time, excluded. */
export const handler = tallyReader<RatingTallyFacts & { readonly id: string }>('rating', ratingContributions);
