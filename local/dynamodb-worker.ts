// The store's thread (local/dynamodb-thread.ts starts it): dynalite, its LevelDB, the transactions of
// local/transactions.ts and the streams' tap, serving the DynamoDB protocol on their own port and core, while the
// main thread runs the API, the handlers and the Step Functions engine. A change of a streamed table is posted to the
// main thread, whose readers queue it; the write is answered once the main thread says it is queued.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';
import { startDynamo } from './dynamodb.ts';
import { batchedChannel, type PlainAnswer, type PlainRequest, serveInProcess } from './in-process-http.ts';
import { type StreamRecord, StreamTap } from './streams.ts';

export interface DynamoWorkerData {
  readonly dir: string;
  readonly port: number;
  readonly host: string;
  readonly streamed: readonly { readonly tableName: string; readonly keyNames: readonly string[] }[];
  /** Int32 at 0: requests being served; Float64 at 8: the main thread's simulated instant (NaN: real time). */
  readonly shared: SharedArrayBuffer;
}

/** Worker → main. */
export type FromStore =
  | { readonly type: 'listening'; readonly address: { address: string; family: string; port: number } }
  | { readonly type: 'record'; readonly id: number; readonly tableName: string; readonly record: StreamRecord }
  | { readonly type: 'answer'; readonly id: number; readonly answer: PlainAnswer }
  | { readonly type: 'closed' }
  | { readonly type: 'failed'; readonly message: string; readonly code?: string; readonly port?: number };
/** Main → worker. */
export type ToStore =
  | { readonly type: 'queued'; readonly id: number }
  | { readonly type: 'request'; readonly id: number; readonly request: PlainRequest }
  | { readonly type: 'close' };

const data = workerData as DynamoWorkerData;
const main = parentPort;
if (!main) throw new Error('local/dynamodb-worker.ts runs as a worker thread (local/dynamodb-thread.ts)');
const activity = new Int32Array(data.shared, 0, 1);
const simulated = new Float64Array(data.shared, 8, 1);

// The one clock is the main thread's: under a simulated clock this thread's "now" (the Date header the SDK compares
// with its own clock, a transaction token's 10 minutes) is the simulated instant the main thread publishes.
const realNow = Date.now.bind(Date);
Date.now = () => {
  const instant = simulated[0] as number;
  return Number.isNaN(instant) ? realNow() : instant;
};

let nextId = 0;
const queued = new Map<number, () => void>();
let receive: (message: ToStore) => void = () => {};
const post = batchedChannel<FromStore, ToStore>(main, (message) => receive(message));
const log = (line: string) => process.stderr.write(`${line}\n`);
const tap = new StreamTap(
  data.streamed,
  (tableName, record) =>
    new Promise<void>((resolve) => {
      const id = ++nextId;
      queued.set(id, resolve);
      post({ type: 'record', id, tableName, record });
    }),
  log,
);

try {
  const dynamo = await startDynamo(data.dir, data.port, data.host, tap, {}, activity);
  const listener = (req: IncomingMessage, res: ServerResponse) => dynamo.server.emit('request', req, res);
  receive = (message) => {
    if (message.type === 'queued') {
      queued.get(message.id)?.();
      queued.delete(message.id);
    } else if (message.type === 'request') {
      const id = message.id;
      // Through the same listener a socket's request reaches: the count the clock waits for, the Date header,
      // transactions, the streams' tap, dynalite.
      serveInProcess(listener, message.request).then(
        (answer) => post({ type: 'answer', id, answer }),
        (error: Error) =>
          post({
            type: 'answer',
            id,
            answer: { status: 500, headers: {}, body: JSON.stringify({ message: error.message }) },
          }),
      );
    } else if (message.type === 'close') {
      // dynalite closes its LevelDB with its server: the folder's lock is free when the main thread hears `closed`.
      void dynamo.close().then(() => post({ type: 'closed' }));
    }
  };
  const address = dynamo.server.address();
  if (!address || typeof address === 'string') throw new Error('dynalite listens on no TCP address');
  post({ type: 'listening', address: { address: address.address, family: address.family, port: address.port } });
} catch (error) {
  // The code and port of a listen error go back with it: the runtime tells a port in use apart (local/main.ts).
  const { code, port } = error as { code?: string; port?: number };
  post({
    type: 'failed',
    message: error instanceof Error ? (error.stack ?? error.message) : String(error),
    ...(typeof code === 'string' ? { code } : {}),
    ...(typeof port === 'number' ? { port } : {}),
  });
}
