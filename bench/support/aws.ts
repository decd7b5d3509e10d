import { Agent } from 'node:http';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetExecutionHistoryCommand, type HistoryEvent, ListExecutionsCommand, SFNClient } from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient, QueryCommand, type QueryCommandInput, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { tables } from '../../functions/store/tables.ts';
import { LOCAL_ACCOUNT, LOCAL_REGION } from '../../lib/render.ts';
import { localTableName } from '../../local/dynamodb.ts';

const credentials = { accessKeyId: 'bench', secretAccessKey: 'bench' };

/** The local table name of a table of functions/store/tables.ts. */
export const localTable = (key: keyof typeof tables): string => localTableName(tables[key]);

/**
 * A document client of the bench's own. `accessKeyId` matters only against DynamoDB Local, which keeps one database
 * per access key: a section reading a runtime's tables there passes the runtime's (`runtime.dynamoAccessKeyId`, set
 * when the runtime is pointed at `XIAONENG_TEST_DYNAMODB_ENDPOINT`); dynalite ignores it.
 */
export function documentClient(endpoint: string, maxSockets = 64, accessKeyId = 'bench'): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint,
      region: LOCAL_REGION,
      credentials: { ...credentials, accessKeyId },
      requestHandler: { httpAgent: new Agent({ keepAlive: true, maxSockets }) },
    }),
    { marshallOptions: { removeUndefinedValues: true } },
  );
}

/** Every item of a table (a bench-side audit, never a product path), with an optional projection. */
export async function scanAll(
  client: DynamoDBDocumentClient,
  table: string,
  projection?: { expression: string; names?: Record<string, string> },
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const out = await client.send(
      new ScanCommand({
        TableName: table,
        ExclusiveStartKey: startKey,
        ...(projection
          ? {
              ProjectionExpression: projection.expression,
              ...(projection.names ? { ExpressionAttributeNames: projection.names } : {}),
            }
          : {}),
      }),
    );
    items.push(...(out.Items ?? []));
    startKey = out.LastEvaluatedKey;
  } while (startKey);
  return items;
}

/** Every item a query answers, page by page (a bench-side audit: the ids an index holds, to name what it lacks). */
export async function queryAll(
  client: DynamoDBDocumentClient,
  input: Omit<QueryCommandInput, 'ExclusiveStartKey'>,
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const out = await client.send(new QueryCommand({ ...input, ExclusiveStartKey: startKey }));
    items.push(...(out.Items ?? []));
    startKey = out.LastEvaluatedKey;
  } while (startKey);
  return items;
}

export async function queryCount(
  client: DynamoDBDocumentClient,
  input: Omit<QueryCommandInput, 'ExclusiveStartKey' | 'Select'>,
): Promise<number> {
  let count = 0;
  let startKey: Record<string, unknown> | undefined;
  do {
    const out = await client.send(new QueryCommand({ ...input, Select: 'COUNT', ExclusiveStartKey: startKey }));
    count += out.Count ?? 0;
    startKey = out.LastEvaluatedKey;
  } while (startKey);
  return count;
}

export function stepFunctionsClient(endpoint: string): SFNClient {
  return new SFNClient({ endpoint, region: LOCAL_REGION, credentials });
}

export const approvalClockArn = `arn:aws:states:${LOCAL_REGION}:${LOCAL_ACCOUNT}:stateMachine:ApprovalClock`;

export const executionArnOf = (caseId: string): string =>
  `${approvalClockArn.replace(':stateMachine:', ':execution:')}:${caseId}`;

export async function executionHistory(client: SFNClient, executionArn: string): Promise<HistoryEvent[]> {
  const events: HistoryEvent[] = [];
  let nextToken: string | undefined;
  do {
    const out = await client.send(
      new GetExecutionHistoryCommand({ executionArn, maxResults: 1000, nextToken, includeExecutionData: false }),
    );
    events.push(...(out.events ?? []));
    nextToken = out.nextToken;
  } while (nextToken);
  return events;
}

/** How many executions of the approval clock are in each status. */
export async function executionStatuses(client: SFNClient): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  let nextToken: string | undefined;
  do {
    const out = await client.send(
      new ListExecutionsCommand({ stateMachineArn: approvalClockArn, maxResults: 1000, nextToken }),
    );
    for (const e of out.executions ?? []) counts[e.status ?? 'UNKNOWN'] = (counts[e.status ?? 'UNKNOWN'] ?? 0) + 1;
    nextToken = out.nextToken;
  } while (nextToken);
  return counts;
}
