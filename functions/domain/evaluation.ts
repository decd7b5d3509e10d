/**
 * The evaluation (效能评估): what each case's timeline adds to the figures of a day and a unit (the centre, a
 * department, a window, an officer, an item), how a period's figures are derived from those counts, the periods one
 * can ask for (month, quarter, year, the campaign's phases, a date range), the campaign scorecard against the
 * catalogue's recorded baseline, and the year's award candidates. Every metric's definition is written here once
 * (`metricDefinitions`) and shown in the output; docs/rules.md and docs/evaluation.md say the same in prose.
 *
 * Pure: no I/O, no clock — callers pass the calendar, the catalogue and the counts.
 */

import type { WorkingCalendar } from './calendar.ts';
import type { Text } from './guide.ts';
import type { ReceivingPoint } from './intake.ts';
import { isSatisfied, type RatingLevel, type RectificationFacts, rectifiedOnTime } from './rating.ts';
import { addDays, type IsoDate, isIsoDate, shanghaiDateOf } from './time.ts';

// ---------------------------------------------------------------------------------------------------------------
// Counts: what a day's events add to a unit. Only counts are stored (sums add up across days and units); every rate
// is derived from them when a period is evaluated (`metricsOf`).

export const counterNames = [
  'received',
  'accepted',
  'referred',
  'notices',
  'repeatedNotices',
  'closed',
  'closedOnTime',
  'closedEarly',
  'closedOnTheSpot',
  'workingDaysToClose',
  'promisedWorkingDays',
  'overdue',
  'deemedApprovals',
  'redCards',
  'yellowWarnings',
  'suspensions',
  'extensions',
  'withdrawn',
  'revoked',
  // Grievances (docs/rules.md §6), counted on the day of their event.
  'complaintsReceived',
  'complaintsAnswered',
  'complaintsAnsweredOnTime',
  'complaintsSubstantiated',
  'complaintsOverdue',
  // Satisfaction reviews (docs/rules.md §7), counted on the day the rating was given.
  'ratings',
  'ratingsSatisfied',
  'badReviews',
  'badReviewsRectifiedOnTime',
  'ratingsExcluded',
  // The green channel (docs/green-channel.md), counted on the day of the project's event.
  'greenChannelProjects',
  'jointOpinions',
  'opinionsOnTime',
  'deemedAgreements',
  // The accountability register (docs/supervision.md), counted on the day of the supervisor's act.
  'accountabilityDecided',
  'accountabilityPublished',
  'accountabilityDismissed',
  // Inspection visits (明察暗访, docs/supervision.md), counted on the day of the visit's event, per department visited.
  'inspectionVisits',
  'visitProblemsFound',
  'visitProblemsRectifiedOnTime',
  'visitProblemsOverdue',
  // Law-enforcement inspections (docs/enforcement.md), counted on the day of the inspection's event, per department
  // that planned it.
  'inspectionsPlanned',
  'inspectionsCarriedOut',
  'inspectionsOverLimit',
] as const;
export type CounterName = (typeof counterNames)[number];
export type Counters = Partial<Record<CounterName, number>>;

/** What a figure is about. An officer is counted under the department of the case they acted on. */
export type UnitKind = 'CENTRE' | 'DEPARTMENT' | 'WINDOW' | 'OFFICER' | 'ITEM';

export interface Unit {
  readonly kind: UnitKind;
  /** `centre`; a department id; `<departmentId>/<windowId>`; an officer id; an item code. */
  readonly id: string;
  /** The department the unit belongs to (absent for the centre). */
  readonly departmentId?: string;
  /** A display name where the case knows it (an officer's, an item's). */
  readonly name?: string;
}

/** The key a unit's counts are stored and summed under: `KIND#id`. */
export function unitKey(unit: Pick<Unit, 'kind' | 'id'>): string {
  return `${unit.kind}#${unit.id}`;
}

/** What one event adds to one unit's counts on one China-local day. */
export interface Contribution {
  readonly day: IsoDate;
  readonly unit: Unit;
  readonly counters: Counters;
}

/** The part of a case the evaluation reads (functions/store/cases.ts CaseRecord satisfies it). */
export interface CaseFacts {
  readonly id: string;
  readonly itemCode: string;
  readonly itemName: string;
  readonly departmentId: string;
  readonly receivedBy: ReceivingPoint;
  /**
   * The applicant's own account when they applied online: their id is the `by` of what they did themselves (the
   * receipt, and the acceptance or notice intake answered at once, a resubmission) and never an officer's.
   */
  readonly applicantSub?: string;
  readonly acceptedOn?: string;
  readonly deadlineDate?: string;
  /** The item's promised limit in working days, as the case was accepted with it. */
  readonly workingDays: number;
  readonly handledOnTheSpot?: boolean;
  readonly handler: { readonly id: string; readonly name: string };
  readonly leader: { readonly id: string; readonly name: string };
  readonly decision?: { readonly by: string; readonly late: boolean };
  readonly extension?: { readonly requestedBy: string };
  readonly pauses?: readonly { readonly workingDays?: number }[];
  readonly timeline: readonly { readonly type: string; readonly at: string; readonly by: string }[];
}

/** A first-inquiry referral, as the Referrals table keeps it. */
export interface ReferralFacts {
  readonly at: string;
  readonly itemCode: string;
  readonly answeredBy: string;
  readonly receivedBy: { readonly departmentId: string; readonly windowId: string };
}

/** A system actor (`system:<component>`) is nobody's officer. */
function isPerson(actor: string | undefined): actor is string {
  return typeof actor === 'string' && actor !== '' && !actor.startsWith('system:');
}

/**
 * What the timeline event at `seq` adds, to which units, on which day (the China-local date of the event).
 * Attribution (docs/evaluation.md): the centre, the case's department and item always; the receiving window for
 * intake events; the officer who acted (a decision's reviewer, a notice's clerk, …) for what they did, and the case's
 * handler on record for what the clock did to their case (a warning, an expiry, a red card, a revocation).
 */
