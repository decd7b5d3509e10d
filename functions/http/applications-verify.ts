import { httpHandler } from '../common/http.ts';
import { problems } from '../common/problem.ts';
import { verifyCase } from '../domain/timeline.ts';
import { getCase } from '../store/cases.ts';

/**
 * Supervisors (监察): re-compute a case's hash chain, check that the case still holds the state its last event bound
 * (naming any attribute edited outside an event), and list the edits earlier writes found.
 */
export const handler = httpHandler('applicationsVerify', async ({ path: { id } }) => {
  const found = await getCase(id);
  if (!found) throw problems.notFound(`No case ${id}.`);
  return { status: 200, body: { caseId: id, ...verifyCase(found) } };
});
