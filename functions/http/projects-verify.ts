import { httpHandler } from './handler.ts';
import { projectInReach, projectVerdict } from './project-access.ts';
import { projectsVerifyRoute } from './routes/projects.ts';

/** Re-computes a project's hash-chained tracking log and the state bound to its head (docs/tamper-evidence.md). */
export const handler = httpHandler(projectsVerifyRoute, async (request) => {
  const found = await projectInReach(request, request.path.id);
  return { status: 200, body: projectVerdict(found) };
});
