import { problems } from '../common/problem.ts';
import { movedDeadlineOf } from '../domain/duty.ts';
import { currentCalendar } from '../store/calendar.ts';
import { deadlineFields } from '../store/clocks.ts';
import { writeGrievance } from '../store/grievances.ts';
import { changedMeanwhile, grievanceInReach, grievanceView, nowIso } from './grievance-access.ts';
import { httpHandler, requireIdentity } from './handler.ts';

/**
 * Supervision approves the pending extension: the handling deadline moves, on the grievance and its clock in one
 * transaction. The clock re-plans at its next checkpoint (it has no decision wait to signal); it wakes at the old
 * deadline, finds the new one ahead, and waits again.
 */
export const handler = httpHandler('grievancesExtensionApprove', async (request) => {
  const identity = requireIdentity(request);
  const found = await grievanceInReach(request, request.path.id);
  if (found.extension?.status !== 'PENDING' || found.status !== 'ACCEPTED' || !found.handleBy) {
    throw problems.conflict('no-pending-extension', `Grievance ${found.id} has no pending extension to approve.`, {
      grievanceStatus: found.status,
    });
  }
  const { at, when } = nowIso();
  const moved = movedDeadlineOf(await currentCalendar(), found.unit, found.handleBy.deadlineDate, found.extension.days);
  const fields = deadlineFields(moved);
  const after = await writeGrievance(
    found,
    {
      at: when,
      type: 'GRIEVANCE_EXTENDED',
      by: identity.sub,
      note: `批准延期至 ${moved.deadlineDate} Extended to ${moved.deadlineDate}: ${found.extension.reason}`,
    },
    {
      handleBy: { deadlineDate: fields.deadlineDate, deadline: fields.deadline, deadlineAt: fields.deadlineAt },
      extension: { ...found.extension, status: 'APPROVED', approvedBy: identity.sub, approvedAt: when },
    },
    {
      changes: [
        {
          key: { subject: found.id, duty: 'GRIEVANCE_HANDLE' },
          from: ['RUNNING'],
          set: fields,
          add: { extensions: 1 },
        },
      ],
    },
    // Approval vs the handling deadline: only while it is still ahead (after it, the stage is overdue).
    { attribute: 'handleBy', before: at.toISOString() },
  );
  if (!after) throw changedMeanwhile(found.id);
  return { status: 200, body: grievanceView(after, 'SUPERVISOR') };
});
