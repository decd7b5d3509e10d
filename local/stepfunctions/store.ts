// One append-only JSON-lines journal per execution under <dataDir>/executions/<stateMachine>/<execution>.jsonl:
//   line 1            the header: what never changes (ARNs, name, input, start date), `formatVersion: 2`;
//   `{"set":{…}}`     a change to the execution's fields (status and its details, final state, redrive count),
//                     applied over the previous ones; with `"event":{…}` when a history event records the change
//                     (ExecutionSucceeded, ExecutionRedriven…): one line, so that no SIGKILL keeps one without the
//                     other;
//   any other line    a history event, in order.
// A journal is created whole and atomically (temp file + rename), then only appended to, synchronously. A SIGKILL
// never tears a rename; an append it interrupts can leave a prefix of the lines being written, the last one partial:
// `loadAll` cuts that partial line off before anything else is appended. Whatever such an append held had not been
// reported by the API yet (see `saveSoon` in index.ts), and a status is never on disk without its event. Nothing is
// ever rewritten: recording an event costs the size of that event, not of the whole history. Writes are synchronous
// on purpose: no asynchronous I/O is in flight when a simulated clock is moved forward. Files of format 1 (one
// `<execution>.json` record rewritten whole at every change) are converted to journals on load.
import {
  appendFileSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
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

/** What an execution's journal starts with: the fields that never change. */
export interface ExecutionHeader {
  executionArn: string;
  stateMachineArn: string;
  stateMachineName: string;
  name: string;
  /** The execution input exactly as given to StartExecution (a JSON string). */
  input: string;
  /** Epoch milliseconds. */
  startDate: number;
}

/** The fields of an execution that change while it runs (a `{"set": …}` line carries some of them). */
export interface ExecutionFields {
  status: ExecutionStatus;
  stopDate?: number;
  output?: string;
  error?: string;
  cause?: string;
  /** The top-level state the execution was last in (where it ended, once it has ended). */
  finalState?: string;
  /** How many times the execution was restarted from the beginning after the local runtime restarted. */
  redriveCount: number;
  redriveDate?: number;
}

/** An execution as its journal tells it, history included (read on demand, never kept). */
export interface ExecutionRecord extends ExecutionHeader, ExecutionFields {
  history: HistoryEvent[];
}

/** An execution as `loadAll` finds it: everything but the history, whose length alone is counted. */
export interface LoadedExecution extends ExecutionHeader, ExecutionFields {
  eventCount: number;
}

const FORMAT_VERSION = 2;
const EXTENSION = '.jsonl';
/** How a change line starts (`setLine`); every other line after the header is an event, counted without parsing. */
const SET_LINE = '{"set":';

/** The JSON line of a history event. */
export function eventLine(event: HistoryEvent): string {
  return `${JSON.stringify(event)}\n`;
}

/** The JSON line of a change to an execution's fields, with the history event that records it if any. */
export function setLine(fields: Partial<ExecutionFields>, event?: HistoryEvent): string {
  return `${JSON.stringify(event ? { set: fields, event } : { set: fields })}\n`;
}

function headerLine(header: ExecutionHeader): string {
  const { executionArn, stateMachineArn, stateMachineName, name, input, startDate } = header;
  return `${JSON.stringify({ formatVersion: FORMAT_VERSION, executionArn, stateMachineArn, stateMachineName, name, input, startDate })}\n`;
}

/** Folds a journal; `events` receives each history event, or is left out to count them without parsing them. */
function readJournal(text: string, file: string, events?: (event: HistoryEvent) => void): LoadedExecution {
  let header: ExecutionHeader | undefined;
  const fields: ExecutionFields = { status: 'RUNNING', redriveCount: 0 };
  let eventCount = 0;
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    if (end === start) throw new Error(`an empty line in ${file}`);
    if (header === undefined) {
      const line = JSON.parse(text.slice(start, end)) as Record<string, unknown>;
      if (line.formatVersion !== FORMAT_VERSION || typeof line.executionArn !== 'string') {
        throw new Error('not an execution journal');
      }
      const { formatVersion: _version, ...rest } = line;
      header = rest as unknown as ExecutionHeader;
    } else if (text.startsWith(SET_LINE, start)) {
      const line = JSON.parse(text.slice(start, end)) as { set: Partial<ExecutionFields>; event?: HistoryEvent };
      Object.assign(fields, line.set);
      if (line.event) {
        eventCount++;
        events?.(line.event);
      }
    } else {
      eventCount++;
      events?.(JSON.parse(text.slice(start, end)) as HistoryEvent);
    }
    start = end + 1;
  }
  if (!header) throw new Error('empty execution journal');
  return { ...header, ...fields, eventCount };
}

