import { now } from '../common/clock.ts';
import { problems } from '../common/problem.ts';
import { toShanghaiIso } from '../domain/time.ts';
import { currentCalendar } from '../store/calendar.ts';
import { transitionCase } from '../store/cases.ts';
import { caseInReach } from './case-access.ts';
import { approvalClockOf, movedDeadline, reschedule } from './deadline-moves.ts';
import { httpHandler, requireIdentity } from './handler.ts';
import { applicationsExtensionApproveRoute } from './routes/applications.ts';
import { caseView } from './views.ts';

/** The department head approves the pending extension before the deadline; the applicant is told the new one. */
export const handler = httpHandler(applicationsExtensionApproveRoute, async (request) => {
  const identity = requireIdentity(request);
  const { id } = request.path;
  const found = await caseInReach(request, id);
  if (found.extension?.status !== 'PENDING' || found.status !== 'ACCEPTED') {
    throw problems.conflict(
      'no-pending-extension',
      `案件 ${id} 没有待批准的延期申请 Case ${id} has no pending extension to approve.`,
      {
        caseStatus: found.status,
      },
    );
  }
  const at = now();
  const moved = movedDeadline(await currentCalendar(), found, found.extension.workingDays);
  const after = await transitionCase(
    found,
    'ACCEPTED',
    {
      ...moved,
      extension: { ...found.extension, status: 'APPROVED', approvedBy: identity.sub, approvedAt: toShanghaiIso(at) },
    },
    {
      at: toShanghaiIso(at),
      type: 'EXTENDED',
      by: identity.sub,
      note: `经负责人批准延期 ${found.extension.workingDays} 个工作日至 ${moved.deadlineDate}：${found.extension.reason} Extended by the head to ${moved.deadlineDate}: ${found.extension.reason}`,
    },
    [],
    at.toISOString(),
    // The execution owes a re-plan around the new deadline (its warning moves) until its next checkpoint reads it.
    {
      changes: [
        {
          key: approvalClockOf(found),
          from: ['RUNNING'],
          set: { ...moved, replanOwed: at.toISOString() },
          add: { extensions: 1 },
        },
      ],
    },
  );
  if (!after)
    throw problems.conflict(
      'not-extendable',
      `案件 ${id} 已被他人修改，或承诺时限已届满 Case ${id} changed meanwhile or its deadline has passed.`,
    );
  await reschedule(after);
  return { status: 200, body: caseView(after, identity) };
});
