// The deadline rule (docs/rules.md §3), apart from functions/domain/calendar.ts: it works on any calendar it is given,
// so the modules that only compute deadlines (the duty policies, the request schemas' limits) and the Lambda bundles
// built from them do not carry the built-in holiday data, which only the calendar's construction needs.

import type { WorkingCalendar } from './calendar.ts';
import { endOfShanghaiDay, type IsoDate, isIsoDate, shanghaiDateOf, toShanghaiIso } from './time.ts';

export interface Deadline {
  /** The receipt's Shanghai date, or the next working day if that is not a working day. */
  acceptedOn: IsoDate;
  /** The Nth working day after acceptedOn (acceptedOn itself when N = 0). */
  deadlineDate: IsoDate;
  /** `deadlineAt` as `YYYY-MM-DDTHH:mm:ss+08:00`: always the day after deadlineDate at 00:00:00+08:00. */
  deadline: string;
  /** The end (24:00 Asia/Shanghai) of deadlineDate. */
  deadlineAt: Date;
  /** True if any day examined falls in a year that is neither built in nor loaded. */
  provisional: boolean;
}

export const MAX_DEADLINE_WORKING_DAYS = 366;

/**
 * docs/rules.md §3: the working-day limit runs from the day after acceptance (Civil Code Art.201) and ends at 24:00
 * Asia/Shanghai of the Nth working day. A receipt on a non-working day is accepted on the next working day.
 * `received` is an instant, or a China-local date. workingDays = 0 (an immediate item) → the acceptance day.
 */
export function computeDeadline(calendar: WorkingCalendar, received: Date | IsoDate, workingDays: number): Deadline {
  if (!Number.isInteger(workingDays) || workingDays < 0 || workingDays > MAX_DEADLINE_WORKING_DAYS) {
    throw new RangeError(`workingDays must be an integer from 0 to ${MAX_DEADLINE_WORKING_DAYS}: ${workingDays}`);
  }
  let receivedOn: IsoDate;
  if (received instanceof Date) {
    receivedOn = shanghaiDateOf(received);
  } else if (isIsoDate(received)) {
    receivedOn = received;
  } else {
    throw new RangeError(`received must be a Date or a YYYY-MM-DD date: ${String(received)}`);
  }
  const accepted = calendar.nextWorkingDayOnOrAfter(receivedOn);
  const due = calendar.addWorkingDays(accepted.date, workingDays);
  const deadlineAt = endOfShanghaiDay(due.date);
  return {
    acceptedOn: accepted.date,
    deadlineDate: due.date,
    deadline: toShanghaiIso(deadlineAt),
    deadlineAt,
    provisional: accepted.provisional || due.provisional,
  };
}
