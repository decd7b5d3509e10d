/**
 * Law-enforcement inspections of enterprises (行政执法检查审批备案, issue 16 item 4; docs/enforcement.md): a department
 * plans an inspection, its head approves (or rejects it, with reasons), supervision files it (备案) and the filing
 * issues the verification code the enterprise checks at its door; only a filed inspection is carried out and
 * recorded. Pure: the rules, the unified social credit code's check character, the verification code's alphabet and
 * the window in which a code verifies. No I/O.
 */

import { addDays, type IsoDate } from './time.ts';

export const inspectionStatuses = ['PENDING_APPROVAL', 'APPROVED', 'REJECTED', 'FILED', 'DONE'] as const;
export type InspectionStatus = (typeof inspectionStatuses)[number];

export const inspectionEventTypes = [
  'INSPECTION_PLANNED', // a department's plan, waiting for its head
  'INSPECTION_APPROVED', // the head approved it: waiting for supervision to file it
  'INSPECTION_REJECTED', // the head rejected it, with reasons: it never happens
  'INSPECTION_FILED', // supervision filed it (备案): the verification code is issued
  'INSPECTION_RECORDED', // carried out: the findings recorded
] as const;
export type InspectionEventType = (typeof inspectionEventTypes)[number];

export function isInspectionEventType(type: string): type is InspectionEventType {
  return (inspectionEventTypes as readonly string[]).includes(type);
}

export type InspectionAction = 'approve' | 'reject' | 'file' | 'record';

/** The one state each act starts from (anything else: 409). */
export const inspectionActions: Readonly<Record<InspectionAction, InspectionStatus>> = {
  approve: 'PENDING_APPROVAL',
  reject: 'PENDING_APPROVAL',
  file: 'APPROVED',
  record: 'FILED',
};

export function mayAct(action: InspectionAction, status: InspectionStatus): boolean {
  return inspectionActions[action] === status;
}

// ---- The unified social credit code (统一社会信用代码, GB 32100-2015) ----

/** The code's 31 characters (digits and capitals without I, O, S, V, Z), in the order of their values 0–30. */
export const CREDIT_CODE_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
/** The weights of the first 17 characters: 3^i mod 31. */
const CREDIT_CODE_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;

/** The check character (the 18th) of the first 17 characters of a code; undefined for a character not in the alphabet. */
export function creditCodeCheckCharacter(first17: string): string | undefined {
  if (first17.length !== 17) return undefined;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = CREDIT_CODE_ALPHABET.indexOf(first17[i] as string);
    if (value < 0) return undefined;
    sum += value * (CREDIT_CODE_WEIGHTS[i] as number);
  }
  const check = (31 - (sum % 31)) % 31;
  return CREDIT_CODE_ALPHABET[check];
}

/**
 * Why a unified social credit code is not one, or undefined when it is: 18 characters of the code's alphabet, the
 * administrative division (characters 3–8) digits, and the 18th the check character of the first 17 (GB 32100-2015).
 * Upper case as written on a business licence (the caller upper-cases what a person typed).
 */
export function creditCodeProblem(code: string): string | undefined {
  if (code.length !== 18) return '统一社会信用代码须为 18 位 must be 18 characters (统一社会信用代码)';
  for (const c of code) {
    if (!CREDIT_CODE_ALPHABET.includes(c)) {
      return `“${c}”不是统一社会信用代码中的字符（数字及除 I、O、S、V、Z 外的大写字母） "${c}" is not a character of a credit code (digits and capitals except I, O, S, V, Z)`;
    }
  }
  if (!/^\d{6}$/.test(code.slice(2, 8)))
    return '第 3–8 位须为行政区划代码（数字） characters 3–8 must be the administrative division code (digits)';
  const check = creditCodeCheckCharacter(code.slice(0, 17));
  if (check !== code[17])
    return `校验码不符（应为 ${check}），有字符输入错误 the check character does not match (expected ${check}): a character is mistyped`;
  return undefined;
}

