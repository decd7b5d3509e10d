import { httpHandler } from '../common/http.ts';
import { problems } from '../common/problem.ts';
import { verifyChain } from '../domain/timeline.ts';
import { getCase } from '../store/cases.ts';

/** Supervisors (监察): re-compute a case's hash chain and name the first broken link, if any. */
export const handler = httpHandler('applicationsVerify', async ({ path: { id } }) => {
  const found = await getCase(id);
  if (!found) throw problems.notFound(`No case ${id}.`);
  return { status: 200, body: { caseId: id, ...verifyChain(id, found.timeline, found.timelineHead) } };
});
