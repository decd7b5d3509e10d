import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { nextFire, type ScheduleExpression } from '../functions/schedule/expression.ts';
import {
  checkSchedules,
  inputTextOf,
  SCHEDULE_MAX_EVENT_AGE_SECONDS,
  type ScheduleSpec,
} from '../functions/schedule/schedules.ts';
import { LOCAL_ACCOUNT, LOCAL_REGION } from '../lib/local-account.ts';

export interface ScheduledJob {
  readonly spec: ScheduleSpec;
  /** Invokes the target with the event EventBridge Scheduler would give it (the table's input). */
  readonly run: (event: unknown) => Promise<unknown>;
}

/**
 * Fires the schedule table as EventBridge Scheduler would, on the process clock (real, or simulated: the timers are
 * the global ones at call time, so a simulated clock's advance fires every run due in the interval, each at its own
 * instant). Every fire instant is run once: an advance across three instants runs the target three times, in order,
 * with the clock at each instant — Scheduler invokes every instant, it does not collapse them. A run still going
 * when the next instant comes is not overlapped: the next starts when it ends (on the simulated clock runs take no
 * simulated time, so this never delays one). A firing that could not start within the maximum event age (a host
 * that slept through it on the real clock) is skipped and logged, as Scheduler drops an invocation that old.
 *
 * Catch-up (`catchUp` in the table, with a `stateFile`): Scheduler is never down, a local runtime is. For such a
 * schedule the file keeps the last instant handled; at start the instants that passed since (while the runtime was
 * stopped) are run — each of them (`every`) or the last (`latest`) — before the next is awaited, each with its own
 * scheduled time, and a firing reached too late is run rather than skipped. A schedule seen for the first time has
 * missed nothing. Other schedules fire only while the runtime runs.
 */
export class LocalScheduler {
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  private readonly expressions: readonly ScheduleExpression[];
  private active = 0;
  private stopped = false;

  /** Checks the whole table first: a bad entry throws, naming it, before anything is armed. */
  constructor(
    private readonly jobs: readonly ScheduledJob[],
    private readonly log: (line: string) => void,
    /** Where the catch-up schedules' last handled instants are kept (the data folder's `schedules.json`). */
    private readonly stateFile?: string,
  ) {
    this.expressions = checkSchedules(jobs.map((job) => job.spec));
  }

  start(): void {
    // A rate counts its periods from here (Scheduler: from the schedule's start date).
    const anchor = Date.now();
    const handled = this.readState();
    const missed: { job: ScheduledJob; instant: number }[] = [];
    this.jobs.forEach((job, i) => {
      const expression = this.expressions[i] as ScheduleExpression;
      if (job.spec.catchUp && this.stateFile) {
        const since = handled[job.spec.name];
        const instants = since === undefined ? [] : instantsBetween(expression, since, anchor);
        missed.push(
          ...(job.spec.catchUp === 'every' ? instants : instants.slice(-1)).map((instant) => ({ job, instant })),
        );
        // Nothing missed is then left to run: the schedule is watched from here (also when a clock was set back).
        if (instants.length === 0) this.handled(job, anchor, true);
      }
      const first = nextFire(expression, anchor, anchor);
      if (first === undefined) {
        this.log(`schedule ${job.spec.name} never fires: ${expression.expression} has passed`);
      }
      this.arm(job, expression, first, anchor);
    });
    if (missed.length > 0)
      void this.catchUp(
        missed.sort((a, b) => a.instant - b.instant),
        anchor,
      );
  }

  /** Runs the missed instants one after the other, in time order (counted in flight: start-up settles them). */
  private async catchUp(missed: readonly { job: ScheduledJob; instant: number }[], anchor: number): Promise<void> {
    this.active++;
    try {
      for (const { job, instant } of missed) {
        if (this.stopped) return;
        this.log(
          `schedule ${job.spec.name}: running the run due ${new Date(instant).toISOString()}, missed while stopped`,
        );
        try {
          await job.run(scheduledInput(job.spec, instant));
        } catch (error) {
          this.log(`schedule ${job.spec.name} failed: ${error instanceof Error ? error.stack : String(error)}`);
        }
        this.handled(job, instant);
      }
      for (const { job } of missed) this.handled(job, anchor);
    } finally {
      this.active--;
    }
  }

  inFlight(): number {
    return this.active;
  }

