import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { ListExecutionsCommand, ListStateMachinesCommand, SFNClient } from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { LOCAL_TABLE_PREFIX } from '../../local/dynamodb.ts';

/** Everything the system has written: every local table, item by item, and every Step Functions execution. */
export interface Snapshot {
  /** Table name without the local prefix → items (canonical JSON), sorted. */
  readonly tables: Readonly<Record<string, readonly string[]>>;
  /** `arn status` of every execution of every state machine, sorted. */
  readonly executions: readonly string[];
}

const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

/**
 * @param store the runtime's dynalite port, or its DynamoDB endpoint and access key id (`npm run
 * test:dynamodb-local`: a database of its own in the shared DynamoDB Local).
 */
export async function snapshot(
  store: number | { readonly dynamoUrl: string; readonly dynamoAccessKeyId: string },
  stepFunctionsPort: number,
): Promise<Snapshot> {
  const dynamo = new DynamoDBClient(
    typeof store === 'number'
      ? { endpoint: `http://127.0.0.1:${store}`, region: 'us-east-1', credentials }
      : {
          endpoint: store.dynamoUrl,
          region: 'us-east-1',
          credentials: { accessKeyId: store.dynamoAccessKeyId, secretAccessKey: 'local' },
        },
  );
  const documents = DynamoDBDocumentClient.from(dynamo);
  const tables: Record<string, string[]> = {};
  let start: string | undefined;
  do {
    const page = await dynamo.send(new ListTablesCommand({ ExclusiveStartTableName: start }));
    for (const name of page.TableNames ?? []) {
      if (!name.startsWith(LOCAL_TABLE_PREFIX)) continue;
      const items: string[] = [];
      let key: Record<string, unknown> | undefined;
      do {
        const out = await documents.send(
          new ScanCommand({ TableName: name, ExclusiveStartKey: key, ConsistentRead: true }),
        );
        for (const item of out.Items ?? []) items.push(canonical(item));
        key = out.LastEvaluatedKey;
      } while (key);
      tables[name.slice(LOCAL_TABLE_PREFIX.length)] = items.sort();
    }
    start = page.LastEvaluatedTableName;
  } while (start);
  dynamo.destroy();

  const sfn = new SFNClient({ endpoint: `http://127.0.0.1:${stepFunctionsPort}`, region: 'us-east-1', credentials });
  const executions: string[] = [];
  const machines = await sfn.send(new ListStateMachinesCommand({}));
  for (const machine of machines.stateMachines ?? []) {
    let next: string | undefined;
    do {
      const out = await sfn.send(
        new ListExecutionsCommand({ stateMachineArn: machine.stateMachineArn, nextToken: next, maxResults: 1000 }),
      );
      for (const e of out.executions ?? []) executions.push(`${e.executionArn} ${e.status}`);
      next = out.nextToken;
    } while (next);
  }
  sfn.destroy();
  return { tables, executions: executions.sort() };
}

/** JSON with sorted keys, so equal items compare equal as text. */
function canonical(value: unknown): string {
  if (value instanceof Set) return canonical([...value].sort());
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'undefined';
}
