import { isDue, opinionSubject, opinionSubjectParts } from '../domain/duty.ts';
import { jointResultOf } from '../domain/project.ts';
import { toShanghaiIso } from '../domain/time.ts';
import { recordOnce } from '../store/accountability.ts';
import { type ClockKey, clockChanged, clockEnds, closeClock } from '../store/clocks.ts';
import {
  type DepartmentOpinion,
  getProject,
  type ProjectEvent,
  type ProjectRecord,
  writeProject,
} from '../store/projects.ts';
import { now } from './clock.ts';
import type { Settlement } from './deadlines.ts';
import { logger } from './logger.ts';
import { metric } from './observability.ts';

/** A stale read costs one re-read; more means contention (fail loudly, the caller retries). */
const MAX_ATTEMPTS = 4;

/**
 * What the joint approval's write adds when `departments` leaves every department answered or deemed: the result,
 * its event, and the end of the joint clock (from RUNNING: it ends here, with the write that completes it).
 */
export function conclusionOf(
  project: ProjectRecord,
  departments: readonly DepartmentOpinion[],
  at: string,
  by: string,
): {
  fields: { result: string; concludedAt: string } | undefined;
  events: ProjectEvent[];
  clocks: ReturnType<typeof clockChanged>[];
} {
  const result = jointResultOf(departments.map((d) => d.status));
  if (!result) return { fields: undefined, events: [], clocks: [] };
  const summary = departments.map((d) => `${d.departmentId}: ${d.status}`).join(', ');
  return {
    fields: { result, concludedAt: at },
    events: [{ at, type: 'JOINT_APPROVAL_CONCLUDED', by, note: `${resultText(result)} (${summary})` }],
    clocks: [clockChanged(clockEnds({ subject: project.id, duty: 'JOINT_APPROVAL' }, ['RUNNING'], result, at), at)],
  };
}

function resultText(result: string): string {
  return result === 'AGREED'
    ? '联合审批通过 Agreed'
    : result === 'AGREED_WITH_CONDITIONS'
      ? '附条件通过 Agreed with conditions'
      : '联合审批未通过 Disagreed';
}

/**
 * Deems every listed department (still PENDING) to agree at `at` (缺席默认): their status, one OPINION_DEEMED event
 * each, their opinion clocks ended (still on `openClocks` until the accountability record is written), and the
 * conclusion if this completes the joint approval — one transaction. @returns the project as written, or undefined
 * when it changed since it was read.
 */
async function deem(
  project: ProjectRecord,
  departmentIds: readonly string[],
  at: Date,
  by: string,
): Promise<ProjectRecord | undefined> {
  const joint = project.jointApproval;
  if (!joint) throw new Error(`project ${project.id} has no joint approval`);
  const when = toShanghaiIso(at);
  const departments = joint.departments.map((d) =>
    departmentIds.includes(d.departmentId) && d.status === 'PENDING'
      ? { ...d, status: 'DEEMED_AGREED' as const, opinion: 'AGREE' as const, at: when, by }
      : d,
  );
  const deemed = departments.filter(
    (d, i) => d.status === 'DEEMED_AGREED' && joint.departments[i]?.status === 'PENDING',
  );
  if (deemed.length === 0) return project;
  const events: ProjectEvent[] = deemed.map((d) => ({
    at: when,
    type: 'OPINION_DEEMED',
    by,
    departmentId: d.departmentId,
    note: `${d.departmentName} 至 ${d.opinionByDate} 未出具意见，视为同意（缺席默认） No opinion by the end of ${d.opinionByDate}: deemed to agree`,
  }));
  const conclusion = conclusionOf(project, departments, when, by);
  return writeProject(
    project,
    [...events, ...conclusion.events],
    { jointApproval: { ...joint, departments, ...(conclusion.fields ?? {}) } as ProjectRecord['jointApproval'] },
    [
      ...deemed.map((d) =>
        clockChanged(
          // Still owed: the accountability record (written next, then the clock leaves `openClocks`).
          clockEnds(opinionKey(project.id, d.departmentId), ['RUNNING'], 'DEEMED_AGREED', when, true),
          when,
        ),
      ),
      ...conclusion.clocks,
    ],
  );
}

function opinionKey(projectId: string, departmentId: string): ClockKey {
  return { subject: opinionSubject(projectId, departmentId), duty: 'JOINT_OPINION' };
}

/**
 * The department on record for its silence (问责): once per department of the project (key: the opinion clock's
 * subject + DEEMED_AGREEMENT), whoever writes it — the opinion's clock, the joint clock, or the reconciler.
 */
async function recordDeemed(project: ProjectRecord, d: DepartmentOpinion, by: string): Promise<boolean> {
  const items = project.items.filter((i) => i.departmentId === d.departmentId).map((i) => i.code);
  return recordOnce({
    caseId: opinionSubject(project.id, d.departmentId),
    reason: 'DEEMED_AGREEMENT',
    departmentId: d.departmentId,
    itemCode: items.join(',') || '-',
    handler: d.handler,
    leader: d.leader,
    at: d.at ?? d.opinionBy,
    deadline: d.opinionBy,
    recordedBy: by,
    projectId: project.id,
  });
}