export function contributionsOf(c: CaseFacts, seq: number, calendar: WorkingCalendar): Contribution[] {
  const event = c.timeline[seq];
  if (!event) return [];
  const day = shanghaiDateOf(new Date(event.at));
  const window = c.receivedBy.kind === 'window' ? c.receivedBy : undefined;
  // The clerk who took the papers in at the window belongs to the window's department: at a comprehensive window
  // (综合窗口) that may not be the item's. Everyone else who acts on the case does so within the case's department
  // (their routes are scoped to it). One officer, one department: the aggregate keeps one unit per key.
  const receivingClerk = window ? c.timeline[0]?.by : undefined;
  const officer = (id: string | undefined): Unit | undefined =>
    isPerson(id) && id !== c.applicantSub
      ? {
          kind: 'OFFICER',
          id,
          departmentId: window && id === receivingClerk ? window.departmentId : c.departmentId,
          ...(id === c.handler.id ? { name: c.handler.name } : id === c.leader.id ? { name: c.leader.name } : {}),
        }
      : undefined;
  const caseUnits: Unit[] = [
    { kind: 'CENTRE', id: 'centre' },
    { kind: 'DEPARTMENT', id: c.departmentId, departmentId: c.departmentId },
    { kind: 'ITEM', id: c.itemCode, departmentId: c.departmentId, name: c.itemName },
  ];
  const windowUnit: Unit | undefined = window
    ? { kind: 'WINDOW', id: `${window.departmentId}/${window.windowId}`, departmentId: window.departmentId }
    : undefined;
  const out: Contribution[] = [];
  const add = (units: readonly (Unit | undefined)[], counters: Counters) => {
    for (const unit of units) if (unit) out.push({ day, unit, counters });
  };
  switch (event.type) {
    case 'RECEIVED':
      // The receiving clerk is an officer only at a window; online, `by` is the applicant.
      add([...caseUnits, windowUnit, window ? officer(event.by) : undefined], { received: 1 });
      break;
    case 'MATERIALS_REQUIRED':
      add([...caseUnits, windowUnit, officer(event.by)], { notices: 1 });
      break;
    case 'REPEATED_NOTICE':
      add([...caseUnits, windowUnit, officer(event.by)], { repeatedNotices: 1 });
      break;
    case 'ACCEPTED':
    case 'DEEMED_ACCEPTED':
      add([...caseUnits, windowUnit, officer(event.by)], { accepted: 1 });
      break;
    case 'APPROVED':
    case 'REJECTED': {
      const closing = closingCounters(c, day, calendar, false);
      add(caseUnits, closing);
      // A decision on the spot is the window's work too.
      add([c.handledOnTheSpot ? windowUnit : undefined, officer(c.decision?.by ?? event.by)], closing);
      break;
    }
    case 'DEEMED_APPROVED':
      add(caseUnits, { ...closingCounters(c, day, calendar, true), deemedApprovals: 1 });
      // The handler on record did not close it: it counts against them, not as their closing.
      add([officer(c.handler.id)], { deemedApprovals: 1 });
      break;
    case 'OVERDUE':
      add([...caseUnits, officer(c.handler.id)], { overdue: 1 });
      break;
    case 'RED_CARD':
      add([...caseUnits, officer(c.handler.id)], { redCards: 1 });
      break;
    case 'YELLOW_WARNING':
      add([...caseUnits, officer(c.handler.id)], { yellowWarnings: 1 });
      break;
    case 'SUSPENDED':
      add([...caseUnits, officer(event.by)], { suspensions: 1 });
      break;
    case 'EXTENDED':
      add([...caseUnits, officer(c.extension?.requestedBy ?? c.handler.id)], { extensions: 1 });
      break;
    case 'WITHDRAWN':
      add(caseUnits, { withdrawn: 1 });
      break;
    case 'REVOKED':
      add([...caseUnits, officer(c.handler.id)], { revoked: 1 });
      break;
    default:
      // RESUMED, EXTENSION_REQUESTED, DEEMED_APPROVAL_CONFIRMED and types of older versions add nothing.
      break;
  }
  return out;
}

/**
 * A closing's counts: closed; on time unless late or deemed (a deemed approval is the law's decision, not the
 * department's); early when decided on time on a day before the deadline date, with a limit to be early against (an
 * immediate item's limit is 0: decided on the spot is its promise, never ahead of it — even on a Saturday, when the
 * acceptance day and the deadline date are the next working day); on the spot; the working days it took (after the
 * acceptance date through the closing date, less the working days paused, as the deadline engine counted them when
 * it moved the deadline) and the days promised. A deemed approval ran until its deadline date, whenever the expiry
 * rule was applied (the clock at 00:00 the day after, or the reconciler days later): that is its closing date here.
 */
function closingCounters(c: CaseFacts, day: IsoDate, calendar: WorkingCalendar, deemed: boolean): Counters {
  const late = deemed || (c.decision?.late ?? false);
  const paused = (c.pauses ?? []).reduce((sum, p) => sum + (p.workingDays ?? 0), 0);
  const through = deemed && c.deadlineDate ? c.deadlineDate : day;
  const used = c.acceptedOn ? Math.max(0, workingDaysBetween(calendar, c.acceptedOn, through) - paused) : 0;
  return {
    closed: 1,
    ...(late ? {} : { closedOnTime: 1 }),
    ...(!late && c.workingDays > 0 && c.deadlineDate && day < c.deadlineDate ? { closedEarly: 1 } : {}),
    ...(c.handledOnTheSpot ? { closedOnTheSpot: 1 } : {}),
    workingDaysToClose: used,
    promisedWorkingDays: c.workingDays,
  };
}

/** Working days after `from` through `to` (0 when `to` is not after `from`). */
export function workingDaysBetween(calendar: WorkingCalendar, from: IsoDate, to: IsoDate): number {
  let days = 0;
  for (let day = addDays(from, 1); day <= to; day = addDays(day, 1)) if (calendar.isWorkingDay(day)) days++;
  return days;
}

/** What a referral adds: the centre, the referring window's department, the window and the clerk who answered. */
export function referralContributions(r: ReferralFacts): Contribution[] {
  const day = shanghaiDateOf(new Date(r.at));
  const { departmentId, windowId } = r.receivedBy;
  const units: Unit[] = [
    { kind: 'CENTRE', id: 'centre' },
    { kind: 'DEPARTMENT', id: departmentId, departmentId },
    { kind: 'WINDOW', id: `${departmentId}/${windowId}`, departmentId },
  ];
  if (isPerson(r.answeredBy)) units.push({ kind: 'OFFICER', id: r.answeredBy, departmentId });
  return units.map((unit) => ({ day, unit, counters: { referred: 1 } }));
}

/** The part of a grievance the evaluation reads (functions/store/grievances.ts GrievanceRecord satisfies it). */
export interface GrievanceTallyFacts {
  readonly id: string;
  /** The department named at filing, and the one assigned at acceptance. */
  readonly departmentId?: string | undefined;
  readonly assignedTo?: string | undefined;
  readonly handleBy?: { readonly deadlineAt: string } | undefined;
  readonly findings?:
    | { readonly substantiated: boolean; readonly by: string; readonly at: string; readonly late: boolean }
    | undefined;
  readonly timeline: readonly { readonly type: string; readonly at: string; readonly by: string }[];
}

/** 按时办结 for a grievance: answered (findings written) by its handling deadline, not while overdue. */
export function answeredOnTime(g: Pick<GrievanceTallyFacts, 'handleBy' | 'findings'>): boolean {
  return (
    g.findings !== undefined &&
    !g.findings.late &&
    g.handleBy !== undefined &&
    // The deadline instant (24:00 of the last day) is already overdue (the clock's guard: deadlineAt <= now).
    Date.parse(g.findings.at) < Date.parse(g.handleBy.deadlineAt)
  );
}

/**
 * What a grievance's timeline event at `seq` adds (docs/evaluation.md): received → the centre and the department named
 * at filing (an anonymous report may name none); answered → the centre, the assigned department and the officer who
 * wrote the findings (answered, on time), substantiated for the centre and the department only (the officer a
 * complaint names is free text, not an account: no officer unit is charged with it); overdue → the centre, and the
 * assigned department when the stage was its own (after acceptance; an acceptance overdue is supervision's). No window
 * or item: a grievance has neither.
 */
export function grievanceContributions(g: GrievanceTallyFacts, seq: number): Contribution[] {
  const event = g.timeline[seq];
  if (!event) return [];
  const day = shanghaiDateOf(new Date(event.at));
  const centre: Unit = { kind: 'CENTRE', id: 'centre' };
  const department = (id: string | undefined): Unit | undefined =>
    id ? { kind: 'DEPARTMENT', id, departmentId: id } : undefined;
  const assigned = g.assignedTo ?? g.departmentId;
  const out: Contribution[] = [];
  const add = (units: readonly (Unit | undefined)[], counters: Counters) => {
    for (const unit of units) if (unit) out.push({ day, unit, counters });
  };
  switch (event.type) {
    case 'GRIEVANCE_RECEIVED':
      add([centre, department(g.departmentId)], { complaintsReceived: 1 });
      break;
    case 'GRIEVANCE_ANSWERED': {
      const onTime = answeredOnTime(g) ? { complaintsAnsweredOnTime: 1 } : {};
      const by = g.findings?.by ?? event.by;
      add([centre, department(assigned)], {
        complaintsAnswered: 1,
        ...onTime,
        ...(g.findings?.substantiated ? { complaintsSubstantiated: 1 } : {}),
      });
      if (isPerson(by) && assigned) {
        add([{ kind: 'OFFICER', id: by, departmentId: assigned }], { complaintsAnswered: 1, ...onTime });
      }
      break;
    }
    case 'GRIEVANCE_OVERDUE': {
      const accepted = g.timeline.slice(0, seq).some((e) => e.type === 'GRIEVANCE_ACCEPTED');
      add([centre, accepted ? department(assigned) : undefined], { complaintsOverdue: 1 });
      break;
    }
    default:
      break;
  }
  return out;
}

