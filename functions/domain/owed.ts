/**
 * What a department owes besides its cases (the worklist, docs/rules.md §5–§7): a grievance assigned to it in its
 * handling or review stage, not yet answered, and a bad review of its service awaiting contact or rectification.
 * Each owed duty has a deadline and a light computed as the cases' are: GREEN while time remains, YELLOW from
 * max(1, 20% of the limit) units left (the approvals' default, counted in the duty's own unit), RED once the deadline
 * passed (or the duty is OVERDUE), RED_CARD from the supervision deadline on. Pure: the caller passes the calendar
 * and `now`.
 */
import type { WorkingCalendar } from './calendar.ts';
import { GRIEVANCE_LIMITS } from './grievance.ts';
import { type Light, remainingWorkingDays } from './lights.ts';
import { RATING_CONTACT_WORKING_DAYS, RATING_RECTIFY_WORKING_DAYS, type RectificationFacts } from './rating.ts';
import { addDays, type IsoDate, shanghaiDateOf } from './time.ts';

export type DayUnit = 'CALENDAR_DAYS' | 'WORKING_DAYS';

/** One owed duty: the stage, its deadline, the limit it was set with, and supervision's deadline once overdue. */
export interface Owed {
  readonly stage: 'ACCEPT' | 'HANDLE' | 'REVIEW' | 'REREVIEW' | 'CONTACT' | 'RECTIFY';
  readonly deadline: string;
  readonly deadlineDate: IsoDate;
  readonly deadlineAt: string;
  readonly unit: DayUnit;
  readonly limit: number;
  readonly overdue: boolean;
  readonly supervisionDeadline?: string | undefined;
  readonly supervisionAt?: string | undefined;
}

interface StageDeadlineFacts {
  readonly deadlineDate: string;
  readonly deadline: string;
  readonly deadlineAt: string;
}

/** The part of a grievance this reads (functions/store/grievances.ts GrievanceRecord satisfies it). */
export interface OwedGrievanceFacts {
  readonly status: string;
  readonly assignedTo?: string | undefined;
  readonly unit?: DayUnit | undefined;
  readonly acceptBy?: StageDeadlineFacts | undefined;
  readonly handleBy?: StageDeadlineFacts | undefined;
  readonly reviewBy?: StageDeadlineFacts | undefined;
  readonly overdueStage?: string | undefined;
  readonly supervision?: StageDeadlineFacts | undefined;
  readonly extension?: { readonly status: string; readonly days: number } | undefined;
  readonly reviewExtension?: { readonly status: string; readonly days: number } | undefined;
  readonly rereviewExtension?: { readonly status: string; readonly days: number } | undefined;
  /** 1 while the review (复查) runs, 2 the re-review (复核). */
  readonly reviewRound?: number | undefined;
}

/**
 * The stage a grievance waits on, with its deadline, or undefined: RECEIVED (acceptance by supervision, `acceptBy`),
 * ACCEPTED (the department's handling: findings by `handleBy`), UNDER_REVIEW (supervision's review or re-review, by
 * `reviewBy`), or OVERDUE in one of those (still owed, red). Answered, referred and closed grievances wait on no one.
 */
export function grievancePending(g: OwedGrievanceFacts): Owed | undefined {
  const stage =
    g.status === 'RECEIVED'
      ? 'ACCEPT'
      : g.status === 'ACCEPTED'
        ? 'HANDLE'
        : g.status === 'UNDER_REVIEW'
          ? g.reviewRound === 2
            ? 'REREVIEW'
            : 'REVIEW'
          : g.status === 'OVERDUE' &&
              (g.overdueStage === 'ACCEPT' ||
                g.overdueStage === 'HANDLE' ||
                g.overdueStage === 'REVIEW' ||
                g.overdueStage === 'REREVIEW')
            ? g.overdueStage
            : undefined;
  if (!stage) return undefined;
  const deadline = stage === 'ACCEPT' ? g.acceptBy : stage === 'HANDLE' ? g.handleBy : g.reviewBy;
  if (!deadline) return undefined;
  const extension =
    stage === 'HANDLE'
      ? g.extension
      : stage === 'REVIEW'
        ? g.reviewExtension
        : stage === 'REREVIEW'
          ? g.rereviewExtension
          : undefined;
  const extended = extension?.status === 'APPROVED' ? extension.days : 0;
  const limit =
    stage === 'ACCEPT'
      ? GRIEVANCE_LIMITS.accept
      : stage === 'HANDLE'
        ? GRIEVANCE_LIMITS.handle
        : GRIEVANCE_LIMITS.review;
  const overdue = g.status === 'OVERDUE';
  return {
    stage,
    deadline: deadline.deadline,
    deadlineDate: deadline.deadlineDate,
    deadlineAt: deadline.deadlineAt,
    unit: g.unit ?? 'CALENDAR_DAYS',
    limit: limit + extended,
    overdue,
    supervisionDeadline: overdue ? g.supervision?.deadline : undefined,
    supervisionAt: overdue ? g.supervision?.deadlineAt : undefined,
  };
}

