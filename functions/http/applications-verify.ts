import { anchorVerdict } from '../common/checkpoint-reader.ts';
import { problems } from '../common/problem.ts';
import { caseDuties, clockDisagreements } from '../domain/duty.ts';
import { verifyCase } from '../domain/timeline.ts';
import { getCase } from '../store/cases.ts';
import { clocksOf } from '../store/clocks.ts';
import { httpHandler } from './handler.ts';
import { applicationsVerifyRoute } from './routes/applications.ts';

/**
 * Supervisors (监察): re-compute a case's hash chain, check that the case still holds the state its last event bound
 * (naming any attribute edited outside an event), list the edits earlier writes found, and check the timeline against
 * every signed checkpoint that anchored it outside the table, and that the clocks enforcing its deadline still match
 * it (docs/tamper-evidence.md).
 */
export const handler = httpHandler(applicationsVerifyRoute, async ({ path: { id } }) => {
  const found = await getCase(id);
  if (!found) {
    // A case deleted from the table: its anchors outlive it.
    const anchor = await anchorVerdict(id, []);
    if (!anchor || anchor.checkpoints === 0) throw problems.notFound(`没有案件 ${id} No case ${id}.`);
    return { status: 200, body: { caseId: id, valid: false, deleted: true, anchor } };
  }
  const verdict = verifyCase(found);
  const anchor = await anchorVerdict(id, found.timeline);
  // The clocks that enforce the case's promise, outside its chain: each must still match what the case binds.
  const held = await clocksOf(id);
  // A bad review's rectification clocks (RATING_*) time the rating, not the case's promise: the rating is judged on
  // its own chain (GET /v1/ratings/{id}).
  const clocks = caseDuties
    .map((duty) => {
      const clock = held.find((c) => c.duty === duty);
      const disagreements = clockDisagreements(duty, found, clock);
      return clock || disagreements.length
        ? {
            duty,
            phase: clock?.phase ?? null,
            deadline: clock?.deadline ?? null,
            agrees: !disagreements.length,
            disagreements,
          }
        : undefined;
    })
    .filter((c) => c !== undefined);
  return {
    status: 200,
    body: {
      caseId: id,
      ...verdict,
      valid: verdict.valid && anchor?.valid !== false && clocks.every((c) => c.agrees),
      deleted: false,
      anchor,
      clocks,
    },
  };
});
