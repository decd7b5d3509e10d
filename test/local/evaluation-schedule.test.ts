import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { schedules } from '../../functions/schedule/schedules.ts';
import { LocalClock } from '../../local/clock.ts';
import { LocalScheduler } from '../../local/scheduler.ts';

const DAY_MS = 86_400_000;
const ms = (iso: string) => Date.parse(iso);

describe('the evaluation schedules on the simulated clock', () => {
  let dir: string;
  let clock: LocalClock;
  let scheduler: LocalScheduler | undefined;

  beforeEach(() => {
    // Prepare
    dir = mkdtempSync(join(tmpdir(), 'xiaoneng-evaluation-schedule-'));
    clock = new LocalClock('simulated', LocalClock.stateFileIn(dir));
    clock.install(ms('2026-10-30T12:00:00+08:00'));
  });
  afterEach(() => {
    scheduler?.stop();
    scheduler = undefined;
    clock.uninstall();
    rmSync(dir, { recursive: true, force: true });
  });

  it('fires the month-to-date run at 01:00 on the 2nd..31st and the closing run at 01:00 on the 1st, Shanghai time', async () => {
    // Prepare: the schedule table's own entries for the evaluate function.
    const runs: { at: string; event: unknown }[] = [];
    const table = schedules.filter((s) => s.function === 'evaluate');
    scheduler = new LocalScheduler(
      table.map((spec) => ({
        spec,
        run: async (event) => {
          runs.push({ at: new Date().toISOString(), event });
        },
      })),
      () => {},
    );
    scheduler.start();

    // Act: across the 31st, the 1st and the 2nd.
    await clock.advance(3 * DAY_MS, { running: () => scheduler?.inFlight() ?? 0, completed: () => 0 });

    // Assess
    expect(table.map((s) => [s.name, s.expression, s.timeZone ?? 'Asia/Shanghai'])).toEqual([
      ['monthly-evaluation', 'cron(0 1 1 * ? *)', 'Asia/Shanghai'],
      ['daily-evaluation', 'cron(0 1 2-31 * ? *)', 'Asia/Shanghai'],
    ]);
    expect(runs).toEqual([
      {
        at: new Date(ms('2026-10-31T01:00:00+08:00')).toISOString(),
        event: { run: 'month-to-date', schedule: 'daily-evaluation', scheduledTime: '2026-10-30T17:00:00Z' },
      },
      {
        at: new Date(ms('2026-11-01T01:00:00+08:00')).toISOString(),
        event: { run: 'closing', schedule: 'monthly-evaluation', scheduledTime: '2026-10-31T17:00:00Z' },
      },
      {
        at: new Date(ms('2026-11-02T01:00:00+08:00')).toISOString(),
        event: { run: 'month-to-date', schedule: 'daily-evaluation', scheduledTime: '2026-11-01T17:00:00Z' },
      },
    ]);
  });
});

describe('catch-up: the evaluations a local runtime missed while it was stopped', () => {
  let dir: string;
  let clock: LocalClock | undefined;
  let scheduler: LocalScheduler | undefined;
  let runs: { at: string; event: unknown }[];

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'xiaoneng-catch-up-'));
    runs = [];
  });
  afterEach(() => {
    scheduler?.stop();
    scheduler = undefined;
    clock?.uninstall();
    clock = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  /** A runtime's life: the clock at `at`, the evaluate schedules of the table started on the data folder's state. */
  const life = async (at: string) => {
    scheduler?.stop();
    clock?.uninstall();
    clock = new LocalClock('simulated', LocalClock.stateFileIn(dir));
    clock.install(ms(at));
    scheduler = new LocalScheduler(
      schedules
        .filter((s) => s.function === 'evaluate')
        .map((spec) => ({
          spec,
          run: async (event) => {
            runs.push({ at: new Date().toISOString(), event });
          },
        })),
      () => {},
      join(dir, 'schedules.json'),
    );
    scheduler.start();
    await clock.advance(0, { running: () => scheduler?.inFlight() ?? 0, completed: () => 0 });
  };

  it('at start, closes every month whose 1st passed while stopped, and runs the last missed month-to-date', async () => {
    // Prepare: a first start misses nothing (nothing was scheduled before it).
    await life('2026-10-30T12:00:00+08:00');
    expect(runs).toEqual([]);

    // Act: stopped from 10-30 until 12-03 10:00 (the 1sts of November and December passed).
    await life('2026-12-03T10:00:00+08:00');

    // Assess: October and November closed, with their own scheduled times; the month to date once, the latest.
    const at = new Date(ms('2026-12-03T10:00:00+08:00')).toISOString();
    expect(runs).toEqual([
      { at, event: { run: 'closing', schedule: 'monthly-evaluation', scheduledTime: '2026-10-31T17:00:00Z' } },
      { at, event: { run: 'closing', schedule: 'monthly-evaluation', scheduledTime: '2026-11-30T17:00:00Z' } },
      { at, event: { run: 'month-to-date', schedule: 'daily-evaluation', scheduledTime: '2026-12-02T17:00:00Z' } },
    ]);

    // Act: started again with nothing missed, and again after the next firing ran while it was up.
    runs = [];
    await life('2026-12-03T11:00:00+08:00');
    await clock?.advance(DAY_MS, { running: () => scheduler?.inFlight() ?? 0, completed: () => 0 });
    await life('2026-12-04T12:00:00+08:00');

    // Assess: only the firing of 12-04 01:00, once, on time.
    expect(runs).toEqual([
      {
        at: new Date(ms('2026-12-04T01:00:00+08:00')).toISOString(),
        event: { run: 'month-to-date', schedule: 'daily-evaluation', scheduledTime: '2026-12-03T17:00:00Z' },
      },
    ]);
  });
});

describe('the award scoring at the local runtime’s start', () => {
  it('refuses to start with a bad AWARD_SCORING, naming the field, before the data folder is touched', async () => {
    const { startRuntime } = await import('../../local/runtime.ts');
    const dir = join(tmpdir(), `xiaoneng-award-scoring-${process.pid}`);
    process.env.AWARD_SCORING = '{"penalties":{"redCards":-5}}';
    try {
      await expect(
        startRuntime({
          port: 0,
          dynamoPort: 0,
          stepFunctionsPort: 0,
          host: '127.0.0.1',
          dataDir: dir,
          clock: 'simulated',
          log: () => {},
        }),
      ).rejects.toThrow('AWARD_SCORING: penalties.redCards: must be a number ≥ 0');
      expect(existsSync(dir)).toBe(false);
    } finally {
      delete process.env.AWARD_SCORING;
    }
  });
});

describe('the grievance day unit at the local runtime’s start', () => {
  it('refuses to start with a bad GRIEVANCE_DAY_UNIT, naming the values it takes, before the data folder is touched', async () => {
    const { startRuntime } = await import('../../local/runtime.ts');
    const dir = join(tmpdir(), `xiaoneng-grievance-unit-${process.pid}`);
    process.env.GRIEVANCE_DAY_UNIT = 'FORTNIGHTS';
    try {
      await expect(
        startRuntime({
          port: 0,
          dynamoPort: 0,
          stepFunctionsPort: 0,
          host: '127.0.0.1',
          dataDir: dir,
          clock: 'simulated',
          log: () => {},
        }),
      ).rejects.toThrow('GRIEVANCE_DAY_UNIT=FORTNIGHTS: expected CALENDAR_DAYS or WORKING_DAYS');
      expect(existsSync(dir)).toBe(false);
    } finally {
      delete process.env.GRIEVANCE_DAY_UNIT;
    }
  });
});
