import type { ScheduleSpec } from '../functions/schedule/schedules.ts';

const UNIT_MS: Record<string, number> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };

/** Parses an EventBridge `rate(N unit)` expression into milliseconds. */
export function rateMs(expression: string): number {
  const match = /^rate\((\d+) (minute|hour|day)s?\)$/.exec(expression.trim());
  if (!match) throw new Error(`local scheduler understands rate(N minute|hour|day[s]) only, not ${expression}`);
  const n = Number(match[1]);
  if (n < 1) throw new Error(`rate must be at least 1: ${expression}`);
  return n * (UNIT_MS[match[2] as string] as number);
}

export interface ScheduledJob {
  readonly spec: ScheduleSpec;
  readonly run: () => Promise<unknown>;
}

/**
 * Fires the schedule table on the process clock (real, or simulated: the timers are the global ones at call time,
 * so a simulated clock's advance fires every run due in the interval). A run still going when the next is due is
 * not overlapped.
 */
export class LocalScheduler {
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  private active = 0;
  private stopped = false;

  constructor(
    private readonly jobs: readonly ScheduledJob[],
    private readonly log: (line: string) => void,
  ) {}

  start(): void {
    for (const job of this.jobs) this.arm(job, rateMs(job.spec.expression));
  }

  inFlight(): number {
    return this.active;
  }

  stop(): void {
    this.stopped = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  private arm(job: ScheduledJob, period: number): void {
    if (this.stopped) return;
    const timer = setTimeout(async () => {
      this.timers.delete(timer);
      this.active++;
      try {
        await job.run();
      } catch (error) {
        this.log(`schedule ${job.spec.name} failed: ${error instanceof Error ? error.stack : String(error)}`);
      } finally {
        this.active--;
        this.arm(job, period);
      }
    }, period);
    this.timers.add(timer);
  }
}

/** The event EventBridge hands a scheduled rule's target (what the scheduled handlers receive). */
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
