import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { cacheDocumentMiddleware } from './middleware-cache.ts';
import { transportFor, transportsVersion } from './transports.ts';

let documentClient: DynamoDBDocumentClient | undefined;
let madeFor: string | undefined;
/**
 * The access key id a local endpoint is called with (`DYNAMODB_ACCESS_KEY_ID`, default `local`; the secret is never
 * checked locally). DynamoDB Local keeps one database per access key id and region: runtimes and test files sharing
 * one DynamoDB Local each name their own (test/support/dynamo.ts), as AWS accounts would. dynalite ignores it.
 */
export function localAccessKeyId(): string {
  return process.env.DYNAMODB_ACCESS_KEY_ID || 'local';
}

/**
 * The DynamoDB document client. `DYNAMODB_ENDPOINT` points it at a local endpoint (dynalite, DynamoDB Local);
 * unset, it talks to DynamoDB in the Lambda's region. Nothing else differs between the two. A process that points
 * the store elsewhere (the bench, one dynalite per section) gets a client for the new endpoint, not the first one's.
 */
export function db(): DynamoDBDocumentClient {
  const endpoint = process.env.DYNAMODB_ENDPOINT;
  // The access key too: test files sharing a worker and one DynamoDB Local differ only by it.
  const target = endpoint ? `${endpoint} ${localAccessKeyId()} ${transportsVersion()}` : undefined;
  if (!documentClient || madeFor !== target) {
    madeFor = target;
    const client = new DynamoDBClient(
      endpoint
        ? {
            endpoint,
            region: process.env.AWS_REGION ?? 'us-east-1',
            credentials: { accessKeyId: localAccessKeyId(), secretAccessKey: 'local' },
            ...transportFor(endpoint, localAccessKeyId()),
          }
        : {},
    );
    // The middleware stack resolved once per command class, not at every request (functions/store/middleware-cache.ts).
    documentClient = cacheDocumentMiddleware(
      DynamoDBDocumentClient.from(client, {
        // The marshaller tells a map from a class instance by `value.constructor.name === 'Object'`: a map with an own
        // key `constructor` (a form answer to a field an administrator named so) is "a class instance" and refused.
        // With this option such a map is written as the map it is. We store no class instances (dates are ISO
        // strings), so nothing else changes.
        marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: true },
      }),
    );
  }
  return documentClient;
}

export function isConditionFailed(error: unknown): boolean {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}

/**
 * Why DynamoDB cancelled a transaction (nothing of it was written): a condition failed (the race was lost: the caller
 * re-reads), or only another write to one of its items was in progress at that instant (TransactionConflict: worth
 * trying again as it is). Anything else (a validation error, a throttle) is not a cancellation this code handles.
 */
export function cancellationOf(error: unknown): 'CONDITION' | 'CONFLICT' | undefined {
  if (!(error instanceof Error) || error.name !== 'TransactionCanceledException') return undefined;
  const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
  if (reasons.some((r) => r.Code === 'ConditionalCheckFailed')) return 'CONDITION';
  if (reasons.some((r) => r.Code === 'TransactionConflict')) return 'CONFLICT';
  return undefined;
}

/** One action of a TransactWriteItems. */
export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/**
 * One TransactWriteItems. @returns false when a condition failed (nothing written). A cancellation caused only by
 * another write to one of its items in progress at that instant (AWS cancels rather than waits) is tried again as it
 * is, up to `attempts` times in all, after a random pause that grows: the conditions still decide.
 */
export async function transact(items: readonly TransactItem[], attempts = 3): Promise<boolean> {
  for (let attempt = 1; ; attempt++) {
    try {
      await db().send(new TransactWriteCommand({ TransactItems: [...items] }));
      return true;
    } catch (error) {
      const cancelled = cancellationOf(error);
      if (cancelled === 'CONDITION') return false;
      if (cancelled === 'CONFLICT' && attempt < attempts) {
        await new Promise((r) => setTimeout(r, 25 * 2 ** attempt * Math.random()));
        continue;
      }
      throw error;
    }
  }
}

/**
 * Writes an item only if no item has its key (`partitionKey` names the table's partition key attribute).
 * @returns false when one was already there: nothing is overwritten.
 */
export async function putOnce(table: string, item: Record<string, unknown>, partitionKey: string): Promise<boolean> {
  try {
    await db().send(
      new PutCommand({
        TableName: table,
        Item: item,
        ConditionExpression: 'attribute_not_exists(#key)',
        ExpressionAttributeNames: { '#key': partitionKey },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailed(error)) return false;
    throw error;
  }
}

/** Every item a query matches, following `LastEvaluatedKey` page by page. */
export async function queryAll(
  input: Omit<QueryCommandInput, 'ExclusiveStartKey'>,
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const out = await db().send(new QueryCommand({ ...input, ExclusiveStartKey: startKey }));
    items.push(...(out.Items ?? []));
    startKey = out.LastEvaluatedKey;
  } while (startKey);
  return items;
}
