import { now } from '../common/clock.ts';
import { DECISION_SIGNALS } from '../common/clock-contract.ts';
import { signalDecision } from '../common/clock-executions.ts';
import { settleIfExpired } from '../common/expiry.ts';
import { problems } from '../common/problem.ts';
import { checkDecision } from '../domain/case.ts';
import { toShanghaiIso } from '../domain/time.ts';
import { type CaseRecord, recordDecision } from '../store/cases.ts';
import { caseInReach } from './case-access.ts';
import { httpHandler, requireIdentity } from './handler.ts';
import { applicationsDecideRoute } from './routes/applications.ts';
import { caseView } from './views.ts';

/**
 * A reviewer of the item's department records the decision. Before the deadline it wins the race against deemed
 * consent by a DynamoDB condition, then wakes the clock so the execution ends at once.
 */
export const handler = httpHandler(applicationsDecideRoute, async (request) => {
  const identity = requireIdentity(request);
  const { id } = request.path;
  const { outcome, reason } = request.body;
  const found = await caseInReach(request, id);

  const at = now();
  const check = checkDecision(found.status, found.deadlineAt ? new Date(found.deadlineAt) : undefined, at);
  if (!check.ok) throw conflict(found, check.reason);
  const stamp = toShanghaiIso(at);
  const written = await recordDecision(
    found,
    { outcome, ...(reason ? { reason } : {}), by: identity.sub, at: stamp, late: check.late },
    {
      at: stamp,
      type: outcome,
      by: identity.sub,
      note: outcome === 'APPROVED' ? '准予许可 Approved' : `不予许可 Rejected: ${reason ?? ''}`,
    },
    at.toISOString(),
  );
  if (!written.ok) {
    // Lost the race (the clock expired it, or another reviewer decided first) between our read and our write.
    const current = written.current ?? found;
    const late = checkDecision(current.status, current.deadlineAt ? new Date(current.deadlineAt) : undefined, now());
    throw conflict(current, late.ok ? 'ALREADY_DECIDED' : late.reason);
  }
  if (written.after.decision?.late) {
    // A late decision on an OVERDUE case: if a crash at the expiry left its overdue record owed (the clock still on the
    // open index), write it now, before the signal ends the execution — else only the hourly reconciler would (found by
    // the model check, functions/workflow/model/approval-clock.pml). Conditional and idempotent: at most one record.
    await settleIfExpired(written.after, 'system:approval-clock');
  }
  if (written.taskToken) {
    await signalDecision(written.taskToken, {
      caseId: id,
      signal: written.after.decision?.late ? DECISION_SIGNALS.decidedLate : DECISION_SIGNALS.decided,
      status: written.after.status,
    });
  }
  return { status: 200, body: caseView(written.after, identity) };
});

function conflict(c: CaseRecord, reason: 'ALREADY_DECIDED' | 'DEEMED_APPROVED' | 'DEADLINE_PASSED' | 'NOT_ACCEPTED') {
  const detail = {
    NOT_ACCEPTED: `案件尚未受理 Case ${c.id} is not accepted yet (${c.status}): its materials are incomplete.`,
    ALREADY_DECIDED: `案件已作出决定 Case ${c.id} is already decided (${c.status}).`,
    DEEMED_APPROVED: `案件已超时默认同意 Case ${c.id} was deemed approved at its deadline ${c.deadline}; a supervisor may review it.`,
    DEADLINE_PASSED: `承诺时限已届满 The deadline ${c.deadline} of case ${c.id} has passed; the expiry rule applies.`,
  }[reason];
  return problems.conflict(reason.toLowerCase().replaceAll('_', '-'), detail, { caseStatus: c.status });
}
