import { Agent, request as httpRequest } from 'node:http';
import {
  type CallOptions,
  parseJson,
  RuntimeProcess,
  requestBody,
  type StartOptions,
} from '../../test/support/runtime.ts';

export interface HttpAnswer {
  readonly status: number;
  readonly headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: answers are arbitrary JSON read field by field
  readonly json: any;
  readonly text: string;
}

/**
 * The tests' local runtime process (test/support/runtime.ts), driven the way the bench measures it: over one
 * keep-alive agent of up to 256 sockets, like a browser or a load balancer would, with the runtime logging errors
 * only and the child's node options from BENCH_CHILD_NODE_ARGS (heap snapshots, profiles; see BENCHMARKS.md).
 */
export class BenchRuntime extends RuntimeProcess {
  readonly agent = new Agent({ keepAlive: true, maxSockets: 256 });

  override async start(options: StartOptions): Promise<void> {
    try {
      await super.start({
        nodeArgs: process.env.BENCH_CHILD_NODE_ARGS?.split(' ').filter(Boolean) ?? [],
        readyWithinMs: 120_000,
        ...options,
        env: { POWERTOOLS_LOG_LEVEL: 'ERROR', ...options.env },
      });
    } catch (error) {
      await this.dispose(); // no data folder left behind by a start that failed
      throw error;
    }
  }

  override async dispose(signal?: NodeJS.Signals): Promise<void> {
    this.agent.destroy();
    await super.dispose(signal);
  }

  /** One HTTP request to the API over the keep-alive agent. */
  override call(method: string, path: string, options: CallOptions = {}): Promise<HttpAnswer> {
    const body = requestBody(options.body);
    const headers = {
      ...this.requestHeaders(path, options, body),
      ...(body !== undefined ? { 'content-length': String(Buffer.byteLength(body)) } : {}),
    };
    return new Promise((done, fail) => {
      const req = httpRequest(
        { host: '127.0.0.1', port: this.port, method, path, agent: this.agent, headers },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            done({
              status: res.statusCode ?? 0,
              // made only when read: the bench reads status and body of thousands of answers a second
              get headers() {
                return new Headers(
                  Object.entries(res.headers).flatMap(([name, value]): [string, string][] =>
                    value === undefined ? [] : [[name, Array.isArray(value) ? value.join(', ') : value]],
                  ),
                );
              },
              json: parseJson(text),
              text,
            });
          });
          res.on('error', fail);
        },
      );
      req.on('error', fail);
      req.end(body);
    });
  }
}
