import { problems } from '../common/problem.ts';
import { grievanceByCode } from '../store/grievances.ts';
import { codeHash, grievanceView } from './grievance-access.ts';
import { httpHandler } from './handler.ts';
import { grievancesLookupRoute } from './routes/grievances.ts';

/** Anyone with the query code follows that grievance (an anonymous informer has no account); never who filed it. */
export const handler = httpHandler(grievancesLookupRoute, async ({ query }) => {
  const found = await grievanceByCode(codeHash(query.code));
  if (!found) throw problems.notFound('没有与此查询码对应的投诉举报 No grievance has this query code.');
  return { status: 200, body: grievanceView(found, 'CODE_HOLDER') };
});
