import { createHash } from 'node:crypto';
import { encodeTime, monotonicFactory } from 'ulid';
import { now } from '../common/clock.ts';
import { problems } from '../common/problem.ts';
import { activityIdOf, normalizeEnterpriseName } from '../domain/official-activity.ts';
import { parseInstant, toShanghaiIso } from '../domain/time.ts';
import { ACTIVITY_REGISTER, getActivity, type OfficialActivity, putActivity } from '../store/official-activities.ts';
import { httpHandler, requireIdentity } from './handler.ts';
import { activityView } from './official-activity-views.ts';
import { officialActivitiesCreateRoute } from './routes/appraisal.ts';

const nextId = monotonicFactory();

/**
 * A department's staff member registers an official activity with an enterprise (公务活动登记): who is the caller
 * (the token's subject and department), when (`at`, with its offset), why (`purpose`), with whom (`participants`),
 * which enterprise (optional: name and/or unified social credit code). Entries are never changed or deleted; a
 * correction is a new entry whose `corrects` names an earlier one of the same department (else 422).
 */
export const handler = httpHandler(officialActivitiesCreateRoute, async (request) => {
  const identity = requireIdentity(request);
  const body = request.body;
  const departmentId = identity.department;
  if (!departmentId) throw problems.forbidden('工作人员令牌须注明所属部门 A staff token must name its department.');
  if (body.corrects) {
    const earlier = await getActivity(body.corrects);
    if (!earlier || earlier.departmentId !== departmentId) {
      throw problems.unprocessable(
        'unknown-activity',
        '更正须指向本部门此前登记的公务活动 A correction names an earlier activity registered by your department.',
        [
          {
            field: 'body.corrects',
            reason: earlier ? "其他部门的公务活动 another department's activity" : '无此公务活动 no such activity',
          },
        ],
      );
    }
  }
  const at = now();
  const when = parseInstant(body.at) as Date; // checked by the schema
  const id = activityIdFor(at, identity.sub, request.idempotencyKey);
  const name = body.enterprise?.name?.trim();
  const creditCode = body.enterprise?.creditCode;
  const activity: OfficialActivity = {
    id,
    departmentId,
    registeredBy: identity.sub,
    registeredRole: identity.role,
    registeredAt: toShanghaiIso(at),
    at: toShanghaiIso(when),
    atUtc: when.toISOString(),
    purpose: body.purpose,
    participants: body.participants,
    ...(body.enterprise ? { enterprise: { ...(name ? { name } : {}), ...(creditCode ? { creditCode } : {}) } } : {}),
    ...(body.corrects ? { corrects: body.corrects } : {}),
    ...(body.note ? { note: body.note } : {}),
    activityRegister: ACTIVITY_REGISTER,
    ...(creditCode ? { enterpriseCode: creditCode } : {}),
    ...(name ? { enterpriseKey: normalizeEnterpriseName(name) } : {}),
  };
  // A retry that outlived its Idempotency-Key's lock lands on the same id: the entry already there is the answer.
  const written = (await putActivity(activity)) ? activity : await getActivity(id);
  if (!written) throw new Error(`activity ${id} neither written nor found`);
  return {
    status: 201,
    headers: { location: `/v1/official-activities?officer=${encodeURIComponent(identity.sub)}` },
    body: activityView(written),
  };
});

/** `OA-<ULID>`; with an Idempotency-Key its random part comes from the caller and the key (same day, same id). */
function activityIdFor(at: Date, sub: string, idempotencyKey: string | undefined): string {
  if (!idempotencyKey) return activityIdOf(nextId(at.getTime()));
  const digest = createHash('sha256').update(`activity\n${sub}\n${idempotencyKey}`).digest();
  const crockford = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  const random = Array.from(digest.subarray(0, 16), (b) => crockford[b % 32]).join('');
  const day = new Date(Math.floor(at.getTime() / 86_400_000) * 86_400_000);
  return activityIdOf(`${encodeTime(day.getTime(), 10)}${random}`);
}
