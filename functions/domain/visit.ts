/**
 * Inspection visits (明察暗访, docs/supervision.md "Inspection visits"): a supervisor records a visit to a department —
 * open (明察) or unannounced (暗访) — with its findings and the problems found; each problem has a rectification
 * deadline in working days (docs/rules.md §3), run by its own clock (duty VISIT_RECTIFY). The department's head reports
 * the rectification, in time or late; at the deadline with no report the problem turns OVERDUE and is escalated to
 * supervision. A problem may open an accountability record (reason VISIT_FINDING): when the supervisor flags it
 * `accountable` on recording, and always when it goes overdue — once per problem (the register's key). Pure.
 */
import type { Light } from './lights.ts';
import type { IsoDate } from './time.ts';

export const visitKinds = ['OPEN', 'UNANNOUNCED'] as const;
export type VisitKind = (typeof visitKinds)[number];

export const visitKindNames: Readonly<Record<VisitKind, { readonly zh: string; readonly en: string }>> = {
  OPEN: { zh: '明察', en: 'Open visit' },
  UNANNOUNCED: { zh: '暗访', en: 'Unannounced visit' },
};

/** Where a problem stands: owed (AWAITING), reported in time, reported after the deadline, or overdue unreported. */
export const problemStatuses = ['AWAITING_RECTIFICATION', 'RECTIFIED', 'RECTIFIED_LATE', 'OVERDUE'] as const;
export type ProblemStatus = (typeof problemStatuses)[number];

/** The limits a supervisor may set for one problem's rectification (working days). */
export const VISIT_RECTIFY_MIN_WORKING_DAYS = 1;
export const VISIT_RECTIFY_MAX_WORKING_DAYS = 60;
/** At most this many problems per visit: the visit and each problem's clock are written in one transaction (≤ 100). */
export const MAX_PROBLEMS_PER_VISIT = 20;

/** A visit's id: `VS<yyyymmdd>-<ULID>` (the China-local day it was recorded). */
export const VISIT_ID_PATTERN = /^VS\d{8}-[0-9A-HJKMNP-TV-Z]{26}$/;

export function visitIdOf(recordedOn: IsoDate, ulid: string): string {
  return `VS${recordedOn.replaceAll('-', '')}-${ulid}`;
}

/** A problem's id within its visit: `P1`, `P2`… in the order recorded. */
export function problemIdOf(index: number): string {
  return `P${index + 1}`;
}

/**
 * The subject of a problem's clock and of its accountability record: `<visit id>-<problem id>`, e.g.
 * `VS20261204-01M3JVV380QJJZT2T48YR1WNCY-P1` — no dot and no slash, so it is also the record id's subject part
 * (`<subject>.VISIT_FINDING`) and, with `-rectification`, the clock's execution name (≤ 80 characters).
 */
export function problemSubjectOf(visitId: string, problemId: string): string {
  return `${visitId}-${problemId}`;
}

export function problemSubjectParts(subject: string): { visitId: string; problemId: string } | undefined {
  const m = /^(VS\d{8}-[0-9A-HJKMNP-TV-Z]{26})-(P\d{1,3})$/.exec(subject);
  return m?.[1] && m[2] ? { visitId: m[1], problemId: m[2] } : undefined;
}

export function rectificationExecutionName(subject: string): string {
  return `${subject}-rectification`;
}

/** The events on a visit's own hash-chained timeline. */
export const visitEventTypes = [
  'VISIT_RECORDED', // the visit, its findings and problems recorded; each problem's clock starts
  'VISIT_PROBLEM_RECTIFIED', // the head reported a problem's rectification within its deadline
  'VISIT_PROBLEM_OVERDUE', // a problem's deadline passed unreported: escalated to supervision
  'VISIT_PROBLEM_RECTIFIED_LATE', // the head reported an overdue problem's rectification
] as const;
export type VisitEventType = (typeof visitEventTypes)[number];

export function isVisitEventType(type: string): type is VisitEventType {
  return (visitEventTypes as readonly string[]).includes(type);
}

/** Who is told of each event (functions/stream/visits-notify.ts). */
export const visitNotificationRules: Readonly<
  Record<
    VisitEventType,
    {
      readonly to: readonly ('HEAD' | 'SUPERVISION')[];
      readonly zh: (v: { readonly kind: VisitKind }) => string;
      readonly en: (v: { readonly kind: VisitKind }) => string;
    }
  >
> = {
  // The department learns of a visit when it is recorded (an unannounced one: only then) and must rectify.
  VISIT_RECORDED: {
    to: ['HEAD'],
    zh: (v) => `监察${visitKindNames[v.kind].zh}发现问题，请在期限内整改并报告`,
    en: (v) => `Supervision's ${visitKindNames[v.kind].en.toLowerCase()} found problems: rectify and report in time`,
  },
  VISIT_PROBLEM_RECTIFIED: {
    to: ['SUPERVISION'],
    zh: () => '明察暗访发现的问题已报告整改',
    en: () => 'A problem found on an inspection visit was reported rectified',
  },
  VISIT_PROBLEM_RECTIFIED_LATE: {
    to: ['SUPERVISION'],
    zh: () => '明察暗访发现的逾期问题已报告整改（逾期）',
    en: () => 'An overdue problem found on an inspection visit was reported rectified (late)',
  },
  VISIT_PROBLEM_OVERDUE: {
    to: ['SUPERVISION', 'HEAD'],
    zh: () => '明察暗访发现的问题逾期未整改，已报监察督办',
    en: () => 'A problem found on an inspection visit was not rectified in time: escalated to supervision',
  },
};

/** One problem as stored on its visit. */
export interface VisitProblemFacts {
  readonly id: string;
  readonly status: ProblemStatus;
  readonly workingDays: number;
  readonly rectifyBy: string;
  readonly rectifyByDate: IsoDate;
  /** UTC ISO instant of the deadline. */
  readonly rectifyByAt: string;
  readonly rectifiedAt?: string;
  readonly overdueAt?: string;
}

/** Still owed by the department: not yet reported (overdue ones stay owed, reported late). */
export function problemOwed(p: { readonly status: ProblemStatus }): boolean {
  return p.status === 'AWAITING_RECTIFICATION' || p.status === 'OVERDUE';
}

/**
 * A report at `at` is late when the problem is OVERDUE, or its deadline (the end of its last working day) has come
 * though its clock has not acted yet: then the report first applies the deadline's consequence (the problem turns
 * OVERDUE, escalated), so the timeline reads as it happened: overdue at the deadline, then reported late.
 */
export function reportAt(p: VisitProblemFacts, at: Date): 'IN_TIME' | 'LATE' | 'DEADLINE_FIRST' {
  if (p.status === 'OVERDUE') return 'LATE';
  return at.getTime() >= Date.parse(p.rectifyByAt) ? 'DEADLINE_FIRST' : 'IN_TIME';
}

/**
 * A problem's light (as the worklist's, docs/rules.md §5): none once reported; RED once overdue or past its
 * deadline; YELLOW from max(1, 20% of its limit) working days left; GREEN before. `remaining` is computed by the
 * caller from the calendar (working days from today through the deadline date).
 */
export function problemLight(p: VisitProblemFacts, now: Date, remaining: number): Light | null {
  if (!problemOwed(p)) return null;
  if (p.status === 'OVERDUE' || now.getTime() >= Date.parse(p.rectifyByAt)) return 'RED';
  return remaining <= Math.max(1, 0.2 * p.workingDays) ? 'YELLOW' : 'GREEN';
}
