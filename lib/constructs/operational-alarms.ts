import { Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { ClockStateMachine } from './clock-state-machine.ts';
import type { HandlerFunction } from './handler-function.ts';
import { acknowledge } from './nag.ts';
import type { ScheduledJob } from './scheduled-jobs.ts';

/** What the reconciler logs (one JSON line, level WARN) for every clock it repairs. */
export const CLOCK_REPAIRED_MESSAGE = 'clock repaired';

export interface OperationalAlarmsProps {
  readonly stateMachines: readonly ClockStateMachine[];
  readonly functions: readonly HandlerFunction[];
  readonly scheduledJobs: readonly ScheduledJob[];
  /** The reconciler, whose log group the clock-repair metric filter reads. */
  readonly reconciler: HandlerFunction;
  /** Where stream readers send the records they gave up on (notifications not told). */
  readonly streamFailures?: IQueue;
  /**
   * Email address notified when an alarm fires (the subscription must be confirmed from the email).
   * @default - no notification topic; the alarms show in the CloudWatch console only
   */
  readonly alarmEmail?: string;
  /**
   * CloudWatch namespace of the metrics this construct derives from logs.
   * @default `Xiaoneng/${stackName}`
   */
  readonly metricNamespace?: string;
}

/**
 * The alarms an operator needs to trust the clocks:
 *  - per state machine: executions failed, timed out or aborted (a clock that stopped without an outcome);
 *  - per function: errors;
 *  - per schedule: messages in its dead-letter queue (a reconciler run that never happened);
 *  - clock repairs: the reconciler found a clock that should have ended but did not. Zero is the normal value;
 *    anything else means the Wait/Checkpoint machinery missed something and deserves a look.
 */
export class OperationalAlarms extends Construct {
  readonly alarms: cloudwatch.Alarm[] = [];
  readonly topic?: sns.Topic;
  readonly clockRepairs: cloudwatch.Metric;

  constructor(scope: Construct, id: string, props: OperationalAlarmsProps) {
    super(scope, id);
    const stack = Stack.of(this);

    if (props.alarmEmail) {
      this.topic = new sns.Topic(this, 'Topic', { displayName: `${stack.stackName} alarms`, enforceSSL: true });
      this.topic.addSubscription(new subscriptions.EmailSubscription(props.alarmEmail));
      acknowledge(
        this.topic,
        'AwsSolutions-SNS2',
        'The topic carries alarm names and states only, no case data. CloudWatch cannot publish to a topic encrypted with the AWS managed aws/sns key, and a customer managed key would add a key policy granting the account kms:* for nothing worth protecting.',
      );
    }

    const alarm = (alarmId: string, metric: cloudwatch.IMetric, description: string) => {
      const created = new cloudwatch.Alarm(this, alarmId, {
        metric,
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        alarmDescription: description,
      });
      if (this.topic) created.addAlarmAction(new actions.SnsAction(this.topic));
      this.alarms.push(created);
      return created;
    };
    const period = Duration.minutes(5);

    for (const clock of props.stateMachines) {
      const sm = clock.stateMachine;
      const name = clock.spec.name;
      alarm(
        `${name}ExecutionsFailed`,
        sm.metricFailed({ period }),
        `${name}: an execution failed: a clock stopped without an outcome. Find it by case id in the Step Functions console. It cannot be restarted under the same name; the hourly reconciler still applies the case's deadline.`,
      );
      alarm(`${name}ExecutionsTimedOut`, sm.metricTimedOut({ period }), `${name}: an execution timed out.`);
      alarm(
        `${name}ExecutionsAborted`,
        sm.metricAborted({ period }),
        `${name}: an execution was stopped by hand (StopExecution); the hourly reconciler still applies the case's deadline.`,
      );
    }

    for (const fn of props.functions) {
      alarm(
        `${fn.name}Errors`,
        fn.function.metricErrors({ period }),
        `Lambda ${fn.name} reported errors: ${fn.spec.description}`,
      );
    }

    for (const job of props.scheduledJobs) {
      alarm(
        `${job.spec.name}Undelivered`,
        job.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period, statistic: 'Maximum' }),
        `Schedule ${job.spec.name}: EventBridge could not invoke its function; see the dead-letter queue.`,
      );
    }

    if (props.streamFailures) {
      alarm(
        'StreamRecordsGivenUp',
        props.streamFailures.metricApproximateNumberOfMessagesVisible({ period, statistic: 'Maximum' }),
        'A stream reader gave up on records after its retries: notifications were not told. The queue names the shard and sequence numbers to redrive.',
      );
    }

    const filter = props.reconciler.logGroup.addMetricFilter('ClockRepairsFilter', {
      filterPattern: logs.FilterPattern.stringValue('$.message', '=', CLOCK_REPAIRED_MESSAGE),
      metricNamespace: props.metricNamespace ?? `Xiaoneng/${stack.stackName}`,
      metricName: 'ClockRepairs',
      metricValue: '1',
      defaultValue: 0,
    });
    this.clockRepairs = filter.metric({ period, statistic: 'Sum' });
    alarm(
      'ClockRepairs',
      this.clockRepairs,
      'The reconciler repaired an approval clock (its deadline passed with no outcome, or its execution was missing). Read the reconciler log lines "clock repaired" for the case ids.',
    );
  }
}
