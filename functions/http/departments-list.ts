import { listDepartments } from '../store/catalog.ts';
import { departmentView, languageHeaders, languageOf } from './catalog-views.ts';
import { httpHandler } from './handler.ts';
import { departmentsListRoute } from './routes/catalogue.ts';

/** Public: where each department sits and how to reach it (首问责任制 refers applicants here). */
export const handler = httpHandler(departmentsListRoute, async ({ event }) => {
  const language = languageOf(event);
  const departments = (await listDepartments())
    .filter((d) => d.status === 'ACTIVE')
    .sort((a, b) => a.id.localeCompare(b.id))
    .map((d) => departmentView(d, language));
  return { status: 200, headers: languageHeaders(language), body: { departments } };
});
