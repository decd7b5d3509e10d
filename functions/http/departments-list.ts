import { httpHandler } from '../common/http.ts';
import { listDepartments } from '../store/catalog.ts';

/** Public: where each department sits and how to reach it (首问责任制 refers applicants here). */
export const handler = httpHandler('departmentsList', async () => {
  const departments = (await listDepartments()).map(({ id, name, nameEn, address, phone, hours }) => ({
    id,
    name,
    nameEn,
    address,
    phone,
    hours,
  }));
  departments.sort((a, b) => a.id.localeCompare(b.id));
  return { status: 200, body: { departments } };
});
