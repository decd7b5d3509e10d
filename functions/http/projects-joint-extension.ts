import { problems } from '../common/problem.ts';
import { isDue, movedDeadlineOf, opinionSubject, policies } from '../domain/duty.ts';
import { currentCalendar } from '../store/calendar.ts';
import { clockChanged, deadlineFields } from '../store/clocks.ts';
import { type JointApproval, writeProject } from '../store/projects.ts';
import { httpHandler, requireIdentity } from './handler.ts';
import { nowIso, projectChanged, projectInReach, projectView } from './project-access.ts';
import { projectsJointExtensionRoute } from './routes/projects.ts';

/**
 * The government's head (an administrator here) approves the joint approval's one extension (Art.42: +15 working
 * days): the joint deadline moves, and so does the deadline of every department still to answer (the extension is
 * time for the departments; one that already answered keeps its answer, one already past its deadline is deemed to
 * agree as before). The clocks only move later, so they need no signal: each wakes at its old deadline, finds it
 * moved and sleeps again. A second extension, or one after the result: 409.
 */
export const handler = httpHandler(projectsJointExtensionRoute, async (request) => {
  const identity = requireIdentity(request);
  const found = await projectInReach(request, request.path.id);
  const joint = found.jointApproval;
  if (!joint)
    throw problems.conflict(
      'no-joint-approval',
      `项目 ${found.id} 没有进行中的联合审批 Project ${found.id} has no joint approval open.`,
    );
  if (joint.result) {
    throw problems.conflict(
      'joint-approval-concluded',
      `项目 ${found.id} 的联合审批已有结果 Project ${found.id}'s joint approval has its result already.`,
    );
  }
  const policy = policies.JOINT_APPROVAL.extensions;
  if (!policy || joint.extension) {
    throw problems.conflict(
      'already-extended',
      `项目 ${found.id} 的联合审批已延期一次（第四十二条：只能延期一次） Project ${found.id}'s joint approval was extended once already (Art.42: once).`,
    );
  }
  const days = request.body.workingDays ?? policy.defaultMaxDays;
  const calendar = await currentCalendar();
  const { at, when } = nowIso();
  if (isDue(new Date(joint.deadlineAt), at)) {
    throw problems.conflict(
      'joint-deadline-passed',
      `项目 ${found.id} 的联合审批时限（${joint.deadline}）已届满 Project ${found.id}'s joint deadline (${joint.deadline}) has passed.`,
    );
  }
  const moved = movedDeadlineOf(calendar, 'WORKING_DAYS', joint.deadlineDate, days);
  const changes = [
    clockChanged(
      {
        key: { subject: found.id, duty: 'JOINT_APPROVAL' },
        from: ['RUNNING'],
        set: { ...deadlineFields(moved), limit: joint.limit + days },
        add: { extensions: 1 },
      },
      when,
    ),
  ];
  const departments = joint.departments.map((d) => {
    if (d.status !== 'PENDING' || isDue(new Date(d.opinionByAt), at)) return d;
    const by = movedDeadlineOf(calendar, 'WORKING_DAYS', d.opinionByDate, days);
    changes.push(
      clockChanged(
        {
          key: { subject: opinionSubject(found.id, d.departmentId), duty: 'JOINT_OPINION' },
          from: ['RUNNING'],
          set: deadlineFields(by),
          add: { extensions: 1 },
        },
        when,
      ),
    );
    return { ...d, opinionBy: by.deadline, opinionByDate: by.deadlineDate, opinionByAt: by.deadlineAt.toISOString() };
  });
  const extended: JointApproval = {
    ...joint,
    limit: joint.limit + days,
    deadlineDate: moved.deadlineDate,
    deadline: moved.deadline,
    deadlineAt: moved.deadlineAt.toISOString(),
    provisional: moved.provisional,
    extension: { workingDays: days, reason: request.body.reason, approvedBy: identity.sub, at: when },
    departments,
  };
  const written = await writeProject(
    found,
    [
      {
        at: when,
        type: 'JOINT_APPROVAL_EXTENDED',
        by: identity.sub,
        note: `延长 ${days} 个工作日至 ${moved.deadlineDate}（${request.body.reason}） Extended by ${days} working day(s) to the end of ${moved.deadlineDate}`,
      },
    ],
    { jointApproval: extended },
    changes,
  );
  if (!written) throw projectChanged(found.id);
  return { status: 200, body: projectView(written, calendar, at) };
});
