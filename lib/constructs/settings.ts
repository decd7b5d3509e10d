import { RemovalPolicy } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Node } from 'constructs';
import {
  type AccountabilityPolicySetting,
  accountabilityPolicyOf,
} from '../../functions/common/accountability-policy.ts';
import { type AppraisalPolicySetting, appraisalPolicyOf } from '../../functions/common/appraisal-policy.ts';
import { type AwardScoringSetting, awardConfigOf } from '../../functions/common/award-scoring.ts';
import { type EnforcementPolicySetting, enforcementPolicyOf } from '../../functions/common/enforcement-policy.ts';
import { greenChannelThresholdOf } from '../../functions/common/green-channel.ts';
import { grievanceDayUnitOf } from '../../functions/common/grievance-unit.ts';
import type { XiaonengStackProps } from '../xiaoneng-stack.ts';

/** Deployment settings, read from CDK context (`-c key=value` or cdk.json). docs/deploy.md explains each. */
export interface DeploySettings {
  readonly stackName: string;
  readonly stage: 'prod' | 'dev';
  readonly props: XiaonengStackProps & { readonly edge: boolean; readonly reserveConcurrency: boolean };
}

/**
 * Stage defaults: `prod` keeps everything and protects it; `dev` is built to be torn down, and reserves no
 * concurrency (a dev stack often shares an account with prod, whose clock must not lose executions to it, or lives
 * in a new account whose concurrency quota is too small to reserve any).
 */
const STAGE_DEFAULTS = {
  prod: { removalPolicy: RemovalPolicy.RETAIN, deletionProtection: true, logRetentionDays: 365, reserve: true },
  dev: { removalPolicy: RemovalPolicy.DESTROY, deletionProtection: false, logRetentionDays: 14, reserve: false },
} as const;

function text(node: Node, key: string): string | undefined {
  const value: unknown = node.tryGetContext(key);
  if (value === undefined || value === null || value === '') return undefined;
  return String(value).trim();
}

function flag(node: Node, key: string): boolean | undefined {
  const value = text(node, key);
  if (value === undefined) return undefined;
  if (/^(true|yes|on|1)$/i.test(value)) return true;
  if (/^(false|no|off|0)$/i.test(value)) return false;
  throw new Error(`context ${key}=${value}: expected true or false`);
}

function positiveInteger(node: Node, key: string): number | undefined {
  const value = text(node, key);
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`context ${key}=${value}: expected a positive whole number`);
  return n;
}

/**
 * `awardScoring`: a JSON object, in cdk.json's context or as `-c 'awardScoring={"quotas":{"serviceStars":10}}'`.
 * Checked here, so a bad field stops the synth with the context key and the field named.
 */
function awardScoring(node: Node): AwardScoringSetting | undefined {
  const value: unknown = node.tryGetContext('awardScoring');
  if (value === undefined || value === null || value === '') return undefined;
  awardConfigOf(value, 'context awardScoring');
  // Checked: a text is JSON by now.
  return (typeof value === 'string' ? JSON.parse(value) : value) as AwardScoringSetting;
}

/**
 * `accountabilityPolicy`: a JSON object, in cdk.json's context or as
 * `-c 'accountabilityPolicy={"investigationWorkingDays":20}'`. Checked here, so a bad field stops the synth.
 */
function accountabilityPolicy(node: Node): AccountabilityPolicySetting | undefined {
  const value: unknown = node.tryGetContext('accountabilityPolicy');
  if (value === undefined || value === null || value === '') return undefined;
  accountabilityPolicyOf(value, 'context accountabilityPolicy');
  return (typeof value === 'string' ? JSON.parse(value) : value) as AccountabilityPolicySetting;
}

/**
 * `appraisalPolicy`: a JSON object, in cdk.json's context or as `-c 'appraisalPolicy={"minRatings":5}'`. Checked
 * here, so a bad field stops the synth.
 */
function appraisalPolicy(node: Node): AppraisalPolicySetting | undefined {
  const value: unknown = node.tryGetContext('appraisalPolicy');
  if (value === undefined || value === null || value === '') return undefined;
  appraisalPolicyOf(value, 'context appraisalPolicy');
  return (typeof value === 'string' ? JSON.parse(value) : value) as AppraisalPolicySetting;
}

/**
 * `enforcementPolicy`: a JSON object, in cdk.json's context or as `-c 'enforcementPolicy={"yearlyLimitPerEnterprise":3}'`
 * (docs/enforcement.md). Checked here, so a bad field stops the synth.
 */
