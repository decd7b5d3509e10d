import { defaultCriteria } from '../functions/domain/appraisal.ts';
import { normalizeEnterpriseName } from '../functions/domain/official-activity.ts';
import { ballotOf, putRating, raterDigest } from '../functions/store/appraisals.ts';
import { ACTIVITY_REGISTER, putActivity } from '../functions/store/official-activities.ts';
import { DEMO_ACTIVITIES, DEMO_APPRAISAL, demoDepartments } from './demo-data.ts';

/**
 * The demo's appraisal ratings and official activities (issue 16 items 5–6), written through the stores as the API
 * writes them. The ratings are scored on the default criteria, in their order.
 */
export async function seedDemoAppraisal(): Promise<void> {
  const scoresOf = (list: readonly number[]) =>
    Object.fromEntries(defaultCriteria.map((c, i) => [c.code, list[i] ?? 3]));
  for (const r of DEMO_APPRAISAL.ratings) {
    const department = demoDepartments.find((d) => d.id === r.departmentId);
    if (!department) throw new Error(`demo appraisal names unknown department ${r.departmentId}`);
    const rater = raterDigest(r.sub);
    await putRating({
      year: String(DEMO_APPRAISAL.year),
      ballot: ballotOf(rater, r.departmentId),
      rater,
      kind: r.kind,
      departmentId: r.departmentId,
      scores: scoresOf(r.s),
      ...(r.leader ? { leader: { ...department.leader }, leaderScores: scoresOf(r.leader) } : {}),
      at: DEMO_APPRAISAL.at,
    });
  }
  for (const a of DEMO_ACTIVITIES) {
    await putActivity({
      ...a,
      participants: [...a.participants],
      enterprise: { ...a.enterprise },
      atUtc: new Date(a.at).toISOString(),
      activityRegister: ACTIVITY_REGISTER,
      enterpriseCode: a.enterprise.creditCode,
      enterpriseKey: normalizeEnterpriseName(a.enterprise.name),
    });
  }
}
