import { anchorVerdict } from '../common/anchor-archive.ts';
import { problems } from '../common/problem.ts';
import { verifyCase } from '../domain/timeline.ts';
import { getCase } from '../store/cases.ts';
import { httpHandler } from './handler.ts';

/**
 * Supervisors (监察): re-compute a case's hash chain, check that the case still holds the state its last event bound
 * (naming any attribute edited outside an event), list the edits earlier writes found, and check the timeline against
 * every signed checkpoint that anchored it outside the table (docs/tamper-evidence.md).
 */
export const handler = httpHandler('applicationsVerify', async ({ path: { id } }) => {
  const found = await getCase(id);
  if (!found) {
    // A case deleted from the table: its anchors outlive it.
    const anchor = await anchorVerdict(id, []);
    if (!anchor || anchor.checkpoints === 0) throw problems.notFound(`No case ${id}.`);
    return { status: 200, body: { caseId: id, valid: false, deleted: true, anchor } };
  }
  const verdict = verifyCase(found);
  const anchor = await anchorVerdict(id, found.timeline);
  return {
    status: 200,
    body: { caseId: id, ...verdict, valid: verdict.valid && anchor?.valid !== false, deleted: false, anchor },
  };
});
