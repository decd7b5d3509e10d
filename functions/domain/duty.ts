/**
 * The deadline engine's rules (docs/rules.md §3–§6, docs/clock-engine.md): every time-limited duty — an approval, the
 * intake review, later a grievance stage or a department's opinion in a joint approval — is a clock with a policy.
 * The policy says how days are counted, when the warning comes, whether and why the clock may be paused, how many
 * extensions it may have and who approves them, and what happens at the deadline. Everything here is pure: the caller
 * passes the calendar and `now`; the state machine, the checkpoint and the reconciler only carry out what it says.
 */
import { createHash } from 'node:crypto';
import { investigationExecutionName } from './accountability.ts';
import type { WorkingCalendar } from './calendar.ts';
import { hasExpired, type PauseReason, pauseReasons } from './case.ts';
import { computeDeadline } from './deadline-rule.ts';
import { GRIEVANCE_LIMITS } from './grievance.ts';
import { INTAKE_REVIEW_WORKING_DAYS } from './intake.ts';
import { JOINT_EXTENSION_WORKING_DAYS, JOINT_LIMIT_WORKING_DAYS } from './project.ts';
import { RATING_CONTACT_WORKING_DAYS, RATING_RECTIFY_WORKING_DAYS } from './rating.ts';
import { addDays, endOfShanghaiDay, type IsoDate, shanghaiDateOf, toShanghaiIso } from './time.ts';
import { rectificationExecutionName } from './visit.ts';

/** The duties that run on a clock today. A new kind of clock adds its name here and its policy below. */
export const duties = [
  'APPROVAL',
  'INTAKE_REVIEW',
  'GRIEVANCE_ACCEPT',
  'GRIEVANCE_HANDLE',
  'GRIEVANCE_REVIEW',
  'GRIEVANCE_REVIEW_WINDOW',
  'GRIEVANCE_REREVIEW',
  'GRIEVANCE_REREVIEW_WINDOW',
  'RATING_CONTACT',
  'RATING_RECTIFY',
  'JOINT_APPROVAL',
  'JOINT_OPINION',
  'INVESTIGATION',
  // ---- Inspection visits (明察暗访, issue 16 item 3) ----
  'VISIT_RECTIFY',
] as const;
export type Duty = (typeof duties)[number];

/** How the limit is counted: working days of the published calendar, or calendar days (e.g. petitions). */
export type DayUnit = 'WORKING_DAYS' | 'CALENDAR_DAYS';

/**
 * What the deadline does to a duty still owed at that instant.
 *  - DEEMED_CONSENT: 超时默认 — the application is approved (when its item allows it; otherwise the duty turns
 *    OVERDUE, see `supervision`).
 *  - DEEMED_ACCEPTANCE: Licensing Law Art.32 — an application nobody acted on counts as accepted from receipt.
 *  - DEEMED_AGREEMENT: 缺席默认 — a department silent in a joint approval is deemed to agree.
 *  - OVERDUE: the duty stays owed, under supervision (督办) until `supervision` says it escalates.
 *  - CLOSE: a window that ran out with nothing asked (a grievance's review period): the subject closes.
 */
export type DeadlineConsequence = 'DEEMED_CONSENT' | 'DEEMED_ACCEPTANCE' | 'DEEMED_AGREEMENT' | 'OVERDUE' | 'CLOSE';

/** Who may approve an extension (the role names of functions/common/roles.ts). */
export type Approver = 'head' | 'admin' | 'supervisor';

export interface DutyPolicy {
  readonly duty: Duty;
  /** For people: the duty's name in Chinese and English. */
  readonly title: string;
  readonly unit: DayUnit;
  /** The warning (yellow light): how many units before the deadline, from the limit and the item's own setting. */
  readonly warning: { readonly threshold: (limit: number, configured?: number) => number } | null;
  /** Pauses (计时中止): allowed only for these reasons; none → the clock never stands still. */
  readonly pauseReasons: readonly PauseReason[];
  /** Extensions: how many, at most how long by default (an item may set its own), approved by whom. */
  readonly extensions: { readonly max: number; readonly defaultMaxDays: number; readonly approvedBy: Approver } | null;
  readonly atDeadline: DeadlineConsequence;
  /**
   * After the deadline of a duty that turned OVERDUE: how many working days supervision (督办) gives, and what
   * comes when they pass with the duty still owed (the red card, or escalation to the next level).
   */
  readonly supervision: { readonly workingDays: number; readonly escalation: 'RED_CARD' | 'ESCALATE' } | null;
  /** The clock's execution name: operators find an approval's execution by the case id itself. */
  readonly executionName: (subject: string) => string;
}

