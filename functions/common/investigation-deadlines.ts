import { accountabilityKeyOf, statusOf } from '../domain/accountability.ts';
import { isDue } from '../domain/duty.ts';
import { toShanghaiIso } from '../domain/time.ts';
import { type AccountabilityRecord, getRecord, writeRecord } from '../store/accountability.ts';
import { type ClockKey, type ClockRecord, clockChanged, closeClock } from '../store/clocks.ts';
import { now } from './clock.ts';
import type { Settlement } from './deadlines.ts';
import { logger } from './logger.ts';
import { metric } from './observability.ts';

/** A stale read costs one re-read; more means contention (fail loudly, the caller retries). */
const MAX_ATTEMPTS = 3;

/** The record an investigation clock times (its subject is the record's id). */
export async function recordOfClock(subject: string): Promise<AccountabilityRecord> {
  const key = accountabilityKeyOf(subject);
  const found = key ? await getRecord(key.caseId, key.reason) : undefined;
  if (!found) throw new Error(`RecordNotFound: no accountability record ${subject}`);
  return found;
}

/**
 * The consequence of an investigation clock's deadline (policy `OVERDUE`, docs/supervision.md): the record still
 * INVESTIGATING → escalated to the centre's leadership (INVESTIGATION_OVERDUE on its timeline, `investigation.overdueAt`)
 * and the clock `RUNNING → OVERDUE`, off the reconciler's index (nothing more falls due: the record stays owed a
 * decision, which ends the clock as late), in one transaction. Idempotent: the checkpoint, its retries and the
 * reconciler all call it.
 */
export async function settleInvestigation(clock: ClockRecord, by: string, attempt = 1): Promise<Settlement> {
  const key: ClockKey = { subject: clock.subject, duty: clock.duty };
  const record = await recordOfClock(clock.subject);
  if (statusOf(record) !== 'INVESTIGATING') {
    // Decided or dismissed first: the write that did it ended this clock; only the index marker may be left.
    await closeClock(key);
    return { kind: 'OTHERWISE' };
  }
  if (record.investigation?.overdueAt) {
    await closeClock(key);
    return { kind: 'SETTLED', outcome: 'OVERDUE', appliedNow: false, recordedNow: false };
  }
  const at = now();
  if (!isDue(new Date(clock.deadlineAt), at)) return { kind: 'NOT_DUE' };
  const atIso = toShanghaiIso(at);
  const investigation = record.investigation;
  if (!investigation) throw new Error(`${clock.subject}: INVESTIGATING without an investigation`);
  const written = await writeRecord(
    record,
    { investigation: { ...investigation, overdueAt: atIso } },
    {
      at: atIso,
      type: 'INVESTIGATION_OVERDUE',
      by,
      note: `调查期限 ${investigation.deadlineDate} 届满仍未决定，已报中心领导 Undecided at the end of ${investigation.deadlineDate}: escalated to the centre's leadership`,
    },
    [
      clockChanged(
        { key, from: ['RUNNING'], set: { phase: 'OVERDUE' }, remove: ['clockPending', 'clockStartPending'] },
        atIso,
      ),
    ],
  );
  if (!written) {
    if (attempt >= MAX_ATTEMPTS) throw new Error(`record ${clock.subject}: escalation lost ${MAX_ATTEMPTS} races`);
    return settleInvestigation(clock, by, attempt + 1);
  }
  logger.info('investigation overdue', { recordId: clock.subject, by });
  metric('OverdueInvestigations', 1, 'accountability');
  return { kind: 'SETTLED', outcome: 'OVERDUE', appliedNow: true, recordedNow: false };
}
