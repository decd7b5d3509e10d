import middy from '@middy/core';
import { DECISION_SIGNALS } from '../common/clock-contract.ts';
import { signalDecision } from '../common/clock-executions.ts';
import { observed } from '../common/observability.ts';
import { getClock, storeDecisionToken } from '../store/clocks.ts';
import { caseIdOf, executionArnOf, jointDutyOf, taskTokenOf } from './input.ts';

/**
 * The joint approval clock's answer branch: parks the `.waitForTaskToken` token on the clock (a department's opinion
 * clock, or the joint approval's), so that the opinion that answers it — or completes the joint approval — ends the
 * execution at once: the console then shows a department that answered as ended (`OpinionGiven`), not as still
 * running until its deadline. If the clock no longer waits (answered or deemed before the token was stored), it
 * sends the token back itself.
 */
export const handler = middy(async (event: unknown): Promise<{ stored: boolean }> => {
  const subject = caseIdOf(event);
  const duty = jointDutyOf(event);
  const taskToken = taskTokenOf(event);
  const executionArn = executionArnOf(event);
  if (await storeDecisionToken({ subject, duty }, taskToken, executionArn)) return { stored: true };
  const clock = await getClock({ subject, duty });
  const signal =
    clock?.outcome === 'DEEMED_AGREED'
      ? DECISION_SIGNALS.deemed
      : duty === 'JOINT_OPINION'
        ? DECISION_SIGNALS.decided
        : DECISION_SIGNALS.closed;
  await signalDecision(taskToken, { caseId: subject, signal, status: clock?.outcome ?? 'ENDED' });
  return { stored: false };
}).use(observed());
