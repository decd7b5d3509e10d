import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { db, isConditionFailed } from './client.ts';
import { tableName } from './tables.ts';

export interface StoredResponse {
  readonly statusCode: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

export interface IdempotencyRecord {
  readonly key: string;
  readonly status: 'IN_PROGRESS' | 'COMPLETED';
  readonly fingerprint: string;
  readonly lockedUntil: number;
  readonly expiresAt: number;
  readonly response?: StoredResponse;
}

const table = () => tableName('idempotency');

/**
 * Claims a key for one request. Succeeds if the key is new, its record expired, or a previous attempt died holding
 * the lock (lockedUntil passed).
 * @returns undefined when claimed; otherwise the record that holds the key.
 */
export async function claimKey(
  key: string,
  fingerprint: string,
  nowMs: number,
  lockMs: number,
  keepSeconds: number,
): Promise<IdempotencyRecord | undefined> {
  try {
    await db().send(
      new PutCommand({
        TableName: table(),
        Item: {
          key,
          status: 'IN_PROGRESS',
          fingerprint,
          lockedUntil: nowMs + lockMs,
          expiresAt: Math.floor(nowMs / 1000) + keepSeconds,
        },
        // Two retries of the same request:  A: put (key absent) ──▶ ok, runs the handler
        //                                    B: put ──────────────▶ ConditionalCheckFailed → replay / 409 in progress
        // A crashed A leaves IN_PROGRESS; once its lock lapses the next retry may take the key over and run again
        // (the handler's own writes are idempotent, e.g. a case id derived from the key).
        ConditionExpression:
          'attribute_not_exists(#key) OR expiresAt < :nowSeconds OR (#status = :inProgress AND lockedUntil < :now)',
        ExpressionAttributeNames: { '#key': 'key', '#status': 'status' },
        ExpressionAttributeValues: {
          ':now': nowMs,
          ':nowSeconds': Math.floor(nowMs / 1000),
          ':inProgress': 'IN_PROGRESS',
        },
      }),
    );
    return undefined;
  } catch (error) {
    if (!isConditionFailed(error)) throw error;
  }
  const out = await db().send(new GetCommand({ TableName: table(), Key: { key }, ConsistentRead: true }));
  return out.Item as IdempotencyRecord | undefined;
}

export async function completeKey(key: string, fingerprint: string, response: StoredResponse): Promise<void> {
  await db().send(
    new UpdateCommand({
      TableName: table(),
      Key: { key },
      UpdateExpression: 'SET #status = :completed, #response = :response',
      // Only the attempt that holds the lock completes it (a taken-over lock has the same fingerprint by construction).
      ConditionExpression: '#status = :inProgress AND fingerprint = :fingerprint',
      ExpressionAttributeNames: { '#status': 'status', '#response': 'response' },
      ExpressionAttributeValues: {
        ':completed': 'COMPLETED',
        ':inProgress': 'IN_PROGRESS',
        ':fingerprint': fingerprint,
        ':response': response,
      },
    }),
  );
}

/** Frees a key whose request failed on our side, so the client's retry runs again. */
export async function releaseKey(key: string): Promise<void> {
  try {
    await db().send(
      new DeleteCommand({
        TableName: table(),
        Key: { key },
        ConditionExpression: '#status = :inProgress',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':inProgress': 'IN_PROGRESS' },
      }),
    );
  } catch (error) {
    if (!isConditionFailed(error)) throw error;
  }
}
