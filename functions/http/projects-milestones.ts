import { problems } from '../common/problem.ts';
import { settledHigherStatuses } from '../domain/project.ts';
import { endOfShanghaiDay, shanghaiDateOf } from '../domain/time.ts';
import { currentCalendar } from '../store/calendar.ts';
import { type HigherApproval, writeProject } from '../store/projects.ts';
import { httpHandler, requireIdentity } from './handler.ts';
import { nowIso, projectChanged, projectInReach, projectView } from './project-access.ts';
import { projectsMilestoneRoute } from './routes/projects.ts';

/**
 * News of a higher approval: a milestone with its status (IN_PROGRESS, or the end: APPROVED, REJECTED, WITHDRAWN) and,
 * when the news moves it, a new expected date (a reminder is owed again if that one passes too). A settled matter
 * takes no more milestones (409).
 */
export const handler = httpHandler(projectsMilestoneRoute, async (request) => {
  const identity = requireIdentity(request);
  const found = await projectInReach(request, request.path.id);
  const target = found.higherApprovals.find((h) => h.id === request.path.hid);
  if (!target)
    throw problems.notFound(
      `项目 ${found.id} 没有上级审批 ${request.path.hid} No higher approval ${request.path.hid} on project ${found.id}.`,
    );
  if (settledHigherStatuses.includes(target.status)) {
    throw problems.conflict(
      'higher-approval-settled',
      `${target.id} 已办结（${target.status}） ${target.id} is settled (${target.status}).`,
    );
  }
  const { at, when } = nowIso();
  const { note, status, expectedBy } = request.body;
  if (expectedBy !== undefined && expectedBy < shanghaiDateOf(at)) {
    throw problems.invalid([{ field: 'body.expectedBy', reason: '须为今天或以后 must be today or later' }]);
  }
  const updated: HigherApproval = {
    ...target,
    status,
    ...(expectedBy ? { expectedBy, expectedByAt: endOfShanghaiDay(expectedBy).toISOString() } : {}),
    milestones: [
      ...target.milestones,
      { note, status, at: when, by: identity.sub, ...(expectedBy ? { expectedBy } : {}) },
    ],
  };
  const written = await writeProject(
    found,
    [
      {
        at: when,
        type: 'HIGHER_APPROVAL_MILESTONE',
        by: identity.sub,
        note: `${target.id} ${status}：${note}${expectedBy ? `（预计 ${expectedBy}） expected by ${expectedBy}` : ''}`,
      },
    ],
    { higherApprovals: found.higherApprovals.map((h) => (h.id === target.id ? updated : h)) },
  );
  if (!written) throw projectChanged(found.id);
  return { status: 200, body: projectView(written, await currentCalendar(), at) };
});