export class ExecutionStore {
  private readonly root: string;
  private readonly madeDirs = new Set<string>();

  constructor(dataDir: string) {
    this.root = join(dataDir, 'executions');
    mkdirSync(this.root, { recursive: true });
  }

  private file(stateMachineName: string, name: string): string {
    return join(this.root, stateMachineName, `${name}${EXTENSION}`);
  }

  /** Writes a new execution's journal, its header and `lines`, at once: it exists whole or not at all. */
  create(header: ExecutionHeader, lines: string): void {
    const dir = join(this.root, header.stateMachineName);
    if (!this.madeDirs.has(dir)) {
      mkdirSync(dir, { recursive: true });
      this.madeDirs.add(dir);
    }
    const file = this.file(header.stateMachineName, header.name);
    const temp = `${file}.${process.pid}.tmp`;
    writeFileSync(temp, headerLine(header) + lines);
    renameSync(temp, file);
  }

  /** Appends complete lines to an execution's journal (one write). */
  append(stateMachineName: string, name: string, lines: string): void {
    appendFileSync(this.file(stateMachineName, name), lines);
  }

  /** The whole execution, history included, as its journal tells it now. */
  read(stateMachineName: string, name: string): ExecutionRecord {
    const file = this.file(stateMachineName, name);
    const history: HistoryEvent[] = [];
    const { eventCount: _count, ...execution } = readJournal(readFileSync(file, 'utf8'), file, (event) =>
      history.push(event),
    );
    return { ...execution, history };
  }

  /** The execution as its journal tells it now, without its history (whose events are counted, not parsed). */
  describe(stateMachineName: string, name: string): LoadedExecution {
    const file = this.file(stateMachineName, name);
    return readJournal(readFileSync(file, 'utf8'), file);
  }

  /**
   * Every persisted execution, without its history. Leftovers of an interrupted write are removed (temp files) or
   * cut off (a partial last line); journals of format 1 are converted; unreadable files are reported and skipped.
   */
  loadAll(onUnreadable: (file: string, error: unknown) => void): LoadedExecution[] {
    const executions: LoadedExecution[] = [];
    for (const machineDir of readdirSync(this.root, { withFileTypes: true })) {
      if (!machineDir.isDirectory()) continue;
      const dir = join(this.root, machineDir.name);
      this.madeDirs.add(dir);
      const entries = readdirSync(dir);
      const journals = new Set(entries.filter((entry) => entry.endsWith(EXTENSION)));
      for (const entry of entries) {
        const file = join(dir, entry);
        if (entry.endsWith('.tmp')) {
          rmSync(file, { force: true });
          continue;
        }
        try {
          if (entry.endsWith('.json')) {
            const journal = `${entry.slice(0, -'.json'.length)}${EXTENSION}`;
            // A conversion interrupted after its rename left both: the journal is the newer.
            if (journals.has(journal)) rmSync(file, { force: true });
            else executions.push(this.convert(file, join(dir, journal)));
            continue;
          }
          if (!entry.endsWith(EXTENSION)) continue;
          let text = readFileSync(file, 'utf8');
          if (text.length > 0 && !text.endsWith('\n')) {
            // An append cut short by a SIGKILL: its lines were never reported. Cut them off before appending more.
            const complete = text.lastIndexOf('\n') + 1;
            if (complete === 0) throw new Error('the journal has no complete line');
            text = text.slice(0, complete);
            truncateSync(file, Buffer.byteLength(text));
          }
          executions.push(readJournal(text, file));
        } catch (error) {
          onUnreadable(file, error);
        }
      }
    }
    return executions;
  }

  /** Rewrites a format-1 execution file (one JSON record, history included) as a journal, then removes it. */
  private convert(oldFile: string, journal: string): LoadedExecution {
    const record = JSON.parse(readFileSync(oldFile, 'utf8')) as ExecutionRecord & { formatVersion?: number };
    if (record.formatVersion !== 1 || typeof record.executionArn !== 'string' || !Array.isArray(record.history)) {
      throw new Error('not an execution record');
    }
    const { formatVersion: _version, history, ...execution } = record;
    const { executionArn, stateMachineArn, stateMachineName, name, input, startDate, ...fields } = execution;
    const header: ExecutionHeader = { executionArn, stateMachineArn, stateMachineName, name, input, startDate };
    const temp = `${journal}.${process.pid}.tmp`;
    writeFileSync(temp, headerLine(header) + history.map(eventLine).join('') + setLine(fields));
    renameSync(temp, journal);
    rmSync(oldFile, { force: true });
    return { ...header, ...fields, eventCount: history.length };
  }
}
