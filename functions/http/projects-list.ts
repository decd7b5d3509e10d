import { problems } from '../common/problem.ts';
import { type ProjectListScope, projectsPage } from '../store/projects.ts';
import { httpHandler, requireIdentity } from './handler.ts';
import { projectSummaryView } from './project-access.ts';
import { projectsListRoute } from './routes/projects.ts';

/**
 * Projects newest first: supervisors and administrators every project (the register), an investor their own, a
 * dedicated officer the projects they follow (the officer's view).
 */
export const handler = httpHandler(projectsListRoute, async (request) => {
  const identity = requireIdentity(request);
  const scope: ProjectListScope =
    request.scope === 'all'
      ? { all: true }
      : request.scope === 'own'
        ? { applicant: identity.sub }
        : { officer: identity.sub };
  const page = await projectsPage(scope, { limit: request.query.limit, cursor: request.query.cursor });
  if ('invalidCursor' in page) {
    throw problems.invalid([
      { field: 'query.cursor', reason: '须为上一页返回的 `next` 值 must be the `next` value of the previous page' },
    ]);
  }
  return { status: 200, body: { projects: page.items.map(projectSummaryView), next: page.next } };
});
