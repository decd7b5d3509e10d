import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import FakeTimers from '@sinonjs/fake-timers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ScheduleSpec } from '../../functions/schedule/schedules.ts';
import { LocalClock } from '../../local/clock.ts';
import { LocalScheduler, type ScheduledJob } from '../../local/scheduler.ts';

const DAY_MS = 86_400_000;
const ms = (iso: string) => Date.parse(iso);

/** The example the scheduled evaluation needs: 01:00 on the 1st of every month, Shanghai time. */
const MONTHLY: ScheduleSpec = {
  name: 'monthly-evaluation',
  expression: 'cron(0 1 1 * ? *)',
  timeZone: 'Asia/Shanghai',
  input: { period: 'MONTH', scheduledFor: '<aws.scheduler.scheduled-time>' },
  function: 'reconcile',
  description: 'example',
};

interface Run {
  readonly name: string;
  /** The simulated instant the target ran at. */
  readonly at: string;
  readonly event: unknown;
}

describe('LocalScheduler on the simulated clock', () => {
  let dir: string;
  let clock: LocalClock;
  let scheduler: LocalScheduler | undefined;
  let runs: Run[];
  let logged: string[];

  const start = (specs: ScheduleSpec[], run?: (spec: ScheduleSpec, event: unknown) => Promise<void>) => {
    const jobs: ScheduledJob[] = specs.map((spec) => ({
      spec,
      run: async (event) => {
        runs.push({ name: spec.name, at: new Date().toISOString(), event });
        await run?.(spec, event);
      },
    }));
    scheduler = new LocalScheduler(jobs, (line) => logged.push(line));
    scheduler.start();
  };
  const advance = (byMs: number) =>
    clock.advance(byMs, { running: () => scheduler?.inFlight() ?? 0, completed: () => 0 });

  beforeEach(() => {
    // Prepare
    dir = mkdtempSync(join(tmpdir(), 'xiaoneng-scheduler-'));
    clock = new LocalClock('simulated', LocalClock.stateFileIn(dir));
    clock.install(ms('2026-10-31T12:00:00+08:00'));
    runs = [];
    logged = [];
  });
  afterEach(() => {
    scheduler?.stop();
    scheduler = undefined;
    clock.uninstall();
    rmSync(dir, { recursive: true, force: true });
  });

  it('fires the monthly cron at 01:00 Shanghai time on each 1st crossed by one advance, with its input', async () => {
    // Prepare
    start([MONTHLY]);

    // Act: one move of the clock across both instants.
    await advance(45 * DAY_MS);

    // Assess: once each, at its own instant, in order; the input delivered with the scheduled time filled in.
    expect(runs).toEqual([
      {
        name: 'monthly-evaluation',
        at: new Date(ms('2026-11-01T01:00:00+08:00')).toISOString(),
        event: { period: 'MONTH', scheduledFor: '2026-10-31T17:00:00Z' },
      },
      {
        name: 'monthly-evaluation',
        at: new Date(ms('2026-12-01T01:00:00+08:00')).toISOString(),
        event: { period: 'MONTH', scheduledFor: '2026-11-30T17:00:00Z' },
      },
    ]);
  });

  it('does not fire before the instant', async () => {
    // Prepare
    start([MONTHLY]);

    // Act
    await advance(ms('2026-11-01T00:59:59+08:00') - Date.now());
    const before = runs.length;
    await advance(1000);

    // Assess
    expect(before).toBe(0);
    expect(runs.map((r) => r.at)).toEqual([new Date(ms('2026-11-01T01:00:00+08:00')).toISOString()]);
  });

  it('fires a rate every whole period from its start, with {} when the table gives no input', async () => {
    // Prepare
    const started = Date.now();
    start([{ name: 'hourly', expression: 'rate(1 hour)', function: 'reconcile', description: 'x' }]);

    // Act
    await advance(3.5 * 3_600_000);

    // Assess
    expect(runs.map((r) => Date.parse(r.at) - started)).toEqual([3_600_000, 7_200_000, 10_800_000]);
    expect(runs.map((r) => r.event)).toEqual([{}, {}, {}]);
  });

  it('fires a one-time at(...) once, in its time zone', async () => {
    // Prepare
    start([
      { name: 'once', expression: 'at(2026-11-11T11:11:00)', function: 'reconcile', description: 'x' },
      { name: 'gone', expression: 'at(2026-10-01T00:00:00)', function: 'reconcile', description: 'x' },
    ]);

    // Act
    await advance(30 * DAY_MS);

    // Assess: the instant already past at start never fires (and says so).
    expect(runs.map((r) => [r.name, r.at])).toEqual([
      ['once', new Date(ms('2026-11-11T11:11:00+08:00')).toISOString()],
    ]);
    expect(logged.join('\n')).toMatch(/schedule gone .*passed/);
  });

  it('a run that fails is logged and the schedule goes on', async () => {
    // Prepare
    start([MONTHLY], async () => {
      throw new Error('boom');
    });

    // Act
    await advance(45 * DAY_MS);

    // Assess
    expect(runs).toHaveLength(2);
    expect(logged.filter((line) => line.includes('schedule monthly-evaluation failed'))).toHaveLength(2);
  });

  it('refuses to start with a bad table entry, naming it', () => {
    expect(() => start([MONTHLY, { ...MONTHLY, name: 'typo', expression: 'cron(0 1 1 * * *)' }])).toThrow(
      /schedule "typo"/,
    );
  });
});

describe('LocalScheduler on a clock that jumps (a host that slept)', () => {
  it('skips a firing older than the maximum event age instead of running it late, and goes on', async () => {
    // Prepare
    const fake = FakeTimers.install({ now: ms('2026-10-31T12:00:00+08:00'), toFake: ['Date', 'setTimeout'] });
    const runs: string[] = [];
    const logged: string[] = [];
    const scheduler = new LocalScheduler(
      [{ spec: MONTHLY, run: async () => void runs.push(new Date().toISOString()) }],
      (line) => logged.push(line),
    );
    try {
      scheduler.start();

      // Act: the wall clock jumps past 1 November by two hours without the timer running, then it runs.
      fake.setSystemTime(ms('2026-11-01T03:00:00+08:00'));
      await fake.tickAsync(0);
      await fake.tickAsync(31 * DAY_MS);

      // Assess: the stale run is skipped and logged; the next one runs on time.
      expect(logged.join('\n')).toMatch(/schedule monthly-evaluation .*skipped/);
      expect(runs).toEqual([new Date(ms('2026-12-01T01:00:00+08:00')).toISOString()]);
    } finally {
      scheduler.stop();
      fake.uninstall();
    }
  });
});
