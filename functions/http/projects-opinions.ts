import { DECISION_SIGNALS } from '../common/clock-contract.ts';
import { signalDecision } from '../common/clock-executions.ts';
import { conclusionOf } from '../common/joint-deadlines.ts';
import { problems } from '../common/problem.ts';
import { isDue, opinionSubject } from '../domain/duty.ts';
import { statusOfOpinion } from '../domain/project.ts';
import { currentCalendar } from '../store/calendar.ts';
import { clockChanged, clockEnds, getClock } from '../store/clocks.ts';
import { type JointApproval, type ProjectRecord, writeProject } from '../store/projects.ts';
import { httpHandler, requireIdentity } from './handler.ts';
import { nowIso, projectChanged, projectInReach, projectView } from './project-access.ts';
import { projectsOpinionRoute } from './routes/projects.ts';

/** A race lost to another write of the project (another department, the clock) costs a re-read; more is contention. */
const MAX_ATTEMPTS = 3;

/**
 * A reviewer or the head of a department of the joint approval gives its opinion — AGREE, AGREE_WITH_CONDITIONS
 * (with the conditions) or DISAGREE, with reasons — once, before its deadline. A second opinion, or one at or after
 * the deadline (the department is, or is about to be, deemed to agree), is 409; staff of a department not asked,
 * 403. The opinion, the end of the department's clock and, when it is the last, the result and the end of the joint
 * clock are one transaction.
 */
export const handler = httpHandler(projectsOpinionRoute, async (request) => {
  const identity = requireIdentity(request);
  const departmentId = identity.department as string;
  let found = await projectInReach(request, request.path.id);
  for (let attempt = 1; ; attempt++) {
    const joint = found.jointApproval;
    if (!joint) {
      throw problems.conflict(
        'no-joint-approval',
        `项目 ${found.id} 没有进行中的联合审批 Project ${found.id} has no joint approval open.`,
      );
    }
    const mine = joint.departments.find((d) => d.departmentId === departmentId);
    if (!mine) {
      throw problems.forbidden(
        `项目 ${found.id} 的联合审批未征求部门 ${departmentId} 的意见 Department ${departmentId} is not asked for an opinion in project ${found.id}'s joint approval.`,
      );
    }
    if (mine.status !== 'PENDING') {
      throw problems.conflict(
        mine.status === 'DEEMED_AGREED' ? 'opinion-deemed' : 'opinion-given',
        mine.status === 'DEEMED_AGREED'
          ? `${departmentId} 未在 ${mine.opinionByDate} 前出具意见，视为同意（缺席默认） ${departmentId} gave no opinion by the end of ${mine.opinionByDate} and is deemed to agree (缺席默认).`
          : `${departmentId} 已于 ${mine.at} 出具意见（${mine.status}） ${departmentId} already gave its opinion (${mine.status}) on ${mine.at}.`,
        { departmentStatus: mine.status },
      );
    }
    const { at, when } = nowIso();
    if (isDue(new Date(mine.opinionByAt), at)) {
      throw problems.conflict(
        'opinion-deadline-passed',
        `${departmentId} 出具意见的期限（${mine.opinionBy}）已届满，视为同意（缺席默认） ${departmentId}'s deadline (${mine.opinionBy}) has passed: it is deemed to agree (缺席默认).`,
        { departmentStatus: mine.status, opinionBy: mine.opinionBy },
      );
    }
    const { opinion, reason, conditions } = request.body;
    const departments = joint.departments.map((d) =>
      d.departmentId === departmentId
        ? {
            ...d,
            status: statusOfOpinion(opinion),
            opinion,
            reason,
            ...(conditions ? { conditions } : {}),
            at: when,
            by: identity.sub,
          }
        : d,
    );
    const conclusion = conclusionOf(found, departments, when, identity.sub);
    const key = { subject: opinionSubject(found.id, departmentId), duty: 'JOINT_OPINION' as const };
    const written = await writeProject(
      found,
      [
        {
          at: when,
          type: 'OPINION_GIVEN',
          by: identity.sub,
          departmentId,
          note: `${mine.departmentName}：${opinion}，${reason}${conditions ? `；条件 Conditions: ${conditions}` : ''}`,
        },
        ...conclusion.events,
      ],
      { jointApproval: { ...joint, departments, ...(conclusion.fields ?? {}) } as JointApproval },
      [clockChanged(clockEnds(key, ['RUNNING'], 'ANSWERED', when), when), ...conclusion.clocks],
    );
    if (written) {
      // Wake the clocks this ended (best effort: a lost signal only means they notice at their next checkpoint).
      const own = await getClock(key);
      if (own?.taskToken) {
        await signalDecision(own.taskToken, {
          caseId: key.subject,
          signal: DECISION_SIGNALS.decided,
          status: 'ANSWERED',
        });
      }
      if (conclusion.fields) {
        const whole = await getClock({ subject: found.id, duty: 'JOINT_APPROVAL' });
        if (whole?.taskToken) {
          await signalDecision(whole.taskToken, {
            caseId: found.id,
            signal: DECISION_SIGNALS.closed,
            status: conclusion.fields.result,
          });
        }
      }
      return { status: 200, body: projectView(written, await currentCalendar(), at) };
    }
    if (attempt >= MAX_ATTEMPTS) throw projectChanged(found.id);
    // Lost to another write of the project (the clock deeming us, another department): re-read and judge again.
    found = (await projectInReach(request, request.path.id)) as ProjectRecord;
  }
});
