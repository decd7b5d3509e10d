import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { LOCAL_SECRET_HEADER, localKey, localSecret, signLocalToken } from '../../local/auth.ts';

const repoRoot = resolve(import.meta.dirname, '../..');

export async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => done(port));
    });
  });
}

export interface RuntimeStart {
  /** Simulated clock start, ISO 8601 with offset. */
  readonly now: string;
  /** Extra `--import` modules for the child (instrumentation such as the DynamoDB request counter). */
  readonly imports?: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
}

export interface HttpAnswer {
  readonly status: number;
  // biome-ignore lint/suspicious/noExplicitAny: answers are arbitrary JSON read field by field
  readonly json: any;
  readonly text: string;
}

/**
 * The local runtime as a child process, started exactly as `npm start -- --simulated-clock` starts it, in its own
 * data folder, driven over real HTTP (keep-alive, like a browser or a load balancer would).
 */
export class BenchRuntime {
  readonly dataDir = mkdtempSync(join(tmpdir(), 'xiaoneng-bench-'));
  port = 0;
  dynamoPort = 0;
  stepFunctionsPort = 0;
  output = '';
  /** How often the runtime's simulated clock moved on while work was still running (local/clock.ts settle cap). */
  settleWarnings = 0;
  private child: ChildProcess | undefined;
  readonly agent = new Agent({ keepAlive: true, maxSockets: 256 });

  get pid(): number {
    const pid = this.child?.pid;
    if (pid === undefined) throw new Error('the runtime is not running');
    return pid;
  }

  get dynamoUrl(): string {
    return `http://127.0.0.1:${this.dynamoPort}`;
  }

  get stepFunctionsUrl(): string {
    return `http://127.0.0.1:${this.stepFunctionsPort}`;
  }

  async start(options: RuntimeStart): Promise<void> {
    this.port = await freePort();
    this.dynamoPort = await freePort();
    this.stepFunctionsPort = await freePort();
    const args = [...(process.env.BENCH_CHILD_NODE_ARGS?.split(' ').filter(Boolean) ?? []), '--import', 'tsx'];
    for (const module of options.imports ?? []) args.push('--import', module);
    args.push('local/main.ts', '--data-dir', this.dataDir, '--simulated-clock', '--now', options.now);
    const child = spawn(process.execPath, args, {
      cwd: repoRoot,
      env: {
        ...process.env,
        PORT: String(this.port),
        DYNAMODB_PORT: String(this.dynamoPort),
        STEPFUNCTIONS_PORT: String(this.stepFunctionsPort),
        POWERTOOLS_LOG_LEVEL: 'ERROR',
        ...options.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    const keep = (chunk: Buffer) => {
      const text = chunk.toString();
      this.settleWarnings += text.split('work still running after').length - 1;
      this.output = (this.output + text).slice(-200_000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    const until = Date.now() + 120_000;
    while (!this.output.includes('local runtime ready')) {
      let failure: string | undefined;
      if (child.exitCode !== null) failure = `the local runtime exited (${child.exitCode}):\n${this.output}`;
      else if (Date.now() > until) failure = `the local runtime was not ready in 120 s:\n${this.output}`;
      if (failure) {
        await this.stop(); // no child and no data folder left behind
        throw new Error(failure);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** Stops the child (SIGTERM, the clean stop) and removes its data folder. */
  async stop(): Promise<void> {
    const child = this.child;
    this.agent.destroy();
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(timer);
    }
    this.child = undefined;
    rmSync(this.dataDir, { recursive: true, force: true });
  }

  /** VmRSS and VmHWM of the child, in bytes (Linux /proc). */
  memory(): { rss: number; peak: number } {
    const status = readFileSync(`/proc/${this.pid}/status`, 'utf8');
    const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0) * 1024;
    return { rss: field('VmRSS'), peak: field('VmHWM') };
  }

  token(role: string, options: { department?: string; sub?: string } = {}): Promise<string> {
    return signLocalToken(localKey(this.dataDir), {
      role,
      sub: options.sub ?? `bench-${role}`,
      ...(options.department ? { department: options.department } : {}),
      expiresInSeconds: 2 * 366 * 24 * 3600,
    });
  }

  /** One HTTP request to the API over the keep-alive agent. */
  call(
    method: string,
    path: string,
    options: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
  ): Promise<HttpAnswer> {
    const body = options.body === undefined ? undefined : JSON.stringify(options.body);
    return new Promise((done, fail) => {
      const req = httpRequest(
        {
          host: '127.0.0.1',
          port: this.port,
          method,
          path,
          agent: this.agent,
          headers: {
            ...(body !== undefined
              ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }
              : {}),
            ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
            ...(path.startsWith('/_local/') ? { [LOCAL_SECRET_HEADER]: localSecret(this.dataDir) } : {}),
            ...options.headers,
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let json: unknown;
            try {
              json = text ? JSON.parse(text) : undefined;
            } catch {
              json = undefined;
            }
            done({ status: res.statusCode ?? 0, json, text });
          });
          res.on('error', fail);
        },
      );
      req.on('error', fail);
      req.end(body);
    });
  }

  /** Moves the simulated clock; resolves once every piece of work due in the interval has run. */
  async advance(seconds: number): Promise<string> {
    const answer = await this.call('POST', '/_local/clock/advance', { body: { seconds } });
    if (answer.status !== 200) throw new Error(`clock advance failed (${answer.status}): ${answer.text}`);
    return answer.json.now as string;
  }

  async now(): Promise<Date> {
    const answer = await this.call('GET', '/_local/clock');
    return new Date(answer.json.now as string);
  }
}