  stop(): void {
    this.stopped = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  private arm(job: ScheduledJob, expression: ScheduleExpression, instant: number | undefined, anchor: number): void {
    if (instant === undefined) return;
    this.wakeAt(instant, async () => {
      this.active++;
      try {
        const late = Date.now() - instant;
        if (late > SCHEDULE_MAX_EVENT_AGE_SECONDS * 1000 && !job.spec.catchUp) {
          this.log(
            `schedule ${job.spec.name} skipped the run due ${new Date(instant).toISOString()}: ` +
              `${Math.round(late / 1000)} s late, past the maximum event age`,
          );
        } else await job.run(scheduledInput(job.spec, instant));
      } catch (error) {
        this.log(`schedule ${job.spec.name} failed: ${error instanceof Error ? error.stack : String(error)}`);
      } finally {
        this.handled(job, instant);
        // Armed before the run counts as done, so a settling clock sees the next timer.
        this.arm(job, expression, nextFire(expression, instant, anchor), anchor);
        this.active--;
      }
    });
  }

  /** The last handled instant of each catch-up schedule, as the state file has it (none: a first start). */
  private readState(): Record<string, number> {
    if (!this.stateFile) return {};
    try {
      const state = JSON.parse(readFileSync(this.stateFile, 'utf8')) as { handled?: Record<string, string> };
      return Object.fromEntries(
        Object.entries(state.handled ?? {})
          .map(([name, at]) => [name, Date.parse(at)] as const)
          .filter(([, at]) => Number.isFinite(at)),
      );
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        this.log(`schedules: ${this.stateFile} unreadable (${(error as Error).message}): no catch-up this time`);
      }
      return {};
    }
  }

  /**
   * Records that a catch-up schedule's instants up to `instant` are handled: never moving back (a catch-up finishing
   * after a newer firing), unless `reset` (at start, where the clock is).
   */
  private handled(job: ScheduledJob, instant: number, reset = false): void {
    if (!job.spec.catchUp || !this.stateFile) return;
    const state = this.readState();
    if (!reset && (state[job.spec.name] ?? Number.NEGATIVE_INFINITY) >= instant) return;
    state[job.spec.name] = instant;
    const handled = Object.fromEntries(Object.entries(state).map(([name, at]) => [name, new Date(at).toISOString()]));
    // Written aside and renamed: a runtime killed mid-write leaves the old file, never half of one.
    writeFileSync(`${this.stateFile}.tmp`, `${JSON.stringify({ handled }, null, 2)}\n`);
    renameSync(`${this.stateFile}.tmp`, this.stateFile);
  }

  /**
   * Calls `fire` at `instant`. A timer's delay is at most 2^31-1 ms (24.8 days): a longer one fires after 1 ms
   * (a monthly cron would fire every millisecond), so a far instant is reached in hops that only re-arm.
   */
  private wakeAt(instant: number, fire: () => void): void {
    if (this.stopped) return;
    const delay = instant - Date.now();
    const hop = delay > MAX_TIMER_DELAY_MS;
    const timer = setTimeout(
      () => {
        this.timers.delete(timer);
        if (hop) this.wakeAt(instant, fire);
        else fire();
      },
      hop ? MAX_TIMER_DELAY_MS : Math.max(0, delay),
    );
    this.timers.add(timer);
  }
}

const MAX_TIMER_DELAY_MS = 2 ** 31 - 1;

/** Catch-up never runs more than this many instants of one schedule (ten years of a monthly one). */
const MAX_CATCH_UP = 120;

/** The instants a schedule fired in (after, until], in order (at most MAX_CATCH_UP, the latest ones). */
function instantsBetween(expression: ScheduleExpression, after: number, until: number): number[] {
  const out: number[] = [];
  // A rate's periods count from the last handled instant, as they did from the start before.
  for (let t = nextFire(expression, after, after); t !== undefined && t <= until; t = nextFire(expression, t, after)) {
    out.push(t);
    if (out.length > MAX_CATCH_UP) out.shift();
  }
  return out;
}

/**
 * The event the target receives: the table's input, with EventBridge Scheduler's context attributes filled in as
 * Scheduler does (textually, in the input's JSON text).
 */
export function scheduledInput(spec: ScheduleSpec, scheduledAt: number): unknown {
  const attributes: Record<string, string> = {
    'scheduled-time': new Date(scheduledAt).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    'schedule-arn': `arn:aws:scheduler:${LOCAL_REGION}:${LOCAL_ACCOUNT}:schedule/default/${spec.name}`,
    'execution-id': crypto.randomUUID(),
    'attempt-number': '1',
  };
  const text = inputTextOf(spec).replace(/<aws\.scheduler\.([a-z-]+)>/g, (whole, name: string) =>
    name in attributes ? (attributes[name] as string) : whole,
  );
  return JSON.parse(text);
}

/**
 * The event an EventBridge *rule* hands its target. The schedules no longer use it (they hand the table's input, as
 * EventBridge Scheduler does); the bench still calls the reconciler with it.
 */
export function scheduledEvent() {
  return {
    version: '0',
    id: crypto.randomUUID(),
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    time: new Date().toISOString(),
    detail: {},
  };
}