// ---- The verification code ----

/**
 * The code's alphabet: Crockford's base 32 (digits and capitals without I, L, O, U), so a code read out at a door or
 * typed from a phone is not misread; 10 characters carry 50 random bits (about 10^15 codes), shown as two groups of
 * five (`7KQ2M-X9D4P`). Guessing a live one by trying codes on the public route is hopeless: a few thousand filed
 * plans are valid at any time, one in 2·10^11 codes.
 */
export const VERIFICATION_CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const VERIFICATION_CODE_LENGTH = 10;

/** A code from random bytes (at least 10; each byte's low 5 bits, so every character equally likely). */
export function verificationCodeFrom(random: Uint8Array): string {
  if (random.length < VERIFICATION_CODE_LENGTH) throw new Error('a verification code takes 10 random bytes');
  return Array.from(random.subarray(0, VERIFICATION_CODE_LENGTH), (b) => VERIFICATION_CODE_ALPHABET[b & 31]).join('');
}

/** The code as shown: two groups of five. */
export function formatVerificationCode(code: string): string {
  return `${code.slice(0, 5)}-${code.slice(5)}`;
}

/**
 * What a person typed, as the stored code: spaces and dashes dropped, upper case, and the letters Crockford reads as
 * digits (O → 0, I and L → 1); undefined when it cannot be a code (so the lookup is not even tried).
 */
export function normalizeVerificationCode(typed: string): string | undefined {
  const code = typed.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  if (code.length !== VERIFICATION_CODE_LENGTH) return undefined;
  for (const c of code) if (!VERIFICATION_CODE_ALPHABET.includes(c)) return undefined;
  return code;
}

// ---- The policy ----

export interface EnforcementPolicy {
  /** Inspections of one enterprise (by credit code) in a calendar year, all departments together, without a cause. */
  readonly yearlyLimitPerEnterprise: number;
  /** A filed plan's code verifies from this many days before its planned date… */
  readonly validDaysBefore: number;
  /** …through this many days after it (China-local calendar days, inclusive). */
  readonly validDaysAfter: number;
}

export const defaultEnforcementPolicy: EnforcementPolicy = {
  yearlyLimitPerEnterprise: 2,
  validDaysBefore: 1,
  validDaysAfter: 7,
};

/** The China-local dates through which a plan for `plannedDate` verifies at the door. */
export function validityWindow(
  policy: EnforcementPolicy,
  plannedDate: IsoDate,
): { readonly validFrom: IsoDate; readonly validUntil: IsoDate } {
  return {
    validFrom: addDays(plannedDate, -policy.validDaysBefore),
    validUntil: addDays(plannedDate, policy.validDaysAfter),
  };
}

/** Why a filed code does not verify today, or undefined when it does. */
export function verificationRefusal(
  status: InspectionStatus,
  window: { readonly validFrom: IsoDate; readonly validUntil: IsoDate },
  today: IsoDate,
): 'NOT_YET_VALID' | 'EXPIRED' | 'CARRIED_OUT' | 'NOT_FILED' | undefined {
  if (status === 'DONE') return 'CARRIED_OUT';
  if (status !== 'FILED') return 'NOT_FILED';
  if (today < window.validFrom) return 'NOT_YET_VALID';
  if (today > window.validUntil) return 'EXPIRED';
  return undefined;
}

/** Is a plan with this many inspections of the enterprise already counted this year over the limit? */
export function overLimit(policy: EnforcementPolicy, alreadyCounted: number): boolean {
  return alreadyCounted >= policy.yearlyLimitPerEnterprise;
}

// ---- Who is told ----

export const inspectionNotificationRules: Readonly<
  Record<
    InspectionEventType,
    {
      readonly to: readonly ('HEAD' | 'HANDLER' | 'SUPERVISION')[];
      readonly zh: (i: { readonly enterpriseName: string; readonly overLimit?: boolean }) => string;
      readonly en: (i: { readonly enterpriseName: string; readonly overLimit?: boolean }) => string;
    }
  >
