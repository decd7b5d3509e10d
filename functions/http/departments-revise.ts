import { problems } from '../common/problem.ts';
import { getDepartment } from '../store/catalog.ts';
import { assertSameId, saveDepartment, stamp } from './catalog-admin.ts';
import { departmentView } from './catalog-views.ts';
import { httpHandler } from './handler.ts';
import { departmentsReviseRoute } from './routes/catalogue.ts';

/** Admin: revise a department (address, phones, hours, windows, leader); every revision is kept. */
export const handler = httpHandler(departmentsReviseRoute, async (request) => {
  const { id } = request.path;
  const { department, reason, revision } = request.body;
  assertSameId(id, department.id, 'body.department.id');
  const current = await getDepartment(id);
  if (!current) throw problems.notFound(`没有部门 ${id} No department ${id}.`);
  const saved = await saveDepartment({
    ...department,
    status: current.status,
    ...stamp(request, revision + 1, reason),
  });
  return { status: 200, body: departmentView(saved, 'zh') };
});
