import { problems } from '../common/problem.ts';
import { getDepartment, listItems } from '../store/catalog.ts';
import { departmentView, itemView, languageHeaders, languageOf } from './catalog-views.ts';
import { httpHandler } from './handler.ts';
import { departmentsGetRoute } from './routes/catalogue.ts';

/** Public: one department with its windows and published items. */
export const handler = httpHandler(departmentsGetRoute, async ({ event, path: { id } }) => {
  const language = languageOf(event);
  const department = await getDepartment(id);
  if (!department) throw problems.notFound(`没有部门 ${id} No department ${id}.`);
  const items = (await listItems())
    .filter((item) => item.departmentId === id && item.status === 'PUBLISHED')
    .sort((a, b) => a.code.localeCompare(b.code))
    .map((item) => {
      const { code, name, handlingMode, promisedLimitDays } = itemView(item, language);
      return { code, name, handlingMode, promisedLimitDays };
    });
  return { status: 200, headers: languageHeaders(language), body: { ...departmentView(department, language), items } };
});
