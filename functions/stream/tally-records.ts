import { unmarshall } from '@aws-sdk/util-dynamodb';
import middy from '@middy/core';
import { logger } from '../common/logger.ts';
import { observed } from '../common/observability.ts';
import type { Contribution } from '../domain/evaluation.ts';
import { type TallySegment, tallyBatch, tallyTimeline } from '../store/evaluations.ts';
import type { CaseStreamEvent } from './notify.ts';

type Timelined = { readonly id: string; readonly timeline?: readonly unknown[] };

/**
 * A tally reader for a stream of records with a hash-chained timeline other than cases (functions/stream/tally.ts
 * reads the Cases stream): every new timeline event counted once, for its day and each unit it concerns, with the
 * record's marker moved in the same write — exactly as for cases (docs/evaluation.md, "Tally").
 */
export function tallyReader<T extends Timelined>(
  what: string,
  contributions: (record: T, seq: number) => Contribution[],
) {
  return middy(async (event: CaseStreamEvent) => tallyStreamBatch(what, event, contributions)).use(observed());
}

/**
 * Counts the new timeline events of a batch of stream records: the whole batch in as few writes as it takes
 * (`tallyBatch`); when it cannot be (a record delivered again, a backfill, a long timeline) or that write fails,
 * record by record (`tallyTimeline`), and a record that fails then is reported alone (ReportBatchItemFailures) and
 * retried with everything after it: a tally may come late, never twice and never lost while the stream keeps the
 * record (24 hours; then the item's next change fills the gap).
 */
export async function tallyStreamBatch<T extends Timelined>(
  what: string,
  event: CaseStreamEvent,
  contributions: (record: T, seq: number) => Contribution[],
): Promise<{ batchItemFailures: { itemIdentifier: string }[] }> {
  try {
    const segments = event.Records.flatMap((record) => segmentOf(record, contributions) ?? []);
    if (await tallyBatch(segments)) return { batchItemFailures: [] };
  } catch (error) {
    logger.warn(`${what} tally: the batch was not written at once; counting record by record`, {
      error: error as Error,
    });
  }
  for (const record of event.Records) {
    try {
      const segment = segmentOf(record, contributions);
      if (segment) await tallyTimeline(segment.id, segment.length, segment.from, segment.contributionsAt);
    } catch (error) {
      logger.error(`${what} tally not recorded; the stream retries from this record`, { error: error as Error });
      return { batchItemFailures: [{ itemIdentifier: record.dynamodb?.SequenceNumber ?? record.eventID ?? '' }] };
    }
  }
  return { batchItemFailures: [] };
}

/** The events a record added to its item's timeline (the new image's beyond the old image's); none for a removal. */
function segmentOf<T extends Timelined>(
  record: CaseStreamEvent['Records'][number],
  contributions: (record: T, seq: number) => Contribution[],
): TallySegment | undefined {
  const image = record.dynamodb?.NewImage;
  if (!image || record.eventName === 'REMOVE') return undefined;
  const after = unmarshall(image) as T;
  const before = record.dynamodb?.OldImage ? (unmarshall(record.dynamodb.OldImage) as T) : undefined;
  const from = before?.timeline?.length ?? 0;
  const length = after.timeline?.length ?? 0;
  if (length <= from) return undefined;
  return { id: after.id, from, length, contributionsAt: (seq) => contributions(after, seq) };
}