/** The working days a red case has before it turns into a red card: the supervision deadline (督办期限). */
export const RED_CARD_AFTER_WORKING_DAYS = 2;

export const policies: Readonly<Record<Duty, DutyPolicy>> = {
  APPROVAL: {
    duty: 'APPROVAL',
    title: '承诺时限 Promised time limit',
    unit: 'WORKING_DAYS',
    // The item's own threshold, else max(1, 20% of the limit) (docs/rules.md §5).
    warning: { threshold: (limit, configured) => configured ?? Math.max(1, 0.2 * limit) },
    pauseReasons,
    // Licensing Law Art.42: once, by the head of the organ, 10 working days unless a law says otherwise.
    extensions: { max: 1, defaultMaxDays: 10, approvedBy: 'head' },
    atDeadline: 'DEEMED_CONSENT',
    supervision: { workingDays: RED_CARD_AFTER_WORKING_DAYS, escalation: 'RED_CARD' },
    executionName: (caseId) => caseId,
  },
  INTAKE_REVIEW: {
    duty: 'INTAKE_REVIEW',
    title: `受理审查 Intake review (Art.32, ${INTAKE_REVIEW_WORKING_DAYS} working days)`,
    unit: 'WORKING_DAYS',
    warning: null,
    pauseReasons: [],
    extensions: null,
    atDeadline: 'DEEMED_ACCEPTANCE',
    supervision: null,
    executionName: (caseId) => `${caseId}-intake`,
  },
  // Grievances (docs/rules.md §6): each stage its own clock, in calendar days by default (Petitions Regulation).
  // Overdue → supervision (督办) for 2 working days, then the red card, as approvals.
  GRIEVANCE_ACCEPT: {
    duty: 'GRIEVANCE_ACCEPT',
    title: `信访受理 Grievance acceptance (${GRIEVANCE_LIMITS.accept} days)`,
    unit: 'CALENDAR_DAYS',
    // No warning stage: warningFrom counts working days (docs/clock-engine.md, worked sketch).
    warning: null,
    pauseReasons: [],
    extensions: null,
    atDeadline: 'OVERDUE',
    supervision: { workingDays: RED_CARD_AFTER_WORKING_DAYS, escalation: 'RED_CARD' },
    executionName: (id) => `${id}-accept`,
  },
  GRIEVANCE_HANDLE: {
    duty: 'GRIEVANCE_HANDLE',
    title: `信访办理 Grievance handling (${GRIEVANCE_LIMITS.handle} days, +${GRIEVANCE_LIMITS.handleExtension} once)`,
    unit: 'CALENDAR_DAYS',
    warning: null,
    pauseReasons: [],
    extensions: { max: 1, defaultMaxDays: GRIEVANCE_LIMITS.handleExtension, approvedBy: 'supervisor' },
    atDeadline: 'OVERDUE',
    supervision: { workingDays: RED_CARD_AFTER_WORKING_DAYS, escalation: 'RED_CARD' },
    executionName: (id) => `${id}-handle`,
  },
  GRIEVANCE_REVIEW: {
    duty: 'GRIEVANCE_REVIEW',
    title: `信访复查 Grievance review (${GRIEVANCE_LIMITS.review} days, +${GRIEVANCE_LIMITS.reviewExtension} once)`,
    unit: 'CALENDAR_DAYS',
    warning: null,
    pauseReasons: [],
    extensions: { max: 1, defaultMaxDays: GRIEVANCE_LIMITS.reviewExtension, approvedBy: 'supervisor' },
    atDeadline: 'OVERDUE',
    supervision: { workingDays: RED_CARD_AFTER_WORKING_DAYS, escalation: 'RED_CARD' },
    executionName: (id) => `${id}-review`,
  },
  GRIEVANCE_REVIEW_WINDOW: {
    duty: 'GRIEVANCE_REVIEW_WINDOW',
    title: `申请复查期限 Review request period (${GRIEVANCE_LIMITS.reviewWindow} days)`,
    unit: 'CALENDAR_DAYS',
    warning: null,
    pauseReasons: [],
    extensions: null,
    atDeadline: 'CLOSE',
    supervision: null,
    executionName: (id) => `${id}-review-window`,
  },
  // The re-review (复核) and the period to ask for it: the same limits as the review's, their own clocks (a clock is
  // keyed by subject and duty, and its execution's name is fixed by the policy, so a second round needs its own duty).
  GRIEVANCE_REREVIEW: {
    duty: 'GRIEVANCE_REREVIEW',
    title: `信访复核 Grievance re-review (${GRIEVANCE_LIMITS.review} days, +${GRIEVANCE_LIMITS.reviewExtension} once)`,
    unit: 'CALENDAR_DAYS',
    warning: null,
    pauseReasons: [],
    extensions: { max: 1, defaultMaxDays: GRIEVANCE_LIMITS.reviewExtension, approvedBy: 'supervisor' },
    atDeadline: 'OVERDUE',
    supervision: { workingDays: RED_CARD_AFTER_WORKING_DAYS, escalation: 'RED_CARD' },
    executionName: (id) => `${id}-rereview`,
  },
  GRIEVANCE_REREVIEW_WINDOW: {
    duty: 'GRIEVANCE_REREVIEW_WINDOW',
    title: `申请复核期限 Re-review request period (${GRIEVANCE_LIMITS.reviewWindow} days)`,
    unit: 'CALENDAR_DAYS',
    warning: null,
    pauseReasons: [],
    extensions: null,
    atDeadline: 'CLOSE',
    supervision: null,
    executionName: (id) => `${id}-rereview-window`,
  },
  // 好差评 (docs/rules.md §7): a bad review's rectification runs on two clocks of the rated case, both started with the
  // rating. Overdue → under supervision (督办) for the same 2 working days as an overdue approval, then escalated.
  RATING_CONTACT: {
    duty: 'RATING_CONTACT',
    title: `差评回访 Contact after a bad review (${RATING_CONTACT_WORKING_DAYS} working day)`,
    unit: 'WORKING_DAYS',
    warning: null,
    pauseReasons: [],
    extensions: null,
    atDeadline: 'OVERDUE',
    supervision: { workingDays: RED_CARD_AFTER_WORKING_DAYS, escalation: 'ESCALATE' },
    executionName: (caseId) => `${caseId}-rating-contact`,
  },
  RATING_RECTIFY: {
    duty: 'RATING_RECTIFY',
    title: `差评整改 Rectification of a bad review (${RATING_RECTIFY_WORKING_DAYS} working days)`,
    unit: 'WORKING_DAYS',
    warning: null,
    pauseReasons: [],
    extensions: null,
    atDeadline: 'OVERDUE',
    supervision: { workingDays: RED_CARD_AFTER_WORKING_DAYS, escalation: 'ESCALATE' },
    executionName: (caseId) => `${caseId}-rating-rectify`,
  },
  // 联合审批 (docs/rules.md §11, docs/green-channel.md): the joint approval as a whole (Art.42: 45 working days, +15
  // once with the approval of the government's head, an admin here) and one opinion clock per department, all in
  // parallel. At a department's deadline with no opinion it is deemed to agree (缺席默认); at the joint deadline every
  // department still silent is. Neither goes overdue: silence has its consequence, so there is nothing to supervise
  // but the accountability record of each deemed agreement.
  JOINT_APPROVAL: {
    duty: 'JOINT_APPROVAL',
    title: `联合审批 Joint approval (${JOINT_LIMIT_WORKING_DAYS} working days, +${JOINT_EXTENSION_WORKING_DAYS} once)`,
    unit: 'WORKING_DAYS',
    warning: null,
    pauseReasons: [],
    extensions: { max: 1, defaultMaxDays: JOINT_EXTENSION_WORKING_DAYS, approvedBy: 'admin' },
    atDeadline: 'DEEMED_AGREEMENT',
    supervision: null,
    executionName: (projectId) => `${projectId}-joint`,
  },
  JOINT_OPINION: {
    duty: 'JOINT_OPINION',
    title: '联合审批部门意见 A department’s opinion in a joint approval',
    unit: 'WORKING_DAYS',
    warning: null,
    pauseReasons: [],
    // Moved only with the joint approval's extension (every department still to answer gets the same days).
    extensions: null,
    atDeadline: 'DEEMED_AGREEMENT',
    supervision: null,
    executionName: (subject) => opinionExecutionName(subject),
  },
  // 问责调查 (docs/supervision.md): a supervisor's investigation of an accountability record, its limit a deployment
  // setting (ACCOUNTABILITY_POLICY `investigationWorkingDays`, default 30). Undecided at the deadline it is escalated
  // to the centre's leadership (OVERDUE, the record marked); it stays owed — decided or dismissed late, recorded as
  // late. Nobody supervises the supervisors' clock further: no supervision stage after the escalation.
  INVESTIGATION: {
    duty: 'INVESTIGATION',
    title: '问责调查 Accountability investigation',
    unit: 'WORKING_DAYS',
    warning: null,
    pauseReasons: [],
    extensions: null,
    atDeadline: 'OVERDUE',
    supervision: null,
    // The subject is the record's id (`<case id>.<reason>`, functions/domain/accountability.ts).
    executionName: (id) => investigationExecutionName(id),
  },
  // ---- Inspection visits (明察暗访, issue 16 item 3; docs/supervision.md) ----
  // A problem found on a visit: the department reports its rectification within the working days the supervisor set
  // (docs/rules.md §3: from the day after the visit is recorded). At the deadline unreported it is OVERDUE and escalated
  // to supervision, with its accountability record (VISIT_FINDING); it stays owed, reported late. Supervision is the
  // one escalated to, so there is no further supervision stage.
  VISIT_RECTIFY: {
    duty: 'VISIT_RECTIFY',
    title: '明察暗访问题整改 Rectification of a problem found on an inspection visit',
    unit: 'WORKING_DAYS',
    warning: null,
    pauseReasons: [],
    extensions: null,
    atDeadline: 'OVERDUE',
    supervision: null,
    // The subject is the problem (`<visit id>-P<n>`): one execution per problem, named after it.
    executionName: (subject) => rectificationExecutionName(subject),
  },
};

