import type { FunctionName } from '../manifest.ts';

export interface ScheduleSpec {
  readonly name: string;
  /**
   * EventBridge schedule expression. The local scheduler understands `rate(N minute[s]|hour[s]|day[s])`.
   */
  readonly expression: string;
  readonly function: FunctionName;
  readonly description: string;
}

/** The one schedule table: CDK creates EventBridge rules from it, the local runtime fires it on its clock. */
export const schedules: readonly ScheduleSpec[] = [
  {
    name: 'reconcile-clocks',
    // Hourly: a safety net, not the clock itself (the Wait states are). An hour bounds how late a repair can be.
    expression: 'rate(1 hour)',
    function: 'reconcile',
    description: 'Repair approval clocks whose deadline passed with no outcome or whose execution is missing',
  },
];