/** The part of a rating the evaluation reads (functions/store/ratings.ts RatingRecord satisfies it). */
export interface RatingTallyFacts {
  readonly departmentId: string;
  readonly itemCode: string;
  readonly itemName: string;
  readonly handler: { readonly id: string; readonly name: string };
  readonly level: RatingLevel;
  readonly bad: boolean;
  readonly ratedAt: string;
  readonly rectification?: RectificationFacts | undefined;
  readonly timeline: readonly { readonly type: string; readonly at: string; readonly by: string }[];
}

/**
 * What a rating's timeline event at `seq` adds, always on the day the rating was given (so a period's figures are
 * those of the ratings given in it, as the public monthly summary counts them), to the centre, the department, the
 * item and the case's handler on record (no window: a rating does not know where the papers were handed in):
 * rated → ratings, satisfied (levels 3–5), bad reviews (1–2); the rectification reported → rectified on time when
 * both the contact and the report were in time; an appeal upheld → the rating taken out again (negative counts on
 * the rating's day) and counted as excluded.
 */
export function ratingContributions(r: RatingTallyFacts, seq: number): Contribution[] {
  const event = r.timeline[seq];
  if (!event) return [];
  const day = shanghaiDateOf(new Date(r.ratedAt));
  const units: Unit[] = [
    { kind: 'CENTRE', id: 'centre' },
    { kind: 'DEPARTMENT', id: r.departmentId, departmentId: r.departmentId },
    { kind: 'ITEM', id: r.itemCode, departmentId: r.departmentId, name: r.itemName },
    ...(isPerson(r.handler.id)
      ? [{ kind: 'OFFICER' as const, id: r.handler.id, departmentId: r.departmentId, name: r.handler.name }]
      : []),
  ];
  const rectifiedInTime = (upTo: number) =>
    r.bad &&
    r.rectification !== undefined &&
    rectifiedOnTime(r.rectification) &&
    r.timeline.slice(0, upTo).some((e) => e.type === 'RATING_RECTIFIED');
  let counters: Counters | undefined;
  switch (event.type) {
    case 'RATED':
      counters = {
        ratings: 1,
        ...(isSatisfied(r.level) ? { ratingsSatisfied: 1 } : {}),
        ...(r.bad ? { badReviews: 1 } : {}),
      };
      break;
    case 'RATING_RECTIFIED':
      if (rectifiedInTime(seq + 1)) counters = { badReviewsRectifiedOnTime: 1 };
      break;
    case 'RATING_APPEAL_UPHELD':
      counters = {
        ratings: -1,
        ratingsExcluded: 1,
        ...(isSatisfied(r.level) ? { ratingsSatisfied: -1 } : {}),
        ...(r.bad ? { badReviews: -1 } : {}),
        ...(rectifiedInTime(seq) ? { badReviewsRectifiedOnTime: -1 } : {}),
      };
      break;
    default:
      break;
  }
  return counters ? units.map((unit) => ({ day, unit, counters })) : [];
}

/** The part of a project the evaluation reads (functions/store/projects.ts ProjectRecord satisfies it). */
export interface ProjectTallyFacts {
  readonly greenChannel: boolean;
  readonly items: readonly { readonly departmentId: string }[];
  readonly timeline: readonly {
    readonly type: string;
    readonly at: string;
    readonly by: string;
    readonly departmentId?: string;
  }[];
}

/**
 * What a project's tracking-log event at `seq` adds (docs/evaluation.md), on the day of the event: registered as a
 * green-channel project → the centre; a department's opinion in a joint approval
 * (always in time: a late one is refused) → jointOpinions and opinionsOnTime; a deemed agreement (缺席默认) →
 * jointOpinions and deemedAgreements — to the centre and that department. No window, item or officer: an opinion is
 * the department's.
 */
export function projectContributions(p: ProjectTallyFacts, seq: number): Contribution[] {
  const event = p.timeline[seq];
  if (!event) return [];
  const day = shanghaiDateOf(new Date(event.at));
  const centre: Unit = { kind: 'CENTRE', id: 'centre' };
  const department = (id: string): Unit => ({ kind: 'DEPARTMENT', id, departmentId: id });
  switch (event.type) {
    case 'REGISTERED':
      // The centre's only: a project is no one department's, and counting it for each would break the rule that the
      // departments' figures add up to the centre's.
      return p.greenChannel ? [{ day, unit: centre, counters: { greenChannelProjects: 1 } }] : [];
    case 'OPINION_GIVEN':
    case 'OPINION_DEEMED': {
      const counters: Counters =
        event.type === 'OPINION_GIVEN'
          ? { jointOpinions: 1, opinionsOnTime: 1 }
          : { jointOpinions: 1, deemedAgreements: 1 };
      return [centre, ...(event.departmentId ? [department(event.departmentId)] : [])].map((unit) => ({
        day,
        unit,
        counters,
      }));
    }
    default:
      return [];
  }
}

/** The part of an accountability record the evaluation reads (functions/store/accountability.ts satisfies it). */
export interface AccountabilityTallyFacts {
  readonly departmentId: string;
  readonly timeline?: readonly { readonly type: string; readonly at: string }[];
}

/**
 * What an accountability record's event at `seq` adds (docs/evaluation.md), on the day of the supervisor's act, to the
 * centre and the record's department: a decision → accountabilityDecided, a publication → accountabilityPublished, a
 * dismissal → accountabilityDismissed. No window, item or officer: the register judges the department's lapse.
 */
export function accountabilityContributions(r: AccountabilityTallyFacts, seq: number): Contribution[] {
  const event = r.timeline?.[seq];
  if (!event) return [];
  const counters: Counters | undefined = {
    ACCOUNTABILITY_DECIDED: { accountabilityDecided: 1 },
    ACCOUNTABILITY_PUBLISHED: { accountabilityPublished: 1 },
    ACCOUNTABILITY_DISMISSED: { accountabilityDismissed: 1 },
  }[event.type];
  if (!counters) return [];
  const day = shanghaiDateOf(new Date(event.at));
  const units: Unit[] = [
    { kind: 'CENTRE', id: 'centre' },
    { kind: 'DEPARTMENT', id: r.departmentId, departmentId: r.departmentId },
  ];
  return units.map((unit) => ({ day, unit, counters }));
}

/** The part of an inspection visit the evaluation reads (functions/store/visits.ts satisfies it). */
export interface VisitTallyFacts {
  readonly departmentId: string;
  readonly problems: readonly unknown[];
  readonly timeline?: readonly { readonly type: string; readonly at: string }[];
}

/**
 * What an inspection visit's event at `seq` adds (docs/evaluation.md), on the day of the event, to the centre and the
 * department visited: the visit recorded → inspectionVisits 1 and visitProblemsFound (its problems); a problem reported
 * in time → visitProblemsRectifiedOnTime; a problem gone overdue → visitProblemsOverdue (a late report adds nothing
 * more: the problem was counted overdue at its deadline). No window, item or officer: a visit judges the department.
 */
export function visitContributions(v: VisitTallyFacts, seq: number): Contribution[] {
  const event = v.timeline?.[seq];
  if (!event) return [];
  const counters: Counters | undefined = {
    VISIT_RECORDED: { inspectionVisits: 1, visitProblemsFound: v.problems.length },
    VISIT_PROBLEM_RECTIFIED: { visitProblemsRectifiedOnTime: 1 },
    VISIT_PROBLEM_OVERDUE: { visitProblemsOverdue: 1 },
  }[event.type];
  if (!counters) return [];
  const day = shanghaiDateOf(new Date(event.at));
  const units: Unit[] = [
    { kind: 'CENTRE', id: 'centre' },
    { kind: 'DEPARTMENT', id: v.departmentId, departmentId: v.departmentId },
  ];
  return units.map((unit) => ({ day, unit, counters }));
}

