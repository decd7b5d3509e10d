import { unmarshall } from '@aws-sdk/util-dynamodb';
import middy from '@middy/core';
import { logger } from '../common/logger.ts';
import { observed } from '../common/observability.ts';
import { currentCalendar } from '../store/calendar.ts';
import type { CaseRecord } from '../store/cases.ts';
import { tallyCase } from '../store/evaluations.ts';
import type { CaseStreamEvent } from './notify.ts';

/**
 * Keeps the evaluation's per-day counts (functions/store/evaluations.ts, the Tallies table) from the Cases stream:
 * every timeline event a record adds is counted once, for its day and each unit it concerns (contributionsOf). One
 * TransactWriteItems per record moves the case's tally marker with the counts, so a record delivered again, or a
 * backfill counting the same case, adds nothing twice. A record that fails is reported alone
 * (ReportBatchItemFailures) and retried with everything after it, as the notifier does: a tally may come late, never
 * twice and never lost while the stream keeps the record (24 hours; then the case's next change fills the gap).
 */
export const handler = middy(async (event: CaseStreamEvent) => {
  const calendar = await currentCalendar();
  for (const record of event.Records) {
    try {
      const image = record.dynamodb?.NewImage;
      if (!image || record.eventName === 'REMOVE') continue;
      const after = unmarshall(image) as CaseRecord;
      const before = record.dynamodb?.OldImage ? (unmarshall(record.dynamodb.OldImage) as CaseRecord) : undefined;
      const from = before?.timeline?.length ?? 0;
      if ((after.timeline?.length ?? 0) <= from) continue;
      await tallyCase(after, from, calendar);
    } catch (error) {
      logger.error('tally not recorded; the stream retries from this record', { error: error as Error });
      return { batchItemFailures: [{ itemIdentifier: record.dynamodb?.SequenceNumber ?? record.eventID ?? '' }] };
    }
  }
  return { batchItemFailures: [] };
}).use(observed());
