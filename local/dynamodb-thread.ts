import type { AddressInfo } from 'node:net';
import { Worker } from 'node:worker_threads';
import type { LocalDynamo } from './dynamodb.ts';
import type { DynamoWorkerData, FromStore, ToStore } from './dynamodb-worker.ts';
import { batchedChannel, InProcessTransport, type PlainAnswer } from './in-process-http.ts';
import type { LocalStreams } from './streams.ts';

export interface DynamoThread extends LocalDynamo {
  readonly address: AddressInfo;
  /** The handlers' requests as messages to the thread, instead of HTTP (functions/store/transports.ts). */
  readonly transport: InProcessTransport;
  /** The simulated instant, for the store's "now" (local/clock.ts publishes every move); NaN: real time. */
  publishTime(ms: number): void;
}

/**
 * dynalite (local/dynamodb.ts) in a worker thread of its own (local/dynamodb-worker.ts): the store's work — HTTP
 * parsing, dynalite's validation and expressions, LevelDB, the streams' old and new images — runs on the second core
 * instead of between the handlers' turns on the main thread. The stream records come back here, to `streams`'
 * readers; the simulated clock sees the store's requests through a counter in shared memory.
 */
export async function startDynamoThread(
  dir: string,
  port: number,
  host: string,
  streams: LocalStreams,
  log: (line: string) => void,
): Promise<DynamoThread> {
  const shared = new SharedArrayBuffer(16);
  const activity = new Int32Array(shared, 0, 1);
  const simulated = new Float64Array(shared, 8, 1);
  simulated[0] = Number.NaN;
  const data: DynamoWorkerData = { dir, port, host, streamed: streams.streamed(), shared };
  const worker = startWorker(data);
  let receive: (message: FromStore) => void = () => {};
  const send = batchedChannel<ToStore, FromStore>(worker, (message) => receive(message));
  // The handlers' requests go over as messages; each answer comes back under its request's number.
  let nextRequest = 0;
  const answers = new Map<number, (answer: PlainAnswer) => void>();
  const transport = new InProcessTransport(
    (request) =>
      new Promise((resolve) => {
        const id = ++nextRequest;
        answers.set(id, resolve);
        send({ type: 'request', id, request });
      }),
  );
  let closed: (() => void) | undefined;
  const listening = new Promise<AddressInfo>((resolve, reject) => {
    receive = (message) => {
      switch (message.type) {
        case 'record':
          // Queued for the readers (their first batch starts now), then the write is answered.
          streams.deliver(message.tableName, message.record);
          send({ type: 'queued', id: message.id });
          break;
        case 'listening':
          resolve(message.address as AddressInfo);
          break;
        case 'failed':
          reject(
            Object.assign(new Error(`dynamodb: the store's thread failed to start: ${message.message}`), {
              ...(message.code ? { code: message.code } : {}),
              ...(message.port !== undefined ? { port: message.port } : {}),
            }),
          );
          break;
        case 'answer':
          answers.get(message.id)?.(message.answer);
          answers.delete(message.id);
          break;
        case 'closed':
          closed?.();
          break;
      }
    };
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`dynamodb: the store's thread exited (${code}) before listening`)));
  });
  let address: AddressInfo;
  try {
    address = await listening;
  } catch (error) {
    await worker.terminate(); // nothing of it may outlive the failed start (its LevelDB, its handles)
    throw error;
  }
  worker.on('error', (error) => log(`dynamodb: ERROR in the store's thread: ${error.stack ?? error.message}`));
  return {
    url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${address.port}`,
    address,
    transport,
    // Requests on their way to the thread or back count too: nothing of theirs may be skipped by the clock.
    inFlight: () => Atomics.load(activity, 0) + transport.pending(),
    publishTime: (ms) => {
      simulated[0] = ms;
    },
    async close() {
      await new Promise<void>((resolve) => {
        closed = resolve;
        worker.once('exit', () => resolve());
        send({ type: 'close' });
      });
      await worker.terminate();
    },
  };
}

/**
 * From source (`npm start`: tsx) the worker registers tsx before importing its TypeScript module: a worker does not
 * run the parent's `--import` hooks before its entry. In the tests' runtime bundle (local/bundle.ts) the worker is
 * its own bundle beside the runtime's.
 */
function startWorker(workerData: DynamoWorkerData): Worker {
  if (!import.meta.url.endsWith('.ts')) {
    return new Worker(new URL('./dynamodb-worker.mjs', import.meta.url), { workerData });
  }
  const entry = new URL('./dynamodb-worker.ts', import.meta.url).href;
  const tsx = import.meta.resolve('tsx/esm/api');
  const script = `import(${JSON.stringify(tsx)}).then((api) => api.register()).then(() => import(${JSON.stringify(entry)}));`;
  return new Worker(script, { eval: true, workerData });
}
