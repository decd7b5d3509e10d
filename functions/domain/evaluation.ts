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
import { addDays, type IsoDate, shanghaiDateOf } from './time.ts';

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
};

// ---------------------------------------------------------------------------------------------------------------
// Periods, the scorecard and the awards: implemented in the next commits (see docs/evaluation.md).

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
