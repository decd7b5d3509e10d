import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { FunctionName } from '../../functions/manifest.ts';
import {
  schedules as allSchedules,
  checkSchedules,
  inputTextOf,
  SCHEDULE_MAX_EVENT_AGE_SECONDS,
  type ScheduleSpec,
  timeZoneOf,
} from '../../functions/schedule/schedules.ts';
import { acknowledge } from './nag.ts';

export interface ScheduledJobsProps {
  /** The deployed functions, by manifest name. */
  readonly functions: Record<FunctionName, lambda.IFunction>;
  /**
   * The schedule table.
   * @default schedules of `functions/schedule/schedules.ts`
   */
  readonly schedules?: readonly ScheduleSpec[];
  /**
   * How often EventBridge Scheduler retries an invocation that failed to be delivered.
   * @default 4
   */
  readonly retryAttempts?: number;
  /**
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

export interface ScheduledJob {
  readonly spec: ScheduleSpec;
  readonly schedule: scheduler.CfnSchedule;
  /** The role EventBridge Scheduler assumes for this schedule: it may invoke the target and dead-letter, nothing else. */
  readonly role: iam.Role;
  /** Events EventBridge could not deliver to the function, and runs that failed after Lambda's retries. */
  readonly deadLetterQueue: sqs.Queue;
}

/**
 * One EventBridge Scheduler schedule per entry of the schedule table (the table the local scheduler fires), read in
 * the entry's time zone, handing the target the entry's input, with retries and a dead-letter queue of its own: a
 * lost run of the reconciler is a repair that did not happen, so it must be visible (an alarm watches each queue).
 * The table is checked first: a bad expression, time zone or input fails the synth, naming the schedule.
 */
export class ScheduledJobs extends Construct {
  readonly jobs: readonly ScheduledJob[];

  constructor(scope: Construct, id: string, props: ScheduledJobsProps) {
    super(scope, id);
    const specs = props.schedules ?? allSchedules;
    checkSchedules(specs);
    const stack = Stack.of(this);
    const configured = new Set<FunctionName>();
    this.jobs = specs.map((spec) => {
      const scheduleScope = new Construct(this, spec.name);
      const target = props.functions[spec.function];
      const deadLetterQueue = new sqs.Queue(scheduleScope, 'DeadLetterQueue', {
        encryption: sqs.QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
        retentionPeriod: Duration.days(14),
        removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
      });
      acknowledge(
        deadLetterQueue,
        'AwsSolutions-SQS3',
        `This queue is itself the dead-letter queue of the "${spec.name}" schedule's target; it has nowhere further to send messages.`,
      );
      // One role per schedule, assumable only by EventBridge Scheduler acting for a schedule of this account's
      // default group (the confused-deputy conditions), allowed to invoke this one function — its unqualified ARN,
      // which is what the schedule names, not its versions — and to dead-letter into this one queue.
      const role = new iam.Role(scheduleScope, 'Role', {
        assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
          conditions: {
            StringEquals: {
              'aws:SourceAccount': stack.account,
              'aws:SourceArn': stack.formatArn({
                service: 'scheduler',
                resource: 'schedule-group',
                resourceName: 'default',
              }),
            },
          },
        }),
        description: `EventBridge Scheduler: invoke ${spec.function} for the "${spec.name}" schedule`,
      });
      role.addToPrincipalPolicy(
        new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [target.functionArn] }),
      );
      role.addToPrincipalPolicy(
        new iam.PolicyStatement({ actions: ['sqs:SendMessage'], resources: [deadLetterQueue.queueArn] }),
      );
      const schedule = new scheduler.CfnSchedule(scheduleScope, 'Schedule', {
        description: spec.description.slice(0, 512),
        scheduleExpression: spec.expression,
        scheduleExpressionTimezone: timeZoneOf(spec),
        flexibleTimeWindow: { mode: 'OFF' },
        state: 'ENABLED',
        target: {
          arn: target.functionArn,
          roleArn: role.roleArn,
          // Always given, `{}` at least: without it Scheduler sends a default notification of its own, which the
          // local runtime would have to imitate.
          input: inputTextOf(spec),
          deadLetterConfig: { arn: deadLetterQueue.queueArn },
          retryPolicy: {
            maximumRetryAttempts: props.retryAttempts ?? 4,
            maximumEventAgeInSeconds: SCHEDULE_MAX_EVENT_AGE_SECONDS,
          },
        },
      });
      // The policy must exist before the schedule first invokes.
      schedule.node.addDependency(role);
      // Scheduler invokes the function asynchronously: the schedule's dead-letter queue catches invocations that
      // could not be delivered, this on-failure destination catches runs that were delivered and then failed after
      // Lambda's own retries. Lambda keeps ONE such configuration per function, so a function several schedules
      // invoke (the evaluation: monthly and daily) gets it once, into its first schedule's queue; the failed event
      // carries its input, which names the schedule (`schedule`) where the function needs to know.
      if (!configured.has(spec.function)) {
        configured.add(spec.function);
        new lambda.EventInvokeConfig(scheduleScope, 'OnFailure', {
          function: target,
          onFailure: new destinations.SqsDestination(deadLetterQueue),
          retryAttempts: 2,
          maxEventAge: Duration.hours(1),
        });
      }
      return { spec, schedule, role, deadLetterQueue };
    });
  }
}
