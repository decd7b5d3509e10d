import { readOfficers } from '../common/evaluate.ts';
import { wantsCsv } from './csv.ts';
import { csvAnswer, metricCells, metricNames, notEvaluated } from './evaluation-views.ts';
import { headerOf, httpHandler, requireIdentity } from './handler.ts';
import { evaluationsOfficersRoute } from './routes/evaluations.ts';

/**
 * The officers' and windows' figures of a period: supervision sees everyone's; a head only their own department's
 * (scope `department` in routes.ts — a head is answered with their own department, never refused, as the worklist
 * is). `Accept: text/csv`: one row per officer.
 */
export const handler = httpHandler(evaluationsOfficersRoute, async (request) => {
  const { period } = request.path;
  const identity = requireIdentity(request);
  // The authorization middleware admits a department-scoped role only with a department in its token.
  const department = request.scope === 'department' ? identity.department : undefined;
  const evaluation = await readOfficers(period.id, department);
  if (!evaluation) throw notEvaluated(period);
  if (wantsCsv(headerOf(request.event, 'accept'))) {
    return csvAnswer(
      period,
      '-officers',
      ['officer', 'name', 'departmentId', ...metricNames],
      evaluation.officers.map((o) => [o.officer, o.name, o.departmentId, ...metricCells(o)]),
    );
  }
  return { status: 200, body: evaluation };
});
