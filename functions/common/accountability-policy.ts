import * as z from 'zod/mini';
import { type AccountabilityPolicy, defaultAccountabilityPolicy } from '../domain/accountability.ts';
import { parseJsonSetting, settingFromEnvironment } from './json-setting.ts';

/**
 * The accountability policy as a deployment setting (docs/supervision.md, docs/deploy.md): the environment variable
 * ACCOUNTABILITY_POLICY holds a JSON object with any of `sanctions` (the list a decision chooses from, lightest
 * first, each `{code, zh, en}`; it must include NONE), `investigationWorkingDays` (1–120, default 30),
 * `flagThreshold` (records in a quarter that flag a department or officer, 1–100, default 3) and `publishNamesFrom`
 * (a sanction code from which names are published, or null: never, the default); each field given replaces its
 * default. CDK sets it on the functions that read it from the context `accountabilityPolicy`; the local runtime passes
 * its own environment on. A bad value is refused where it is read — `cdk synth`, `npm start`, a function's cold
 * start — naming the field and why.
 */
export const ACCOUNTABILITY_POLICY_VARIABLE = 'ACCOUNTABILITY_POLICY';

const Sanction = z.strictObject({
  code: z.string().check(z.regex(/^[A-Z][A-Z0-9_]{0,39}$/, 'must be an upper-case code such as CRITICISM')),
  zh: z.string().check(z.minLength(1, 'required'), z.maxLength(40, 'too long')),
  en: z.string().check(z.minLength(1, 'required'), z.maxLength(80, 'too long')),
});

const Setting = z.partial(
  z.strictObject({
    sanctions: z.array(Sanction).check(
      z.minLength(1, 'must list at least NONE'),
      z.maxLength(30, 'at most 30 sanctions'),
      z.refine((list) => list.some((s) => s.code === 'NONE'), 'must include NONE (responsible, no sanction)'),
      z.refine((list) => new Set(list.map((s) => s.code)).size === list.length, 'each code once'),
    ),
    investigationWorkingDays: z
      .number()
      .check(z.int('must be a whole number'), z.gte(1, 'at least 1'), z.lte(120, 'at most 120')),
    flagThreshold: z.number().check(z.int('must be a whole number'), z.gte(1, 'at least 1'), z.lte(100, 'at most 100')),
    publishNamesFrom: z.nullable(z.string()),
  }),
);

export type AccountabilityPolicySetting = z.infer<typeof Setting>;

export class AccountabilityPolicyError extends Error {
  override readonly name = 'AccountabilityPolicyError';
}

/** The policy in force for a setting: the defaults with each field given replaced; a bad one throws, naming it. */
export function accountabilityPolicyOf(
  setting: unknown,
  source = ACCOUNTABILITY_POLICY_VARIABLE,
): AccountabilityPolicy {
  const given = parseJsonSetting(setting, Setting, {
    source,
    example: '{"investigationWorkingDays": 20}',
    known: ['sanctions', 'investigationWorkingDays', 'flagThreshold', 'publishNamesFrom'],
    fail: (message) => new AccountabilityPolicyError(message),
  });
  if (given === undefined) return defaultAccountabilityPolicy;
  const policy: AccountabilityPolicy = { ...defaultAccountabilityPolicy, ...given };
  if (policy.publishNamesFrom !== null && !policy.sanctions.some((s) => s.code === policy.publishNamesFrom)) {
    throw new AccountabilityPolicyError(
      `${source}: publishNamesFrom: ${policy.publishNamesFrom} is not one of the sanctions (${policy.sanctions.map((s) => s.code).join(', ')})`,
    );
  }
  return policy;
}

/** The policy in force in this process (ACCOUNTABILITY_POLICY; absent or empty: the defaults), read once per value. */
export const accountabilityPolicy: () => AccountabilityPolicy = settingFromEnvironment(
  ACCOUNTABILITY_POLICY_VARIABLE,
  (text) => accountabilityPolicyOf(text),
);
