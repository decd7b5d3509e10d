// Loaded into the local runtime child with `--import` by the cost section (never by `npm start`): counts every
// DynamoDB request the system's handlers send, per originating handler (a functions/manifest.ts entry found on the
// call stack), operation and table, with the capacity units dynalite reports (ReturnConsumedCapacity is added to
// each request; the handlers ignore it) and the write units estimated from the items each write touches. Serves the tally on http://127.0.0.1:$BENCH_COUNTER_PORT:
// GET /counts, POST /reset.
import { createServer } from 'node:http';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { functions } from '../../functions/manifest.ts';
import { DynamoTally } from './dynamo-tally.ts';
import { WriteUnits } from './write-units.ts';

// Handler frames sit below many SDK frames; keep enough of the stack to see them.
Error.stackTraceLimit = 80;

const entries: string[] = Object.values(functions).map((f) => f.entry);
const FILE = /functions\/[\w/-]+\.ts/g;

/** The handler module nearest the top of the stack that is a Lambda entry of the manifest. */
function origin(): string {
  const files = new Error().stack?.match(FILE) ?? [];
  const entry = files.find((f) => entries.includes(f));
  if (entry) return entry.replace(/^functions\//, '').replace(/\.ts$/, '');
  return files[0] ? `other (${files[0]})` : 'other';
}

// Every write's items are read before and after it (uncounted) to price it: dynalite reports no units for a
// transaction nor for index writes (bench/support/write-units.ts).
const tally = new DynamoTally(origin, new WriteUnits(() => process.env.DYNAMODB_ENDPOINT));

// Every store module builds its client with DynamoDBDocumentClient.from(new DynamoDBClient(...)); the document
// client shares the wrapped client's middleware stack, so the tally sees every command under its real name.
const from = DynamoDBDocumentClient.from.bind(DynamoDBDocumentClient);
DynamoDBDocumentClient.from = ((client, config) => {
  tally.instrument(client);
  return from(client, config);
}) as typeof DynamoDBDocumentClient.from;

const port = Number(process.env.BENCH_COUNTER_PORT);
if (port) {
  createServer((req, res) => {
    if (req.method === 'POST' && req.url === '/reset') tally.reset();
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(tally.rows()));
  }).listen(port, '127.0.0.1');
}
