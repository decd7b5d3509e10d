import * as z from 'zod/mini';
import { defaultEnforcementPolicy, type EnforcementPolicy } from '../domain/enforcement.ts';
import { parseJsonSetting, settingFromEnvironment } from './json-setting.ts';

/**
 * The law-enforcement inspections' policy as a deployment setting (docs/enforcement.md, docs/deploy.md): the
 * environment variable ENFORCEMENT_POLICY holds a JSON object with any of `yearlyLimitPerEnterprise` (inspections of
 * one enterprise in a calendar year, all departments together, before a plan must state its cause; 1–50, default 2),
 * `validDaysBefore` (0–30, default 1) and `validDaysAfter` (0–60, default 7): the days around the planned date in
 * which a filed plan's code verifies at the enterprise's door. Each field given replaces its default. CDK sets it on
 * the functions that read it from the context `enforcementPolicy`; the local runtime passes its own environment on.
 * A bad value is refused where it is read — `cdk synth`, `npm start`, a function's cold start — naming the field.
 */
export const ENFORCEMENT_POLICY_VARIABLE = 'ENFORCEMENT_POLICY';

const whole = (min: number, max: number) =>
  z.number().check(z.int('must be a whole number'), z.gte(min, `at least ${min}`), z.lte(max, `at most ${max}`));

const Setting = z.partial(
  z.strictObject({
    yearlyLimitPerEnterprise: whole(1, 50),
    validDaysBefore: whole(0, 30),
    validDaysAfter: whole(0, 60),
  }),
);

export type EnforcementPolicySetting = z.infer<typeof Setting>;

export class EnforcementPolicyError extends Error {
  override readonly name = 'EnforcementPolicyError';
}

/** The policy in force for a setting: the defaults with each field given replaced; a bad one throws, naming it. */
export function enforcementPolicyOf(setting: unknown, source = ENFORCEMENT_POLICY_VARIABLE): EnforcementPolicy {
  const given = parseJsonSetting(setting, Setting, {
    source,
    example: '{"yearlyLimitPerEnterprise": 3}',
    known: ['yearlyLimitPerEnterprise', 'validDaysBefore', 'validDaysAfter'],
    fail: (message) => new EnforcementPolicyError(message),
  });
  if (given === undefined) return defaultEnforcementPolicy;
  return { ...defaultEnforcementPolicy, ...given };
}

/** The policy in force in this process (ENFORCEMENT_POLICY; absent or empty: the defaults), read once per value. */
export const enforcementPolicy: () => EnforcementPolicy = settingFromEnvironment(ENFORCEMENT_POLICY_VARIABLE, (text) =>
  enforcementPolicyOf(text),
);
