import { readEvaluation } from '../common/evaluate.ts';
import { wantsCsv } from './csv.ts';
import { csvAnswer, metricCells, metricNames, nameOf, notEvaluated, snapshotStamp } from './evaluation-views.ts';
import { headerOf, httpHandler } from './handler.ts';

/**
 * Public (政务公开): each item's figures of a period's latest snapshot (the same `items` GET /v1/evaluations/{period}
 * carries). `Accept: text/csv`: one row per item.
 */
export const handler = httpHandler('evaluationsItems', async (request) => {
  const { period } = request.path;
  const evaluation = await readEvaluation(period.id);
  if (!evaluation) throw notEvaluated(period);
  if (wantsCsv(headerOf(request.event, 'accept'))) {
    return csvAnswer(
      period,
      '-items',
      ['itemCode', 'name', 'departmentId', ...metricNames],
      evaluation.items.map((i) => [i.itemCode, nameOf(i.name), i.departmentId, ...metricCells(i)]),
    );
  }
  return { status: 200, body: { ...snapshotStamp(evaluation), items: evaluation.items } };
});
