import { problems } from '../common/problem.ts';
import { getBaseline, listRevisions } from '../store/catalog.ts';
import { baselineView } from './catalog-views.ts';
import { httpHandler } from './handler.ts';
import { catalogRevisionsRoute } from './routes/catalogue.ts';

/** Admins and supervisors: every revision of an item (who, when, why, and the guide as it was) and its baseline. */
export const handler = httpHandler(catalogRevisionsRoute, async ({ path: { code } }) => {
  const revisions = await listRevisions('ITEM', code);
  if (revisions.length === 0)
    throw problems.notFound(`事项目录中没有审批事项 ${code} No approval item ${code} in the catalogue.`);
  return { status: 200, body: { code, revisions, baseline: baselineView(await getBaseline(code)) } };
});
