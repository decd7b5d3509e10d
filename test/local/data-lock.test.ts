import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataFolderInUse, lockDataFolder } from '../../local/data-lock.ts';
import { temporaryFolder } from '../support/temporary.ts';

// Issue 10, item 6: one runtime per data folder, and a second one told who holds it — but a lock left by a process
// that is gone (killed, or its pid since reused by another process) never blocks a start.

const folder = () => temporaryFolder('lock');
const ticksOf = (pid: number) => {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
};

describe('the data folder lock', () => {
  it('is taken, refused to a second holder while its process runs, and released', async () => {
    const dir = folder();
    const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)']);
    try {
      await new Promise((r) => holder.once('spawn', r));
      const pid = holder.pid as number;
      writeFileSync(
        join(dir, 'runtime.lock'),
        JSON.stringify({
          pid,
          startedAt: '2026-01-01T00:00:00.000Z',
          api: 'http://localhost:3000',
          bootTicks: ticksOf(pid),
        }),
      );
      let refused: unknown;
      try {
        lockDataFolder(dir);
      } catch (error) {
        refused = error;
      }
      expect(refused).toBeInstanceOf(DataFolderInUse);
      expect((refused as Error).message).toContain(`in use by another local runtime (pid ${pid}`);
      expect((refused as Error).message).toContain('API http://localhost:3000');
      expect((refused as Error).message).toContain('--data-dir');
    } finally {
      holder.kill();
    }
    await new Promise((r) => holder.once('exit', r));
    const lock = lockDataFolder(dir); // its holder is gone: stale, taken over
    expect(lock.stale?.pid).toBe(holder.pid);
    expect(JSON.parse(readFileSync(join(dir, 'runtime.lock'), 'utf8')).pid).toBe(process.pid);
    lock.release();
    expect(existsSync(join(dir, 'runtime.lock'))).toBe(false);
  });

  it('takes over a lock whose pid now belongs to another process (started at another time)', () => {
    const dir = folder();
    const other = spawnSync(process.execPath, ['-e', '']).pid; // a pid that ran once
    const reused = process.ppid; // alive, but not the process that wrote the lock
    writeFileSync(
      join(dir, 'runtime.lock'),
      JSON.stringify({ pid: reused, startedAt: '2026-01-01T00:00:00.000Z', bootTicks: `${ticksOf(reused)}1` }),
    );
    const lock = lockDataFolder(dir);
    expect(lock.stale?.pid).toBe(reused);
    lock.release();
    writeFileSync(join(dir, 'runtime.lock'), JSON.stringify({ pid: other, startedAt: '2026-01-01T00:00:00.000Z' }));
    const again = lockDataFolder(dir);
    expect(again.stale?.pid).toBe(other);
    again.release();
  });
});
