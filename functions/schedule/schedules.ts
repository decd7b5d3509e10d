import type { FunctionName } from '../manifest.ts';
import { parseScheduleExpression, type ScheduleExpression } from './expression.ts';

/** The time zone a schedule's `cron(...)` and `at(...)` are read in unless it says otherwise. */
export const DEFAULT_SCHEDULE_TIME_ZONE = 'Asia/Shanghai';

/**
 * How long a scheduled invocation stays deliverable: EventBridge Scheduler's retry policy drops it (to the dead-letter
 * queue) once it is this old, and the local scheduler skips a firing it could not start within it (a host that slept
 * through it) instead of running it late.
 */
export const SCHEDULE_MAX_EVENT_AGE_SECONDS = 3600;

export interface ScheduleSpec {
  readonly name: string;
  /**
   * An EventBridge Scheduler expression: `rate(N minute[s]|hour[s]|day[s])`, `cron(minutes hours day-of-month month
   * day-of-week year)` or the one-time `at(yyyy-mm-ddThh:mm:ss)`. See functions/schedule/expression.ts.
   */
  readonly expression: string;
  /**
   * IANA time zone `cron(...)` and `at(...)` are read in (EventBridge Scheduler's `ScheduleExpressionTimezone`).
   * @default DEFAULT_SCHEDULE_TIME_ZONE (Asia/Shanghai)
   */
  readonly timeZone?: string;
  /**
   * The JSON object the target receives as its event. It may use EventBridge Scheduler's context attributes inside
   * strings, e.g. `"<aws.scheduler.scheduled-time>"` (the instant this run was scheduled for, UTC).
   * @default {}
   */
  readonly input?: Readonly<Record<string, unknown>>;
  readonly function: FunctionName;
  readonly description: string;
  /**
   * Local runtime only (EventBridge Scheduler is never down; a run it could not deliver goes to the dead-letter
   * queue, alarmed): what `npm start` does at start-up with the instants that passed while it was stopped, and with
   * one it reaches too late (a host that slept): `every` runs each of them, in order; `latest` runs the last one.
   * Absent: they are not run (the next instant is).
   */
  readonly catchUp?: 'every' | 'latest';
}

/**
 * The one schedule table: CDK creates an EventBridge Scheduler schedule for each entry, the local runtime fires it
 * on its clock. Both check it first (`checkSchedules`): a bad entry stops `cdk synth` and `npm start`.
 */
export const schedules: readonly ScheduleSpec[] = [
  {
    name: 'reconcile-clocks',
    // Hourly: a safety net, not the clock itself (the Wait states are). An hour bounds how late a repair can be.
    expression: 'rate(1 hour)',
    function: 'reconcile',
    description: 'Repair clocks of every duty whose deadline passed with no outcome or whose execution is missing',
  },
  {
    name: 'monthly-evaluation',
    // 01:00 on the 1st, Shanghai time: the month just ended (and the quarter, year or campaign phase ending with it).
    // An hour after midnight, so the stream has counted the last day's late events.
    expression: 'cron(0 1 1 * ? *)',
    input: { run: 'closing', schedule: 'monthly-evaluation', scheduledTime: '<aws.scheduler.scheduled-time>' },
    // A runtime down at 01:00 on the 1st closes each month it missed when it starts again (a month is never left
    // at complete: false for want of a run).
    catchUp: 'every',
    function: 'evaluate',
    description: 'Evaluate the month just ended, with the quarter, year and campaign phase ending with it',
  },
  {
    name: 'daily-evaluation',
    // Every other day at 01:00: the month to date, through yesterday (the 1st is the monthly run's).
    expression: 'cron(0 1 2-31 * ? *)',
    input: { run: 'month-to-date', schedule: 'daily-evaluation', scheduledTime: '<aws.scheduler.scheduled-time>' },
    // Each day's run supersedes the one before: only the last missed one matters.
    catchUp: 'latest',
    function: 'evaluate',
    description: 'Evaluate the month to date, through yesterday',
  },
];

export function timeZoneOf(spec: ScheduleSpec): string {
  return spec.timeZone ?? DEFAULT_SCHEDULE_TIME_ZONE;
}

/** The input the target receives, as the JSON text EventBridge Scheduler is given. */
export function inputTextOf(spec: ScheduleSpec): string {
  return JSON.stringify(spec.input ?? {});
}

/**
 * Checks every entry — expression, time zone, input, unique name — and answers the parsed expressions in table
 * order. Throws an Error naming the first bad schedule.
 */
export function checkSchedules(specs: readonly ScheduleSpec[]): ScheduleExpression[] {
  const seen = new Set<string>();
  return specs.map((spec) => {
    const fail = (why: string): never => {
      throw new Error(`schedule "${spec.name}": ${why}`);
    };
    if (seen.has(spec.name)) fail('the name is used twice in the schedule table');
    seen.add(spec.name);
    if (!/^[0-9a-zA-Z-_.]{1,64}$/.test(spec.name)) fail('a name is 1-64 of 0-9 a-z A-Z - _ .');
    if (spec.catchUp !== undefined && spec.catchUp !== 'every' && spec.catchUp !== 'latest') {
      fail(`catchUp must be "every" or "latest", not ${JSON.stringify(spec.catchUp)}`);
    }
    if (spec.input !== undefined && !isPlainJson(spec.input, true)) {
      fail('the input must be a JSON object (plain objects, arrays, strings, finite numbers, booleans, null)');
    }
    try {
      return parseScheduleExpression(spec.expression, timeZoneOf(spec));
    } catch (error) {
      return fail((error as Error).message);
    }
  });
}

function isPlainJson(value: unknown, mustBeObject = false): boolean {
  if (value === null) return !mustBeObject;
  if (Array.isArray(value)) return !mustBeObject && value.every((v) => isPlainJson(v));
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return !mustBeObject;
    case 'number':
      return !mustBeObject && Number.isFinite(value);
    case 'object':
      return Object.getPrototypeOf(value) === Object.prototype && Object.values(value).every((v) => isPlainJson(v));
    default:
      return false;
  }
}
