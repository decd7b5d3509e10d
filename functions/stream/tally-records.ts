import { unmarshall } from '@aws-sdk/util-dynamodb';
import middy from '@middy/core';
import { logger } from '../common/logger.ts';
import { observed } from '../common/observability.ts';
import type { Contribution } from '../domain/evaluation.ts';
import { tallyTimeline } from '../store/evaluations.ts';
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
  return middy(async (event: CaseStreamEvent) => {
    for (const record of event.Records) {
      try {
        const image = record.dynamodb?.NewImage;
        if (!image || record.eventName === 'REMOVE') continue;
        const after = unmarshall(image) as T;
        const before = record.dynamodb?.OldImage ? (unmarshall(record.dynamodb.OldImage) as T) : undefined;
        const from = before?.timeline?.length ?? 0;
        const length = after.timeline?.length ?? 0;
        if (length <= from) continue;
        await tallyTimeline(after.id, length, from, (seq) => contributions(after, seq));
      } catch (error) {
        logger.error(`${what} tally not recorded; the stream retries from this record`, { error: error as Error });
        return { batchItemFailures: [{ itemIdentifier: record.dynamodb?.SequenceNumber ?? record.eventID ?? '' }] };
      }
    }
    return { batchItemFailures: [] };
  }).use(observed());
}
