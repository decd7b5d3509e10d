import { problems } from '../common/problem.ts';
import { getBaseline, getDepartment, getItem } from '../store/catalog.ts';
import { baselineView, departmentView, itemView, languageHeaders, languageOf } from './catalog-views.ts';
import { httpHandler } from './handler.ts';
import { catalogGetRoute } from './routes/catalogue.ts';

/** Public: one item's full service guide in the asked language, with its department, completeness and baseline. */
export const handler = httpHandler(catalogGetRoute, async ({ event, path: { code } }) => {
  const language = languageOf(event);
  const item = await getItem(code);
  if (!item) throw problems.notFound(`事项目录中没有审批事项 ${code} No approval item ${code} in the catalogue.`);
  const [department, baseline] = await Promise.all([getDepartment(item.departmentId), getBaseline(code)]);
  return {
    status: 200,
    headers: languageHeaders(language),
    body: {
      ...itemView(item, language),
      department: department ? departmentView(department, language) : null,
      baseline: baselineView(baseline),
    },
  };
});