/**
 * A department's opinion clock is keyed by `<project id>/<department id>` (`opinionSubject`); its execution is named
 * `<project id>-opinion-<department id>`, so an operator listing a project's executions by its id sees at a glance
 * which department's is still running. Execution names are at most 80 characters: a department id too long for that
 * is replaced by a digest of it.
 */
export function opinionSubject(projectId: string, departmentId: string): string {
  return `${projectId}/${departmentId}`;
}

export function opinionSubjectParts(subject: string): { projectId: string; departmentId: string } {
  const at = subject.indexOf('/');
  if (at <= 0) throw new TypeError(`not an opinion clock's subject: ${subject}`);
  return { projectId: subject.slice(0, at), departmentId: subject.slice(at + 1) };
}

function opinionExecutionName(subject: string): string {
  const { projectId, departmentId } = opinionSubjectParts(subject);
  const name = `${projectId}-opinion-${departmentId}`;
  if (name.length <= 80) return name;
  return `${projectId}-opinion-${createHash('sha256').update(departmentId).digest('hex').slice(0, 16)}`;
}

/** The duties whose clocks time a case's own promise (what `clockDisagreements` judges against the case). */
export const caseDuties: readonly Duty[] = ['APPROVAL', 'INTAKE_REVIEW'];

export function policyOf(duty: Duty): DutyPolicy {
  return policies[duty];
}

