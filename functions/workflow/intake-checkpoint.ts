import middy from '@middy/core';
import { startClockOf } from '../common/approval-clock.ts';
import { now } from '../common/clock.ts';
import { logger } from '../common/logger.ts';
import { metric, observed } from '../common/observability.ts';
import { computeDeadline } from '../domain/calendar.ts';
import { hasExpired, nextCheckpoint } from '../domain/case.ts';
import { toShanghaiIso, toUtcWaitTimestamp } from '../domain/time.ts';
import { currentCalendar } from '../store/calendar.ts';
import { getCase, transitionCase } from '../store/cases.ts';
import { INTAKE_ACTIONS, type IntakeCheckpointOutput, MAX_WAIT_DAYS } from './clock-contract.ts';
import { caseIdOf } from './input.ts';

/**
 * The intake clock's checkpoint. While the case is RECEIVED and its review period (5 working days) runs: wait.
 * When the period ends with no acceptance and no notice: the case counts as accepted FROM RECEIPT (Art.32(4)) —
 * its deadline runs from the receipt, not from today — and its approval clock starts. Idempotent: a retry after
 * the write only (re)starts the approval clock, which is itself idempotent by name.
 */
export const handler = middy(async (event: unknown): Promise<IntakeCheckpointOutput> => {
  const caseId = caseIdOf(event);
  const found = await getCase(caseId);
  if (!found) throw new Error(`CaseNotFound: ${caseId}`);
  if (found.status !== 'RECEIVED') {
    if (found.deemedAccepted) {
      await startClockOf(caseId);
      return { caseId, action: INTAKE_ACTIONS.deemedAccepted };
    }
    return { caseId, action: INTAKE_ACTIONS.handled };
  }
  if (!found.reviewDeadlineAt) throw new Error(`case ${caseId} is RECEIVED without a review deadline`);
  const at = now();
  const reviewEnds = new Date(found.reviewDeadlineAt);
  if (!hasExpired(reviewEnds, at)) {
    return {
      caseId,
      action: INTAKE_ACTIONS.wait,
      nextCheckpoint: toUtcWaitTimestamp(nextCheckpoint(reviewEnds, at, MAX_WAIT_DAYS)),
    };
  }
  const deadline = computeDeadline(await currentCalendar(), new Date(found.receivedAt), found.workingDays);
  const accepted = await transitionCase(
    found,
    'RECEIVED',
    {
      status: 'ACCEPTED',
      deemedAccepted: true,
      acceptedOn: deadline.acceptedOn,
      deadlineDate: deadline.deadlineDate,
      deadline: deadline.deadline,
      deadlineAt: deadline.deadlineAt.toISOString(),
      provisional: deadline.provisional,
      clockPending: 'OPEN',
      clockStartPending: at.toISOString(),
    },
    {
      at: toShanghaiIso(at),
      type: 'DEEMED_ACCEPTED',
      by: 'system:intake-clock',
      note: `五个工作日内未受理亦未告知补正，自收到申请材料之日起即为受理（行政许可法第三十二条）；期限 ${deadline.deadlineDate} No acceptance or notice within 5 working days: accepted from receipt (Art.32); due by the end of ${deadline.deadlineDate}`,
    },
  );
  if (!accepted) {
    // Staff acted at the same instant (their write won), or a retry after our own write: read and report which.
    const current = await getCase(caseId);
    if (current?.deemedAccepted) await startClockOf(caseId);
    return { caseId, action: current?.deemedAccepted ? INTAKE_ACTIONS.deemedAccepted : INTAKE_ACTIONS.handled };
  }
  logger.info('deemed accepted from receipt', { caseId, deadline: deadline.deadline });
  metric('DeemedAcceptances');
  await startClockOf(caseId);
  return { caseId, action: INTAKE_ACTIONS.deemedAccepted };
}).use(observed());
