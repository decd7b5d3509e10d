import * as z from 'zod/mini';
import { type CounterName, counterNames } from '../../domain/evaluation.ts';
import { instant, int, isoDate, named, nullable, Text } from './shared.ts';

/**
 * Builds a schema when this module loads, like a plain constant, but marked free of side effects for esbuild: a Lambda
 * bundle that never names the schema drops it rather than building it at every cold start (issue 17 item 3). esbuild
 * honours the mark for calls in the same module only, hence one per module.
 */
/* @__NO_SIDE_EFFECTS__ */
function built<T>(make: () => T): T {
  return make();
}

/**
 * The response schemas of the evaluations area's routes (functions/http/routes/evaluations.ts); shared.ts holds those
 * several areas use.
 */

// ---- Evaluations ----

/** Every metric of a unit over a period (functions/domain/evaluation.ts `metricsOf`): counts, and rates (null over nothing). */
const metricShape = built(() => ({
  ...(Object.fromEntries(counterNames.map((name) => [name, int])) as Record<CounterName, typeof int>),
  onTimeRate: nullable(z.number()),
  earlyRate: nullable(z.number()),
  immediateShareOfCases: nullable(z.number()),
  averageWorkingDays: nullable(z.number()),
  speedUp: nullable(z.number()),
  complaintOnTimeRate: nullable(z.number()),
  satisfactionRate: nullable(z.number()),
  badReviewsRectifiedOnTimeRate: nullable(z.number()),
  opinionsOnTimeRate: nullable(z.number()),
  visitProblemsRectifiedOnTimeRate: nullable(z.number()),
}));

export const EvaluationMetrics = built(() => named(z.strictObject(metricShape), 'EvaluationMetrics'));

const EvaluationUnit = built(() =>
  named(
    z.strictObject({
      kind: z.enum(['CENTRE', 'DEPARTMENT', 'WINDOW', 'OFFICER', 'ITEM']),
      id: z.string(),
      departmentId: z.optional(z.string()),
      name: z.optional(z.string()),
    }),
    'EvaluationUnit',
  ),
);

const Target = built(() =>
  named(
    z.strictObject({
      name: Text,
      definition: z.string(),
      unit: z.enum(['percentage points', 'share']),
      baseline: nullable(z.number()),
      current: nullable(z.number()),
      target: nullable(z.number()),
      met: nullable(z.boolean()),
      note: z.optional(z.string()),
    }),
    'Target',
    'A campaign target: its definition, the baseline recorded in the catalogue, the current figure, the target and whether it is met (null: nothing to measure yet)',
  ),
);

const EvaluationTrigger = built(() =>
  named(
    z.discriminatedUnion('kind', [
      z.strictObject({ kind: z.literal('SCHEDULE'), schedule: z.string(), scheduledTime: instant }),
      // `by` (the account) to the caller who ran it; the public page shows only `role`.
      z.strictObject({ kind: z.literal('REQUEST'), by: z.optional(z.string()), role: z.optional(z.string()) }),
    ]),
    'EvaluationTrigger',
  ),
);

/** When and by what a snapshot was computed (eval-design "Snapshot provenance"). */
const provenance = built(() => ({
  period: z.string(),
  kind: z.enum(['MONTH', 'QUARTER', 'YEAR', 'PHASE', 'RANGE']),
  name: Text,
  from: isoDate,
  to: isoDate,
  /** False while the period is still running (month to date; a run before its end). */
  complete: z.boolean(),
  /** The last day counted. */
  through: isoDate,
  revision: int,
  generatedAt: instant,
  generatedBy: z.string(),
  trigger: EvaluationTrigger,
  definitionsVersion: int,
}));