export function isDuty(value: unknown): value is Duty {
  return typeof value === 'string' && (duties as readonly string[]).includes(value);
}

/** A clock's deadline: the last counted day, and 24:00 Asia/Shanghai of it. */
export interface DutyDeadline {
  readonly startedOn: IsoDate;
  readonly deadlineDate: IsoDate;
  readonly deadline: string;
  readonly deadlineAt: Date;
  readonly provisional: boolean;
}

/**
 * The deadline of a duty started at `from` with `limit` units. Working days: docs/rules.md §3 (from the day after
 * acceptance; a start on a day off counts from the next working day). Calendar days: from the day after the start
 * (Civil Code Art.201), the last day moved to the next working day if it is a day off (Art.203).
 */
export function deadlineOf(
  calendar: WorkingCalendar,
  unit: DayUnit,
  from: Date | IsoDate,
  limit: number,
): DutyDeadline {
  if (unit === 'WORKING_DAYS') {
    const { acceptedOn, ...d } = computeDeadline(calendar, from, limit);
    return { startedOn: acceptedOn, ...d };
  }
  const startedOn = from instanceof Date ? shanghaiDateOf(from) : from;
  const last = calendar.nextWorkingDayOnOrAfter(addDays(startedOn, limit));
  const deadlineAt = endOfShanghaiDay(last.date);
  return {
    startedOn,
    deadlineDate: last.date,
    deadline: toShanghaiIso(deadlineAt),
    deadlineAt,
    provisional: last.provisional,
  };
}