/** The part of a law-enforcement inspection the evaluation reads (functions/store/enforcement.ts satisfies it). */
export interface InspectionTallyFacts {
  readonly departmentId: string;
  readonly overLimit: boolean;
  readonly timeline?: readonly { readonly type: string; readonly at: string }[];
}

/**
 * What a law-enforcement inspection's event at `seq` adds (docs/evaluation.md), on the day of the event, to the centre
 * and the department that planned it: the plan → inspectionsPlanned 1, and inspectionsOverLimit 1 when it was over
 * the enterprise's yearly limit (its cause stated, flagged to supervision); the record of a filed inspection carried
 * out → inspectionsCarriedOut 1. Approval, rejection and filing add nothing (a rejected plan was still planned). No
 * window, item or officer: the department plans and answers for its inspections.
 */
export function inspectionContributions(i: InspectionTallyFacts, seq: number): Contribution[] {
  const event = i.timeline?.[seq];
  if (!event) return [];
  const counters: Counters | undefined = {
    INSPECTION_PLANNED: { inspectionsPlanned: 1, ...(i.overLimit ? { inspectionsOverLimit: 1 } : {}) },
    INSPECTION_RECORDED: { inspectionsCarriedOut: 1 },
  }[event.type];
  if (!counters) return [];
  const day = shanghaiDateOf(new Date(event.at));
  const units: Unit[] = [
    { kind: 'CENTRE', id: 'centre' },
    { kind: 'DEPARTMENT', id: i.departmentId, departmentId: i.departmentId },
  ];
  return units.map((unit) => ({ day, unit, counters }));
}

export function addCounters(a: Counters, b: Counters): Counters {
  const sum: Counters = { ...a };
  for (const name of counterNames) {
    const v = b[name];
    if (v) sum[name] = (sum[name] ?? 0) + v;
  }
  return sum;
}

// ---------------------------------------------------------------------------------------------------------------
// Metrics: the counts and what is derived from them.

export type Metrics = Record<CounterName, number> & {
  readonly onTimeRate: number | null;
  readonly earlyRate: number | null;
  readonly immediateShareOfCases: number | null;
  readonly averageWorkingDays: number | null;
  readonly speedUp: number | null;
  readonly complaintOnTimeRate: number | null;
  readonly satisfactionRate: number | null;
  readonly badReviewsRectifiedOnTimeRate: number | null;
  readonly opinionsOnTimeRate: number | null;
  readonly visitProblemsRectifiedOnTimeRate: number | null;
};
export type MetricName = keyof Metrics;

/** Derived figures are rounded to 4 decimals; a rate over nothing is null (not 0: nothing was measured). */
export function metricsOf(counters: Counters): Metrics {
  const n = Object.fromEntries(counterNames.map((name) => [name, counters[name] ?? 0])) as Record<CounterName, number>;
  const ratio = (a: number, b: number) => (b > 0 ? round4(a / b) : null);
  return {
    ...n,
    onTimeRate: ratio(n.closedOnTime, n.closed),
    earlyRate: ratio(n.closedEarly, n.closed),
    immediateShareOfCases: ratio(n.closedOnTheSpot, n.closed),
    averageWorkingDays: n.closed > 0 ? Math.round((n.workingDaysToClose / n.closed) * 100) / 100 : null,
    speedUp: n.promisedWorkingDays > 0 ? round4(1 - n.workingDaysToClose / n.promisedWorkingDays) : null,
    complaintOnTimeRate: ratio(n.complaintsAnsweredOnTime, n.complaintsAnswered),
    satisfactionRate: ratio(n.ratingsSatisfied, n.ratings),
    badReviewsRectifiedOnTimeRate: ratio(n.badReviewsRectifiedOnTime, n.badReviews),
    opinionsOnTimeRate: ratio(n.opinionsOnTime, n.jointOpinions),
    visitProblemsRectifiedOnTimeRate: ratio(n.visitProblemsRectifiedOnTime, n.visitProblemsFound),
  };
}

function round4(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}

