import { saveItem, stamp } from './catalog-admin.ts';
import { itemView } from './catalog-views.ts';
import { httpHandler } from './handler.ts';
import { catalogCreateRoute } from './routes/catalogue.ts';

/** Admin: publish a new item (revision 1); its first limits become its campaign baseline. */
export const handler = httpHandler(catalogCreateRoute, async (request) => {
  const { guide, reason } = request.body;
  const item = await saveItem({ ...guide, status: 'PUBLISHED', ...stamp(request, 1, reason) });
  return { status: 201, headers: { location: `/v1/catalog/${item.code}` }, body: itemView(item, 'zh') };
});
