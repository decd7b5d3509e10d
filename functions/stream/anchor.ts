import { unmarshall } from '@aws-sdk/util-dynamodb';
import middy from '@middy/core';
import { anchorArchive } from '../common/anchor-archive.ts';
import { now } from '../common/clock.ts';
import { logger } from '../common/logger.ts';
import { observed } from '../common/observability.ts';
import { alertsOf, headsToAnchor } from '../domain/anchor.ts';
import { toShanghaiIso } from '../domain/time.ts';
import type { CaseRecord } from '../store/cases.ts';
import type { CaseStreamEvent } from './notify.ts';

/**
 * Anchors the case timelines outside the Cases table (docs/tamper-evidence.md): per batch of the Cases stream, one
 * signed checkpoint of the heads of the cases whose timeline grew, chained to the checkpoint before it, kept where the
 * table's writers cannot rewrite it (S3 Object Lock and a KMS key in AWS; the data folder locally). A failure throws:
 * the stream retries the whole batch (a checkpoint written twice names the same heads twice, which is harmless).
 * It also watches what no API write does — an earlier event rewritten, a bound attribute edited without an event, a
 * case deleted — and signs that into the same checkpoint as it happens (`alertsOf`).
 */
export const handler = middy(async (event: CaseStreamEvent) => {
  const changes = event.Records.map((r) => ({
    ...(r.dynamodb?.OldImage ? { before: unmarshall(r.dynamodb.OldImage) as CaseRecord } : {}),
    ...(r.dynamodb?.NewImage && r.eventName !== 'REMOVE'
      ? { after: unmarshall(r.dynamodb.NewImage) as CaseRecord }
      : {}),
  }));
  const heads = headsToAnchor(changes);
  const alerts = alertsOf(changes);
  if (heads.length === 0 && alerts.length === 0) return { batchItemFailures: [] };
  const archive = anchorArchive();
  if (!archive) throw new Error('no anchor archive configured (ANCHOR_BUCKET and ANCHOR_KEY_ID)');
  const checkpoint = await archive.append(heads, toShanghaiIso(now()), alerts);
  // An alert is logged at ERROR too (a metric filter or the error alarm can page someone); no personal data in it.
  for (const alert of alerts) logger.error('case changed outside the API', { ...alert, seq: checkpoint.document.seq });
  logger.info('checkpoint anchored', { seq: checkpoint.document.seq, cases: heads.length, alerts: alerts.length });
  return { batchItemFailures: [] };
}).use(observed());
