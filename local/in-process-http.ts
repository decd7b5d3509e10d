// A request to one of the runtime's own AWS endpoints (dynalite, Step Functions, the event bus) served without a
// socket: the SDK's signed request is handed to the endpoint's HTTP request listener as an IncomingMessage and a
// ServerResponse reduced to what those listeners read and call, and the answer goes back to the SDK as the HTTP
// response would have carried it. The handlers' clients use it (functions/store/transports.ts: `setTransport`);
// anything outside the process (the AWS CLI, the bench's own clients) still reaches the same listeners over HTTP.
import { EventEmitter } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { PassThrough } from 'node:stream';
import type { Transport } from '../functions/store/transports.ts';

/** A request as plain data (it may cross to a worker thread). */
export interface PlainRequest {
  readonly method: string;
  readonly url: string;
  /** Lower-case names, as Node's HTTP server gives them. */
  readonly headers: Record<string, string>;
  readonly body: string;
}
/** Its answer, as the HTTP response would carry it. */
export interface PlainAnswer {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

export type RequestListener = (req: IncomingMessage, res: ServerResponse) => void;

/** Serves `request` through `listener` as if it had come over a socket. */
export function serveInProcess(listener: RequestListener, request: PlainRequest): Promise<PlainAnswer> {
  return new Promise((resolve) => {
    const req = new PassThrough() as unknown as IncomingMessage & PassThrough;
    Object.assign(req, { headers: request.headers, method: request.method, url: request.url });
    const headers: Record<string, string> = {};
    const chunks: string[] = [];
    const res = Object.assign(new EventEmitter(), {
      statusCode: 200,
      headersSent: false,
      setHeader(name: string, value: string | number | readonly string[]) {
        headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
        return res;
      },
      getHeader: (name: string) => headers[name.toLowerCase()],
      removeHeader(name: string) {
        delete headers[name.toLowerCase()];
      },
      writeHead(status: number, more?: Record<string, string | number>) {
        res.statusCode = status;
        for (const [name, value] of Object.entries(more ?? {})) res.setHeader(name, value);
        return res;
      },
      write(chunk: string | Buffer) {
        chunks.push(String(chunk));
        return true;
      },
      end(chunk?: string | Buffer) {
        if (res.headersSent) return res;
        if (chunk !== undefined) chunks.push(String(chunk));
        res.headersSent = true;
        resolve({ status: res.statusCode, headers, body: chunks.join('') });
        res.emit('finish');
        res.emit('close');
        return res;
      },
    });
    listener(req, res as unknown as ServerResponse);
    req.end(request.body);
  });
}

interface SdkRequest {
  readonly method: string;
  readonly path: string;
  readonly query?: Record<string, string | string[] | null>;
  readonly headers: Record<string, string>;
  readonly body?: unknown;
}

/** The SDK's request handler that hands each request to `send` (in this thread, or posted to another). */
export class InProcessTransport {
  readonly metadata = { handlerProtocol: 'xiaoneng-in-process' };
  private waiting = 0;
  private answers = 0;

  constructor(private readonly send: (request: PlainRequest) => Promise<PlainAnswer>) {}

  /** Requests sent and not yet answered (the simulated clock waits for them). */
  pending(): number {
    return this.waiting;
  }

  /** Requests answered so far (only grows): the simulated clock's sign that the handlers are getting on. */
  answered(): number {
    return this.answers;
  }

  async handle(
    request: SdkRequest,
  ): Promise<{ response: { statusCode: number; headers: Record<string, string>; body: Buffer } }> {
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(request.headers)) headers[name.toLowerCase()] = value;
    const query = new URLSearchParams();
    for (const [name, value] of Object.entries(request.query ?? {})) {
      for (const v of Array.isArray(value) ? value : [value]) query.append(name, v ?? '');
    }
    const url = query.size ? `${request.path}?${query}` : request.path;
    const body =
      typeof request.body === 'string'
        ? request.body
        : request.body instanceof Uint8Array
          ? // The bytes themselves: the SDK's JSON body is a Uint8Array that also answers string methods (with a
            // warning), and Buffer.from(value) would call its valueOf.
            Buffer.from(request.body.buffer, request.body.byteOffset, request.body.byteLength).toString('utf8')
          : '';
    this.waiting++;
    try {
      const answer = await this.send({ method: request.method, url, headers, body });
      return { response: { statusCode: answer.status, headers: answer.headers, body: Buffer.from(answer.body) } };
    } finally {
      this.waiting--;
      this.answers++;
    }
  }

  updateHttpClientConfig(): void {}

  httpHandlerConfigs(): Record<string, never> {
    return {};
  }

  destroy(): void {}
}

/** The transport type the clients take (a structural match of the SDK's handler). */
export const asTransport = (transport: InProcessTransport): Transport => transport as unknown as Transport;

/**
 * Messages between two threads, sent once per turn of the event loop: every message of a turn goes in one
 * postMessage, as JSON text. A postMessage costs about as much as a small DynamoDB request's whole plumbing (a
 * structured clone of the object graph and a wake-up of the other thread); under load a turn holds many requests,
 * records and answers. The batch leaves at the turn's end (setImmediate), not at the next microtask: the handlers of
 * a turn issue their requests from many promise chains, and batching per microtask sent most of them alone
 * (measured on the bench's applications: the handlers' thread 12.5 → 10.4 ms of CPU per accepted application, the
 * store's thread 6.5 → 5.0). A request is counted as under way on this side until its answer arrives, so the
 * simulated clock never sees the wait between turns as idle.
 */
export function batchedChannel<Out, In>(
  port: { postMessage(value: unknown): void; on(event: 'message', listener: (value: unknown) => void): unknown },
  receive: (message: In) => void,
): (message: Out) => void {
  let pending: string[] | undefined;
  port.on('message', (batch) => {
    for (const text of batch as string[]) receive(JSON.parse(text) as In);
  });
  return (message) => {
    if (pending === undefined) {
      pending = [];
      setImmediate(() => {
        const batch = pending;
        pending = undefined;
        port.postMessage(batch);
      });
    }
    pending.push(JSON.stringify(message));
  };
}