/**
 * What the assigned department owes on a grievance, or undefined: its handling stage, not yet answered (overdue or
 * not). The acceptance and the review and re-review are decided by supervision (`…/accept`, `…/review-decision`),
 * overdue or not: they are supervision's own (its lists), not on the department's worklist.
 */
export function grievanceOwed(g: OwedGrievanceFacts): Owed | undefined {
  const pending = grievancePending(g);
  return pending?.stage === 'HANDLE' && g.assignedTo ? pending : undefined;
}

/** The department a grievance's owed stage sits with (the sparse worklist index key), or undefined. */
export function grievanceOwedBy(g: OwedGrievanceFacts): string | undefined {
  return grievanceOwed(g) ? g.assignedTo : undefined;
}

/** The part of a rating this reads (functions/store/ratings.ts RatingRecord satisfies it). */
export interface OwedRatingFacts {
  readonly bad: boolean;
  readonly status?: string | undefined;
  readonly excluded?: unknown;
  readonly followUp?: unknown;
  readonly rectification?:
    | (RectificationFacts & { readonly contactByDate: string; readonly rectifyByDate: string })
    | undefined;
}

/** Rectification statuses in which the department still owes a stage. */
export const OWED_RECTIFICATION_STATUSES: readonly string[] = ['AWAITING_CONTACT', 'CONTACTED', 'OVERDUE'];

/**
 * What the rated department owes on a bad review, or undefined: the contact (within 1 working day) until made, then
 * the rectification report (within 15); a stage overdue stays owed (red) until done. Excluded, rectified and closed
 * reviews owe nothing.
 */
export function rectificationOwed(r: OwedRatingFacts): Owed | undefined {
  const rect = r.rectification;
  if (!r.bad || !rect || r.excluded || r.followUp || rect.rectifiedAt) return undefined;
  if (r.status !== undefined && !OWED_RECTIFICATION_STATUSES.includes(r.status)) return undefined;
  const contact = rect.contactedAt === undefined;
  const overdue = contact ? rect.contactOverdue : rect.rectifyOverdue;
  return {
    stage: contact ? 'CONTACT' : 'RECTIFY',
    deadline: contact ? rect.contactBy : rect.rectifyBy,
    deadlineDate: contact ? rect.contactByDate : rect.rectifyByDate,
    deadlineAt: new Date(contact ? rect.contactBy : rect.rectifyBy).toISOString(),
    unit: 'WORKING_DAYS',
    limit: contact ? RATING_CONTACT_WORKING_DAYS : RATING_RECTIFY_WORKING_DAYS,
    overdue: overdue !== undefined,
    supervisionDeadline: overdue?.supervisionDeadline,
    supervisionAt: overdue ? new Date(overdue.supervisionDeadline).toISOString() : undefined,
  };
}

/** Calendar days from `today` through `deadlineDate`, both counted; 0 once it has passed. */
export function remainingCalendarDays(today: IsoDate, deadlineDate: IsoDate): number {
  let count = 0;
  for (let day = today; day <= deadlineDate && count < 10_000; day = addDays(day, 1)) count++;
  return count;
}

/** The yellow threshold in the duty's own unit: max(1, 20% of its limit), as for approvals. */
export function yellowThreshold(limit: number): number {
  return Math.max(1, 0.2 * limit);
}

/** An owed duty's light and the days (in its unit) left through its deadline date. */
export function owedLight(
  o: Owed,
  now: Date,
  calendar: WorkingCalendar,
): { readonly light: Light; readonly remainingDays: number } {
  const passed = now.getTime() >= Date.parse(o.deadlineAt);
  if (o.overdue || passed) {
    const carded = o.supervisionAt !== undefined && now.getTime() >= Date.parse(o.supervisionAt);
    return { light: carded ? 'RED_CARD' : 'RED', remainingDays: 0 };
  }
  const today = shanghaiDateOf(now);
  const remaining =
    o.unit === 'WORKING_DAYS'
      ? remainingWorkingDays(calendar, today, o.deadlineDate)
      : remainingCalendarDays(today, o.deadlineDate);
  return { light: remaining <= yellowThreshold(o.limit) ? 'YELLOW' : 'GREEN', remainingDays: remaining };
}