function enforcementPolicy(node: Node): EnforcementPolicySetting | undefined {
  const value: unknown = node.tryGetContext('enforcementPolicy');
  if (value === undefined || value === null || value === '') return undefined;
  enforcementPolicyOf(value, 'context enforcementPolicy');
  return (typeof value === 'string' ? JSON.parse(value) : value) as EnforcementPolicySetting;
}

function retention(days: number): logs.RetentionDays {
  const allowed = Object.values(logs.RetentionDays).filter((v): v is number => typeof v === 'number');
  if (!allowed.includes(days)) {
    throw new Error(
      `context logRetentionDays=${days}: CloudWatch Logs accepts ${allowed.sort((a, b) => a - b).join(', ')}`,
    );
  }
  return days as logs.RetentionDays;
}

/**
 * Reads every deployment setting from the CDK context of `node` (the app's): `stackName`, `stage`,
 * `removalPolicy`, `deletionProtection`, `jwtIssuer`, `jwtAudience`, `jwtJwksUrl`, `alarmEmail`, `logRetentionDays`,
 * `apiRateLimit`, `apiBurstLimit`, `userPoolPlusTier`, `reservedConcurrency`, `clockTaskConcurrency`,
 * `scheduledJobConcurrency`, `edge`, `edgeWebAclArn`, `edgeRateLimitPerIp`, `awardScoring`, `grievanceDayUnit`, `greenChannelThreshold`,
 * `accountabilityPolicy`, `appraisalPolicy`, `enforcementPolicy`.
 */
export function readDeploySettings(node: Node): DeploySettings {
  const stage = text(node, 'stage') ?? 'prod';
  if (stage !== 'prod' && stage !== 'dev') throw new Error(`context stage=${stage}: expected prod or dev`);
  const defaults = STAGE_DEFAULTS[stage];

  const removal = text(node, 'removalPolicy');
  let removalPolicy: RemovalPolicy = defaults.removalPolicy;
  if (removal !== undefined) {
    if (!/^(retain|destroy)$/i.test(removal))
      throw new Error(`context removalPolicy=${removal}: expected retain or destroy`);
    removalPolicy = removal.toLowerCase() === 'destroy' ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN;
  }

  const audience = text(node, 'jwtAudience')
    ?.split(',')
    .map((a) => a.trim())
    .filter(Boolean);

  return {
    stackName: text(node, 'stackName') ?? (stage === 'dev' ? 'Xiaoneng-dev' : 'Xiaoneng'),
    stage,
    props: {
      removalPolicy,
      deletionProtection: flag(node, 'deletionProtection') ?? defaults.deletionProtection,
      jwtIssuer: text(node, 'jwtIssuer'),
      jwtAudience: audience && audience.length > 0 ? audience : undefined,
      jwtJwksUrl: text(node, 'jwtJwksUrl'),
      alarmEmail: text(node, 'alarmEmail'),
      logRetention: retention(positiveInteger(node, 'logRetentionDays') ?? defaults.logRetentionDays),
      apiRateLimit: positiveInteger(node, 'apiRateLimit'),
      apiBurstLimit: positiveInteger(node, 'apiBurstLimit'),
      userPoolPlusTier: flag(node, 'userPoolPlusTier'),
      reserveConcurrency: flag(node, 'reservedConcurrency') ?? defaults.reserve,
      clockTaskConcurrency: positiveInteger(node, 'clockTaskConcurrency'),
      scheduledJobConcurrency: positiveInteger(node, 'scheduledJobConcurrency'),
      edge: flag(node, 'edge') ?? false,
      edgeWebAclArn: text(node, 'edgeWebAclArn'),
      edgeRateLimitPerIp: positiveInteger(node, 'edgeRateLimitPerIp'),
      awardScoring: awardScoring(node),
      accountabilityPolicy: accountabilityPolicy(node),
      enforcementPolicy: enforcementPolicy(node),
      appraisalPolicy: appraisalPolicy(node),
      // `grievanceDayUnit`: CALENDAR_DAYS (the default) or WORKING_DAYS; checked here, so a typo stops the synth.
      ...(text(node, 'grievanceDayUnit') !== undefined
        ? { grievanceDayUnit: grievanceDayUnitOf(text(node, 'grievanceDayUnit'), 'context grievanceDayUnit') }
        : {}),
      // `greenChannelThreshold`: CNY, a whole number ≥ 1 (default 100,000,000); checked here, so a typo stops the synth.
      ...(text(node, 'greenChannelThreshold') !== undefined
        ? {
            greenChannelThreshold: greenChannelThresholdOf(
              text(node, 'greenChannelThreshold'),
              'context greenChannelThreshold',
            ),
          }
        : {}),
    },
  };
}
