import { saveDepartment, stamp } from './catalog-admin.ts';
import { departmentView } from './catalog-views.ts';
import { httpHandler } from './handler.ts';
import { departmentsCreateRoute } from './routes/catalogue.ts';

/** Admin: add a department (revision 1). */
export const handler = httpHandler(departmentsCreateRoute, async (request) => {
  const { department, reason } = request.body;
  const saved = await saveDepartment({ ...department, status: 'ACTIVE', ...stamp(request, 1, reason) });
  return { status: 201, headers: { location: `/v1/departments/${saved.id}` }, body: departmentView(saved, 'zh') };
});
