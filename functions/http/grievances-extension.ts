import { problems } from '../common/problem.ts';
import { policies } from '../domain/duty.ts';
import { extendableStageOf, extendableStages, grievanceStageNames } from '../domain/grievance.ts';
import { getClock } from '../store/clocks.ts';
import { writeGrievance } from '../store/grievances.ts';
import { changedMeanwhile, grievanceInReach, grievanceView, nowIso, stageDutyOf } from './grievance-access.ts';
import { httpHandler, requireIdentity } from './handler.ts';
import { grievancesExtensionRoute } from './routes/grievances.ts';

/**
 * The head of the assigned department asks for the one extension of the stage the grievance is in: the handling
 * (+30 days at most), the review or the re-review (+30 each). Once per stage: a second in the same stage → 409.
 */
export const handler = httpHandler(grievancesExtensionRoute, async (request) => {
  const identity = requireIdentity(request);
  const found = await grievanceInReach(request, request.path.id);
  const stage = extendableStageOf(found.status, found.reviewRound);
  if (!stage) throw changedMeanwhile(found.id);
  const { extensionField, deadlineField } = extendableStages[stage];
  const duty = stageDutyOf(stage);
  const clock = await getClock({ subject: found.id, duty });
  const max = policies[duty].extensions?.max ?? 0;
  if (found[extensionField] || (clock?.extensions ?? 0) >= max) {
    throw problems.conflict(
      'extension-used',
      `投诉举报 ${found.id} 的${grievanceStageNames[stage].zh}期限已延长过一次 Grievance ${found.id} already had its one extension of the ${grievanceStageNames[stage].en}.`,
    );
  }
  const { days, reason } = request.body;
  const maxDays = policies[duty].extensions?.defaultMaxDays ?? 0;
  if (days > maxDays) {
    throw problems.invalid([
      { field: 'body.days', reason: `本阶段最多 ${maxDays} 日 at most ${maxDays} for this stage` },
    ]);
  }
  const { at, when } = nowIso();
  const name = grievanceStageNames[stage];
  const after = await writeGrievance(
    found,
    {
      at: when,
      type: 'GRIEVANCE_EXTENSION_REQUESTED',
      by: identity.sub,
      note: `申请延长${name.zh}期限 ${days} 日：${reason} Extension of the ${name.en} by ${days} day(s) asked: ${reason}`,
    },
    { [extensionField]: { days, reason, requestedBy: identity.sub, requestedAt: when, status: 'PENDING' } },
    {},
    // Extension vs the stage's deadline: asked only while the deadline is ahead; after it, the stage is overdue.
    { attribute: deadlineField, before: at.toISOString() },
  );
  if (!after) throw changedMeanwhile(found.id);
  return { status: 200, body: grievanceView(after, 'DEPARTMENT') };
});
