import {
  csvAnswer,
  metricCells,
  metricNames,
  nameOf,
  publishedEvaluation,
  snapshotAnswer,
} from './evaluation-views.ts';
import { headerOf, httpHandler } from './handler.ts';
import { evaluationsGetRoute } from './routes/evaluations.ts';

/**
 * Public (政务公开): a period's latest snapshot — the centre, each department and item, the campaign scorecard, every
 * metric's definition and the revisions kept. `Accept: text/csv`: one row per department, then the centre's.
 */
export const handler = httpHandler(evaluationsGetRoute, async (request) => {
  const { period } = request.path;
  return snapshotAnswer(period, headerOf(request.event, 'accept'), {
    csv: (evaluation) => {
      return csvAnswer(
        period,
        '',
        // `unit` first: a department may be called `centre` (the one-stop desk), so the id alone cannot tell the
        // whole centre's row from a department's.
        ['unit', 'departmentId', 'name', ...metricNames, 'immediateShareOfItems'],
        [
          ...evaluation.departments.map((d) => [
            'DEPARTMENT',
            d.departmentId,
            nameOf(d.name),
            ...metricCells(d),
            d.immediateShareOfItems,
          ]),
          // The centre has no share of items of its own here: the scorecard's immediateShare target carries it.
          ['CENTRE', '', '全中心 Whole centre', ...metricCells(evaluation.centre), null],
        ],
      );
    },
    json: (evaluation) => publishedEvaluation(evaluation),
  });
});
