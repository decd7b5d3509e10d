import { createHash, randomInt } from 'node:crypto';
import { encodeTime } from 'ulid';
import { grievanceDayUnit } from '../common/grievance-unit.ts';
import { problems } from '../common/problem.ts';
import { COMPLAINANT_ACTOR, GRIEVANCE_LIMITS } from '../domain/grievance.ts';
import { shanghaiDateOf } from '../domain/time.ts';
import { bindCreated, chainRecorded, genesisHash } from '../domain/timeline.ts';
import { currentCalendar } from '../store/calendar.ts';
import { getCase } from '../store/cases.ts';
import { getDepartmentCached } from '../store/catalog.ts';
import { createGrievance, type GrievanceRecord } from '../store/grievances.ts';
import { codeHash, grievanceView, nowIso, stageClock, startStage } from './grievance-access.ts';
import { httpHandler } from './handler.ts';
import { grievancesCreateRoute } from './routes/grievances.ts';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

// The deployment's unit, checked at the cold start: a bad GRIEVANCE_DAY_UNIT fails the function's start, named.
grievanceDayUnit();

/**
 * Files a grievance: an applicant with their token, or anyone without one for an anonymous REPORT (举报), who gets a
 * query code to follow it. The acceptance clock (15 days) starts with it, in the same transaction.
 */
export const handler = httpHandler(grievancesCreateRoute, async (request) => {
  const { body } = request;
  // Only an applicant's account binds a complainant; anyone else (no token, or a staff member reporting from inside)
  // files as an anonymous informer, whose token subject is never kept.
  const identity = request.identity?.role === 'applicant' ? request.identity : undefined;
  const anonymous = !identity || body.anonymous === true;
  if (!identity && body.kind !== 'REPORT') {
    throw problems.invalid([
      {
        field: 'body.kind',
        reason:
          "未登录申请人账号时只能匿名举报（REPORT） without an applicant's token only an anonymous REPORT can be filed",
      },
    ]);
  }
  if (anonymous && body.kind !== 'REPORT') {
    throw problems.invalid([
      { field: 'body.anonymous', reason: '只有举报（REPORT）可以匿名 only a REPORT may be anonymous' },
    ]);
  }
  const { departmentId, caseId } = await subjectOf(body, identity?.sub, anonymous);
  const { at, when } = nowIso();
  const id = grievanceIdFor(at, identity?.sub ?? 'anonymous', request.idempotencyKey);
  // The deployment's unit (GRIEVANCE_DAY_UNIT), fixed on the grievance for all its stages.
  const unit = grievanceDayUnit();
  const { clock, deadline } = stageClock(
    await currentCalendar(),
    'GRIEVANCE_ACCEPT',
    id,
    GRIEVANCE_LIMITS.accept,
    at,
    unit,
  );
  // An anonymous filer's code: derived from the Idempotency-Key when there is one, so a replay shows the same code.
  const queryCode = anonymous ? queryCodeFor(id, request.idempotencyKey) : undefined;
  const first = { at: when, type: 'GRIEVANCE_RECEIVED' as const, by: COMPLAINANT_ACTOR, note: `${body.kind}` };
  const record = bindCreated({
    id,
    kind: body.kind,
    status: 'RECEIVED',
    anonymous,
    summary: body.summary,
    detail: body.detail,
    ...(departmentId ? { departmentId } : {}),
    ...(caseId ? { caseId } : {}),
    ...(body.officer ? { officer: body.officer } : {}),
    ...(identity && !anonymous ? { complainantSub: identity.sub } : {}),
    ...(body.contact && !anonymous ? { contact: body.contact } : {}),
    ...(queryCode ? { queryCode: codeHash(queryCode) } : {}),
    unit,
    acceptBy: deadline,
    version: 1,
    createdAt: when,
    updatedAt: when,
    timeline: [chainRecorded(genesisHash(id), first)],
  }) as unknown as GrievanceRecord;
  const created = await createGrievance(record, [clock]);
  if (created) await startStage(id, 'GRIEVANCE_ACCEPT');
  const view = grievanceView(record, anonymous ? 'CODE_HOLDER' : 'COMPLAINANT');
  return { status: 201, body: { ...view, ...(queryCode ? { queryCode } : {}) } };
});

/**
 * What the grievance is about, checked. A complaint or appeal names a case of the complainant's own (an application
 * they submitted): another's, or none with that id, reads the same — "not one of yours" — so filing tells no one which
 * case ids exist. Its department is the case's (a different one named → 422). A department named must exist. An
 * anonymous report may name any case id, unchecked (an informer need not own it, and checking would answer anyone
 * whether a case exists): it is kept as the informer wrote it.
 */
async function subjectOf(
  body: { readonly departmentId?: string | undefined; readonly caseId?: string | undefined },
  complainant: string | undefined,
  anonymous: boolean,
): Promise<{ departmentId?: string | undefined; caseId?: string | undefined }> {
  let departmentId = body.departmentId;
  if (body.caseId && !anonymous) {
    const found = await getCase(body.caseId);
    if (!found || complainant === undefined || found.applicantSub !== complainant) {
      throw problems.invalid([
        { field: 'body.caseId', reason: '须为您本人申请的案件编号 must be the id of one of your own applications' },
      ]);
    }
    if (departmentId && departmentId !== found.departmentId) {
      throw problems.invalid([
        {
          field: 'body.departmentId',
          reason: `须为该案件的办理部门（${found.departmentId}），或不填 must be the case's department (${found.departmentId}) or left out`,
        },
      ]);
    }
    departmentId = found.departmentId;
  }
  if (departmentId && !(await getDepartmentCached(departmentId))) {
    throw problems.invalid([
      {
        field: 'body.departmentId',
        reason: '须为部门编号（部门见 GET /v1/departments） must be a department id (GET /v1/departments)',
      },
    ]);
  }
  return { departmentId, caseId: body.caseId };
}

function grievanceIdFor(at: Date, sub: string, key: string | undefined): string {
  const day = shanghaiDateOf(at).replaceAll('-', '');
  const digest = key ? createHash('sha256').update(`grievance\n${sub}\n${key}`).digest() : undefined;
  const random = Array.from({ length: 16 }, (_, i) => CROCKFORD[(digest?.[i] ?? randomInt(256)) % 32]).join('');
  const time = key ? new Date(`${shanghaiDateOf(at)}T00:00:00+08:00`).getTime() : at.getTime();
  return `GV${day}-${encodeTime(time, 10)}${random}`;
}

function queryCodeFor(id: string, key: string | undefined): string {
  const digest = key ? createHash('sha256').update(`code\n${id}\n${key}`).digest() : undefined;
  return Array.from({ length: 12 }, (_, i) => CROCKFORD[(digest?.[i] ?? randomInt(256)) % 32]).join('');
}
