import { z } from 'zod';
import { httpHandler, parse } from '../common/http.ts';
import { problems } from '../common/problem.ts';
import { getDepartment, getItem } from '../store/catalog.ts';

const Path = z.object({ code: z.string().regex(/^[A-Za-z0-9-]{1,40}$/, 'must be an item code such as SC-001') });

/** Public: one approval item with its department's address, phone and hours. */
export const handler = httpHandler('catalogGet', async (request) => {
  const { code } = parse(Path, request.pathParameters, 'path');
  const item = await getItem(code);
  if (!item) throw problems.notFound(`No approval item ${code} in the catalogue.`);
  const department = await getDepartment(item.departmentId);
  return { status: 200, body: { ...item, department: department ?? null } };
});
