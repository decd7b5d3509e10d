import { awardScoring } from '../common/award-scoring.ts';
import { readEvaluation, readOfficers } from '../common/evaluate.ts';
import { problems } from '../common/problem.ts';
import { statusOf } from '../domain/accountability.ts';
import { rankAwards, type UnitFigures } from '../domain/evaluation.ts';
import { listByYear } from '../store/accountability.ts';
import { metricsOnly, nameOf, notEvaluated } from './evaluation-views.ts';
import { httpHandler } from './handler.ts';
import { evaluationsAwardsRoute } from './routes/evaluations.ts';

// The deployment's scoring (AWARD_SCORING), read at the cold start: a bad setting fails the function's start with the
// field named, before any request is answered with a ranking it did not mean.
awardScoring();

/**
 * The year's assessment feed (文明处室, 最佳公务员, 服务标兵): the departments' and officers' figures of the year's
 * latest snapshot, ranked by the domain's documented scoring (`rankAwards`) with the deployment's weights and
 * quotas (AWARD_SCORING), never proposing a unit or officer with a substantiated accountability record that year.
 */
export const handler = httpHandler(evaluationsAwardsRoute, async (request) => {
  const { period } = request.path;
  const [{ evaluation, officers }, records] = await Promise.all([sameRevision(period.id), listByYear(period.id)]);
  if (!evaluation || !officers) throw notEvaluated(period, { zh: `${period.id} 年度`, en: `The year ${period.id}` });
  const departments: UnitFigures[] = evaluation.departments.map((d) => ({
    unit: { kind: 'DEPARTMENT', id: d.departmentId, departmentId: d.departmentId, ...named(nameOf(d.name)) },
    metrics: metricsOnly(d),
  }));
  const people: UnitFigures[] = officers.officers.map((o) => ({
    unit: {
      kind: 'OFFICER',
      id: o.officer,
      ...(o.departmentId ? { departmentId: o.departmentId } : {}),
      ...named(o.name),
    },
    metrics: metricsOnly(o),
  }));
  const awards = rankAwards(
    {
      year: period.id,
      departments,
      officers: people,
      // Every record here is a lapse written by the system from its own timeline (a deadline that ran out, a
      // substantiated complaint), not an allegation awaiting inquiry: each stands as found (查实) — unless supervision
      // dismissed it on investigation (docs/supervision.md), which clears it.
      records: records.map((r) => ({
        caseId: r.caseId,
        reason: r.reason,
        departmentId: r.departmentId,
        handlerId: r.handler.id,
        leaderId: r.leader.id,
        at: r.at,
        substantiated: statusOf(r) !== 'DISMISSED',
      })),
    },
    awardScoring(),
  );
  return {
    status: 200,
    body: {
      ...awards,
      basedOn: {
        period: evaluation.period,
        revision: evaluation.revision,
        generatedAt: evaluation.generatedAt,
        complete: evaluation.complete,
      },
    },
  };
});

/**
 * The year's evaluation and its officers from one revision. Each read names the revision it read; a run of the year
 * committed between the two would mix two revisions' figures, so they are read again (a run takes seconds, a read
 * milliseconds: a second try finds both on the new one).
 */
async function sameRevision(year: string) {
  for (let attempt = 1; ; attempt++) {
    const [evaluation, officers] = await Promise.all([readEvaluation(year), readOfficers(year)]);
    if (!evaluation || !officers || evaluation.revision === officers.revision) return { evaluation, officers };
    if (attempt === 3) {
      throw problems.conflict(
        'evaluation-running',
        `${year} 年度正在重新评估（已读取版本 ${evaluation.revision} 和 ${officers.revision}），请稍后再试 The year ${year} is being evaluated again right now (revision ${evaluation.revision} and ${officers.revision} read); ask again in a minute.`,
      );
    }
  }
}

function named(name: string | null): { name?: string } {
  return name ? { name } : {};
}