/** Every metric's name in both languages and its definition, shown with the figures. */
export const metricDefinitions: Readonly<Record<MetricName, { readonly name: Text; readonly definition: string }>> = {
  received: { name: { zh: '收件数', en: 'received' }, definition: 'applications received on the day (RECEIVED)' },
  accepted: {
    name: { zh: '受理数', en: 'accepted' },
    definition: 'applications accepted, by staff or from receipt after the review period (ACCEPTED, DEEMED_ACCEPTED)',
  },
  referred: {
    name: { zh: '首问转介数', en: 'referred' },
    definition: 'first-inquiry referrals: applicants sent to the responsible department (首问责任制)',
  },
  notices: { name: { zh: '一次性告知数', en: 'one-time notices' }, definition: 'one-time notices given (一次性告知)' },
  repeatedNotices: {
    name: { zh: '重复告知数', en: 'repeated notices' },
    definition: 'second or later notices on one application: each is a breach of the one-time rule',
  },
  closed: {
    name: { zh: '办结数', en: 'closed' },
    definition: 'applications decided (approved or rejected, on the spot, on time or late) or deemed approved',
  },
  closedOnTime: {
    name: { zh: '按时办结数', en: 'closed on time' },
    definition: 'closed by a decision at or before the deadline (a deemed approval is not on time)',
  },
  closedEarly: {
    name: { zh: '提前办结数', en: 'closed early' },
    definition:
      'closed on time on a day before the deadline date, for a promised limit above 0 (an immediate item is never early)',
  },
  closedOnTheSpot: {
    name: { zh: '即办件办结数', en: 'closed on the spot' },
    definition: 'immediate items decided at the window when received (即办件当场办结)',
  },
  workingDaysToClose: {
    name: { zh: '办结用时(工作日)', en: 'working days used' },
    definition:
      'sum over closed cases of working days after the acceptance date through the closing date (a deemed approval: its deadline date), less the working days paused',
  },
  promisedWorkingDays: {
    name: { zh: '承诺时限(工作日)', en: 'working days promised' },
    definition: 'sum over closed cases of the promised limit they were accepted with',
  },
  overdue: {
    name: { zh: '超时件数', en: 'overdue' },
    definition: 'cases of ineligible items that ran out of time (OVERDUE, under supervision)',
  },
  deemedApprovals: {
    name: { zh: '超时默认数', en: 'deemed approvals' },
    definition: 'cases deemed approved at their deadline (超时默认)',
  },
  redCards: {
    name: { zh: '红牌数', en: 'red cards' },
    definition: 'overdue cases still open at the supervision deadline',
  },
  yellowWarnings: { name: { zh: '黄牌预警数', en: 'yellow warnings' }, definition: 'warnings that a deadline is near' },
  suspensions: { name: { zh: '暂停计时数', en: 'suspensions' }, definition: 'pauses of the clock (Art.45, 补正)' },
  extensions: { name: { zh: '延期数', en: 'extensions' }, definition: 'extensions approved by the head (Art.42)' },
  withdrawn: { name: { zh: '撤回数', en: 'withdrawn' }, definition: 'applications withdrawn by the applicant' },
  revoked: {
    name: { zh: '撤销数', en: 'revoked' },
    definition: 'deemed approvals a supervisor found wrongful and revoked (Art.69)',
  },
  complaintsReceived: {
    name: { zh: '投诉举报申诉数', en: 'complaints received' },
    definition:
      'grievances filed (complaints, reports, appeals) on the day; a department counts those naming it at filing',
  },
  complaintsAnswered: {
    name: { zh: '投诉答复数', en: 'complaints answered' },
    definition: 'grievances answered in writing with findings and actions on the day (on time or late)',
  },
  complaintsAnsweredOnTime: {
    name: { zh: '投诉按时办结数', en: 'complaints answered on time' },
    definition: 'grievances answered by the end of their handling deadline (handleBy, extension included), not overdue',
  },
  complaintsSubstantiated: {
    name: { zh: '投诉属实数', en: 'substantiated complaints' },
    definition: 'grievances answered as substantiated (属实); each opens an accountability record (COMPLAINT)',
  },
  complaintsOverdue: {
    name: { zh: '投诉逾期数', en: 'complaints overdue' },
    definition:
      'grievance stages gone OVERDUE to supervision (a department counts those after it was assigned the grievance)',
  },
  ratings: {
    name: { zh: '评价数', en: 'ratings' },
    definition: 'satisfaction reviews (好差评) given on the day, less those supervision excluded on appeal',
  },
  ratingsSatisfied: {
    name: { zh: '满意评价数', en: 'satisfied ratings' },
    definition: 'of those, levels 3–5 (基本满意, 满意, 非常满意)',
  },
  badReviews: {
    name: { zh: '差评数', en: 'bad reviews' },
    definition: 'of those, levels 1–2 (不满意, 非常不满意)',
  },
  badReviewsRectifiedOnTime: {
    name: { zh: '差评按时整改数', en: 'bad reviews rectified on time' },
    definition:
      'of those bad reviews, contacted within 1 working day and rectification reported within 15 (counted on the day of the review)',
  },
  ratingsExcluded: {
    name: { zh: '申诉排除评价数', en: 'ratings excluded' },
    definition:
      'ratings given on the day that supervision later excluded on the department’s appeal (counted nowhere else)',
  },
  greenChannelProjects: {
    name: { zh: '绿色通道项目数', en: 'green-channel projects' },
    definition:
      'projects registered on the day at or above the green-channel threshold (the centre only: a project is no one department’s)',
  },
  jointOpinions: {
    name: { zh: '联合审批意见数', en: 'joint-approval opinions' },
    definition: 'departments’ opinions in joint approvals that came in on the day: given, or deemed at the deadline',
  },
  opinionsOnTime: {
    name: { zh: '按时出具意见数', en: 'opinions on time' },
    definition: 'of those, opinions the department gave before its deadline (a late one is refused)',
  },
  deemedAgreements: {
    name: { zh: '缺席默认数', en: 'deemed agreements' },
    definition:
      'of those, departments silent at their deadline and deemed to agree (缺席默认); each opens an accountability record (DEEMED_AGREEMENT)',
  },
  accountabilityDecided: {
    name: { zh: '问责决定数', en: 'accountability records decided' },
    definition:
      'accountability records a supervisor decided on the day (responsibility, sanction, findings), counted for the record’s department',
  },
  accountabilityPublished: {
    name: { zh: '问责公开数', en: 'accountability records published' },
    definition: 'decided accountability records disclosed to the public on the day',
  },
  accountabilityDismissed: {
    name: { zh: '问责撤销数', en: 'accountability records dismissed' },
    definition: 'accountability records a supervisor dismissed with reasons on the day (found unfounded)',
  },
  inspectionVisits: {
    name: { zh: '明察暗访次数', en: 'inspection visits' },
    definition:
      'open and unannounced inspection visits (明察暗访) recorded on the day, counted for the department visited',
  },
  visitProblemsFound: {
    name: { zh: '明察暗访发现问题数', en: 'problems found on visits' },
    definition: 'problems found on the inspection visits recorded on the day, each with a rectification deadline',
  },
  visitProblemsRectifiedOnTime: {
    name: { zh: '问题按时整改数', en: 'visit problems rectified on time' },
    definition:
      'problems found on visits that the department’s head reported rectified within their deadline, on the day',
  },
  visitProblemsOverdue: {
    name: { zh: '问题逾期整改数', en: 'visit problems overdue' },
    definition:
      'problems found on visits not reported rectified by their deadline, on the day they went overdue (escalated to supervision; each opens an accountability record, VISIT_FINDING)',
  },
  inspectionsPlanned: {
    name: { zh: '执法检查计划数', en: 'inspections planned' },
    definition:
      'law-enforcement inspections of enterprises the department planned on the day (counted as planned: a later rejection does not undo it)',
  },
  inspectionsCarriedOut: {
    name: { zh: '执法检查实施数', en: 'inspections carried out' },
    definition:
      'filed inspections recorded as carried out (DONE) on the day, counted for the department that planned them',
  },
  inspectionsOverLimit: {
    name: { zh: '超次数执法检查数', en: 'inspections over the yearly limit' },
    definition:
      'of the inspections planned on the day, those over the enterprise’s yearly limit (a cause stated, flagged to supervision)',
  },
  onTimeRate: { name: { zh: '按时办结率', en: 'on-time rate' }, definition: 'closed on time ÷ closed' },
  earlyRate: { name: { zh: '提前办结率', en: 'early rate' }, definition: 'closed early ÷ closed' },
  immediateShareOfCases: {
    name: { zh: '即办件比例(件次)', en: 'immediate share of cases' },
    definition: 'closed on the spot ÷ closed',
  },
  averageWorkingDays: {
    name: { zh: '平均办结用时(工作日)', en: 'average working days to close' },
    definition: 'working days used ÷ closed (a case closed on the spot counts 0)',
  },
  speedUp: {
    name: { zh: '提速率', en: 'speed-up' },
    definition: '1 − working days used ÷ working days promised, over closed cases',
  },
  complaintOnTimeRate: {
    name: { zh: '投诉按时办结率', en: 'complaints on-time rate' },
    definition: 'complaints answered on time ÷ complaints answered',
  },
  satisfactionRate: {
    name: { zh: '满意率', en: 'satisfaction rate' },
    definition: 'satisfied ratings (levels 3–5) ÷ ratings, excluded ones left out (docs/rules.md §7)',
  },
  badReviewsRectifiedOnTimeRate: {
    name: { zh: '差评按时整改率', en: 'bad reviews rectified on time rate' },
    definition: 'bad reviews rectified on time ÷ bad reviews (of the reviews given in the period)',
  },
  opinionsOnTimeRate: {
    name: { zh: '联合审批意见按时率', en: 'opinions on-time rate' },
    definition: 'opinions on time ÷ joint-approval opinions (a deemed agreement is not on time)',
  },
  visitProblemsRectifiedOnTimeRate: {
    name: { zh: '明察暗访问题按时整改率', en: 'visit problems rectified-on-time rate' },
    definition:
      'visit problems rectified on time ÷ visit problems found (counted by day: a period whose problems are still within their deadline reads low until they are reported)',
  },
};

/**
 * The version of the definitions above (the counters, what each event adds, the derived metrics, the targets and the
 * award scoring). Every snapshot records it: a figure computed under another version may be counted differently.
 * Bump it with any change to a definition, and say what changed in docs/evaluation.md.
 */
export const definitionsVersion = 7;

// ---------------------------------------------------------------------------------------------------------------
// Periods: China-local dates, first and last day inclusive.

export type PeriodKind = 'MONTH' | 'QUARTER' | 'YEAR' | 'PHASE' | 'RANGE';

/** A period one can ask for, with its China-local first and last day (inclusive). */
export interface Period {
  /** `YYYY-MM`, `YYYY-Qn`, `YYYY`, `YYYY-<phase>` or `YYYY-MM-DD..YYYY-MM-DD`. */
  readonly id: string;
  readonly kind: PeriodKind;
  readonly from: IsoDate;
  readonly to: IsoDate;
  readonly name: Text;
}

/**
 * The campaign's phases in every year. The plan says mobilisation, find-and-fix 1 Apr–30 Jun, rectification 1 Jul to
 * "early November" and summing-up from "mid-November" to December; we make them contiguous — rectification ends on
 * 10 Nov, summing-up starts on 11 Nov — so that every day of the year lies in exactly one phase.
 */
export const campaignPhases: readonly {
  readonly id: 'mobilisation' | 'find-and-fix' | 'rectification' | 'summing-up';
  readonly name: Text;
  readonly from: string;
  readonly to: string;
}[] = [
  { id: 'mobilisation', name: { zh: '动员部署阶段', en: 'Mobilisation' }, from: '01-01', to: '03-31' },
  { id: 'find-and-fix', name: { zh: '自查自纠阶段', en: 'Find-and-fix' }, from: '04-01', to: '06-30' },
  { id: 'rectification', name: { zh: '整改提高阶段', en: 'Rectification' }, from: '07-01', to: '11-10' },
  { id: 'summing-up', name: { zh: '总结验收阶段', en: 'Summing-up' }, from: '11-11', to: '12-31' },
];

