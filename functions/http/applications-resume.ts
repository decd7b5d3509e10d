import { now } from '../common/clock.ts';
import { problems } from '../common/problem.ts';
import { pausedDaysOf, policies } from '../domain/duty.ts';
import { shanghaiDateOf, toShanghaiIso } from '../domain/time.ts';
import { currentCalendar } from '../store/calendar.ts';
import { transitionCase } from '../store/cases.ts';
import { caseInReach } from './case-access.ts';
import { approvalClockOf, movedDeadline, reschedule } from './deadline-moves.ts';
import { httpHandler, requireIdentity } from './handler.ts';
import { applicationsResumeRoute } from './routes/applications.ts';
import { caseView } from './views.ts';

/**
 * Resume: the working days the pause covered (from its first day up to, not including, today) are added to the
 * deadline, and the clock re-plans at once.
 */
export const handler = httpHandler(applicationsResumeRoute, async (request) => {
  const identity = requireIdentity(request);
  const { id } = request.path;
  const found = await caseInReach(request, id);
  const open = found.pauses?.at(-1);
  if (found.status !== 'SUSPENDED' || !open || open.to) {
    throw problems.conflict(
      'not-paused',
      `案件 ${id} 当前状态为 ${found.status}，未暂停计时 Case ${id} is ${found.status}, not paused.`,
      { caseStatus: found.status },
    );
  }
  const at = now();
  const calendar = await currentCalendar();
  const today = shanghaiDateOf(at);
  const paused = pausedDaysOf(calendar, policies.APPROVAL.unit, shanghaiDateOf(new Date(open.from)), today);
  const moved = movedDeadline(calendar, found, paused);
  const closed = { ...open, to: toShanghaiIso(at), workingDays: paused };
  const after = await transitionCase(
    found,
    'SUSPENDED',
    { status: 'ACCEPTED', ...moved, pauses: [...(found.pauses ?? []).slice(0, -1), closed] },
    {
      at: closed.to,
      type: 'RESUMED',
      by: identity.sub,
      note: `恢复计时，暂停 ${paused} 个工作日，期限顺延至 ${moved.deadlineDate} Clock resumed after ${paused} working day(s); now due by the end of ${moved.deadlineDate}`,
    },
    [],
    undefined,
    {
      changes: [
        {
          key: approvalClockOf(found),
          from: ['PAUSED'],
          // The execution sleeps on the paused plan (up to PAUSED_LOOK_AGAIN_DAYS): it owes a re-plan until its next
          // checkpoint reads this deadline (the marker lets the reconciler re-send a lost RESCHEDULED).
          set: { phase: 'RUNNING', ...moved, replanOwed: at.toISOString() },
          remove: ['pausedSince'],
          add: { pauses: 1 },
        },
      ],
    },
  );
  if (!after)
    throw problems.conflict(
      'concurrent-change',
      `案件 ${id} 已被他人修改，请重新读取 Case ${id} changed meanwhile; read it again.`,
    );
  await reschedule(after);
  return { status: 200, body: caseView(after, identity) };
});
