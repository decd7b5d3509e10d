import { httpHandler } from '../common/http.ts';
import { problems } from '../common/problem.ts';
import { getDepartment, getItem } from '../store/catalog.ts';

/** Public: one approval item with its department's address, phone and hours. */
export const handler = httpHandler('catalogGet', async ({ path: { code } }) => {
  const item = await getItem(code);
  if (!item) throw problems.notFound(`No approval item ${code} in the catalogue.`);
  const department = await getDepartment(item.departmentId);
  return { status: 200, body: { ...item, department: department ?? null } };
});
