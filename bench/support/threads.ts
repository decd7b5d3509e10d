import { readdirSync, readFileSync } from 'node:fs';

/** CPU time (ms) each thread of a process has used so far, by thread id, from /proc; undefined where there is none. */
export function cpuByThread(pid: number): Map<string, number> | undefined {
  const ticksPerMs = 100 / 1000; // USER_HZ
  const byThread = new Map<string, number>();
  try {
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      let stat: string;
      try {
        stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      } catch {
        continue; // a thread that ended meanwhile
      }
      // utime and stime: fields 14 and 15 of stat, counted after the command name (which may hold spaces).
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      byThread.set(tid, (Number(fields[11]) + Number(fields[12])) / ticksPerMs);
    }
  } catch {
    return undefined;
  }
  return byThread;
}

/**
 * CPU time (ms) the process has used so far: its main thread, and its other threads (the store's worker, V8's
 * collector and compiler threads, libuv's pool) together, from /proc; undefined where there is no /proc. Less
 * disturbed than a rate by other work on the machine: it says which thread an application's work loads.
 */
export function threadCpuMs(pid: number): { main: number; otherThreads: number } | undefined {
  const byThread = cpuByThread(pid);
  if (!byThread) return undefined;
  let otherThreads = 0;
  for (const [tid, ms] of byThread) if (tid !== String(pid)) otherThreads += ms;
  return { main: byThread.get(String(pid)) ?? 0, otherThreads };
}
