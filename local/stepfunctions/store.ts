// One JSON file per execution under <dataDir>/executions/<stateMachine>/<execution>.json, rewritten whole and
// atomically (temp file + rename) on every change. Writes are synchronous on purpose: a SIGKILL never leaves a
// half-written file, and no asynchronous I/O is in flight when a simulated clock is moved forward.
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

/** A Step Functions history event, with `timestamp` kept in epoch milliseconds (seconds on the wire). */
export interface HistoryEvent {
  id: number;
  previousEventId: number;
  timestamp: number;
  type: string;
  [details: string]: unknown;
}

export interface ExecutionRecord {
  formatVersion: 1;
  executionArn: string;
  stateMachineArn: string;
  stateMachineName: string;
  name: string;
  /** The execution input exactly as given to StartExecution (a JSON string). */
  input: string;
  status: ExecutionStatus;
  /** Epoch milliseconds. */
  startDate: number;
  stopDate?: number;
  output?: string;
  error?: string;
  cause?: string;
  /** The top-level state the execution was last in (where it ended, once it has ended). */
  finalState?: string;
  /** How many times the execution was restarted from the beginning after the local runtime restarted. */
  redriveCount: number;
  redriveDate?: number;
  history: HistoryEvent[];
}

export class ExecutionStore {
  private readonly root: string;

  constructor(dataDir: string) {
    this.root = join(dataDir, 'executions');
    mkdirSync(this.root, { recursive: true });
  }

  save(record: ExecutionRecord): void {
    const dir = join(this.root, record.stateMachineName);
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `${record.name}.json`);
    const temp = `${file}.${process.pid}.tmp`;
    writeFileSync(temp, JSON.stringify(record));
    renameSync(temp, file);
  }

  /** Every persisted execution; leftovers of an interrupted write are removed, unreadable files reported. */
  loadAll(onUnreadable: (file: string, error: unknown) => void): ExecutionRecord[] {
    const records: ExecutionRecord[] = [];
    for (const machineDir of readdirSync(this.root, { withFileTypes: true })) {
      if (!machineDir.isDirectory()) continue;
      const dir = join(this.root, machineDir.name);
      for (const entry of readdirSync(dir)) {
        const file = join(dir, entry);
        if (entry.endsWith('.tmp')) {
          rmSync(file, { force: true });
          continue;
        }
        if (!entry.endsWith('.json')) continue;
        try {
          const record = JSON.parse(readFileSync(file, 'utf8')) as ExecutionRecord;
          if (record.formatVersion !== 1 || typeof record.executionArn !== 'string') {
            throw new Error('not an execution record');
          }
          records.push(record);
        } catch (error) {
          onUnreadable(file, error);
        }
      }
    }
    return records;
  }
}
