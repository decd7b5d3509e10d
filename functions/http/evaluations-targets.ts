import type { TargetName } from '../domain/evaluation.ts';
import { csvAnswer, nameOf, snapshotAnswer, snapshotStamp } from './evaluation-views.ts';
import { headerOf, httpHandler } from './handler.ts';
import { evaluationsTargetsRoute } from './routes/evaluations.ts';

/**
 * Public (政务公开): the campaign scorecard of a period's latest snapshot — the four targets, each with its
 * definition, baseline, current figure, target and verdict. `Accept: text/csv`: one row per target, its `unit`
 * saying how to read the figures (`percentage points`: per cent, the target the baseline plus points; `share`: 0–1).
 */
export const handler = httpHandler(evaluationsTargetsRoute, async (request) => {
  const { period } = request.path;
  return snapshotAnswer(period, headerOf(request.event, 'accept'), {
    csv: (evaluation) => {
      const targets = Object.entries(evaluation.targets) as [TargetName, (typeof evaluation.targets)[TargetName]][];
      return csvAnswer(
        period,
        '-targets',
        ['key', 'name', 'unit', 'baseline', 'current', 'target', 'met', 'definition', 'note'],
        targets.map(([key, t]) => [
          key,
          nameOf(t.name),
          t.unit,
          t.baseline,
          t.current,
          t.target,
          // Empty when it cannot be said yet (no baseline, nothing to measure), as the JSON's null.
          t.met,
          t.definition,
          t.note,
        ]),
      );
    },
    json: (evaluation) => ({ ...snapshotStamp(evaluation), targets: evaluation.targets }),
  });
});
