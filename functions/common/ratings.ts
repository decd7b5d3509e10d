import type { WorkingCalendar } from '../domain/calendar.ts';
import { deadlineOf, policies } from '../domain/duty.ts';
import {
  isBad,
  RATER_ACTOR,
  RATING_CONTACT_WORKING_DAYS,
  RATING_RECTIFY_WORKING_DAYS,
  type RatingLevel,
  ratingLevels,
} from '../domain/rating.ts';
import { shanghaiDateOf, toShanghaiIso } from '../domain/time.ts';
import type { CaseRecord } from '../store/cases.ts';
import { type ClockRecord, newClock } from '../store/clocks.ts';
import { newRating, type RatingRecord, ratingIdOf } from '../store/ratings.ts';

/**
 * A rating of the closed case `c` given at `at`, and the two clocks a bad review starts (both from the rating: contact
 * within 1 working day, the rectification reported within 15), written together by `createRating`.
 */
export function ratingOfCase(
  c: CaseRecord,
  input: { readonly level: RatingLevel; readonly comment?: string | undefined },
  applicantSub: string,
  at: Date,
  calendar: WorkingCalendar,
): { readonly rating: RatingRecord; readonly clocks: readonly ClockRecord[] } {
  const atIso = toShanghaiIso(at);
  const bad = isBad(input.level);
  const id = ratingIdOf(c.id);
  const contact = bad ? deadlineOf(calendar, 'WORKING_DAYS', at, RATING_CONTACT_WORKING_DAYS) : undefined;
  const rectify = bad ? deadlineOf(calendar, 'WORKING_DAYS', at, RATING_RECTIFY_WORKING_DAYS) : undefined;
  const rectification =
    contact && rectify
      ? {
          contactBy: contact.deadline,
          contactByDate: contact.deadlineDate,
          rectifyBy: rectify.deadline,
          rectifyByDate: rectify.deadlineDate,
        }
      : undefined;
  const rating = newRating(
    {
      id,
      caseId: c.id,
      applicantSub,
      departmentId: c.departmentId,
      itemCode: c.itemCode,
      itemName: c.itemName,
      handler: c.handler,
      leader: c.leader,
      level: input.level,
      bad,
      ...(input.comment ? { comment: input.comment } : {}),
      ratedAt: atIso,
      ratedAtUtc: at.toISOString(),
      period: shanghaiDateOf(at).slice(0, 7),
      ...(rectification ? { rectification, status: 'AWAITING_CONTACT' as const } : {}),
    },
    {
      at: atIso,
      type: 'RATED',
      by: RATER_ACTOR,
      note: `${ratingLevels[input.level].zh} ${ratingLevels[input.level].en}${input.comment ? `: ${input.comment}` : ''}`,
    },
  );
  const clocks =
    contact && rectify
      ? [
          newClock(policies.RATING_CONTACT, c.id, RATING_CONTACT_WORKING_DAYS, contact, at),
          newClock(policies.RATING_RECTIFY, c.id, RATING_RECTIFY_WORKING_DAYS, rectify, at),
        ]
      : [];
  return { rating, clocks };
}