/** A deadline moved by `units` (a pause's working days, an approved extension), counted in the duty's unit. */
export function movedDeadlineOf(
  calendar: WorkingCalendar,
  unit: DayUnit,
  deadlineDate: IsoDate,
  units: number,
): Omit<DutyDeadline, 'startedOn'> {
  const moved =
    unit === 'WORKING_DAYS'
      ? calendar.addWorkingDays(deadlineDate, units)
      : calendar.nextWorkingDayOnOrAfter(addDays(deadlineDate, units));
  const deadlineAt = endOfShanghaiDay(moved.date);
  return { deadlineDate: moved.date, deadline: toShanghaiIso(deadlineAt), deadlineAt, provisional: moved.provisional };
}

/**
 * The days a pause took, in the duty's unit: from its first day up to, not including, the day it ended (the day of
 * the resume still counts towards the limit). Working days count only working days; calendar days count every day.
 */
export function pausedDaysOf(calendar: WorkingCalendar, unit: DayUnit, from: IsoDate, until: IsoDate): number {
  let days = 0;
  for (let day = from; day < until; day = addDays(day, 1)) {
    if (unit === 'CALENDAR_DAYS' || calendar.isWorkingDay(day)) days++;
  }
  return days;
}

/**
 * The instant the warning comes (the light turns yellow): 00:00+08:00 of the first day from which at most `threshold`
 * working days remain through the deadline date. The remaining count changes only at midnight, so this is the day
 * after the (⌊threshold⌋+1)-th working day counted back from the deadline date. May lie before the start (a short
 * limit is yellow from the start).
 */
export function warningFrom(calendar: WorkingCalendar, deadlineDate: IsoDate, threshold: number): Date {
  const stillGreenWith = Math.floor(threshold) + 1;
  let counted = 0;
  for (let day = deadlineDate, guard = 0; guard < 2_000; day = addDays(day, -1), guard++) {
    if (calendar.isWorkingDay(day) && ++counted === stillGreenWith) return endOfShanghaiDay(day);
  }
  throw new RangeError(`no ${stillGreenWith} working days before ${deadlineDate}`);
}

/** The supervision deadline of a duty overdue since `deadlineDate`: the end of its Nth working day after it. */
export function supervisionDeadlineOf(
  policy: DutyPolicy,
  calendar: WorkingCalendar,
  deadlineDate: IsoDate,
): { readonly date: IsoDate; readonly at: Date } | null {
  if (!policy.supervision) return null;
  const date = calendar.addWorkingDays(deadlineDate, policy.supervision.workingDays).date;
  return { date, at: endOfShanghaiDay(date) };
}

/** Where a clock stands, as far as the engine is concerned. */
export type ClockPhase = 'RUNNING' | 'PAUSED' | 'OVERDUE' | 'ENDED';

/** What the engine knows of a clock when it decides what is due. */
export interface ClockFacts {
  readonly phase: ClockPhase;
  readonly limit: number;
  readonly deadlineDate: IsoDate;
  /** UTC ISO instant of the deadline. */
  readonly deadlineAt: string;
  /** The item's own warning threshold, if it sets one. */
  readonly warningDays?: number | undefined;
  /** The deadline (`deadlineAt`) for which the warning was raised; a moved deadline warns again. */
  readonly warnedFor?: string | undefined;
  /** UTC ISO instant of the supervision deadline, once the duty is OVERDUE. */
  readonly supervisionAt?: string | undefined;
  /** When supervision's deadline passed with the duty still owed and the clock acted on it. */
  readonly escalatedAt?: string | undefined;
}

/** What the clock sleeps towards: shown in each checkpoint's output, so the console says why a Wait is that long. */
export const MILESTONES = {
  /** The warning (the light turns yellow): the handler and the head are told. */
  warning: 'YELLOW_WARNING',
  /** The deadline: the policy's consequence. */
  deadline: 'DEADLINE',
  /** An overdue duty's supervision deadline: still owed then → red card (or escalation). */
  supervisionDeadline: 'SUPERVISION_DEADLINE',
  /** A paused clock: no deadline runs; look again later (resuming wakes the clock at once). */
  paused: 'PAUSED',
} as const;
export type Milestone = (typeof MILESTONES)[keyof typeof MILESTONES];

