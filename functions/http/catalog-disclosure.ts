import { completeness } from '../domain/guide.ts';
import { listItems } from '../store/catalog.ts';
import { httpHandler } from './handler.ts';
import { catalogDisclosureRoute } from './routes/catalogue.ts';

/**
 * Public: the centre's disclosure rate (政务公开): published items whose guide is complete — every field the law
 * requires, in Chinese and English — over all published items.
 */
export const handler = httpHandler(catalogDisclosureRoute, async () => {
  const published = (await listItems()).filter((item) => item.status === 'PUBLISHED');
  const assessed = published.map((item) => ({ code: item.code, ...completeness(item) }));
  const complete = assessed.filter((a) => a.complete).length;
  return {
    status: 200,
    body: {
      published: published.length,
      complete,
      rate: published.length === 0 ? 0 : Math.round((complete / published.length) * 1000) / 1000,
      definition: 'complete = every guide field of Licensing Law Art.30/33 present in Chinese and English',
      incomplete: assessed
        .filter((a) => !a.complete)
        .map(({ code, score, missing }) => ({ code, score, missing }))
        .sort((a, b) => a.code.localeCompare(b.code)),
    },
  };
});
