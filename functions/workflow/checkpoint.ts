import middy from '@middy/core';
import { z } from 'zod';
import { now } from '../common/clock.ts';
import { settleIfExpired } from '../common/expiry.ts';
import { logger } from '../common/logger.ts';
import { nextCheckpoint } from '../domain/case.ts';
import { toUtcWaitTimestamp } from '../domain/time.ts';
import { clocked, getCase } from '../store/cases.ts';
import { CHECKPOINT_ACTIONS, type CheckpointOutput, MAX_WAIT_DAYS } from './clock-contract.ts';

const Input = z.object({ caseId: z.string().min(1) });

/**
 * The clock's checkpoint: re-reads the case and says what the clock does next — wait again (until the deadline or
 * at most MAX_WAIT_DAYS), or end because the case was decided, deemed approved or turned overdue. At the deadline
 * it applies the expiry rule itself (idempotently: a retry finishes a half-done expiry, never doubles it).
 */
export const handler = middy(async (event: unknown): Promise<CheckpointOutput> => {
  const { caseId } = Input.parse(event);
  const found = await getCase(caseId);
  if (!found) throw new Error(`CaseNotFound: ${caseId}`);
  if (found.status === 'WITHDRAWN') return { caseId, action: CHECKPOINT_ACTIONS.withdrawn };
  if (found.status === 'SUSPENDED') {
    // Paused: no deadline runs. Resuming signals the decision branch and the race restarts with the new deadline;
    // until then look again at most every MAX_WAIT_DAYS.
    const wakeAt = new Date(now().getTime() + MAX_WAIT_DAYS * 86_400_000);
    return { caseId, action: CHECKPOINT_ACTIONS.wait, nextCheckpoint: toUtcWaitTimestamp(wakeAt) };
  }
  const result = await settleIfExpired(found, 'system:approval-clock');
  switch (result.kind) {
    case 'NOT_DUE': {
      const wakeAt = nextCheckpoint(new Date(clocked(found).deadlineAt), now(), MAX_WAIT_DAYS);
      return { caseId, action: CHECKPOINT_ACTIONS.wait, nextCheckpoint: toUtcWaitTimestamp(wakeAt) };
    }
    case 'DECIDED':
      return { caseId, action: CHECKPOINT_ACTIONS.decided };
    case 'EXPIRED': {
      const outcome = result.record.expiry?.outcome;
      logger.info('approval clock ended at the deadline', { caseId, outcome, appliedNow: result.appliedNow });
      return {
        caseId,
        action: outcome === 'DEEMED_APPROVED' ? CHECKPOINT_ACTIONS.deemedApproved : CHECKPOINT_ACTIONS.overdue,
      };
    }
  }
});
