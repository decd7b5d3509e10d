import type { WorkingCalendar } from '../domain/calendar.ts';
import { type DutyDeadline, deadlineOf, policies } from '../domain/duty.ts';
import type { IsoDate } from '../domain/time.ts';
import { toShanghaiIso } from '../domain/time.ts';
import type { TimelineEvent } from '../store/cases.ts';
import { type ClockChange, type ClockRecord, clockEnds, newClock } from '../store/clocks.ts';

/** What an item says about its clock: the promised limit and, if it sets one, its own warning threshold. */
export interface PromisedLimit {
  readonly promisedLimitDays: number;
  readonly yellowWarningDays?: number | undefined;
}

/** How a case came to be accepted. */
export type AcceptedHow =
  /** By staff (at the window, on review, or when the materials became complete): the deadline runs from now. */
  | { readonly kind: 'STAFF'; readonly by: string }
  /** Nobody acted within the review period: accepted from receipt (Art.32(4)); the deadline runs from the receipt. */
  | { readonly kind: 'DEEMED'; readonly receivedAt: string };

/**
 * The one place acceptance is written: the case's acceptance fields, its timeline event, the approval clock it
 * starts with, and — for a case received for review — the end of its intake-review clock. Every path to ACCEPTED
 * (direct intake, complete resubmission, a clerk's acceptance, deemed acceptance) writes exactly this.
 */
export interface Acceptance {
  readonly fields: {
    readonly status: 'ACCEPTED';
    readonly acceptedOn: IsoDate;
    readonly deadlineDate: IsoDate;
    readonly deadline: string;
    readonly deadlineAt: string;
    readonly provisional: boolean;
    readonly deemedAccepted?: true;
  };
  readonly event: TimelineEvent;
  readonly clock: ClockRecord;
  /** For a case that was RECEIVED for review: its intake clock ends (handled by staff, or deemed accepted). */
  readonly intakeEnds: ClockChange;
}

export function acceptanceOf(
  calendar: WorkingCalendar,
  caseId: string,
  item: PromisedLimit,
  at: Date,
  how: AcceptedHow,
): Acceptance {
  const from = how.kind === 'DEEMED' ? new Date(how.receivedAt) : at;
  const deadline: DutyDeadline = deadlineOf(calendar, policies.APPROVAL.unit, from, item.promisedLimitDays);
  const limit = `${item.promisedLimitDays} 个工作日`;
  const event: TimelineEvent =
    how.kind === 'DEEMED'
      ? {
          at: toShanghaiIso(at),
          type: 'DEEMED_ACCEPTED',
          by: 'system:intake-clock',
          note: `五个工作日内未受理亦未告知补正，自收到申请材料之日起即为受理（行政许可法第三十二条）；期限 ${deadline.deadlineDate} No acceptance or notice within 5 working days: accepted from receipt (Art.32); due by the end of ${deadline.deadlineDate}`,
        }
      : {
          at: toShanghaiIso(at),
          type: 'ACCEPTED',
          by: how.by,
          note: `受理，承诺 ${limit}内办结，期限 ${deadline.deadlineDate} Accepted; due by the end of ${deadline.deadlineDate}${deadline.provisional ? ' (provisional calendar)' : ''}`,
        };
  return {
    fields: {
      status: 'ACCEPTED',
      acceptedOn: deadline.startedOn,
      deadlineDate: deadline.deadlineDate,
      deadline: deadline.deadline,
      deadlineAt: deadline.deadlineAt.toISOString(),
      provisional: deadline.provisional,
      ...(how.kind === 'DEEMED' ? { deemedAccepted: true as const } : {}),
    },
    event,
    clock: newClock(policies.APPROVAL, caseId, item.promisedLimitDays, deadline, at, item.yellowWarningDays),
    intakeEnds: clockEnds(
      { subject: caseId, duty: 'INTAKE_REVIEW' },
      ['RUNNING'],
      how.kind === 'DEEMED' ? 'DEEMED_ACCEPTED' : 'ACCEPTED',
      event.at,
    ),
  };
}
