import { problems } from '../common/problem.ts';
import { getItem } from '../store/catalog.ts';
import { saveItem, stamp } from './catalog-admin.ts';
import { itemView } from './catalog-views.ts';
import { httpHandler } from './handler.ts';
import { catalogRetireRoute } from './routes/catalogue.ts';

/**
 * Admin: retire an item. It leaves the public catalogue and takes no new applications; its history, its guide and
 * its open cases (and their clocks) stay.
 */
export const handler = httpHandler(catalogRetireRoute, async (request) => {
  const { code } = request.path;
  const { reason, revision } = request.body;
  const current = await getItem(code);
  if (!current) throw problems.notFound(`事项目录中没有审批事项 ${code} No approval item ${code} in the catalogue.`);
  if (current.status === 'RETIRED')
    throw problems.conflict('already-retired', `事项 ${code} 已停用 Item ${code} is already retired.`);
  const item = await saveItem({ ...current, status: 'RETIRED', ...stamp(request, revision + 1, reason) });
  return { status: 200, body: itemView(item, 'zh') };
});
