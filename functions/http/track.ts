import { createHash, timingSafeEqual } from 'node:crypto';
import { now } from '../common/clock.ts';
import { HttpProblem } from '../common/problem.ts';
import { lightOf } from '../domain/lights.ts';
import { currentCalendar } from '../store/calendar.ts';
import { type CaseRecord, getCase } from '../store/cases.ts';
import { httpHandler } from './handler.ts';
import { trackRoute } from './routes/track.ts';

/**
 * The public tracker (办件查询): anyone who has a case's id (on the receipt) and the phone given on the application
 * sees where it stands. The answer names no person (see `trackView`). A wrong phone answers exactly as a case that
 * does not exist — same status, title and detail — so the route is no oracle of which ids exist; the case is read
 * either way, so neither answers sooner.
 */
export const handler = httpHandler(trackRoute, async (request) => {
  const { caseId, phone } = request.body;
  const found = await getCase(caseId);
  if (!found || !samePhone(found.applicant.phone, phone)) throw notFound(caseId);
  const light = lightOf(found, now(), await currentCalendar());
  return { status: 200, body: trackView(found, light) };
});

function notFound(caseId: string): HttpProblem {
  return new HttpProblem(
    404,
    'not-found',
    '未找到 Not found',
    `没有与此电话号码对应的案件 ${caseId}。请核对受理回执上的案件编号，并填写申请时留下的电话号码 No case ${caseId} with this phone number. Check the case id on your receipt and give the phone number written on the application.`,
  );
}

/**
 * Phones compared on their digits (`0411-8888-0420` is `041188880420`), in constant time over their digests so the
 * time taken tells nothing about how many digits matched.
 */
export function samePhone(onRecord: string, given: string): boolean {
  const digest = (phone: string) => createHash('sha256').update(phone.replace(/\D/g, '')).digest();
  const a = onRecord.replace(/\D/g, '');
  const b = given.replace(/\D/g, '');
  return a.length > 0 && timingSafeEqual(digest(a), digest(b));
}

/** The public view of a case: what it is, where it stands and when — never who (names, phone, id, officers, notes). */
export function trackView(c: CaseRecord, light: ReturnType<typeof lightOf>) {
  return {
    id: c.id,
    itemCode: c.itemCode,
    itemName: c.itemName,
    departmentId: c.departmentId,
    status: c.status,
    light: light?.light ?? null,
    remainingWorkingDays: light?.remainingWorkingDays ?? null,
    receivedAt: c.receivedAt,
    acceptedOn: c.acceptedOn ?? null,
    workingDays: c.workingDays,
    deadlineDate: c.deadlineDate ?? null,
    deadline: c.deadline ?? null,
    decision: c.decision ? { outcome: c.decision.outcome, at: c.decision.at } : null,
    expiry: c.expiry ? { outcome: c.expiry.outcome, at: c.expiry.at } : null,
    withdrawnAt: c.withdrawnAt ?? null,
    timeline: c.timeline.map(({ type, at }) => ({ type, at })),
  };
}
