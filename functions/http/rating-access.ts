import { problems } from '../common/problem.ts';
import { ratingLevels, rectifiedOnTime } from '../domain/rating.ts';
import { verifyChain } from '../domain/timeline.ts';
import { getRating, type RatingRecord } from '../store/ratings.ts';
import { type HttpRequest, inScope } from './handler.ts';

/**
 * The rating a request is about, if the caller reaches it with their scope on the route: the applicant who gave it,
 * the rated department's staff, supervisors. Out of reach answers as not found (no existence oracle).
 */
export async function ratingInReach(request: HttpRequest<unknown>, id: string): Promise<RatingRecord> {
  const found = await getRating(id);
  if (!found || !inScope(request, { departmentId: found.departmentId, ownerSub: found.applicantSub })) {
    throw problems.notFound(
      `您可查看的范围内没有评价 ${id}（评价不存在，或既非您的也非您部门的） No rating ${id} within your reach (it does not exist, or it is not yours or your department's).`,
    );
  }
  return found;
}

/** A bad review's rectification, or 409: a good review has none. */
export function rectificationOf(r: RatingRecord) {
  if (!r.rectification) {
    throw problems.conflict(
      'not-a-bad-review',
      `评价 ${r.id} 为 ${r.level} 分：只有差评（1–2 分）需要整改 Rating ${r.id} is level ${r.level}: only a bad review (1–2) is rectified.`,
    );
  }
  if (r.excluded) {
    throw problems.conflict(
      'rating-excluded',
      `评价 ${r.id} 已经监察核定不计入统计，无需处理 Rating ${r.id} was excluded by supervision: nothing is owed on it.`,
    );
  }
  return r.rectification;
}

export const concurrentChange = (id: string) =>
  problems.conflict(
    'concurrent-change',
    `评价 ${id} 已被他人修改，请重新读取 Rating ${id} changed meanwhile; read it again.`,
  );

/** The rating as its readers see it (the applicant, the department's staff, supervisors): no internal markers. */
export function ratingView(r: RatingRecord) {
  const rect = r.rectification;
  return {
    id: r.id,
    caseId: r.caseId,
    departmentId: r.departmentId,
    itemCode: r.itemCode,
    itemName: r.itemName,
    level: r.level,
    levelName: ratingLevels[r.level],
    bad: r.bad,
    comment: r.comment ?? null,
    ratedAt: r.ratedAt,
    rectification: rect
      ? {
          status: r.status ?? 'AWAITING_CONTACT',
          contactBy: rect.contactBy,
          contactByDate: rect.contactByDate,
          rectifyBy: rect.rectifyBy,
          rectifyByDate: rect.rectifyByDate,
          contactedAt: rect.contactedAt ?? null,
          contactNote: rect.contactNote ?? null,
          rectifiedAt: rect.rectifiedAt ?? null,
          actions: rect.actions ?? null,
          contactOverdue: rect.contactOverdue ?? null,
          rectifyOverdue: rect.rectifyOverdue ?? null,
          onTime: rectifiedOnTime(rect),
          unit: 'WORKING_DAYS' as const,
        }
      : null,
    followUp: r.followUp ? { level: r.followUp.level, at: r.followUp.at } : null,
    appeal: r.appeal
      ? {
          reason: r.appeal.reason,
          at: r.appeal.at,
          by: r.appeal.by,
          decision: r.appeal.decision ?? null,
        }
      : null,
    excluded: r.excluded ? { reason: r.excluded.reason, at: r.excluded.at } : null,
    timeline: r.timeline,
    verification: verifyChain(r.id, r.timeline, r.timelineHead),
  };
}
