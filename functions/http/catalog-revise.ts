import { problems } from '../common/problem.ts';
import { getItem } from '../store/catalog.ts';
import { assertSameId, saveItem, stamp } from './catalog-admin.ts';
import { itemView } from './catalog-views.ts';
import { httpHandler } from './handler.ts';
import { catalogReviseRoute } from './routes/catalogue.ts';

/** Admin: revise an item's guide; every revision is kept with who, when and why. */
export const handler = httpHandler(catalogReviseRoute, async (request) => {
  const { code } = request.path;
  const { guide, reason, revision } = request.body;
  assertSameId(code, guide.code, 'body.guide.code');
  const current = await getItem(code);
  if (!current) throw problems.notFound(`事项目录中没有审批事项 ${code} No approval item ${code} in the catalogue.`);
  const item = await saveItem({ ...guide, status: current.status, ...stamp(request, revision + 1, reason) });
  return { status: 200, body: itemView(item, 'zh') };
});
