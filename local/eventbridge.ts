// Local stand-in for the system's EventBridge bus: it serves PutEvents (AWS JSON 1.1, `AWSEvents.PutEvents`) so the
// real @aws-sdk/client-eventbridge publishes unchanged, and keeps what was put — the last MAX_KEPT events in memory
// for `GET /_local/events`, and every event appended to `events.jsonl` in the data folder — where in AWS rules would
// route them to SMS, mail or a queue.
import { appendFileSync, mkdirSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { ulid } from 'ulid';

export interface BusRecord {
  readonly id: string;
  readonly source: string;
  readonly 'detail-type': string;
  readonly time: string;
  readonly 'event-bus-name': string;
  readonly detail: unknown;
}

const MAX_KEPT = 5_000;
const MAX_BODY = 1024 * 1024;

export class LocalEventBus {
  private readonly kept: BusRecord[] = [];
  private readonly server: Server;
  private readonly file: string;
  private active = 0;

  constructor(dataDir: string) {
    mkdirSync(dataDir, { recursive: true });
    this.file = join(dataDir, 'events.jsonl');
    this.server = createServer((req, res) => this.requestListener(req, res));
    this.server.keepAliveTimeout = 0;
  }

  /** The HTTP handler the server runs (the runtime's handlers reach it without a socket: local/in-process-http.ts). */
  readonly requestListener = (req: IncomingMessage, res: ServerResponse): void => {
    this.active++;
    res.on('close', () => this.active--);
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY) chunks.push(chunk);
    });
    req.on('end', () => {
      const answer = this.serve(
        String(req.headers['x-amz-target'] ?? ''),
        size > MAX_BODY ? '' : Buffer.concat(chunks).toString('utf8'),
      );
      res.writeHead(answer.status, { 'content-type': 'application/x-amz-json-1.1', date: new Date().toUTCString() });
      res.end(JSON.stringify(answer.body));
    });
  };

  /** Serves PutEvents on host:port (0: any free port); answers the URL to reach it (a wildcard through loopback). */
  async listen(port: number, host: string): Promise<string> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => resolve());
    });
    const { address, family } = this.address();
    const reachable = ['0.0.0.0', '::'].includes(address) ? '127.0.0.1' : family === 'IPv6' ? `[${address}]` : address;
    return `http://${reachable}:${this.address().port}`;
  }

  /** Where it really listens, as the OS reports it. */
  address(): AddressInfo {
    return this.server.address() as AddressInfo;
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections?.();
    });
  }

  inFlight(): number {
    return this.active;
  }

  /** The kept events, oldest first, optionally only those whose detail names `caseId`. */
  events(filter: { caseId?: string; limit?: number } = {}): BusRecord[] {
    const matching = filter.caseId
      ? this.kept.filter((e) => (e.detail as { caseId?: string } | null)?.caseId === filter.caseId)
      : this.kept;
    return matching.slice(-(filter.limit ?? 200));
  }

  private serve(target: string, body: string): { status: number; body: object } {
    if (target !== 'AWSEvents.PutEvents') {
      return { status: 400, body: { __type: 'UnknownOperationException', message: `Not served locally: ${target}` } };
    }
    let entries: { Source?: string; DetailType?: string; Detail?: string; EventBusName?: string; Time?: number }[];
    try {
      entries = (JSON.parse(body) as { Entries?: typeof entries }).Entries ?? [];
    } catch {
      return { status: 400, body: { __type: 'SerializationException', message: 'The body is not valid JSON' } };
    }
    if (!Array.isArray(entries) || entries.length < 1 || entries.length > 10) {
      return { status: 400, body: { __type: 'ValidationException', message: 'Entries must hold 1 to 10 events' } };
    }
    const results = entries.map((entry) => {
      let detail: unknown;
      try {
        detail = JSON.parse(entry.Detail ?? '');
      } catch {
        return { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is not valid JSON' };
      }
      if (!entry.Source || !entry.DetailType) {
        return { ErrorCode: 'InvalidArgument', ErrorMessage: 'Source and DetailType are required' };
      }
      const record: BusRecord = {
        id: ulid(),
        source: entry.Source,
        'detail-type': entry.DetailType,
        // The SDK sends Time as epoch seconds; EventBridge stamps the put time when it is absent.
        time: new Date(entry.Time ? entry.Time * 1000 : Date.now()).toISOString(),
        'event-bus-name': entry.EventBusName ?? 'default',
        detail,
      };
      this.kept.push(record);
      if (this.kept.length > MAX_KEPT) this.kept.splice(0, this.kept.length - MAX_KEPT);
      appendFileSync(this.file, `${JSON.stringify(record)}\n`);
      return { EventId: record.id };
    });
    const failed = results.filter((r) => 'ErrorCode' in r).length;
    return { status: 200, body: { FailedEntryCount: failed, Entries: results } };
  }
}
