import { createHash } from 'node:crypto';
import { encodeTime, monotonicFactory } from 'ulid';
import { startClock } from '../common/approval-clock.ts';
import { now } from '../common/clock.ts';
import { httpHandler, requireIdentity } from '../common/http.ts';
import { logger } from '../common/logger.ts';
import { problems } from '../common/problem.ts';
import { computeDeadline } from '../domain/calendar.ts';
import { bilingual } from '../domain/guide.ts';
import { shanghaiDateOf, toShanghaiIso } from '../domain/time.ts';
import { chainEvent, genesisHash } from '../domain/timeline.ts';
import { currentCalendar } from '../store/calendar.ts';
import { type CaseRecord, CLOCK_PENDING, createCase, getCase, setExecutionArn } from '../store/cases.ts';
import { getDepartment, getItem } from '../store/catalog.ts';
import { caseView } from './views.ts';

const nextId = monotonicFactory();

/**
 * Applicant or window clerk submits an application. A complete application for a catalogue item is accepted at
 * once: the deadline is computed in working days and the approval clock starts (execution name = case id).
 * An incomplete one gets one notice listing EVERY missing material (一次性告知) and nothing is written.
 */
export const handler = httpHandler('applicationsCreate', async (request) => {
  const identity = requireIdentity(request);
  const body = request.body;
  const item = await getItem(body.itemCode);
  if (!item) {
    throw problems.unprocessable('unknown-item', `No approval item ${body.itemCode} in the catalogue.`, [
      { field: 'body.itemCode', reason: 'not in the catalogue (GET /v1/catalog lists the items)' },
    ]);
  }
  if (item.status !== 'PUBLISHED') {
    throw problems.unprocessable('item-retired', `Item ${item.code} is retired and takes no new applications.`, [
      { field: 'body.itemCode', reason: 'retired (its open cases continue)' },
    ]);
  }
  const department = await getDepartment(item.departmentId);
  if (!department) throw new Error(`item ${item.code} names unknown department ${item.departmentId}`);
  // The clerk's declared scope is their department: 首问责任制 — do not just refuse, say who handles it and how.
  if (request.scope === 'department' && identity.department !== item.departmentId) {
    throw problems.forbidden(
      `${bilingual(item.name)} is handled by ${bilingual(department.name)}, ${bilingual(department.address)}, ${department.phone}, ${bilingual(department.hours)}. A clerk of that department accepts it.`,
    );
  }

  const known = new Map(item.materials.map((m) => [m.id, m]));
  const unknown = body.materials
    .map((m, index) => ({ m, index }))
    .filter(({ m }) => !known.has(m.id))
    .map(({ m, index }) => ({
      field: `body.materials.${index}.id`,
      reason: `${m.id} is not a material of ${item.code}`,
    }));
  if (unknown.length)
    throw problems.unprocessable('unknown-material', 'Some materials are not part of this item.', unknown);
  const submitted = new Set(body.materials.map((m) => m.id));
  const missing = item.materials.filter((m) => m.required && !submitted.has(m.id));
  if (missing.length) {
    throw problems.unprocessable(
      'materials-incomplete',
      `一次性告知 One-time notice: ${missing.length} required material(s) missing: ${missing.map((m) => bilingual(m.name)).join('; ')}.`,
      missing.map((m) => ({
        field: 'body.materials',
        reason: `missing required material ${m.id}: ${bilingual(m.name)}`,
      })),
      { missing: missing.map(({ id, name }) => ({ id, name: name.zh, nameEn: name.en ?? name.zh })) },
    );
  }

  const receivedAt = now();
  const deadline = computeDeadline(await currentCalendar(), receivedAt, item.promisedLimitDays);
  const id = caseIdFor(receivedAt, identity.sub, request.idempotencyKey);
  const at = toShanghaiIso(receivedAt);
  const accepted = chainEvent(genesisHash(id), {
    at,
    type: 'ACCEPTED',
    by: identity.sub,
    note: `受理，承诺 ${item.promisedLimitDays} 个工作日内办结，期限 ${deadline.deadlineDate} Accepted; due by the end of ${deadline.deadlineDate}${deadline.provisional ? ' (provisional calendar)' : ''}`,
  });
  const record: CaseRecord = {
    id,
    itemCode: item.code,
    itemName: bilingual(item.name),
    departmentId: item.departmentId,
    applicant: body.applicant,
    submittedBy: identity.sub,
    ...(identity.role === 'applicant' ? { applicantSub: identity.sub } : {}),
    materials: [...submitted],
    status: 'ACCEPTED',
    version: 1,
    receivedAt: at,
    acceptedOn: deadline.acceptedOn,
    workingDays: item.promisedLimitDays,
    deadlineDate: deadline.deadlineDate,
    deadline: deadline.deadline,
    deadlineAt: deadline.deadlineAt.toISOString(),
    provisional: deadline.provisional,
    deemedConsentEligible: item.deemedConsentEligible,
    handler: department.dutyHandler,
    leader: department.leader,
    timeline: [accepted],
    timelineHead: accepted.hash,
    clockPending: CLOCK_PENDING,
    createdAt: at,
    updatedAt: at,
  };
  if (!(await createCase(record))) {
    // A retry of a request whose first attempt wrote the case and then died (same Idempotency-Key, same id).
    const existing = await getCase(id);
    if (existing)
      return { status: 201, headers: { location: `/v1/applications/${id}` }, body: caseView(existing, identity) };
  }
  try {
    await setExecutionArn(id, await startClock(id));
  } catch (error) {
    // The case stands; the reconciler starts a missing clock on its next run (and logs the repair).
    logger.error('approval clock not started; the reconciler will start it', { caseId: id, error: error as Error });
  }
  const stored = (await getCase(id)) ?? record;
  return { status: 201, headers: { location: `/v1/applications/${id}` }, body: caseView(stored, identity) };
});

/**
 * `XN<yyyymmdd>-<ULID>`: sortable by time. With an Idempotency-Key the ULID's random part is derived from the caller
 * and the key, so a retry that outlives the key's lock still lands on the same case (same day) instead of a second.
 */
function caseIdFor(receivedAt: Date, sub: string, idempotencyKey: string | undefined): string {
  const day = shanghaiDateOf(receivedAt).replaceAll('-', '');
  if (!idempotencyKey) return `XN${day}-${nextId(receivedAt.getTime())}`;
  const digest = createHash('sha256').update(`${sub}\n${idempotencyKey}`).digest();
  const crockford = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  const random = Array.from(digest.subarray(0, 16), (b) => crockford[b % 32]).join('');
  return `XN${day}-${encodeTime(new Date(`${shanghaiDateOf(receivedAt)}T00:00:00+08:00`).getTime(), 10)}${random}`;
}
