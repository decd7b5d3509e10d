import { acceptanceOf } from '../common/acceptance.ts';
import { now } from '../common/clock.ts';
import { startClockOf } from '../common/clock-executions.ts';
import { problems } from '../common/problem.ts';
import { currentCalendar } from '../store/calendar.ts';
import { getCase, transitionCase } from '../store/cases.ts';
import { httpHandler, requireIdentity } from './handler.ts';
import { receivedCase } from './intake.ts';
import { applicationsAcceptRoute } from './routes/applications.ts';
import { caseView } from './views.ts';

/** A clerk accepts an application received for review: the deadline runs from today and the clock starts. */
export const handler = httpHandler(applicationsAcceptRoute, async (request) => {
  const identity = requireIdentity(request);
  const { id } = request.path;
  const { found, item } = await receivedCase(request, id);
  const acceptance = acceptanceOf(await currentCalendar(), id, item, now(), { kind: 'STAFF', by: identity.sub });
  // Racing the intake clock at the end of the review period: both move RECEIVED under the same head; one wins.
  const after = await transitionCase(found, 'RECEIVED', acceptance.fields, acceptance.event, [], undefined, {
    created: [acceptance.clock],
    changes: [acceptance.intakeEnds],
  });
  if (!after) {
    const current = await getCase(id);
    throw problems.conflict(
      'not-under-review',
      `案件 ${id} 已被他人修改（${current?.status}） Case ${id} changed meanwhile (${current?.status}).`,
      {
        caseStatus: current?.status,
      },
    );
  }
  await startClockOf(acceptance.clock);
  return { status: 200, body: caseView(after, identity) };
});
