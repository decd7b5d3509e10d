import middy from '@middy/core';
import { now } from '../common/clock.ts';
import { type EvaluatedPeriod, evaluate } from '../common/evaluate.ts';
import { logger } from '../common/logger.ts';
import { observed } from '../common/observability.ts';
import { monthToDate, periodsClosingOn } from '../domain/evaluation.ts';
import { addDays, shanghaiDateOf } from '../domain/time.ts';

/** What the schedule table (functions/schedule/schedules.ts) hands this function. */
export interface EvaluationScheduleInput {
  /** `closing`: the periods that ended yesterday; `month-to-date`: the month so far, through yesterday. */
  readonly run: 'closing' | 'month-to-date';
  readonly schedule: string;
  /** EventBridge Scheduler's `<aws.scheduler.scheduled-time>` (UTC); absent when invoked by hand: now. */
  readonly scheduledTime?: string;
}

export interface EvaluationRunReport {
  readonly day: string;
  readonly evaluated: readonly { period: string; revision: number; generatedAt: string }[];
}

/**
 * The scheduled evaluations: at 01:00 Shanghai time on the 1st, the month just ended and every quarter, year and
 * campaign phase that ended with it (periodsClosingOn); on the other days, the month to date. "Yesterday" is the
 * China-local day before the instant the run was SCHEDULED for, not the one it runs at, so a late or retried
 * invocation evaluates the same days — and the same schedule's same scheduled time is the same run: evaluate answers
 * the revision it already wrote.
 */
export const handler = middy(async (event: Partial<EvaluationScheduleInput>): Promise<EvaluationRunReport> => {
  if (event.run !== 'closing' && event.run !== 'month-to-date') {
    throw new Error(`run must be "closing" or "month-to-date", not ${JSON.stringify(event.run)}`);
  }
  const scheduled = event.scheduledTime ? new Date(event.scheduledTime) : now();
  if (Number.isNaN(scheduled.getTime())) throw new Error(`scheduledTime ${event.scheduledTime} is not an instant`);
  const yesterday = addDays(shanghaiDateOf(scheduled), -1);
  const schedule = event.schedule ?? (event.run === 'month-to-date' ? 'daily-evaluation' : 'monthly-evaluation');
  const trigger = { kind: 'SCHEDULE' as const, schedule, scheduledTime: scheduled.toISOString() };
  const periods: EvaluatedPeriod[] =
    event.run === 'month-to-date' ? [monthToDate(yesterday)] : periodsClosingOn(yesterday);
  const evaluated: EvaluationRunReport['evaluated'][number][] = [];
  for (const period of periods) {
    const snapshot = await evaluate(period, trigger);
    evaluated.push({ period: snapshot.period, revision: snapshot.revision, generatedAt: snapshot.generatedAt });
  }
  const report = { day: yesterday, evaluated };
  logger.info('evaluation finished', { ...report });
  return report;
}).use(observed());
