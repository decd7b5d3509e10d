import * as z from 'zod';
import { defaultEnforcementPolicy, type EnforcementPolicy } from '../domain/enforcement.ts';

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
  z.number().int('must be a whole number').min(min, `at least ${min}`).max(max, `at most ${max}`);

const Setting = z
  .strictObject({
    yearlyLimitPerEnterprise: whole(1, 50),
    validDaysBefore: whole(0, 30),
    validDaysAfter: whole(0, 60),
  })
  .partial();

export type EnforcementPolicySetting = z.infer<typeof Setting>;

export class EnforcementPolicyError extends Error {
  override readonly name = 'EnforcementPolicyError';
}

/** The policy in force for a setting: the defaults with each field given replaced; a bad one throws, naming it. */
export function enforcementPolicyOf(setting: unknown, source = ENFORCEMENT_POLICY_VARIABLE): EnforcementPolicy {
  let value = setting;
  if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) {
    return defaultEnforcementPolicy;
  }
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch (error) {
      throw new EnforcementPolicyError(
        `${source}: not JSON (${(error as Error).message}); expected an object such as {"yearlyLimitPerEnterprise": 3}`,
      );
    }
  }
  const parsed = Setting.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join('.') || '(the whole setting)';
    const why =
      issue?.code === 'unrecognized_keys'
        ? `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.join(', ')} (known: yearlyLimitPerEnterprise, validDaysBefore, validDaysAfter)`
        : issue?.path.length === 0
          ? 'must be a JSON object'
          : issue?.message;
    throw new EnforcementPolicyError(`${source}: ${field}: ${why}`);
  }
  return { ...defaultEnforcementPolicy, ...parsed.data };
}

let cached: { text: string | undefined; policy: EnforcementPolicy } | undefined;

/** The policy in force in this process (ENFORCEMENT_POLICY; absent or empty: the defaults), read once per value. */
export function enforcementPolicy(): EnforcementPolicy {
  const text = process.env[ENFORCEMENT_POLICY_VARIABLE]?.trim() || undefined;
  if (cached && cached.text === text) return cached.policy;
  const policy = enforcementPolicyOf(text);
  cached = { text, policy };
  return policy;
}
