import { now } from '../common/clock.ts';
import { problems } from '../common/problem.ts';
import { toShanghaiIso } from '../domain/time.ts';
import { transitionCase } from '../store/cases.ts';
import { caseInReach } from './case-access.ts';
import { approvalClockOf } from './deadline-moves.ts';
import { httpHandler, requireIdentity } from './handler.ts';
import { applicationsSuspendRoute } from './routes/applications.ts';
import { caseView } from './views.ts';

/**
 * Pause (Art.45: hearing, testing, expert review… and 补正): the clock stands while SUSPENDED. Only before the
 * deadline and never overlapping another pause (a SUSPENDED case cannot be suspended again).
 */
export const handler = httpHandler(applicationsSuspendRoute, async (request) => {
  const identity = requireIdentity(request);
  const { id } = request.path;
  const found = await caseInReach(request, id);
  if (found.status !== 'ACCEPTED') {
    throw problems.conflict(
      'not-pausable',
      found.status === 'SUSPENDED'
        ? `案件 ${id} 已暂停计时，暂停不能重叠 Case ${id} is already paused; pauses cannot overlap.`
        : `案件 ${id} 当前状态为 ${found.status}：只有正在计时的案件可以暂停计时 Case ${id} is ${found.status}: only a running clock can be paused.`,
      { caseStatus: found.status },
    );
  }
  const at = now();
  const { reason, expectedWorkingDays, note } = request.body;
  const pause = { reason, expectedWorkingDays, ...(note ? { note } : {}), from: toShanghaiIso(at), by: identity.sub };
  const after = await transitionCase(
    found,
    'ACCEPTED',
    { status: 'SUSPENDED', pauses: [...(found.pauses ?? []), pause] },
    {
      at: pause.from,
      type: 'SUSPENDED',
      by: identity.sub,
      note: `暂停计时（${reason}），预计 ${expectedWorkingDays} 个工作日 Clock paused (${reason}), expected ${expectedWorkingDays} working days${note ? `: ${note}` : ''}`,
    },
    [],
    at.toISOString(),
    {
      changes: [{ key: approvalClockOf(found), from: ['RUNNING'], set: { phase: 'PAUSED', pausedSince: pause.from } }],
    },
  );
  if (!after) {
    throw problems.conflict(
      'not-pausable',
      `案件 ${id} 已被他人修改，或承诺时限已届满；时限届满后不能暂停计时 Case ${id} changed meanwhile or its deadline has passed; a pause cannot start after the deadline.`,
    );
  }
  return { status: 200, body: caseView(after, identity) };
});