/** What is due on a clock now: act (warn, apply the deadline's consequence, escalate), wait, or nothing more. */
export type Due =
  | { readonly kind: 'WAIT'; readonly until: Date; readonly towards: Milestone }
  | { readonly kind: 'WARN' }
  | { readonly kind: 'DEADLINE' }
  | { readonly kind: 'ESCALATE' }
  | { readonly kind: 'DONE' };

/** A clock that is paused looks again at most this often (resuming wakes it at once anyway). */
export const PAUSED_LOOK_AGAIN_DAYS = 20;

/** The deadline is the end of the last counted day: a duty is due at that instant, never before. */
export const isDue = hasExpired;

/**
 * The engine's one decision: given the policy, what the clock holds and `now`, what is due. Never the deadline's
 * consequence before the deadline, never escalation before the supervision deadline, the warning exactly from its
 * instant (and once per deadline); after the consequence or an escalation, nothing (DONE).
 */
export function dueNow(policy: DutyPolicy, clock: ClockFacts, now: Date, calendar: WorkingCalendar): Due {
  if (clock.phase === 'ENDED') return { kind: 'DONE' };
  if (clock.phase === 'PAUSED') {
    return { kind: 'WAIT', until: new Date(now.getTime() + PAUSED_LOOK_AGAIN_DAYS * 86_400_000), towards: 'PAUSED' };
  }
  const deadlineAt = new Date(clock.deadlineAt);
  if (clock.phase === 'OVERDUE') {
    if (clock.escalatedAt) return { kind: 'DONE' };
    const supervisionAt = clock.supervisionAt
      ? new Date(clock.supervisionAt)
      : supervisionDeadlineOf(policy, calendar, clock.deadlineDate)?.at;
    if (!supervisionAt) return { kind: 'DONE' };
    return isDue(supervisionAt, now)
      ? { kind: 'ESCALATE' }
      : { kind: 'WAIT', until: supervisionAt, towards: MILESTONES.supervisionDeadline };
  }
  if (isDue(deadlineAt, now)) return { kind: 'DEADLINE' };
  if (policy.warning && clock.warnedFor !== clock.deadlineAt) {
    const warnAt = warningFrom(calendar, clock.deadlineDate, policy.warning.threshold(clock.limit, clock.warningDays));
    // A warning instant at or after the deadline means the duty has no warning stage (the deadline says it all).
    if (warnAt.getTime() < deadlineAt.getTime()) {
      return isDue(warnAt, now) ? { kind: 'WARN' } : { kind: 'WAIT', until: warnAt, towards: MILESTONES.warning };
    }
  }
  return { kind: 'WAIT', until: deadlineAt, towards: MILESTONES.deadline };
}

/** When the clock should next wake: the instant it waits for, or `maxWaitDays` from now if that is further away. */
export function nextWake(until: Date, now: Date, maxWaitDays: number): Date {
  const cap = now.getTime() + maxWaitDays * 24 * 60 * 60 * 1000;
  return new Date(Math.min(until.getTime(), cap));
}

/**
 * Where a clock disagrees with its case (verification, docs/tamper-evidence.md): the case's hash-chained timeline
 * binds the promise (status and deadline); the clock that enforces it lives in another table, outside that chain. A
 * clock edited outside the API (its deadline moved, its phase changed) no longer matches the case it times — this
 * names how. `missing` when the case's status says a clock should exist and none does.
 */
export function clockDisagreements(
  duty: Duty,
  subject: {
    readonly status: string;
    readonly deadlineAt?: string | undefined;
    readonly reviewDeadlineAt?: string | undefined;
  },
  clock: { readonly phase: ClockPhase; readonly deadlineAt: string; readonly outcome?: string | undefined } | undefined,
): string[] {
  const expected: readonly ClockPhase[] =
    duty === 'INTAKE_REVIEW'
      ? subject.status === 'RECEIVED'
        ? ['RUNNING']
        : ['ENDED']
      : subject.status === 'ACCEPTED'
        ? ['RUNNING']
        : subject.status === 'SUSPENDED'
          ? ['PAUSED']
          : subject.status === 'OVERDUE'
            ? ['OVERDUE', 'ENDED']
            : ['ENDED'];
  if (!clock) return expected.includes('ENDED') ? [] : ['missing'];
  const out: string[] = [];
  if (!expected.includes(clock.phase)) out.push('phase');
  const promised = duty === 'INTAKE_REVIEW' ? subject.reviewDeadlineAt : subject.deadlineAt;
  if (clock.phase !== 'ENDED' && promised !== undefined && clock.deadlineAt !== promised) out.push('deadlineAt');
  return out;
}
