import { listItems } from '../store/catalog.ts';
import { itemView, languageHeaders, languageOf } from './catalog-views.ts';
import { httpHandler } from './handler.ts';
import { catalogListRoute } from './routes/catalogue.ts';

const UNPAGED_LIMIT = 500;

/**
 * Public: the published approval items in the asked language. Search by keyword (`q`, in either language, over name,
 * code, conditions and legal basis) and department. Without `page`/`pageSize` every item comes back (up to 500).
 */
export const handler = httpHandler(catalogListRoute, async ({ event, query }) => {
  const language = languageOf(event);
  const needle = query.q?.toLowerCase();
  const matches = (await listItems())
    .filter((item) => item.status === 'PUBLISHED')
    .filter((item) => !query.departmentId || item.departmentId === query.departmentId)
    .filter(
      (item) =>
        !needle ||
        [
          item.code,
          item.name.zh,
          item.name.en,
          item.conditions.zh,
          item.conditions.en,
          item.legalBasis.zh,
          item.legalBasis.en,
        ]
          .filter((v): v is string => typeof v === 'string')
          .some((v) => v.toLowerCase().includes(needle)),
    )
    .sort((a, b) => a.code.localeCompare(b.code));
  const paged = query.page !== undefined || query.pageSize !== undefined;
  const page = query.page ?? 1;
  const pageSize = query.pageSize ?? 20;
  const slice = paged ? matches.slice((page - 1) * pageSize, page * pageSize) : matches.slice(0, UNPAGED_LIMIT);
  return {
    status: 200,
    headers: languageHeaders(language),
    body: {
      items: slice.map((item) => itemView(item, language)),
      total: matches.length,
      ...(paged ? { page, pageSize } : {}),
    },
  };
});
