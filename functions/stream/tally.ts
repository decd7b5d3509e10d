import middy from '@middy/core';
import { observed } from '../common/observability.ts';
import { contributionsOf } from '../domain/evaluation.ts';
import { currentCalendar } from '../store/calendar.ts';
import type { CaseRecord } from '../store/cases.ts';
import type { CaseStreamEvent } from './notify.ts';
import { tallyStreamBatch } from './tally-records.ts';

/**
 * Keeps the evaluation's per-day counts (functions/store/evaluations.ts, the Tallies table) from the Cases stream:
 * every timeline event a record adds is counted once, for its day and each unit it concerns (contributionsOf). The
 * batch's events go in as few TransactWriteItems as it takes, each moving the cases' tally markers with the counts,
 * so a record delivered again, or a backfill counting the same case, adds nothing twice; when the batch cannot be
 * written at once, record by record, and a record that fails is reported alone (ReportBatchItemFailures) and retried
 * with everything after it, as the notifier does: a tally may come late, never twice and never lost while the stream
 * keeps the record (24 hours; then the case's next change fills the gap). (functions/stream/tally-records.ts)
 */
export const handler = middy(async (event: CaseStreamEvent) => {
  const calendar = await currentCalendar();
  return tallyStreamBatch<CaseRecord>('case', event, (c, seq) => contributionsOf(c, seq, calendar));
}).use(observed());
