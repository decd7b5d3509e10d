import { Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import {
  type Duty,
  METRIC_NAMES,
  METRIC_NAMESPACE,
  type MetricName,
  type MetricSpec,
  OPERATIONAL_METRICS,
} from '../../functions/common/metrics.ts';
import type { ClockStateMachine } from './clock-state-machine.ts';
import { type HandlerFunction, serviceNameOf } from './handler-function.ts';
import { acknowledge } from './nag.ts';
import type { ScheduledJob } from './scheduled-jobs.ts';

export interface OperationalAlarmsProps {
  readonly stateMachines: readonly ClockStateMachine[];
  readonly functions: readonly HandlerFunction[];
  readonly scheduledJobs: readonly ScheduledJob[];
  /** Where stream readers send the records they gave up on (notifications not told). */
  readonly streamFailures?: IQueue;
  /**
   * Email address notified when an alarm fires (the subscription must be confirmed from the email).
   * @default - no notification topic; the alarms show in the CloudWatch console only
   */
  readonly alarmEmail?: string;
}

/** One operational metric of one duty, as the functions emit it (namespace, name, both dimensions). */
export interface OperationalMetric {
  readonly name: MetricName;
  readonly duty: Duty;
  readonly metric: cloudwatch.Metric;
}

/**
 * The alarms an operator needs to trust the clocks:
 *  - per state machine: executions failed, timed out or aborted (a clock that stopped without an outcome);
 *  - per function: errors;
 *  - per schedule: messages in its dead-letter queue (a reconciler run that never happened);
 *  - the operational metrics the functions emit (functions/common/metrics.ts) that name an alarm: deemed approvals,
 *    overdue cases and red cards (a department missed its time), and the reconciler's repairs and failures (zero is
 *    the normal value; anything else means the Wait/Checkpoint machinery missed something and deserves a look).
 */
export class OperationalAlarms extends Construct {
  readonly alarms: cloudwatch.Alarm[] = [];
  readonly topic?: sns.Topic;
  /** Every operational metric of every duty it is emitted for (for dashboards; the alarmed ones have alarms). */
  readonly metrics: readonly OperationalMetric[];

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

    // A function in a nested stack (an API area) gets its alarm in that stack, beside it: the alarms count against
    // the stack of what they watch, not all against this one (docs/deploy.md, "How the app is split").
    const scopes = new Map<Stack, Construct>([[stack, this]]);
    const scopeBeside = (construct: Construct): Construct => {
      const owner = Stack.of(construct);
      let scope = scopes.get(owner);
      if (!scope) {
        scope = new Construct(owner, 'Alarms');
        scopes.set(owner, scope);
      }
      return scope;
    };
    const alarm = (alarmId: string, metric: cloudwatch.IMetric, description: string, beside: Construct = this) => {
      const created = new cloudwatch.Alarm(scopeBeside(beside), alarmId, {
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
        fn,
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

    // The metrics the functions write in the embedded metric format: each alarm reads exactly the namespace, name and
    // dimensions they are written with (`service` is the stack's name, set as every function's POWERTOOLS_SERVICE_NAME).
    const service = serviceNameOf(this);
    this.metrics = METRIC_NAMES.flatMap((name) =>
      (OPERATIONAL_METRICS[name] as MetricSpec).duties.map((duty) => ({
        name,
        duty,
        metric: new cloudwatch.Metric({
          namespace: METRIC_NAMESPACE,
          metricName: name,
          dimensionsMap: { service, duty },
          statistic: cloudwatch.Stats.SUM,
          period,
        }),
      })),
    );
    for (const { name, duty, metric } of this.metrics) {
      const spec: MetricSpec = OPERATIONAL_METRICS[name];
      if (!spec.alarm) continue;
      alarm(spec.duties.length > 1 ? `${name}-${duty}` : name, metric, spec.alarm);
    }
  }
}
