import { problems } from '../common/problem.ts';
import { type CaseRecord, getCase } from '../store/cases.ts';
import { type HttpRequest, inScope } from './handler.ts';

/**
 * The case a request is about, if the caller may reach it with their scope on the route. A case that exists but is
 * out of reach answers exactly as a case that does not exist (404, same text): a 403 naming its department would
 * tell anyone with a token which case ids exist and whose they are.
 */
export async function caseInReach(request: HttpRequest<unknown>, id: string): Promise<CaseRecord> {
  const found = await getCase(id);
  if (!found || !inScope(request, { departmentId: found.departmentId, ownerSub: found.applicantSub })) {
    throw problems.caseNotFound(id);
  }
  return found;
}
