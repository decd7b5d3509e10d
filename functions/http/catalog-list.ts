import { httpHandler } from '../common/http.ts';
import { listItems } from '../store/catalog.ts';

/** Public: the catalogue of approval items with what an applicant must know before coming. */
export const handler = httpHandler('catalogList', async () => {
  const items = await listItems();
  items.sort((a, b) => a.code.localeCompare(b.code));
  return { status: 200, body: { items } };
});
