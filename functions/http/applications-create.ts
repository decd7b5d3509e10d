import { monotonicFactory } from 'ulid';
import { z } from 'zod';
import { startClock } from '../common/approval-clock.ts';
import { now } from '../common/clock.ts';
import { httpHandler, parse, requireIdentity } from '../common/http.ts';
import { logger } from '../common/logger.ts';
import { problems } from '../common/problem.ts';
import { computeDeadline } from '../domain/calendar.ts';
import { shanghaiDateOf, toShanghaiIso } from '../domain/time.ts';
import { currentCalendar } from '../store/calendar.ts';
import { type CaseRecord, CLOCK_PENDING, createCase, getCase, setExecutionArn } from '../store/cases.ts';
import { getDepartment, getItem } from '../store/catalog.ts';
import { caseView } from './views.ts';

const Body = z.object({
  itemCode: z
    .string({ error: 'required: the approval item code' })
    .regex(/^[A-Za-z0-9-]{1,40}$/, 'must be an item code such as SC-001'),
  applicant: z.object(
    {
      type: z.enum(['PERSON', 'ENTERPRISE'], { error: 'must be PERSON or ENTERPRISE' }),
      name: z.string({ error: 'required' }).trim().min(1, 'must not be empty').max(100, 'at most 100 characters'),
      phone: z
        .string({ error: 'required' })
        .regex(/^\+?[0-9][0-9 -]{4,19}$/, 'must be a phone number (digits, spaces or dashes, 5–20 long)'),
    },
    { error: 'required: {type, name, phone}' },
  ),
  materials: z
    .array(z.object({ id: z.string().regex(/^[A-Za-z0-9_-]{1,60}$/, 'must be a material id from the catalogue') }), {
      error: 'required: the list of submitted materials [{id}]',
    })
    .max(100, 'at most 100 materials'),
});

const nextId = monotonicFactory();

/**
 * Applicant or window clerk submits an application. A complete application for a catalogue item is accepted at
 * once: the deadline is computed in working days and the approval clock starts (execution name = case id).
 * An incomplete one gets one notice listing EVERY missing material (一次性告知) and nothing is written.
 */
export const handler = httpHandler('applicationsCreate', async (request) => {
  const identity = requireIdentity(request);
  const body = parse(Body, request.body, 'body');
  const item = await getItem(body.itemCode);
  if (!item) {
    throw problems.unprocessable('unknown-item', `No approval item ${body.itemCode} in the catalogue.`, [
      { field: 'body.itemCode', reason: 'not in the catalogue (GET /v1/catalog lists the items)' },
    ]);
  }
  const department = await getDepartment(item.departmentId);
  if (!department) throw new Error(`item ${item.code} names unknown department ${item.departmentId}`);
  if (identity.role === 'clerk' && identity.department !== item.departmentId) {
    // 首问责任制: do not just refuse — say who handles it and how to reach them.
    throw problems.forbidden(
      `${item.name} (${item.nameEn}) is handled by ${department.name} (${department.nameEn}), ${department.address}, ${department.phone}, ${department.hours}. A clerk of that department accepts it.`,
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
      `一次性告知 One-time notice: ${missing.length} required material(s) missing: ${missing.map((m) => `${m.name} (${m.nameEn})`).join('; ')}.`,
      missing.map((m) => ({
        field: 'body.materials',
        reason: `missing required material ${m.id}: ${m.name} (${m.nameEn})`,
      })),
      { missing: missing.map(({ id, name, nameEn }) => ({ id, name, nameEn })) },
    );
  }

  const receivedAt = now();
  const deadline = computeDeadline(await currentCalendar(), receivedAt, item.promisedLimitDays);
  const id = `XN${shanghaiDateOf(receivedAt).replaceAll('-', '')}-${nextId(receivedAt.getTime())}`;
  const at = toShanghaiIso(receivedAt);
  const record: CaseRecord = {
    id,
    itemCode: item.code,
    itemName: item.name,
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
    timeline: [
      {
        at,
        type: 'ACCEPTED',
        by: identity.sub,
        note: `受理，承诺 ${item.promisedLimitDays} 个工作日内办结，期限 ${deadline.deadlineDate} Accepted; due by the end of ${deadline.deadlineDate}${deadline.provisional ? ' (provisional calendar)' : ''}`,
      },
    ],
    clockPending: CLOCK_PENDING,
    createdAt: at,
    updatedAt: at,
  };
  await createCase(record);
  try {
    await setExecutionArn(id, await startClock(id));
  } catch (error) {
    // The case stands; the reconciler starts a missing clock on its next run (and logs the repair).
    logger.error('approval clock not started; the reconciler will start it', { caseId: id, error: error as Error });
  }
  const stored = (await getCase(id)) ?? record;
  return { status: 201, headers: { location: `/v1/applications/${id}` }, body: caseView(stored) };
});
