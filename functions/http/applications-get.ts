import { assertInScope, httpHandler, requireIdentity } from '../common/http.ts';
import { problems } from '../common/problem.ts';
import { getCase } from '../store/cases.ts';
import { caseView } from './views.ts';

/** A case with its status, deadline and timeline, for those in its scope. */
export const handler = httpHandler('applicationsGet', async (request) => {
  const identity = requireIdentity(request);
  const { id } = request.path;
  const found = await getCase(id);
  if (!found) throw problems.notFound(`No case ${id}.`);
  assertInScope(request, { departmentId: found.departmentId, ownerSub: found.applicantSub, what: `Case ${id}` });
  return { status: 200, body: caseView(found, identity) };
});