/**
 * The consequence of a department's opinion deadline (policy `DEEMED_AGREEMENT`): still no opinion → deemed to agree,
 * the accountability record, supervision told (from the stream). Idempotent: the opinion's checkpoint, the joint
 * checkpoint, their retries and the reconciler all call it.
 */
export async function settleJointOpinion(
  clock: { readonly subject: string },
  by: string,
  attempt = 1,
): Promise<Settlement> {
  const { projectId, departmentId } = opinionSubjectParts(clock.subject);
  const key = opinionKey(projectId, departmentId);
  const project = await getProject(projectId);
  const d = project?.jointApproval?.departments.find((x) => x.departmentId === departmentId);
  if (!project || !d) throw new Error(`OpinionNotFound: ${clock.subject}`);
  if (d.status === 'DEEMED_AGREED') {
    // Deemed already (by this clock, the joint clock or the reconciler): only the record may still be owed.
    const recordedNow = await recordDeemed(project, d, by);
    await closeClock(key);
    return { kind: 'SETTLED', outcome: 'DEEMED_AGREED', appliedNow: false, recordedNow };
  }
  if (d.status !== 'PENDING') {
    // Answered first: the write that recorded the opinion ended this clock; only the index marker may be left.
    await closeClock(key);
    return { kind: 'OTHERWISE' };
  }
  const at = now();
  if (!isDue(new Date(d.opinionByAt), at)) return { kind: 'NOT_DUE' };
  const written = await deem(project, [departmentId], at, by);
  if (!written) {
    if (attempt >= MAX_ATTEMPTS) throw new Error(`${clock.subject}: deemed agreement lost ${MAX_ATTEMPTS} races`);
    return settleJointOpinion(clock, by, attempt + 1);
  }
  const deemed = written.jointApproval?.departments.find((x) => x.departmentId === departmentId) as DepartmentOpinion;
  const recordedNow = await recordDeemed(written, deemed, by);
  await closeClock(key);
  logger.info('deemed agreement', { projectId, departmentId, by });
  metric('DeemedAgreements');
  return { kind: 'SETTLED', outcome: 'DEEMED_AGREED', appliedNow: true, recordedNow };
}

/**
 * The joint approval's own deadline (45 working days, or 60 once extended): every department still silent then is
 * deemed to agree (their own deadlines are never later), and the joint approval concludes. Idempotent.
 */
export async function settleJointApproval(
  clock: { readonly subject: string },
  by: string,
  attempt = 1,
): Promise<Settlement> {
  const key: ClockKey = { subject: clock.subject, duty: 'JOINT_APPROVAL' };
  const project = await getProject(clock.subject);
  const joint = project?.jointApproval;
  if (!project || !joint) throw new Error(`JointApprovalNotFound: ${clock.subject}`);
  const pending = joint.departments.filter((d) => d.status === 'PENDING');
  if (pending.length === 0) {
    // Concluded (the write that completed it ended this clock). Deemed departments' records may still be owed.
    let recordedNow = false;
    for (const d of joint.departments.filter((x) => x.status === 'DEEMED_AGREED')) {
      recordedNow =
        (await settleJointOpinion(opinionKey(project.id, d.departmentId), by)).kind === 'SETTLED' || recordedNow;
    }
    await closeClock(key);
    return joint.departments.some((d) => d.status === 'DEEMED_AGREED')
      ? { kind: 'SETTLED', outcome: joint.result ?? 'CONCLUDED', appliedNow: false, recordedNow }
      : { kind: 'OTHERWISE' };
  }
  const at = now();
  if (!isDue(new Date(joint.deadlineAt), at)) return { kind: 'NOT_DUE' };
  const written = await deem(
    project,
    pending.map((d) => d.departmentId),
    at,
    by,
  );
  if (!written) {
    if (attempt >= MAX_ATTEMPTS) throw new Error(`${clock.subject}: joint deadline lost ${MAX_ATTEMPTS} races`);
    return settleJointApproval(clock, by, attempt + 1);
  }
  for (const d of pending) {
    await settleJointOpinion(opinionKey(project.id, d.departmentId), by);
    metric('DeemedAgreements');
  }
  await closeClock(key);
  return {
    kind: 'SETTLED',
    outcome: written.jointApproval?.result ?? 'CONCLUDED',
    appliedNow: true,
    recordedNow: true,
  };
}

/**
 * Departments past their own deadline with no opinion, as the joint clock finds them at a wake (their own clocks
 * deem them at the same instant; whichever runs first does it, the other finds it done).
 */
export async function deemOverdueOpinions(project: ProjectRecord, by: string): Promise<number> {
  const at = now();
  const overdue = (project.jointApproval?.departments ?? []).filter(
    (d) => d.status === 'PENDING' && isDue(new Date(d.opinionByAt), at),
  );
  for (const d of overdue) await settleJointOpinion(opinionKey(project.id, d.departmentId), by);
  return overdue.length;
}