/** A custom range covers at most this many days (a leap year). */
export const MAX_RANGE_DAYS = 366;

const PERIOD_FORMS = `YYYY-MM, YYYY-Qn, YYYY, YYYY-<phase> (${campaignPhases.map((p) => p.id).join(', ')}) or YYYY-MM-DD..YYYY-MM-DD`;

const MONTHS_EN = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const QUARTERS_ZH = ['一', '二', '三', '四'];

function lastDayOfMonth(year: string, month: number): IsoDate {
  const next = month === 12 ? `${String(Number(year) + 1).padStart(4, '0')}-01-01` : `${year}-${pad2(month + 1)}-01`;
  return addDays(next, -1);
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

function monthPeriod(year: string, month: number): Period {
  return {
    id: `${year}-${pad2(month)}`,
    kind: 'MONTH',
    from: `${year}-${pad2(month)}-01`,
    to: lastDayOfMonth(year, month),
    name: { zh: `${Number(year)}年${month}月`, en: `${MONTHS_EN[month - 1]} ${year}` },
  };
}

function quarterPeriod(year: string, quarter: number): Period {
  return {
    id: `${year}-Q${quarter}`,
    kind: 'QUARTER',
    from: `${year}-${pad2(quarter * 3 - 2)}-01`,
    to: lastDayOfMonth(year, quarter * 3),
    name: { zh: `${Number(year)}年第${QUARTERS_ZH[quarter - 1]}季度`, en: `Q${quarter} ${year}` },
  };
}

function yearPeriod(year: string): Period {
  return {
    id: year,
    kind: 'YEAR',
    from: `${year}-01-01`,
    to: `${year}-12-31`,
    name: { zh: `${Number(year)}年度`, en: `Year ${year}` },
  };
}

function phasePeriod(year: string, phase: (typeof campaignPhases)[number]): Period {
  return {
    id: `${year}-${phase.id}`,
    kind: 'PHASE',
    from: `${year}-${phase.from}`,
    to: `${year}-${phase.to}`,
    name: { zh: `${Number(year)}年${phase.name.zh}`, en: `${phase.name.en} ${year}` },
  };
}

/**
 * A period from its id. The error says what is wrong in words an HTTP 400 can show as the `reason` of the field.
 */
export function parsePeriod(text: string): Period | { readonly error: string } {
  if (typeof text !== 'string' || text === '') return { error: `empty: a period is ${PERIOD_FORMS}` };
  let m = /^(\d{4})-(\d{2})$/.exec(text);
  if (m) {
    const month = Number(m[2]);
    if (month < 1 || month > 12) return { error: `${text}: the month must be 01 to 12` };
    return monthPeriod(m[1] as string, month);
  }
  m = /^(\d{4})-[Qq](\d+)$/.exec(text);
  if (m) {
    const quarter = Number(m[2]);
    if (text.includes('q') || !/^[1-4]$/.test(m[2] as string)) {
      return { error: `${text}: a quarter is written YYYY-Qn, with a capital Q and n from 1 to 4` };
    }
    return quarterPeriod(m[1] as string, quarter);
  }
  if (/^\d{4}$/.test(text)) return yearPeriod(text);
  m = /^(\d{4})-([a-z][a-z-]*)$/.exec(text);
  if (m) {
    const phase = campaignPhases.find((p) => p.id === m?.[2]);
    if (!phase) {
      return {
        error: `${text}: ${m[2]} is not a campaign phase (phases: ${campaignPhases.map((p) => p.id).join(', ')})`,
      };
    }
    return phasePeriod(m[1] as string, phase);
  }
  m = /^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$/.exec(text);
  if (m) {
    const [from, to] = [m[1] as string, m[2] as string];
    for (const day of [from, to]) if (!isIsoDate(day)) return { error: `${text}: ${day} is not a date` };
    if (from > to) return { error: `${text}: the first day ${from} is after the last day ${to}` };
    const days = Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000) + 1;
    if (days > MAX_RANGE_DAYS) {
      return { error: `${text}: a range covers at most ${MAX_RANGE_DAYS} days, this one ${days}` };
    }
    return { id: text, kind: 'RANGE', from, to, name: { zh: `${from}至${to}`, en: `${from} to ${to}` } };
  }
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) {
    return { error: `${text}: one day is a range, YYYY-MM-DD..YYYY-MM-DD (${text}..${text})` };
  }
  return { error: `${text}: not a period; a period is ${PERIOD_FORMS}` };
}

/**
 * The periods whose last day is `lastDay`, shortest first: the month, the quarter, the campaign phase, the year.
 * The closing evaluation of a day runs each of them; most days close none (rectification closes on 10 Nov, not at
 * a month's end).
 */
export function periodsClosingOn(lastDay: IsoDate): Period[] {
  const year = lastDay.slice(0, 4);
  const month = Number(lastDay.slice(5, 7));
  const out: Period[] = [];
  if (addDays(lastDay, 1).slice(5, 7) !== lastDay.slice(5, 7)) {
    out.push(monthPeriod(year, month));
    if (month % 3 === 0) out.push(quarterPeriod(year, month / 3));
  }
  for (const phase of campaignPhases) if (lastDay.slice(5) === phase.to) out.push(phasePeriod(year, phase));
  if (lastDay.slice(5) === '12-31') out.push(yearPeriod(year));
  return out;
}

