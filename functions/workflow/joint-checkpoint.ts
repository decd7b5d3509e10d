import middy from '@middy/core';
import { now } from '../common/clock.ts';
import { JOINT_ACTIONS, type JointCheckpointOutput, MAX_WAIT_DAYS } from '../common/clock-contract.ts';
import { deemOverdueOpinions, settleJointApproval, settleJointOpinion } from '../common/joint-deadlines.ts';
import { observed } from '../common/observability.ts';
import { dueNow, nextWake, opinionSubjectParts, policies } from '../domain/duty.ts';
import { toUtcWaitTimestamp } from '../domain/time.ts';
import { currentCalendar } from '../store/calendar.ts';
import { getClock } from '../store/clocks.ts';
import { getProject, type ProjectRecord } from '../store/projects.ts';
import { caseIdOf, jointDutyOf } from './input.ts';

/**
 * The joint approval's clocks (JOINT_APPROVAL, JOINT_OPINION: functions/domain/duty.ts), one checkpoint for both: the
 * execution input names the duty. A department's opinion clock waits for its deadline; still silent then, it is
 * deemed to agree (缺席默认, functions/common/joint-deadlines.ts) and the execution ends `DeemedAgreed`; answered in
 * time, `OpinionGiven`. The joint approval's clock wakes at each department's deadline (deeming a silent one if its
 * own clock has not yet) and at the joint deadline, and ends `Concluded` once every department answered or is deemed;
 * its output lists the departments still pending, so the execution graph says at a glance who the project waits on.
 * Idempotent: every step re-reads the clock and the project and acts under their conditions.
 */
export const handler = middy(async (event: unknown): Promise<JointCheckpointOutput> => {
  const subject = caseIdOf(event);
  const duty = jointDutyOf(event);
  return duty === 'JOINT_OPINION' ? opinionCheckpoint(subject) : jointCheckpoint(subject);
}).use(observed());

async function opinionCheckpoint(subject: string): Promise<JointCheckpointOutput> {
  const duty = 'JOINT_OPINION';
  const by = 'system:joint-opinion-clock';
  const { departmentId } = opinionSubjectParts(subject);
  const clock = await getClock({ subject, duty });
  if (!clock) throw new Error(`ClockNotFound: ${subject} ${duty}`);
  const at = now();
  const due = dueNow(policies[duty], clock, at, await currentCalendar());
  if (due.kind === 'WAIT') {
    return {
      caseId: subject,
      duty,
      action: JOINT_ACTIONS.wait,
      nextCheckpoint: toUtcWaitTimestamp(nextWake(due.until, at, MAX_WAIT_DAYS)),
      towards: due.towards,
      departments: { [departmentId]: 'PENDING' },
    };
  }
  if (due.kind === 'DONE') {
    if (clock.outcome === 'DEEMED_AGREED') {
      // Deemed by another settler (the joint clock, the reconciler): the record may still be owed; written once.
      await settleJointOpinion(clock, by);
      return { caseId: subject, duty, action: JOINT_ACTIONS.deemedAgreed };
    }
    return { caseId: subject, duty, action: JOINT_ACTIONS.answered };
  }
  // DEADLINE (no warning, no supervision in the policy): deemed to agree, or answered meanwhile.
  const settled = await settleJointOpinion(clock, by);
  if (settled.kind === 'NOT_DUE') throw new Error(`${subject}: deadline not reached yet; retrying`);
  return {
    caseId: subject,
    duty,
    action: settled.kind === 'SETTLED' ? JOINT_ACTIONS.deemedAgreed : JOINT_ACTIONS.answered,
  };
}

function statusesOf(project: ProjectRecord): Record<string, string> {
  return Object.fromEntries((project.jointApproval?.departments ?? []).map((d) => [d.departmentId, d.status]));
}

async function jointCheckpoint(projectId: string): Promise<JointCheckpointOutput> {
  const duty = 'JOINT_APPROVAL';
  const by = 'system:joint-approval-clock';
  for (let step = 0; step < 3; step++) {
    let project = await getProject(projectId);
    if (!project?.jointApproval) throw new Error(`JointApprovalNotFound: ${projectId}`);
    // A department past its own deadline whose own clock has not yet deemed it: this clock does (the same write).
    if (await deemOverdueOpinions(project, by)) {
      project = (await getProject(projectId)) as ProjectRecord;
    }
    const clock = await getClock({ subject: projectId, duty });
    if (!clock) throw new Error(`ClockNotFound: ${projectId} ${duty}`);
    const at = now();
    const due = dueNow(policies[duty], clock, at, await currentCalendar());
    const joint = project.jointApproval as NonNullable<ProjectRecord['jointApproval']>;
    const pending = joint.departments.filter((d) => d.status === 'PENDING');
    const seen = { pending: pending.map((d) => d.departmentId), departments: statusesOf(project) };
    if (due.kind === 'DONE' || (pending.length === 0 && joint.result)) {
      return { caseId: projectId, duty, action: JOINT_ACTIONS.concluded, ...seen, result: joint.result ?? '' };
    }
    if (due.kind === 'WAIT') {
      // Wake at the next department's deadline too: the graph then shows it deemed (or answered) without delay.
      const next = pending.map((d) => new Date(d.opinionByAt)).filter((d) => d.getTime() > at.getTime());
      const until = [due.until, ...next].reduce((a, b) => (b.getTime() < a.getTime() ? b : a));
      return {
        caseId: projectId,
        duty,
        action: JOINT_ACTIONS.wait,
        nextCheckpoint: toUtcWaitTimestamp(nextWake(until, at, MAX_WAIT_DAYS)),
        towards: due.towards,
        ...seen,
      };
    }
    // DEADLINE: every department still silent is deemed to agree, and the joint approval concludes.
    const settled = await settleJointApproval(clock, by);
    if (settled.kind === 'NOT_DUE') throw new Error(`${projectId}: joint deadline not reached yet; retrying`);
  }
  throw new Error(`${projectId} ${duty}: the clock kept changing; retrying`);
}
