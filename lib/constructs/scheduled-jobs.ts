import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { FunctionName } from '../../functions/manifest.ts';
import { schedules as allSchedules, type ScheduleSpec } from '../../functions/schedule/schedules.ts';
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
   * How often EventBridge retries an invocation that failed to be delivered.
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
  readonly rule: events.Rule;
  /** Events EventBridge could not deliver to the function, and runs that failed after Lambda's retries. */
  readonly deadLetterQueue: sqs.Queue;
}

/**
 * One EventBridge rule per entry of the schedule table (the table the local scheduler fires), each targeting its
 * function with retries and a dead-letter queue of its own: a lost run of the reconciler is a repair that did not
 * happen, so it must be visible (an alarm watches each queue).
 */
export class ScheduledJobs extends Construct {
  readonly jobs: readonly ScheduledJob[];

  constructor(scope: Construct, id: string, props: ScheduledJobsProps) {
    super(scope, id);
    this.jobs = (props.schedules ?? allSchedules).map((spec) => {
      const scheduleScope = new Construct(this, spec.name);
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
      const rule = new events.Rule(scheduleScope, 'Rule', {
        description: spec.description.slice(0, 512),
        schedule: events.Schedule.expression(spec.expression),
      });
      rule.addTarget(
        new targets.LambdaFunction(props.functions[spec.function], {
          deadLetterQueue,
          retryAttempts: props.retryAttempts ?? 4,
          maxEventAge: Duration.hours(1),
        }),
      );
      // EventBridge invokes the function asynchronously: the rule's dead-letter queue catches deliveries that failed,
      // this on-failure destination catches runs that were delivered and then failed after Lambda's own retries.
      new lambda.EventInvokeConfig(scheduleScope, 'OnFailure', {
        function: props.functions[spec.function],
        onFailure: new destinations.SqsDestination(deadLetterQueue),
        retryAttempts: 2,
        maxEventAge: Duration.hours(1),
      });
      return { spec, rule, deadLetterQueue };
    });
  }
}
