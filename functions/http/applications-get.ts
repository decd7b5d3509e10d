import { z } from 'zod';
import { httpHandler, parse, requireIdentity } from '../common/http.ts';
import { problems } from '../common/problem.ts';
import { getCase } from '../store/cases.ts';
import { assertMayRead } from './case-access.ts';
import { caseView } from './views.ts';

export const CaseIdPath = z.object({
  id: z.string().regex(/^XN\d{8}-[0-9A-HJKMNP-TV-Z]{26}$/, 'must be a case id such as XN20260928-01K…'),
});

/** A case with its status, deadline and timeline, for those in its scope. */
export const handler = httpHandler('applicationsGet', async (request) => {
  const identity = requireIdentity(request);
  const { id } = parse(CaseIdPath, request.pathParameters, 'path');
  const found = await getCase(id);
  if (!found) throw problems.notFound(`No case ${id}.`);
  assertMayRead(identity, found);
  return { status: 200, body: caseView(found) };
});