export const Evaluation = built(() =>
  named(
    z.strictObject({
      ...provenance,
      centre: EvaluationMetrics,
      departments: z.array(
        z.extend(EvaluationMetrics, {
          departmentId: z.string(),
          /** null: a department the tallies name that the directory no longer has. */
          name: nullable(Text),
          immediateShareOfItems: nullable(z.number()),
          /** The year's public appraisal (v5): on a year's rows only; absent on other periods and older snapshots. */
          appraisal: z.optional(
            z.strictObject({
              ratings: int,
              weightedTotal: nullable(z.number()),
              grade: nullable(z.enum(['SATISFIED', 'BASICALLY_SATISFIED', 'DISSATISFIED'])),
              rank: nullable(int),
              final: z.boolean(),
            }),
          ),
        }),
      ),
      items: z.array(
        z.extend(EvaluationMetrics, { itemCode: z.string(), name: nullable(Text), departmentId: nullable(z.string()) }),
      ),
      targets: z.strictObject({
        immediateShare: Target,
        shortenedItems: Target,
        promisedTimeReduction: Target,
        onlineDisclosure: Target,
      }),
      definitions: z.record(z.string(), z.strictObject({ name: Text, definition: z.string() })),
      revisions: z.array(z.strictObject({ revision: int, generatedAt: instant, generatedBy: z.string() })),
    }),
    'Evaluation',
    "A period's evaluation as its latest snapshot: the centre, each department and item, the campaign scorecard, every metric's definition, and the revisions kept",
  ),
);

/** Which snapshot a part of an evaluation comes from (GET …/targets, …/items). */
const snapshotStamp = built(() => ({
  period: provenance.period,
  kind: provenance.kind,
  name: provenance.name,
  from: provenance.from,
  to: provenance.to,
  complete: provenance.complete,
  through: provenance.through,
  revision: provenance.revision,
  generatedAt: provenance.generatedAt,
}));

export const EvaluationTargets = built(() =>
  named(
    z.strictObject({ ...snapshotStamp, targets: Evaluation.shape.targets }),
    'EvaluationTargets',
    "The campaign scorecard of a period's latest snapshot: the four targets, each with its definition, unit, baseline, current figure, target and verdict",
  ),
);

export const EvaluationItems = built(() =>
  named(
    z.strictObject({ ...snapshotStamp, items: Evaluation.shape.items }),
    'EvaluationItems',
    "Each item's figures of a period's latest snapshot",
  ),
);

export const EvaluationOfficers = built(() =>
  named(
    z.strictObject({
      period: z.string(),
      revision: int,
      generatedAt: instant,
      officers: z.array(
        z.extend(EvaluationMetrics, {
          officer: z.string(),
          name: nullable(z.string()),
          departmentId: nullable(z.string()),
        }),
      ),
      windows: z.array(
        z.extend(EvaluationMetrics, { windowId: z.string(), name: nullable(Text), departmentId: nullable(z.string()) }),
      ),
    }),
    'EvaluationOfficers',
    "The officers' and windows' figures of a period's latest snapshot (a head sees their own department's only)",
  ),
);

const AwardRanking = built(() =>
  named(
    z.strictObject({
      ranked: z.array(
        z.strictObject({
          rank: int,
          unit: EvaluationUnit,
          score: z.number(),
          figures: z.record(z.string(), nullable(z.number())),
        }),
      ),
      excluded: z.array(
        z.strictObject({
          unit: EvaluationUnit,
          kind: z.enum(['ACCOUNTABILITY', 'BELOW_MINIMUM_VOLUME']),
          reason: z.string(),
          records: z.array(z.string()),
        }),
      ),
    }),
    'AwardRanking',
    'Candidates ranked by score (up to the quota), and every unit left out with the reason and the accountability records behind it',
  ),
);

export const Awards = built(() =>
  named(
    z.strictObject({
      year: z.string(),
      scoring: z.string(),
      /** The year's snapshot the figures come from. */
      basedOn: z.strictObject({ period: z.string(), revision: int, generatedAt: instant, complete: z.boolean() }),
      civilisedSections: AwardRanking,
      bestCivilServants: AwardRanking,
      serviceStars: AwardRanking,
    }),
    'Awards',
    "The year's assessment feed: 文明处室, 最佳公务员 and 服务标兵 candidates, never one with a substantiated accountability record that year",
  ),
);
