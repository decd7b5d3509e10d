import middy from '@middy/core';
import { DECISION_SIGNALS } from '../common/clock-contract.ts';
import { signalDecision } from '../common/clock-executions.ts';
import { observed } from '../common/observability.ts';
import { getCase } from '../store/cases.ts';
import { storeDecisionToken } from '../store/clocks.ts';
import { caseIdOf, executionArnOf, taskTokenOf } from './input.ts';

/**
 * The clock's decision branch: parks the `.waitForTaskToken` token on the approval clock so that the decision API can
 * end the execution at once. If the clock no longer waits for a decision (running, paused or overdue) — decided
 * before the token was stored, or closed some other way — it sends the token back itself, so no decision is ever left
 * waiting for a signal.
 */
export const handler = middy(async (event: unknown): Promise<{ stored: boolean }> => {
  const caseId = caseIdOf(event);
  const taskToken = taskTokenOf(event);
  const executionArn = executionArnOf(event);
  if (await storeDecisionToken({ subject: caseId, duty: 'APPROVAL' }, taskToken, executionArn)) {
    return { stored: true };
  }
  const found = await getCase(caseId);
  if (!found) throw new Error(`CaseNotFound: ${caseId}`);
  const signal =
    found.status === 'WITHDRAWN'
      ? DECISION_SIGNALS.withdrawn
      : found.decision
        ? found.decision.late
          ? DECISION_SIGNALS.decidedLate
          : DECISION_SIGNALS.decided
        : DECISION_SIGNALS.closed;
  await signalDecision(taskToken, { caseId, signal, status: found.status });
  return { stored: false };
}).use(observed());
