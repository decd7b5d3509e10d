import { linkSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** What the lock file holds: who runs on the folder, so a second start can name it. */
export interface LockHolder {
  readonly pid: number;
  readonly startedAt: string;
  readonly api?: string;
  /** The kernel's start time of the process (Linux /proc): a pid reused by another process does not match it. */
  readonly bootTicks?: string;
}

/** A second runtime on a data folder already in use: the message says by which process and how to use another. */
export class DataFolderInUse extends Error {
  constructor(
    readonly dataDir: string,
    readonly holder: LockHolder,
  ) {
    super(
      `The data folder ${dataDir} is in use by another local runtime (pid ${holder.pid}, started ${holder.startedAt}${holder.api ? `, API ${holder.api}` : ''}). ` +
        `Only one runtime can open a data folder (its DynamoDB is locked while open). Stop that one (Ctrl-C in its ` +
        `terminal, or kill ${holder.pid}), or start this one on another folder and other ports: ` +
        'PORT=3100 npm start -- --data-dir .data-2',
    );
    this.name = 'DataFolderInUse';
  }
}

/**
 * Takes the data folder for this process before anything in it is opened: a pid file, created only if absent. A file
 * left by a process that no longer runs (killed, crashed) is stale and taken over. Without this, a second `npm start`
 * on the same folder died on LevelDB's own lock with a stack trace that named neither the folder's user nor a way out.
 * @returns `release` (removes the file, if still ours) and whether a stale lock was taken over.
 */
export function lockDataFolder(dataDir: string): { release(): void; update(api: string): void; stale?: LockHolder } {
  const file = join(dataDir, 'runtime.lock');
  let stale: LockHolder | undefined;
  for (let attempt = 0; ; attempt++) {
    try {
      // Written aside, then linked in place: the link fails if the file exists, and a reader never sees it empty.
      const ticks = bootTicksOf(process.pid);
      const holder: LockHolder = {
        pid: process.pid,
        startedAt: new Date().toISOString(),
        ...(ticks ? { bootTicks: ticks } : {}),
      };
      const tmp = `${file}.${process.pid}.tmp`;
      writeFileSync(tmp, JSON.stringify(holder), { mode: 0o600 });
      try {
        linkSync(tmp, file);
      } finally {
        rmSync(tmp, { force: true });
      }
      const write = (next: LockHolder) => {
        if (ownedBy(file, process.pid)) writeFileAtomic(file, next);
      };
      return {
        ...(stale ? { stale } : {}),
        update: (api) => write({ ...holder, api }),
        release: () => {
          if (ownedBy(file, process.pid)) rmSync(file, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 2) throw error;
    }
    const holder = read(file);
    if (holder && holder.pid !== process.pid && running(holder)) throw new DataFolderInUse(dataDir, holder);
    // Stale (a process killed or crashed): take it over. Two starts taking over the same stale file at the same
    // instant can both succeed (one removes the file the other just linked); LevelDB's own lock still stops the
    // second — with its stack trace, for that rare case only.
    stale = holder;
    rmSync(file, { force: true });
  }
}

function read(file: string): LockHolder | undefined {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<LockHolder>;
    return typeof parsed.pid === 'number' && typeof parsed.startedAt === 'string'
      ? {
          pid: parsed.pid,
          startedAt: parsed.startedAt,
          ...(parsed.api ? { api: parsed.api } : {}),
          ...(parsed.bootTicks ? { bootTicks: parsed.bootTicks } : {}),
        }
      : undefined;
  } catch {
    return undefined;
  }
}

function ownedBy(file: string, pid: number): boolean {
  return read(file)?.pid === pid;
}

/** Replaces the file in one step: a second start reading it meanwhile never sees it empty (and so never stale). */
function writeFileAtomic(file: string, holder: LockHolder): void {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(holder), { mode: 0o600 });
  renameSync(tmp, file);
}

/** Whether the process that wrote the lock still runs: its pid is alive and (where /proc tells) started when it did. */
function running(holder: LockHolder): boolean {
  try {
    process.kill(holder.pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const ticks = bootTicksOf(holder.pid);
  return holder.bootTicks === undefined || ticks === undefined || ticks === holder.bootTicks;
}

/** Field 22 of /proc/<pid>/stat: when the process started, in clock ticks since boot (after the `(comm)` field). */
function bootTicksOf(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}
