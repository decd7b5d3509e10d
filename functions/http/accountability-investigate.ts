import { accountabilityPolicy } from '../common/accountability-policy.ts';
import { now } from '../common/clock.ts';
import { startClockOf } from '../common/clock-executions.ts';
import { deadlineOf, policyOf } from '../domain/duty.ts';
import { toShanghaiIso } from '../domain/time.ts';
import { idOfRecord, writeRecord } from '../store/accountability.ts';
import { currentCalendar } from '../store/calendar.ts';
import { clockCreated, newClock } from '../store/clocks.ts';
import { accountabilityDetail, concurrentChange, recordInReach, requireState } from './accountability-access.ts';
import { httpHandler, requireIdentity } from './handler.ts';
import { accountabilityInvestigateRoute } from './routes/accountability.ts';

/**
 * A supervisor takes an OPEN record into investigation (立案调查): INVESTIGATING, and the investigation's clock starts
 * (ACCOUNTABILITY_POLICY `investigationWorkingDays`, default 30 working days; undecided then → escalated), written
 * with the record in one transaction, then started.
 */
export const handler = httpHandler(accountabilityInvestigateRoute, async (request) => {
  const identity = requireIdentity(request);
  const found = await recordInReach(request, request.path.id);
  requireState(found, 'investigate');
  const id = idOfRecord(found);
  const at = now();
  const atIso = toShanghaiIso(at);
  const workingDays = accountabilityPolicy().investigationWorkingDays;
  const policy = policyOf('INVESTIGATION');
  const deadline = deadlineOf(await currentCalendar(), policy.unit, at, workingDays);
  const clock = newClock(policy, id, workingDays, deadline, at);
  const written = await writeRecord(
    found,
    {
      status: 'INVESTIGATING',
      investigation: {
        at: atIso,
        by: identity.sub,
        ...(request.body.note ? { note: request.body.note } : {}),
        deadline: deadline.deadline,
        deadlineDate: deadline.deadlineDate,
        workingDays,
      },
    },
    {
      at: atIso,
      type: 'INVESTIGATION_OPENED',
      by: identity.sub,
      note: `立案调查，${deadline.deadlineDate} 前作出决定 Investigation opened, to be decided by the end of ${deadline.deadlineDate}${request.body.note ? `: ${request.body.note}` : ''}`,
    },
    // A clock of this record already there (an earlier investigation's) fails the whole write: a record is
    // investigated once, and the record's own head condition decides two supervisors opening it at once.
    [clockCreated(clock)],
  );
  if (!written) throw concurrentChange(id);
  await startClockOf({ subject: clock.subject, duty: clock.duty });
  return { status: 200, body: accountabilityDetail(written, accountabilityPolicy()) };
});