/** The month of `through`, from its first day through `through`: the daily run's figures, marked incomplete. */
export function monthToDate(through: IsoDate): Period & { readonly complete: false } {
  const month = monthPeriod(through.slice(0, 4), Number(through.slice(5, 7)));
  return {
    ...month,
    to: through,
    name: { zh: `${month.name.zh}（截至${through}）`, en: `${month.name.en}, to ${through}` },
    complete: false,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// The campaign scorecard: the four targets against the catalogue's recorded baseline.

/** An item as the catalogue held it at the end of the period. */
export interface ItemFacts {
  readonly code: string;
  readonly departmentId: string;
  readonly status: 'PUBLISHED' | 'RETIRED';
  readonly handlingMode: 'IMMEDIATE' | 'PROMISED';
  readonly legalLimitDays: number;
  readonly promisedLimitDays: number;
  /** The service guide is complete (functions/domain/guide.ts `completeness`) and so published in full online. */
  readonly guideComplete: boolean;
}

/** An item as the baseline recorded it when the campaign started (functions/store/catalog.ts `Baseline`). */
export interface BaselineFacts {
  readonly code: string;
  readonly handlingMode: 'IMMEDIATE' | 'PROMISED';
  readonly legalLimitDays: number;
  readonly promisedLimitDays: number;
  /** Whether its guide was complete then, where the baseline recorded it. */
  readonly guideComplete?: boolean;
}

export type TargetName = 'immediateShare' | 'shortenedItems' | 'promisedTimeReduction' | 'onlineDisclosure';

export interface Target {
  readonly name: Text;
  readonly definition: string;
  /**
   * `percentage points`: baseline, current and target are percentages (0–100) and the target is the baseline plus
   * a number of percentage points. `share`: they are shares from 0 to 1.
   */
  readonly unit: 'percentage points' | 'share';
  readonly baseline: number | null;
  readonly current: number | null;
  readonly target: number | null;
  /** Null when it cannot be said (no baseline, nothing to measure). */
  readonly met: boolean | null;
  readonly note?: string;
}

/** The campaign's targets (docs/rules.md §1): the immediate share +15 percentage points, and the others. */
export const IMMEDIATE_SHARE_RISE_POINTS = 15;
export const SHORTENED_ITEMS_TARGET = { numerator: 1, denominator: 3 } as const;
export const PROMISED_TIME_REDUCTION_TARGET = { numerator: 3, denominator: 10 } as const;

export const targetDefinitions: Readonly<Record<TargetName, { readonly name: Text; readonly definition: string }>> = {
  immediateShare: {
    name: { zh: '即办件比例', en: 'immediate share of items' },
    definition: `published items handled as IMMEDIATE (即办件) ÷ published items, in percent; baseline: the same over the baseline's items; target: the baseline plus ${IMMEDIATE_SHARE_RISE_POINTS} percentage points (not per cent of the baseline)`,
  },
  shortenedItems: {
    name: { zh: '压缩承诺时限事项比例', en: 'items with a shorter promised limit' },
    definition:
      "the baseline's time-limited items (PROMISED, promised limit above 0) still published whose promised limit is now shorter than at baseline ÷ those items; target: at least one third",
  },
  promisedTimeReduction: {
    name: { zh: '承诺时限压缩率', en: 'reduction of total promised time' },
    definition:
      "1 − Σ current promised limits ÷ Σ baseline promised limits, over the baseline's time-limited items still published (an item made immediate counts 0 days); target: at least 30 %",
  },
  onlineDisclosure: {
    name: { zh: '办事指南网上公开率', en: 'service guides online' },
    definition:
      'published items whose service guide is complete (and so published in full online) ÷ published items; target: every one',
  },
};

function ratio4(a: number, b: number): number | null {
  return b > 0 ? round4(a / b) : null;
}

/** The definition shown beside a department's `immediateShareOfItems` (a share from 0 to 1, not in percent). */
export const immediateShareOfItemsDefinition: { readonly name: Text; readonly definition: string } = {
  name: { zh: '即办件比例(事项)', en: 'immediate share of items' },
  definition:
    'published items handled as IMMEDIATE (即办件) ÷ published items, as a share from 0 to 1, in the catalogue as it stood at the end of the period',
};

/** The share of published items handled as IMMEDIATE (即办件), 0 to 1; null without any. Per department: filter first. */
export function immediateShareOfItems(items: readonly ItemFacts[]): number | null {
  const published = items.filter((i) => i.status === 'PUBLISHED');
  return ratio4(published.filter((i) => i.handlingMode === 'IMMEDIATE').length, published.length);
}

/**
 * The four targets, measured on the catalogue as it stood at the end of the period against the recorded baseline.
 * Met/missed is decided on exact fractions (integer arithmetic), not on the rounded figures shown.
 */
export function scorecard(
  baselines: readonly BaselineFacts[],
  items: readonly ItemFacts[],
): Record<TargetName, Target> {
  const published = items.filter((i) => i.status === 'PUBLISHED');
  const current = new Map(published.map((i) => [i.code, i]));
  const percent = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 10_000) / 100 : null);

  // Immediate share, in percent: baseline over the baseline's items, now over the published items.
  const bt = baselines.length;
  const bc = baselines.filter((b) => b.handlingMode === 'IMMEDIATE').length;
  const ct = published.length;
  const cc = published.filter((i) => i.handlingMode === 'IMMEDIATE').length;
  const immediateBaseline = percent(bc, bt);
  const immediateShare: Target = {
    ...targetDefinitions.immediateShare,
    unit: 'percentage points',
    baseline: immediateBaseline,
    current: percent(cc, ct),
    target:
      immediateBaseline === null ? null : Math.round((immediateBaseline + IMMEDIATE_SHARE_RISE_POINTS) * 100) / 100,
    // cc/ct − bc/bt ≥ 15/100  ⇔  100·(cc·bt − bc·ct) ≥ 15·ct·bt
    met: bt > 0 && ct > 0 ? 100 * (cc * bt - bc * ct) >= IMMEDIATE_SHARE_RISE_POINTS * ct * bt : null,
    ...(bt === 0 ? { note: 'no baseline recorded: the target cannot be set' } : {}),
  };

  // The baseline's time-limited items, and which of them are still published.
  const timeLimited = baselines.filter((b) => b.handlingMode === 'PROMISED' && b.promisedLimitDays > 0);
  const still = timeLimited.flatMap((b) => {
    const now = current.get(b.code);
    return now
      ? [{ before: b.promisedLimitDays, after: now.handlingMode === 'IMMEDIATE' ? 0 : now.promisedLimitDays }]
      : [];
  });
  const gone = timeLimited.length - still.length;
  const goneNote =
    gone > 0
      ? `${gone} of the baseline's ${timeLimited.length} time-limited items are no longer published (retired): left out`
      : undefined;
  const shortened = still.filter((s) => s.after < s.before).length;
  const { numerator: sn, denominator: sd } = SHORTENED_ITEMS_TARGET;
  const shortenedItems: Target = {
    ...targetDefinitions.shortenedItems,
    unit: 'share',
    baseline: timeLimited.length > 0 ? 0 : null,
    current: ratio4(shortened, still.length),
    target: round4(sn / sd),
    met: still.length > 0 ? shortened * sd >= sn * still.length : null,
    ...(goneNote
      ? { note: goneNote }
      : timeLimited.length === 0
        ? { note: 'no time-limited items in the baseline' }
        : {}),
  };

  const before = still.reduce((sum, s) => sum + s.before, 0);
  const after = still.reduce((sum, s) => sum + s.after, 0);
  const { numerator: rn, denominator: rd } = PROMISED_TIME_REDUCTION_TARGET;
  const promisedTimeReduction: Target = {
    ...targetDefinitions.promisedTimeReduction,
    unit: 'share',
    baseline: timeLimited.length > 0 ? 0 : null,
    current: before > 0 ? round4(1 - after / before) : null,
    target: round4(rn / rd),
    // 1 − after/before ≥ rn/rd  ⇔  rd·(before − after) ≥ rn·before
    met: before > 0 ? rd * (before - after) >= rn * before : null,
    ...(goneNote
      ? { note: goneNote }
      : timeLimited.length === 0
        ? { note: 'no time-limited items in the baseline' }
        : {}),
  };

  const recorded = baselines.filter((b) => b.guideComplete !== undefined);
  const allRecorded = bt > 0 && recorded.length === bt;
  const complete = published.filter((i) => i.guideComplete).length;
  const onlineDisclosure: Target = {
    ...targetDefinitions.onlineDisclosure,
    unit: 'share',
    baseline: allRecorded ? ratio4(recorded.filter((b) => b.guideComplete).length, bt) : null,
    current: ratio4(complete, ct),
    target: 1,
    met: ct > 0 ? complete === ct : null,
    ...(allRecorded
      ? {}
      : {
          note: `the baseline recorded guide completeness for ${recorded.length} of its ${bt} items: no baseline figure`,
        }),
  };

  return { immediateShare, shortenedItems, promisedTimeReduction, onlineDisclosure };
}

// ---------------------------------------------------------------------------------------------------------------
// The year's award candidates (文明处室, 最佳公务员, 服务标兵).

/** A unit's figures for the year (from the year's snapshot). */
export interface UnitFigures {
  readonly unit: Unit;
  readonly metrics: Metrics;
}

/** An accountability record (问责, functions/store/accountability.ts) as the awards read it. */
export interface AccountabilityFacts {
  readonly caseId: string;
  readonly reason: string;
  readonly departmentId: string;
  readonly handlerId: string;
  readonly leaderId: string;
  /** ISO 8601 with offset: the year is its China-local year. */
  readonly at: string;
  /** Found true (查实): only substantiated records bar a unit or person. */
  readonly substantiated: boolean;
}

export type AwardList = 'civilisedSections' | 'bestCivilServants' | 'serviceStars';

/**
 * How candidates are scored and how many are proposed. score = Σ weight × rate (a rate over nothing counts 0; the
 * speed-up is held to [−1, 1]) − Σ penalty × count ÷ volume, rounded to 2 decimals. Ties: the larger volume first,
 * then the unit id in code-point order, so the same figures always give the same list.
 */
