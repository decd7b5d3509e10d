import * as z from 'zod/mini';
import { type AppraisalPolicy, defaultAppraisalPolicy } from '../domain/appraisal.ts';
import { parseJsonSetting, settingFromEnvironment } from './json-setting.ts';

/**
 * The year-end appraisal's policy as a deployment setting (docs/supervision.md, docs/deploy.md): the environment
 * variable APPRAISAL_POLICY holds a JSON object with any of `criteria` (the published criteria, each `{code, name:
 * {zh, en}, description: {zh, en}, weight}`, weights summing to 100), `minRatings` (ratings a department needs before
 * its scores are published, 1–100, default 3), `opens` and `closes` (the window as MM-DD: opens on `opens` of the
 * year, closes at the end of `closes`, of the next year when it is earlier in the calendar; default 12-01 and 01-31).
 * Each field given replaces its default. CDK sets it from the context `appraisalPolicy` on the functions that read it;
 * a bad value is refused where it is read — `cdk synth`, `npm start`, a function's cold start — naming the field.
 */
export const APPRAISAL_POLICY_VARIABLE = 'APPRAISAL_POLICY';

const Bilingual = (max: number) =>
  z.strictObject({
    zh: z.string().check(z.minLength(1, 'required'), z.maxLength(max, 'too long')),
    en: z.string().check(z.minLength(1, 'required'), z.maxLength(max * 2, 'too long')),
  });

const monthDay = z
  .string()
  .check(z.regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'must be a month-day MM-DD such as 12-01'));

const Criterion = z.strictObject({
  code: z.string().check(z.regex(/^[A-Z][A-Z0-9_]{0,39}$/, 'must be an upper-case code such as ATTITUDE')),
  name: Bilingual(40),
  description: Bilingual(200),
  weight: z.number().check(z.int('must be a whole number'), z.gte(1, 'at least 1'), z.lte(100, 'at most 100')),
});

const Setting = z
  .partial(
    z.strictObject({
      criteria: z.array(Criterion).check(
        z.minLength(1, 'at least one criterion'),
        z.maxLength(20, 'at most 20 criteria'),
        z.refine((list) => new Set(list.map((c) => c.code)).size === list.length, 'each code once'),
        z.refine((list) => list.reduce((a, c) => a + c.weight, 0) === 100, 'the weights must sum to 100'),
      ),
      minRatings: z.number().check(z.int('must be a whole number'), z.gte(1, 'at least 1'), z.lte(100, 'at most 100')),
      opens: monthDay,
      closes: monthDay,
    }),
  )
  .check(
    z.refine((s) => s.opens === undefined || s.closes === undefined || s.opens !== s.closes, {
      message: 'opens and closes must differ',
      path: ['closes'],
    }),
  );

export type AppraisalPolicySetting = z.infer<typeof Setting>;

export class AppraisalPolicyError extends Error {
  override readonly name = 'AppraisalPolicyError';
}

/** The policy in force for a setting: the defaults with each field given replaced; a bad one throws, naming it. */
export function appraisalPolicyOf(setting: unknown, source = APPRAISAL_POLICY_VARIABLE): AppraisalPolicy {
  const given = parseJsonSetting(setting, Setting, {
    source,
    example: '{"minRatings": 5}',
    known: ['criteria', 'minRatings', 'opens', 'closes'],
    fail: (message) => new AppraisalPolicyError(message),
  });
  if (given === undefined) return defaultAppraisalPolicy;
  const policy = { ...defaultAppraisalPolicy, ...given } as AppraisalPolicy;
  if (policy.opens === policy.closes) throw new AppraisalPolicyError(`${source}: closes: opens and closes must differ`);
  return policy;
}

/** The policy in force in this process (APPRAISAL_POLICY; absent or empty: the defaults), read once per value. */
export const appraisalPolicy: () => AppraisalPolicy = settingFromEnvironment(APPRAISAL_POLICY_VARIABLE, (text) =>
  appraisalPolicyOf(text),
);
