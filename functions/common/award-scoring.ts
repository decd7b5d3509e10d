import * as z from 'zod/mini';
import { type AwardConfig, counterNames, defaultAwardConfig } from '../domain/evaluation.ts';

/**
 * The award scoring as a deployment setting (docs/evaluation.md, "The year's award candidates"): the environment
 * variable AWARD_SCORING holds a JSON object with any of `quotas`, `weights`, `penalties` and `volume`, each field
 * given replacing the default of `defaultAwardConfig`, every other field keeping its default. CDK sets it on the
 * awards function from the context `awardScoring`; the local runtime passes its own environment on. A bad value is
 * refused where the setting is read — `cdk synth`, `npm start`, a function's cold start — naming the field and why,
 * never left to turn a ranking into nonsense.
 */
export const AWARD_SCORING_VARIABLE = 'AWARD_SCORING';

const count = z
  .number('must be a whole number ≥ 0')
  .check(
    z.int('must be a whole number ≥ 0'),
    z.gte(0, 'must be a whole number ≥ 0'),
    z.lte(1000, 'must be at most 1000'),
  );
const weight = z
  .number('must be a number ≥ 0')
  .check(z.gte(0, 'must be a number ≥ 0'), z.lte(10_000, 'must be at most 10000'));
const volume = z.partial(
  z.strictObject({
    metric: z.enum(counterNames, `must be one of the counts: ${counterNames.join(', ')}`),
    minimum: count,
  }),
);

const AwardScoringSetting = z.partial(
  z.strictObject({
    quotas: z.partial(z.strictObject({ civilisedSections: count, bestCivilServants: count, serviceStars: count })),
    weights: z.partial(
      z.strictObject({ onTimeRate: weight, earlyRate: weight, speedUp: weight, immediateShareOfCases: weight }),
    ),
    penalties: z.partial(
      z.strictObject({ overdue: weight, deemedApprovals: weight, redCards: weight, repeatedNotices: weight }),
    ),
    volume: z.partial(z.strictObject({ civilisedSections: volume, bestCivilServants: volume, serviceStars: volume })),
  }),
);

/** What a deployment may set: any part of the scoring. */
export type AwardScoringSetting = z.infer<typeof AwardScoringSetting>;

/** A bad award scoring setting: the message names where it came from, the field and why. */
export class AwardScoringError extends Error {
  override readonly name = 'AwardScoringError';
}

/**
 * The scoring in force for a setting: the defaults with every field the setting gives replaced. Throws an Error
 * naming the first bad field (`weights.onTimeRate: must be a number ≥ 0`), or saying the text is not JSON.
 * `source` names where the setting came from, for the message.
 */
export function awardConfigOf(setting: unknown, source = AWARD_SCORING_VARIABLE): AwardConfig {
  let value = setting;
  if (typeof setting === 'string') {
    try {
      value = JSON.parse(setting);
    } catch (error) {
      throw new AwardScoringError(
        `${source}: not JSON (${(error as Error).message}); expected an object such as {"quotas": {"serviceStars": 10}}`,
      );
    }
  }
  const parsed = AwardScoringSetting.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join('.') || '(the whole setting)';
    const why =
      issue?.code === 'unrecognized_keys'
        ? `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.join(', ')} (known: quotas, weights, penalties, volume and theirs, as in docs/evaluation.md)`
        : issue?.path.length === 0
          ? 'must be a JSON object'
          : issue?.message;
    throw new AwardScoringError(`${source}: ${field}: ${why}`);
  }
  const s = parsed.data;
  const d = defaultAwardConfig;
  return {
    quotas: { ...d.quotas, ...s.quotas },
    weights: { ...d.weights, ...s.weights },
    penalties: { ...d.penalties, ...s.penalties },
    volume: {
      civilisedSections: { ...d.volume.civilisedSections, ...s.volume?.civilisedSections },
      bestCivilServants: { ...d.volume.bestCivilServants, ...s.volume?.bestCivilServants },
      serviceStars: { ...d.volume.serviceStars, ...s.volume?.serviceStars },
    },
  };
}

let cached: { text: string | undefined; config: AwardConfig } | undefined;

/** The scoring in force in this process: AWARD_SCORING (absent or empty: the defaults), read once per value. */
export function awardScoring(): AwardConfig {
  const text = process.env[AWARD_SCORING_VARIABLE]?.trim() || undefined;
  if (cached && cached.text === text) return cached.config;
  const config = text === undefined ? defaultAwardConfig : awardConfigOf(text);
  cached = { text, config };
  return config;
}
