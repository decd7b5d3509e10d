import { now } from '../common/clock.ts';
import { DECISION_SIGNALS } from '../common/clock-contract.ts';
import { signalDecision } from '../common/clock-executions.ts';
import { problems } from '../common/problem.ts';
import { withdrawableStatuses } from '../domain/case.ts';
import { toShanghaiIso } from '../domain/time.ts';
import { transitionCase, withdrawAccepted } from '../store/cases.ts';
import { clockEnds, getClock } from '../store/clocks.ts';
import { caseInReach } from './case-access.ts';
import { httpHandler, requireIdentity } from './handler.ts';
import { applicationsWithdrawRoute } from './routes/applications.ts';
import { caseView } from './views.ts';

/**
 * The applicant withdraws before a decision. An accepted case must still be before its deadline (the same DynamoDB
 * condition as a decision, so a withdrawal never undoes a deemed approval); its clock then ends as "Withdrawn".
 */
export const handler = httpHandler(applicationsWithdrawRoute, async (request) => {
  const identity = requireIdentity(request);
  const { id } = request.path;
  const found = await caseInReach(request, id);
  if (!withdrawableStatuses.includes(found.status)) {
    throw problems.conflict(
      'not-withdrawable',
      `案件 ${id} 当前状态为 ${found.status}，已无可撤回的申请 Case ${id} is ${found.status}: there is nothing left to withdraw.`,
      {
        caseStatus: found.status,
      },
    );
  }
  const at = now();
  const event = {
    at: toShanghaiIso(at),
    type: 'WITHDRAWN' as const,
    by: identity.sub,
    note: `申请人撤回申请 Withdrawn by the applicant${request.body.reason ? `: ${request.body.reason}` : ''}`,
  };
  if (found.status !== 'ACCEPTED') {
    // Not yet accepted (its intake review ends, if it had one), or paused (its approval clock still runs, waiting for
    // the resume: it ends here, and its token ends the execution at once).
    const clock =
      found.status === 'RECEIVED'
        ? clockEnds({ subject: id, duty: 'INTAKE_REVIEW' }, ['RUNNING'], 'WITHDRAWN', event.at)
        : found.status === 'SUSPENDED'
          ? clockEnds({ subject: id, duty: 'APPROVAL' }, ['PAUSED'], 'WITHDRAWN', event.at)
          : undefined;
    const after = await transitionCase(
      found,
      found.status,
      { status: 'WITHDRAWN', withdrawnAt: event.at },
      event,
      ['openDepartment'],
      undefined,
      clock ? { changes: [clock] } : {},
    );
    if (!after)
      throw problems.conflict(
        'concurrent-change',
        `案件 ${id} 已被他人修改，请重新读取 Case ${id} changed meanwhile; read it again.`,
      );
    // Read after the write that ended the clock: a token stored before it is seen here, one stored after is refused.
    const taskToken =
      found.status === 'SUSPENDED' ? (await getClock({ subject: id, duty: 'APPROVAL' }))?.taskToken : undefined;
    if (taskToken) {
      await signalDecision(taskToken, { caseId: id, signal: DECISION_SIGNALS.withdrawn, status: 'WITHDRAWN' });
    }
    return { status: 200, body: caseView(after, identity) };
  }
  const written = await withdrawAccepted(found, event, at.toISOString());
  if (!written.ok) {
    throw problems.conflict(
      'not-withdrawable',
      `案件 ${id} 当前状态为 ${written.current?.status ?? '已不存在 gone'}，或已过承诺时限 Case ${id} is ${written.current?.status ?? 'gone'} or past its deadline.`,
      {
        caseStatus: written.current?.status,
      },
    );
  }
  if (written.taskToken) {
    await signalDecision(written.taskToken, {
      caseId: id,
      signal: DECISION_SIGNALS.withdrawn,
      status: 'WITHDRAWN',
    });
  }
  return { status: 200, body: caseView(written.after, identity) };
});
