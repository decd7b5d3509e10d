import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { freePort } from '../../test/support/dynamo.ts';
import { documentClient } from './aws.ts';
import { DynamoTally } from './dynamo-tally.ts';
import { round } from './stats.ts';

/**
 * A dynalite of its own in a child process (bench/support/dynalite-process.ts: every table of
 * functions/store/tables.ts), so that loading 100,000 items is not slowed by the loader's own work in the same process
 * and the code measured talks to it over HTTP as it would to DynamoDB.
 */
export async function dynaliteChild(dir: string): Promise<{ url: string; pid: number; close(): Promise<void> }> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(import.meta.dirname, 'dynalite-process.ts'), dir, String(port)],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const until = Date.now() + 60_000;
  while (!output.includes('dynalite ready')) {
    if (child.exitCode !== null) throw new Error(`dynalite exited (${child.exitCode}): ${output}`);
    if (Date.now() > until) {
      child.kill('SIGKILL');
      throw new Error('dynalite was not ready in 60 s');
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid ?? 0,
    close: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/**
 * Waits until a process has used (almost) no CPU for a second: after a bulk load, LevelDB compacts in the background
 * for a while, and a run timed during it would be charged for it. Gives up after 30 s; answers the seconds waited.
 */
export async function waitIdle(pid: number): Promise<number> {
  const cpuTicks = () => {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return Number(fields[11] ?? 0) + Number(fields[12] ?? 0);
  };
  const started = performance.now();
  let quiet = 0;
  let last = cpuTicks();
  while (quiet < 2 && performance.now() - started < 30_000) {
    await new Promise((r) => setTimeout(r, 500));
    const now = cpuTicks();
    quiet = now - last <= 2 ? quiet + 1 : 0;
    last = now;
  }
  return round((performance.now() - started) / 1000, 1);
}

/**
 * The alternative the design rules out, measured as the code is: a full paged Scan of `table`, with the items read
 * and the read units the same instrumentation counts for the code measured (DynamoTally).
 */
export async function measuredScan(
  url: string,
  table: string,
): Promise<{ itemsRead: number; readUnits: number; ms: number; pages: number }> {
  const tally = new DynamoTally();
  const scanner = documentClient(url, 4);
  tally.instrument(scanner);
  const started = performance.now();
  let startKey: Record<string, unknown> | undefined;
  let pages = 0;
  do {
    const out = await scanner.send(new ScanCommand({ TableName: table, ExclusiveStartKey: startKey }));
    startKey = out.LastEvaluatedKey;
    pages++;
  } while (startKey);
  const ms = Math.round(performance.now() - started);
  scanner.destroy();
  const rows = tally.rows();
  return {
    itemsRead: rows.reduce((a, r) => a + r.scanned, 0),
    readUnits: round(
      rows.reduce((a, r) => a + r.capacityUnits, 0),
      1,
    ),
    ms,
    pages,
  };
}
