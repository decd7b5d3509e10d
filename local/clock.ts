import FakeTimers from '@sinonjs/fake-timers';

type InstalledClock = ReturnType<typeof FakeTimers.install>;

import {
  closeSync,
  existsSync,
  ftruncateSync,
  openSync,
  readFileSync,
  renameSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { join } from 'node:path';

// The real timers, captured before any fake clock is installed: the controller itself must keep real time to wait
// for in-flight I/O while simulated time stands still.
export const realSetTimeout = globalThis.setTimeout;
const realSetImmediate = globalThis.setImmediate;

export type ClockMode = 'real' | 'simulated';

/**
 * What the simulated clock waits for: how much work is running right now (task handlers, HTTP requests, DynamoDB
 * calls, stream records queued), and how many units of work have been completed so far — a count that only grows
 * (Tasks that returned, stream batches read, the handlers' requests answered). The second is how `settle` tells a
 * burst that is getting through its backlog from work that hangs.
 */
export interface WorkProbe {
  running(): number;
  completed(): number;
}

/**
 * The local runtime's clock. In `real` mode it does nothing. In `simulated` mode it installs fake timers and Date
 * into the whole process (after every module is loaded, so libraries that captured real timers at import keep
 * them for their I/O), and time stands still until `advance` moves it: timer by timer, waiting after each for the
 * work it started (a Task, a DynamoDB call) to settle — one big jump would fire a Task's own timeout while its I/O
 * is still pending.
 */
export class LocalClock {
  private fake: InstalledClock | undefined;
  private advancing: Promise<unknown> = Promise.resolve();
  /** The persisted instant's file, open once it exists (`persist`). */
  private stateFd: number | undefined;
  /** Told every simulated instant before time moves there (the store's thread keeps the same "now"). */
  private readonly watchers: ((ms: number) => void)[] = [];

  constructor(
    readonly mode: ClockMode,
    private readonly stateFile: string,
  ) {}

  /** The simulated instant persisted by a previous run, if any. */
  static persisted(dataDir: string): number | undefined {
    const file = join(dataDir, 'simulated-clock.json');
    if (!existsSync(file)) return undefined;
    const { now } = JSON.parse(readFileSync(file, 'utf8')) as { now: string };
    const ms = Date.parse(now);
    return Number.isNaN(ms) ? undefined : ms;
  }

  static stateFileIn(dataDir: string): string {
    return join(dataDir, 'simulated-clock.json');
  }

  install(startMs: number): void {
    if (this.mode !== 'simulated') return;
    this.fake = FakeTimers.install({
      now: startMs,
      toFake: ['Date', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'],
      shouldClearNativeTimers: true,
      loopLimit: 1_000_000,
    });
    // ES modules that import a timer function from 'node:timers' (middy's early Lambda timeout) hold a live binding
    // that fake-timers' patching of the `timers` module reaches only once the builtin's exports are synced. Without
    // this, a handler's Lambda timeout ran in REAL time while simulated time stood still: on a slow machine a handler
    // was aborted (a 500, a failed Task) while its work went on unseen by the busy probe.
    syncBuiltinESMExports();
    this.persist();
    for (const watch of this.watchers) watch(startMs);
  }

  /** Calls `watch` with the simulated instant now (if any) and before every move of it. */
  watch(watch: (ms: number) => void): void {
    this.watchers.push(watch);
    if (this.fake) watch(this.fake.now);
  }

  /** Puts the real Date and timers back (tests that install a simulated clock in their own process). */
  uninstall(): void {
    this.fake?.uninstall();
    this.fake = undefined;
    if (this.stateFd !== undefined) closeSync(this.stateFd);
    this.stateFd = undefined;
    syncBuiltinESMExports();
  }

  now(): Date {
    return new Date(Date.now());
  }

  /**
   * Moves simulated time forward by `ms`, firing every timer due in that interval in order and waiting for the work
   * each one starts. Resolves once all work due by the new instant has run. Calls are serialized.
   */
  advance(ms: number, busy: WorkProbe): Promise<Date> {
    const run = this.advancing.then(() => this.advanceNow(ms, busy));
    this.advancing = run.catch(() => undefined);
    return run;
  }

  private async advanceNow(ms: number, busy: WorkProbe): Promise<Date> {
    const fake = this.fake;
    if (!fake) throw new Error('the clock is real: start the runtime with --simulated-clock to move time');
    const target = fake.now + ms;
    await settle(busy);
    for (;;) {
      const next = nextTimerAt(fake);
      if (next === undefined || next > target) break;
      this.moveTo(fake, next);
      await settle(busy);
    }
    if (fake.now < target) this.moveTo(fake, target);
    await settle(busy);
    return new Date(fake.now);
  }

  /**
   * Write-ahead: the instant is persisted BEFORE time moves there and the timers due then fire. A process killed in
   * the middle of an advance thus restarts at the instant it had reached (the work due then runs again: every task
   * is idempotent), never behind it — persisting only at the end would restart it before expiries it had already
   * applied, showing cases deemed approved before their deadline and refusing decisions that are still on time.
   */
  private moveTo(fake: InstalledClock, instant: number): void {
    if (instant > fake.now) this.persist(instant);
    for (const watch of this.watchers) watch(instant);
    fake.tick(Math.max(0, instant - fake.now)); // 0 fires a timer due right now
  }

  /**
   * The first time: a new file and a rename (the file is whole or absent). Then, at every step of an advance (hundreds
   * per simulated week: every hourly schedule is a step), the same file is overwritten in place by one positioned
   * write — no open, no rename. A process killed by SIGKILL is never inside a write to a regular file: the file holds
   * the old instant or the new one, never a mix. The length is fixed (toISOString is always 24 characters), and the
   * file is truncated to it anyway.
   */
  private persist(instant = this.fake?.now): void {
    if (instant === undefined) return;
    const content = Buffer.from(JSON.stringify({ now: new Date(instant).toISOString() }));
    if (this.stateFd === undefined) {
      const tmp = `${this.stateFile}.tmp`;
      writeFileSync(tmp, content);
      renameSync(tmp, this.stateFile);
      this.stateFd = openSync(this.stateFile, 'r+');
      return;
    }
    writeSync(this.stateFd, content, 0, content.length, 0);
    ftruncateSync(this.stateFd, content.length);
  }
}

function nextTimerAt(fake: InstalledClock): number | undefined {
  const internal = fake as unknown as {
    timerHeap?: { peek(): { callAt: number } | undefined };
    timers?: Record<string, { callAt: number }>;
  };
  if (internal.timerHeap) return internal.timerHeap.peek()?.callAt;
  const all = Object.values(internal.timers ?? {});
  return all.length ? Math.min(...all.map((t) => t.callAt)) : undefined;
}

/**
 * Waits (in real time) until nothing has been busy for a few consecutive turns of the event loop. Gives up after
 * `maxRealMs` WITHOUT PROGRESS — no unit of work completed and no new low of the busy count all that time (a task
 * that hangs, a retry sleeping on a simulated timer) — not after `maxRealMs` in all: a burst of thousands of
 * deadlines at one instant takes minutes, and moving time on in the middle of it would make what is still queued
 * late in simulated time. Work going in and out of flight (a poller) completes nothing that counts and is no progress.
 *
 * Why completions and not only the busy count: in a burst of 13,000 expiries at one instant (100,000 pending clocks)
 * the work moves from the held timers into the stream readers' queues (each expiry writes three streamed items, and
 * each write is a record for several readers), and the count stayed above its low for 30 s while everything moved:
 * the clock moved on 88 times with expiries still queued (expiry lag p99 95 s). The count of completed work grows
 * all through such a burst and stops only when nothing moves.
 */
export async function settle(work: WorkProbe, maxRealMs = 30_000): Promise<void> {
  let since = performance.now();
  let lowest = Number.POSITIVE_INFINITY;
  let done = work.completed();
  let quiet = 0;
  let working = false;
  while (quiet < 4) {
    // While work runs, look again a millisecond later rather than at the next turn: a look at every turn kept this
    // thread spinning beside the work it waits for — a promise and an Immediate per turn, about a fifth of all the
    // runtime allocated under the bench's applications, and the collections that go with it. The work itself is not
    // delayed (its messages and I/O wake the loop); its end is seen at most a millisecond later.
    await new Promise((resolve) => (working ? realSetTimeout(resolve, 1) : realSetImmediate(resolve)));
    if (quiet % 2 === 1) await new Promise((resolve) => realSetTimeout(resolve, 1));
    const count = work.running();
    const completed = work.completed();
    working = count !== 0;
    quiet = working ? 0 : quiet + 1;
    if (count < lowest || completed !== done) {
      lowest = Math.min(lowest, count);
      done = completed;
      since = performance.now();
    } else if (working && performance.now() - since > maxRealMs) {
      process.stderr.write(
        `simulated clock: work still running after ${maxRealMs} ms of real time without progress; moving on\n`,
      );
      return;
    }
  }
}
