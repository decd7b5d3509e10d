import { csvAnswer, metricCells, metricNames, nameOf, snapshotAnswer, snapshotStamp } from './evaluation-views.ts';
import { headerOf, httpHandler } from './handler.ts';
import { evaluationsItemsRoute } from './routes/evaluations.ts';

/**
 * Public (政务公开): each item's figures of a period's latest snapshot (the same `items` GET /v1/evaluations/{period}
 * carries). `Accept: text/csv`: one row per item.
 */
export const handler = httpHandler(evaluationsItemsRoute, async (request) => {
  const { period } = request.path;
  return snapshotAnswer(period, headerOf(request.event, 'accept'), {
    csv: (evaluation) => {
      return csvAnswer(
        period,
        '-items',
        ['itemCode', 'name', 'departmentId', ...metricNames],
        evaluation.items.map((i) => [i.itemCode, nameOf(i.name), i.departmentId, ...metricCells(i)]),
      );
    },
    json: (evaluation) => ({ ...snapshotStamp(evaluation), items: evaluation.items }),
  });
});
