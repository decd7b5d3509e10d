import { request } from 'node:http';
import { DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tables } from '../../functions/store/tables.ts';
import { ensureTables, localTableName } from '../../local/dynamodb.ts';
import { type DynamoThread, startDynamoThread } from '../../local/dynamodb-thread.ts';
import { asTransport } from '../../local/in-process-http.ts';
import { freePort } from '../support/dynamo.ts';
import { recordingStreams } from '../support/streams.ts';
import { temporaryFolder } from '../support/temporary.ts';

// The runtime's store in a worker thread of its own (local/dynamodb-thread.ts): the same protocol over HTTP and over
// the handlers' in-process transport, stream records delivered to the main thread's readers before a write is
// answered, the thread's "now" taken from the clock of the main thread, and the data folder free again after close.

const CASES = localTableName(tables.cases);
const { streams, records } = recordingStreams(CASES);
const dir = temporaryFolder('dynamodb-thread');
let thread: DynamoThread;
const credentials = { accessKeyId: 'l', secretAccessKey: 'l' };
let overHttp: DynamoDBClient;
let inProcess: DynamoDBClient;

async function start() {
  thread = await startDynamoThread(dir, await freePort(), '127.0.0.1', streams, () => undefined);
  overHttp = new DynamoDBClient({ endpoint: thread.url, region: 'us-east-1', credentials });
  inProcess = new DynamoDBClient({
    endpoint: thread.url,
    region: 'us-east-1',
    credentials,
    requestHandler: asTransport(thread.transport),
  });
}

beforeAll(async () => {
  await start();
  await ensureTables(thread.url);
});
afterAll(async () => {
  overHttp?.destroy();
  inProcess?.destroy();
  await thread?.close();
});

const put = (client: DynamoDBClient, id: string) =>
  client.send(new PutItemCommand({ TableName: CASES, Item: { id: { S: id }, n: { N: '1' } } }));
const get = async (client: DynamoDBClient, id: string) =>
  (await client.send(new GetItemCommand({ TableName: CASES, Key: { id: { S: id } }, ConsistentRead: true }))).Item;

describe("the store's thread", () => {
  it('serves the same items over HTTP and over the in-process transport', async () => {
    const answeredBefore = thread.transport.answered();
    // Act
    await put(inProcess, 'T-1');
    await put(overHttp, 'T-2');
    // Assess: each written one way is read the other way.
    expect(await get(overHttp, 'T-1')).toEqual({ id: { S: 'T-1' }, n: { N: '1' } });
    expect(await get(inProcess, 'T-2')).toEqual({ id: { S: 'T-2' }, n: { N: '1' } });
    expect(await get(inProcess, 'T-404')).toBeUndefined();
    // The transport counts what it answered (the simulated clock's sign of progress), not the requests over HTTP.
    expect(thread.transport.answered() - answeredBefore).toBe(3);
  });

  it("answers a conditional refusal as DynamoDB's error, through the transport too", async () => {
    // Act
    const refused = inProcess.send(
      new PutItemCommand({
        TableName: CASES,
        Item: { id: { S: 'T-1' } },
        ConditionExpression: 'attribute_not_exists(id)',
      }),
    );
    // Assess
    await expect(refused).rejects.toMatchObject({ name: 'ConditionalCheckFailedException' });
  });

  it("hands a write's stream record to the main thread's reader before the write is answered", async () => {
    // Arrange
    records.length = 0;
    // Act
    await put(inProcess, 'S-1');
    // Assess: the reader has it already, with its old and new image (one record per change).
    expect(records.map((r) => [r.eventName, r.dynamodb.Keys.id?.S, r.dynamodb.NewImage?.n?.N])).toEqual([
      ['INSERT', 'S-1', '1'],
    ]);
    expect(thread.inFlight()).toBe(0);
  });

  it("takes its now from the main thread's clock: the simulated instant it is given", async () => {
    // Arrange: an instant far from the real one.
    const instant = Date.parse('2031-03-04T05:06:07Z');
    thread.publishTime(instant);
    // Act: a request from outside, over HTTP.
    const date = await new Promise<string | undefined>((resolve, reject) => {
      const req = request(`${thread.url}/`, (res) => {
        res.resume();
        resolve(res.headers.date);
      });
      req.on('error', reject);
      req.end();
    });
    thread.publishTime(Number.NaN);
    // Assess
    expect(date).toBe(new Date(instant).toUTCString());
  });

  it("fails to start on a port in use with the listen error's code and port (the runtime names the port)", async () => {
    // Act: a second store on the first one's port.
    const port = Number(new URL(thread.url).port);
    const start = startDynamoThread(temporaryFolder('dynamodb-thread-clash'), port, '127.0.0.1', streams, () => {});
    // Assess
    await expect(start).rejects.toMatchObject({ code: 'EADDRINUSE', port });
  });

  it('frees its data folder on close: a new thread opens it, with the items kept', async () => {
    // Act
    overHttp.destroy();
    inProcess.destroy();
    await thread.close();
    await start();
    // Assess
    expect(await get(inProcess, 'T-1')).toEqual({ id: { S: 'T-1' }, n: { N: '1' } });
  });
});
