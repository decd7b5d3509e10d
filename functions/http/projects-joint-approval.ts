import { startClockOf } from '../common/clock-executions.ts';
import { problems } from '../common/problem.ts';
import { deadlineOf, opinionSubject, policies } from '../domain/duty.ts';
import { JOINT_LIMIT_WORKING_DAYS } from '../domain/project.ts';
import { currentCalendar } from '../store/calendar.ts';
import { getDepartmentCached } from '../store/catalog.ts';
import { clockCreated, newClock } from '../store/clocks.ts';
import { type DepartmentOpinion, type JointApproval, writeProject } from '../store/projects.ts';
import { httpHandler, requireIdentity } from './handler.ts';
import { nowIso, projectChanged, projectInReach, projectView } from './project-access.ts';
import { projectsJointApprovalRoute } from './routes/projects.ts';

/**
 * The officer (or an administrator) opens the joint approval (联合审批) for the departments concerned: each
 * department's opinion gets its own deadline `opinionWorkingDays` working days from today, on a clock of its own, all
 * in parallel; the joint approval as a whole has 45 working days (Art.42). The project and every clock are written in
 * one transaction, then the executions start (a start that fails is the reconciler's). Once per project (409).
 */
export const handler = httpHandler(projectsJointApprovalRoute, async (request) => {
  const identity = requireIdentity(request);
  const found = await projectInReach(request, request.path.id);
  if (found.jointApproval) {
    throw problems.conflict(
      'joint-approval-open',
      `项目 ${found.id} 的联合审批已经启动 Project ${found.id}'s joint approval is already open.`,
    );
  }
  const { departments: ids, opinionWorkingDays } = request.body;
  const directory = await Promise.all(ids.map((id) => getDepartmentCached(id)));
  const unknown = ids.flatMap((id, i) =>
    directory[i]
      ? []
      : [{ field: `body.departments.${i}`, reason: `部门名录中没有部门 ${id} no department ${id} in the directory` }],
  );
  if (unknown.length)
    throw problems.invalid(unknown, '联合审批的每个部门都须存在 Every department of a joint approval must exist.');
  const calendar = await currentCalendar();
  const { at, when } = nowIso();
  const joint = deadlineOf(calendar, 'WORKING_DAYS', at, JOINT_LIMIT_WORKING_DAYS);
  const opinionBy = deadlineOf(calendar, 'WORKING_DAYS', at, opinionWorkingDays);
  const departments: DepartmentOpinion[] = ids.map((departmentId, i) => {
    const d = directory[i] as NonNullable<(typeof directory)[number]>;
    return {
      departmentId,
      departmentName: `${d.name.zh}${d.name.en ? ` ${d.name.en}` : ''}`,
      handler: d.dutyHandler,
      leader: d.leader,
      opinionBy: opinionBy.deadline,
      opinionByDate: opinionBy.deadlineDate,
      opinionByAt: opinionBy.deadlineAt.toISOString(),
      status: 'PENDING',
    };
  });
  const jointApproval: JointApproval = {
    openedAt: when,
    openedBy: identity.sub,
    opinionWorkingDays,
    limit: JOINT_LIMIT_WORKING_DAYS,
    startedOn: joint.startedOn,
    deadlineDate: joint.deadlineDate,
    deadline: joint.deadline,
    deadlineAt: joint.deadlineAt.toISOString(),
    provisional: joint.provisional,
    departments,
  };
  const clocks = [
    newClock(policies.JOINT_APPROVAL, found.id, JOINT_LIMIT_WORKING_DAYS, joint, at),
    ...ids.map((d) => newClock(policies.JOINT_OPINION, opinionSubject(found.id, d), opinionWorkingDays, opinionBy, at)),
  ];
  const written = await writeProject(
    found,
    [
      {
        at: when,
        type: 'JOINT_APPROVAL_OPENED',
        by: identity.sub,
        note: `${ids.join('、')} 于 ${opinionBy.deadlineDate} 前出具意见；联合审批 ${joint.deadlineDate} 前办结 Opinions by the end of ${opinionBy.deadlineDate}; the joint approval by the end of ${joint.deadlineDate}`,
      },
    ],
    // The departments asked are concerned from now on (they read the project), with the items' own.
    { jointApproval, departmentIds: [...new Set([...found.departmentIds, ...ids])] },
    clocks.map(clockCreated),
  );
  if (!written) throw projectChanged(found.id);
  for (const clock of clocks) await startClockOf(clock);
  return { status: 201, body: projectView(written, calendar, at) };
});
