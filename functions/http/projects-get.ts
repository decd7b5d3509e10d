import { currentCalendar } from '../store/calendar.ts';
import { httpHandler } from './handler.ts';
import { projectInReach, projectView } from './project-access.ts';
import { projectsGetRoute } from './routes/projects.ts';

/**
 * A project with its officer, one form, applications, joint approval (each department's deadline, status and
 * countdown; the result) and higher approvals, and its tracking log: every step of every department in one
 * hash-chained timeline.
 */
export const handler = httpHandler(projectsGetRoute, async (request) => {
  const found = await projectInReach(request, request.path.id);
  return { status: 200, body: projectView(found, await currentCalendar()) };
});
