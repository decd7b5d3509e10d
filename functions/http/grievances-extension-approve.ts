import { problems } from '../common/problem.ts';
import { movedDeadlineOf } from '../domain/duty.ts';
import { extendableStageOf, extendableStages, grievanceStageNames } from '../domain/grievance.ts';
import { currentCalendar } from '../store/calendar.ts';
import { deadlineFields } from '../store/clocks.ts';
import { writeGrievance } from '../store/grievances.ts';
import { changedMeanwhile, grievanceInReach, grievanceView, nowIso, stageDutyOf } from './grievance-access.ts';
import { httpHandler, requireIdentity } from './handler.ts';
import { grievancesExtensionApproveRoute } from './routes/grievances.ts';

/**
 * Supervision approves the pending extension of the stage the grievance is in (the handling, the review or the
 * re-review): the stage's deadline moves, on the grievance and its clock in one transaction. The clock re-plans at
 * its next checkpoint (it has no decision wait to signal); it wakes at the old deadline, finds the new one ahead, and
 * waits again.
 */
export const handler = httpHandler(grievancesExtensionApproveRoute, async (request) => {
  const identity = requireIdentity(request);
  const found = await grievanceInReach(request, request.path.id);
  const stage = extendableStageOf(found.status, found.reviewRound);
  const fieldsOf = stage ? extendableStages[stage] : undefined;
  const extension = fieldsOf ? found[fieldsOf.extensionField] : undefined;
  const deadline = fieldsOf ? found[fieldsOf.deadlineField] : undefined;
  if (!stage || !fieldsOf || extension?.status !== 'PENDING' || !deadline) {
    throw problems.conflict(
      'no-pending-extension',
      `投诉举报 ${found.id} 没有待批准的延期申请 Grievance ${found.id} has no pending extension to approve.`,
      {
        grievanceStatus: found.status,
      },
    );
  }
  const { at, when } = nowIso();
  const moved = movedDeadlineOf(await currentCalendar(), found.unit, deadline.deadlineDate, extension.days);
  const fields = deadlineFields(moved);
  const name = grievanceStageNames[stage];
  const after = await writeGrievance(
    found,
    {
      at: when,
      type: 'GRIEVANCE_EXTENDED',
      by: identity.sub,
      note: `批准延长${name.zh}期限至 ${moved.deadlineDate} The ${name.en} extended to ${moved.deadlineDate}: ${extension.reason}`,
    },
    {
      [fieldsOf.deadlineField]: {
        deadlineDate: fields.deadlineDate,
        deadline: fields.deadline,
        deadlineAt: fields.deadlineAt,
      },
      [fieldsOf.extensionField]: { ...extension, status: 'APPROVED', approvedBy: identity.sub, approvedAt: when },
    },
    {
      changes: [
        {
          key: { subject: found.id, duty: stageDutyOf(stage) },
          from: ['RUNNING'],
          set: fields,
          add: { extensions: 1 },
        },
      ],
    },
    // Approval vs the stage's deadline: only while it is still ahead (after it, the stage is overdue).
    { attribute: fieldsOf.deadlineField, before: at.toISOString() },
  );
  if (!after) throw changedMeanwhile(found.id);
  return { status: 200, body: grievanceView(after, 'SUPERVISOR') };
});
