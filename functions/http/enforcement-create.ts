import { createHash } from 'node:crypto';
import { encodeTime, monotonicFactory } from 'ulid';
import { now } from '../common/clock.ts';
import { enforcementPolicy } from '../common/enforcement-policy.ts';
import { problems } from '../common/problem.ts';
import { addDays, isIsoDate, parseInstant, shanghaiDateOf, toShanghaiIso } from '../domain/time.ts';
import {
  countedInYear,
  createInspection,
  getInspection,
  type InspectionRecord,
  newInspection,
} from '../store/enforcement.ts';
import { inspectionDetail } from './enforcement-access.ts';
import { httpHandler, requireIdentity } from './handler.ts';
import { enforcementCreateRoute } from './routes/enforcement.ts';

// The deployment's policy, checked at the cold start: a bad ENFORCEMENT_POLICY fails the function's start, named.
enforcementPolicy();

const nextId = monotonicFactory();

/** How far ahead a plan may be made: the year's plans are made within the year to come. */
const MAX_DAYS_AHEAD = 366;

/**
 * A department plans an inspection of an enterprise (a reviewer or the head, for their own department):
 * PENDING_APPROVAL, waiting for the head. The plan counts against the enterprise's inspections of the planned year
 * (all departments together); one over the deployment's limit (ENFORCEMENT_POLICY yearlyLimitPerEnterprise, default
 * 2) must state its `cause` (400 naming body.cause without it) and is flagged to supervision.
 */
export const handler = httpHandler(enforcementCreateRoute, async (request) => {
  const identity = requireIdentity(request);
  const body = request.body;
  const departmentId = identity.department;
  if (!departmentId)
    throw problems.forbidden('只有部门工作人员可为本部门制定检查计划 Only staff of a department plan its inspections.');
  const at = now();
  const when = toShanghaiIso(at);
  const today = shanghaiDateOf(at);
  // A date alone means that day (09:00 China time, office hours); an instant keeps its time, shown in China time.
  const planned = isIsoDate(body.plannedAt)
    ? (parseInstant(`${body.plannedAt}T09:00:00+08:00`) as Date)
    : (parseInstant(body.plannedAt) as Date);
  const plannedDate = shanghaiDateOf(planned);
  if (plannedDate < today) {
    throw problems.invalid([
      {
        field: 'body.plannedAt',
        reason: `不得早于今天（${today}）：检查须事先审批备案 must not be before today (${today}): an inspection is approved and filed before it happens`,
      },
    ]);
  }
  if (plannedDate > addDays(today, MAX_DAYS_AHEAD)) {
    throw problems.invalid([
      {
        field: 'body.plannedAt',
        reason: `须在今天起 ${MAX_DAYS_AHEAD} 天内 must be within ${MAX_DAYS_AHEAD} days of today`,
      },
    ]);
  }
  const policy = enforcementPolicy();
  const year = plannedDate.slice(0, 4);
  const id = inspectionIdFor(at, identity.sub, request.idempotencyKey);
  const base: Omit<InspectionRecord, 'timeline' | 'timelineHead' | 'version' | 'updatedAt' | 'overLimit'> = {
    id,
    departmentId,
    enterprise: { name: body.enterprise.name, creditCode: body.enterprise.creditCode },
    purpose: body.purpose,
    legalBasis: body.legalBasis,
    plannedAt: toShanghaiIso(planned),
    plannedDate,
    inspectors: body.inspectors.map((x) => (typeof x === 'string' ? { name: x } : x)),
    status: 'PENDING_APPROVAL',
    plannedBy: identity.sub,
    ...(body.cause ? { cause: body.cause } : {}),
    createdAt: when,
    createdAtUtc: at.toISOString(),
  };
  const plan = (overLimit: boolean) =>
    newInspection(
      { ...base, overLimit },
      {
        at: when,
        type: 'INSPECTION_PLANNED',
        by: identity.sub,
        note: overLimit
          ? `超过年度检查次数（${policy.yearlyLimitPerEnterprise} 次），说明理由：${body.cause} Over the yearly limit of ${policy.yearlyLimitPerEnterprise}, cause: ${body.cause}`
          : `拟于 ${plannedDate} 检查，待负责人审批 Planned for ${plannedDate}, awaiting the head's approval`,
      },
    );
  // Within the limit: counted under the condition that the count stays under it (functions/store/enforcement.ts).
  let written = plan(false);
  let outcome = await createInspection(written, policy.yearlyLimitPerEnterprise);
  if (outcome === 'OVER_LIMIT') {
    if (!body.cause) {
      const counted = await countedInYear(year, body.enterprise.creditCode);
      throw problems.invalid(
        [
          {
            field: 'body.cause',
            reason: `必填：${body.enterprise.creditCode} 在 ${year} 年已有 ${counted} 次检查计划（各部门合计每年上限 ${policy.yearlyLimitPerEnterprise} 次），再次检查须说明理由 required: ${body.enterprise.creditCode} already has ${counted} inspection(s) planned in ${year} (the limit is ${policy.yearlyLimitPerEnterprise} a year, all departments together); state the cause of another`,
          },
        ],
        `检查次数已达年度上限，须说明理由 The enterprise has had the year's allowed inspections: state the cause (body.cause).`,
      );
    }
    // Over the limit with its cause: counted without condition, flagged to supervision.
    written = plan(true);
    outcome = await createInspection(written, undefined);
  }
  const stored = outcome === 'CREATED' ? written : await getInspection(id);
  if (!stored) throw new Error(`inspection ${id} neither written nor found`);
  return { status: 201, headers: { location: `/v1/enforcement/inspections/${id}` }, body: inspectionDetail(stored) };
});

/**
 * `EI<yyyymmdd>-<ULID>`. With an Idempotency-Key the random part is derived from the caller and the key, so a retry
 * that outlives the key's lock lands on the same inspection (same day) instead of a second one.
 */
function inspectionIdFor(at: Date, sub: string, idempotencyKey: string | undefined): string {
  const day = shanghaiDateOf(at).replaceAll('-', '');
  if (!idempotencyKey) return `EI${day}-${nextId(at.getTime())}`;
  const digest = createHash('sha256').update(`inspection\n${sub}\n${idempotencyKey}`).digest();
  const crockford = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  const random = Array.from(digest.subarray(0, 16), (b) => crockford[b % 32]).join('');
  return `EI${day}-${encodeTime(new Date(`${shanghaiDateOf(at)}T00:00:00+08:00`).getTime(), 10)}${random}`;
}
