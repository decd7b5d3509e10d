import { nextFire, type ScheduleExpression } from '../functions/schedule/expression.ts';
import {
  checkSchedules,
  inputTextOf,
  SCHEDULE_MAX_EVENT_AGE_SECONDS,
  type ScheduleSpec,
} from '../functions/schedule/schedules.ts';
import { LOCAL_ACCOUNT, LOCAL_REGION } from '../lib/render.ts';

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
 * Instants that passed while the runtime was stopped are not fired: the schedules live as long as the runtime.
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
  ) {
    this.expressions = checkSchedules(jobs.map((job) => job.spec));
  }

  start(): void {
    // A rate counts its periods from here (Scheduler: from the schedule's start date).
    const anchor = Date.now();
    this.jobs.forEach((job, i) => {
      const expression = this.expressions[i] as ScheduleExpression;
      const first = nextFire(expression, anchor, anchor);
      if (first === undefined) {
        this.log(`schedule ${job.spec.name} never fires: ${expression.expression} has passed`);
      }
      this.arm(job, expression, first, anchor);
    });
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
        if (late > SCHEDULE_MAX_EVENT_AGE_SECONDS * 1000) {
          this.log(
            `schedule ${job.spec.name} skipped the run due ${new Date(instant).toISOString()}: ` +
              `${Math.round(late / 1000)} s late, past the maximum event age`,
          );
        } else await job.run(scheduledInput(job.spec, instant));
      } catch (error) {
        this.log(`schedule ${job.spec.name} failed: ${error instanceof Error ? error.stack : String(error)}`);
      } finally {
        // Armed before the run counts as done, so a settling clock sees the next timer.
        this.arm(job, expression, nextFire(expression, instant, anchor), anchor);
        this.active--;
      }
    });
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
