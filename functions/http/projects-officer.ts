import { problems } from '../common/problem.ts';
import { currentCalendar } from '../store/calendar.ts';
import { writeProject } from '../store/projects.ts';
import { httpHandler, requireIdentity } from './handler.ts';
import { nowIso, projectChanged, projectInReach, projectView } from './project-access.ts';
import { projectsOfficerRoute } from './routes/projects.ts';

/**
 * An administrator names the project's dedicated officer (专人负责): the subject of a staff token (a clerk of any
 * department), who then opens the joint approval, fills the one form with the investor, tracks the higher approvals
 * and is told of every event of the project. Naming another officer replaces the first (the log keeps both).
 */
export const handler = httpHandler(projectsOfficerRoute, async (request) => {
  const identity = requireIdentity(request);
  const found = await projectInReach(request, request.path.id);
  const officer = request.body.officer;
  if (found.officer === officer) {
    throw problems.conflict(
      'officer-unchanged',
      `${officer} 已是项目 ${found.id} 的项目专员 ${officer} is already project ${found.id}'s officer.`,
    );
  }
  const { at, when } = nowIso();
  const written = await writeProject(
    found,
    [
      {
        at: when,
        type: 'OFFICER_ASSIGNED',
        by: identity.sub,
        note: `${found.officer ? `项目专员由 ${found.officer} 改为 ${officer}` : `项目专员 ${officer}`} Dedicated officer: ${officer}`,
      },
    ],
    { officer, officerAssignedAt: when },
  );
  if (!written) throw projectChanged(found.id);
  return { status: 200, body: projectView(written, await currentCalendar(), at) };
});