export interface AwardConfig {
  readonly quotas: {
    readonly civilisedSections: number;
    readonly bestCivilServants: number;
    readonly serviceStars: number;
  };
  readonly weights: {
    readonly onTimeRate: number;
    readonly earlyRate: number;
    readonly speedUp: number;
    readonly immediateShareOfCases: number;
  };
  /** Points off per case of each kind per case of volume (a share of the volume, so size is not punished). */
  readonly penalties: {
    readonly overdue: number;
    readonly deemedApprovals: number;
    readonly redCards: number;
    readonly repeatedNotices: number;
  };
  /** What a list's volume is measured by, and the least volume to be ranked at all. */
  readonly volume: Readonly<Record<AwardList, { readonly metric: CounterName; readonly minimum: number }>>;
}

export const defaultAwardConfig: AwardConfig = {
  quotas: { civilisedSections: 30, bestCivilServants: 20, serviceStars: 20 },
  weights: { onTimeRate: 40, earlyRate: 20, speedUp: 20, immediateShareOfCases: 20 },
  penalties: { overdue: 100, deemedApprovals: 100, redCards: 200, repeatedNotices: 50 },
  volume: {
    civilisedSections: { metric: 'closed', minimum: 10 },
    bestCivilServants: { metric: 'closed', minimum: 5 },
    // Window officers (服务标兵): officers with intake work at a window, measured by what they received.
    serviceStars: { metric: 'received', minimum: 10 },
  },
};

export interface AwardCandidate {
  readonly rank: number;
  readonly unit: Unit;
  readonly score: number;
  /** The figures the score was computed from. */
  readonly figures: Partial<Metrics>;
}

export interface AwardExclusion {
  readonly unit: Unit;
  /** ACCOUNTABILITY: a substantiated record that year (never proposed); BELOW_MINIMUM_VOLUME: too little work. */
  readonly kind: 'ACCOUNTABILITY' | 'BELOW_MINIMUM_VOLUME';
  readonly reason: string;
  /** The accountability records, as `<caseId>#<reason>` (the record's key). */
  readonly records: string[];
}

export interface AwardRanking {
  readonly ranked: AwardCandidate[];
  readonly excluded: AwardExclusion[];
}

export interface Awards {
  readonly year: string;
  readonly scoring: string;
  readonly civilisedSections: AwardRanking;
  readonly bestCivilServants: AwardRanking;
  readonly serviceStars: AwardRanking;
}

/** The scoring in words, with the configuration's numbers: shown with the lists. */
export function scoringText(config: AwardConfig): string {
  const w = config.weights;
  const p = config.penalties;
  const v = config.volume;
  return [
    `score = ${w.onTimeRate} × on-time rate + ${w.earlyRate} × early rate + ${w.speedUp} × speed-up (held to −1…1) + ${w.immediateShareOfCases} × immediate share of cases`,
    `− (${p.overdue} × overdue + ${p.deemedApprovals} × deemed approvals + ${p.redCards} × red cards + ${p.repeatedNotices} × repeated notices) ÷ volume; a rate over nothing counts 0; rounded to 2 decimals.`,
    `Volume and minimum: 文明处室 departments by ${v.civilisedSections.metric} ≥ ${v.civilisedSections.minimum}; 最佳公务员 officers by ${v.bestCivilServants.metric} ≥ ${v.bestCivilServants.minimum}; 服务标兵 window officers (received > 0) by ${v.serviceStars.metric} ≥ ${v.serviceStars.minimum}.`,
    `Quotas: ${config.quotas.civilisedSections}, ${config.quotas.bestCivilServants}, ${config.quotas.serviceStars}. Ties: larger volume first, then the id.`,
    'Never proposed: a department, or an officer named as handler or leader, with a substantiated accountability record (问责) that year.',
  ].join(' ');
}

function scoreOf(m: Metrics, volume: number, config: AwardConfig): number {
  const w = config.weights;
  const p = config.penalties;
  const speedUp = Math.max(-1, Math.min(1, m.speedUp ?? 0));
  const plus =
    w.onTimeRate * (m.onTimeRate ?? 0) +
    w.earlyRate * (m.earlyRate ?? 0) +
    w.speedUp * speedUp +
    w.immediateShareOfCases * (m.immediateShareOfCases ?? 0);
  const minus =
    volume > 0
      ? (p.overdue * m.overdue +
          p.deemedApprovals * m.deemedApprovals +
          p.redCards * m.redCards +
          p.repeatedNotices * m.repeatedNotices) /
        volume
      : 0;
  return Math.round((plus - minus) * 100) / 100;
}

function rankList(
  list: AwardList,
  candidates: readonly UnitFigures[],
  barred: (unit: Unit) => string[],
  year: string,
  config: AwardConfig,
): AwardRanking {
  const { metric, minimum } = config.volume[list];
  const excluded: AwardExclusion[] = [];
  const eligible: (UnitFigures & { score: number; volume: number })[] = [];
  for (const c of [...candidates].sort((a, b) => compareIds(a.unit.id, b.unit.id))) {
    const records = barred(c.unit);
    const volume = c.metrics[metric];
    if (records.length > 0) {
      excluded.push({
        unit: c.unit,
        kind: 'ACCOUNTABILITY',
        reason: `${year}年有经查实的问责记录，不得推荐 A substantiated accountability record in ${year}: never proposed`,
        records,
      });
    } else if (volume < minimum) {
      excluded.push({
        unit: c.unit,
        kind: 'BELOW_MINIMUM_VOLUME',
        reason: `办件量不足（${metric} ${volume}，少于 ${minimum}）Below the minimum volume: ${metric} ${volume}, fewer than ${minimum}`,
        records: [],
      });
    } else {
      eligible.push({ ...c, volume, score: scoreOf(c.metrics, volume, config) });
    }
  }
  eligible.sort((a, b) => b.score - a.score || b.volume - a.volume || compareIds(a.unit.id, b.unit.id));
  const ranked = eligible.slice(0, config.quotas[list]).map((c, i) => ({
    rank: i + 1,
    unit: c.unit,
    score: c.score,
    figures: {
      [metric]: c.volume,
      onTimeRate: c.metrics.onTimeRate,
      earlyRate: c.metrics.earlyRate,
      speedUp: c.metrics.speedUp,
      immediateShareOfCases: c.metrics.immediateShareOfCases,
      overdue: c.metrics.overdue,
      deemedApprovals: c.metrics.deemedApprovals,
      redCards: c.metrics.redCards,
      repeatedNotices: c.metrics.repeatedNotices,
    },
  }));
  return { ranked, excluded };
}

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The year's award candidates: 文明处室 (departments), 最佳公务员 (officers), 服务标兵 (window officers: officers with
 * received > 0), each ranked by `config` up to its quota. A department with a substantiated accountability record of
 * the year, or an officer named in one as handler or leader, is never proposed: it is listed under `excluded` with
 * the reason and the record ids, as is a unit below the minimum volume.
 */
export function rankAwards(
  input: {
    readonly year: string;
    readonly departments: readonly UnitFigures[];
    readonly officers: readonly UnitFigures[];
    readonly records: readonly AccountabilityFacts[];
  },
  config: AwardConfig = defaultAwardConfig,
): Awards {
  const { year } = input;
  const records = input.records.filter((r) => r.substantiated && shanghaiDateOf(new Date(r.at)).slice(0, 4) === year);
  const ids = (rs: readonly AccountabilityFacts[]) => [...new Set(rs.map((r) => `${r.caseId}#${r.reason}`))].sort();
  const departmentBarred = (unit: Unit) => ids(records.filter((r) => r.departmentId === unit.id));
  const officerBarred = (unit: Unit) => ids(records.filter((r) => r.handlerId === unit.id || r.leaderId === unit.id));
  return {
    year,
    scoring: scoringText(config),
    civilisedSections: rankList('civilisedSections', input.departments, departmentBarred, year, config),
    bestCivilServants: rankList('bestCivilServants', input.officers, officerBarred, year, config),
    serviceStars: rankList(
      'serviceStars',
      input.officers.filter((o) => o.metrics.received > 0),
      officerBarred,
      year,
      config,
    ),
  };
}
