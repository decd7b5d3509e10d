import { now } from '../common/clock.ts';
import { problems } from '../common/problem.ts';
import { toShanghaiIso } from '../domain/time.ts';
import { escalate } from '../store/accountability.ts';
import { transitionCase } from '../store/cases.ts';
import { caseInReach } from './case-access.ts';
import { httpHandler, requireIdentity } from './handler.ts';
import { applicationsReviewRoute } from './routes/applications.ts';
import { caseView } from './views.ts';

/**
 * Supervisors review every deemed approval after the fact. CONFIRMED keeps it; WRONGFUL revokes it (撤销,
 * Licensing Law Art.69) with the reason and a public-interest note, and escalates the accountability record for
 * serious handling. One review per case.
 */
export const handler = httpHandler(applicationsReviewRoute, async (request) => {
  const identity = requireIdentity(request);
  const { id } = request.path;
  const { verdict, reason, publicInterestNote } = request.body;
  const found = await caseInReach(request, id);
  if (found.status !== 'DEEMED_APPROVED' || found.review) {
    throw problems.conflict(
      'not-reviewable',
      found.review
        ? `案件 ${id} 已复查（${found.review.verdict}） Case ${id} was already reviewed (${found.review.verdict}).`
        : `案件 ${id} 当前状态为 ${found.status}：只有超时默认许可的案件需要复查 Case ${id} is ${found.status}: only a deemed approval is reviewed.`,
      { caseStatus: found.status },
    );
  }
  const at = toShanghaiIso(now());
  const review = { verdict, reason, ...(publicInterestNote ? { publicInterestNote } : {}), by: identity.sub, at };
  const wrongful = verdict === 'WRONGFUL';
  const after = await transitionCase(
    found,
    'DEEMED_APPROVED',
    { review, ...(wrongful ? { status: 'REVOKED' as const } : {}) },
    {
      at,
      type: wrongful ? 'REVOKED' : 'DEEMED_APPROVAL_CONFIRMED',
      by: identity.sub,
      note: wrongful
        ? `超时默认许可有误，予以撤销（行政许可法第六十九条）Revoked as wrongful (Art.69): ${reason}; 公共利益 public interest: ${publicInterestNote}`
        : `经复查确认 Confirmed on review: ${reason}`,
    },
  );
  if (!after)
    throw problems.conflict(
      'concurrent-change',
      `案件 ${id} 已被他人修改，请重新读取 Case ${id} changed meanwhile; read it again.`,
    );
  if (wrongful) await escalate(id, 'DEEMED_APPROVAL', { at, by: identity.sub, why: reason });
  return { status: 200, body: caseView(after, identity) };
});