> = {
  // The head approves: told of every new plan (an over-limit one goes to supervision at once as well).
  INSPECTION_PLANNED: {
    to: ['HEAD'],
    zh: (i) =>
      `本部门拟对“${i.enterpriseName}”开展执法检查，待审批${i.overLimit ? '（超过年度检查次数，已说明理由）' : ''}`,
    en: (i) =>
      `An inspection of ${i.enterpriseName} is planned by your department and awaits your approval${i.overLimit ? ' (over the yearly limit, cause stated)' : ''}`,
  },
  INSPECTION_APPROVED: {
    to: ['SUPERVISION'],
    zh: (i) => `对“${i.enterpriseName}”的执法检查已经部门负责人批准，待监察备案`,
    en: (i) => `An inspection of ${i.enterpriseName} was approved by the department's head and awaits filing`,
  },
  INSPECTION_REJECTED: {
    to: ['HANDLER'],
    zh: (i) => `对“${i.enterpriseName}”的执法检查计划未获批准`,
    en: (i) => `The inspection of ${i.enterpriseName} was not approved`,
  },
  INSPECTION_FILED: {
    to: ['HANDLER', 'HEAD'],
    zh: (i) => `对“${i.enterpriseName}”的执法检查已备案，可凭核验码实施`,
    en: (i) => `The inspection of ${i.enterpriseName} is filed: it may be carried out, with its verification code`,
  },
  INSPECTION_RECORDED: {
    to: [],
    zh: (i) => `对“${i.enterpriseName}”的执法检查已实施并记录`,
    en: (i) => `The inspection of ${i.enterpriseName} was carried out and recorded`,
  },
};

// ---- What the department owes (the worklist, docs/enforcement.md#in-the-worklist) ----

/**
 * What a department owes on one of its inspections, for its worklist, or undefined when nothing: a plan awaiting
 * approval (the head's, stage PLAN_APPROVAL) and a filed plan not yet recorded once its planned date has come (stage
 * RECORD). No clock runs on a plan, so the light is read from its dates (China-local calendar days): GREEN before the
 * planned date, YELLOW from it, RED once the plan's validity window has ended (an approval then is too late to file:
 * the head rejects it; a record then is overdue). `deadlineDate` is the date the light next turns on: the planned
 * date while GREEN, the window's last day after; `remainingDays` the calendar days to it (negative once past).
 */
export function inspectionOwed(
  i: {
    readonly status: InspectionStatus;
    readonly plannedDate: IsoDate;
    readonly validUntil?: IsoDate | undefined;
  },
  policy: EnforcementPolicy,
  today: IsoDate,
):
  | {
      readonly stage: 'PLAN_APPROVAL' | 'RECORD';
      readonly light: 'GREEN' | 'YELLOW' | 'RED';
      readonly deadlineDate: IsoDate;
      readonly remainingDays: number;
    }
  | undefined {
  const stage = i.status === 'PENDING_APPROVAL' ? 'PLAN_APPROVAL' : i.status === 'FILED' ? 'RECORD' : undefined;
  if (!stage) return undefined;
  // A filed plan is owed only once its date has come: before that it is simply planned.
  if (stage === 'RECORD' && today < i.plannedDate) return undefined;
  const validUntil = i.validUntil ?? validityWindow(policy, i.plannedDate).validUntil;
  const light = today < i.plannedDate ? 'GREEN' : today > validUntil ? 'RED' : 'YELLOW';
  const deadlineDate = light === 'GREEN' ? i.plannedDate : validUntil;
  const remainingDays = Math.round((Date.parse(deadlineDate) - Date.parse(today)) / 86_400_000);
  return { stage, light, deadlineDate, remainingDays };
}
