import { unmarshall } from '@aws-sdk/util-dynamodb';
import { logger } from '../common/logger.ts';
import type { CaseRecord } from '../store/cases.ts';
import { getProject, type ProjectEvent, type ProjectRecord, writeProject } from '../store/projects.ts';
import type { StreamRecord } from './outbox.ts';

/** A lost race with another write of the project (the officer, a department, a clock) costs a re-read. */
const MAX_ATTEMPTS = 5;

/**
 * The project's tracking log shows every step of every department in one timeline (docs/green-channel.md): each new
 * event of an application that belongs to a project (the Cases stream) is appended to the project's hash-chained log
 * as CASE_STEP, the first one preceded by APPLICATION_FILED (the application joins the project's list). Once each:
 * the project keeps how many of each application's events it copied (`trackedSteps`), and the append is conditional
 * on the head it read, so a redelivered record or two records at once copy nothing twice. Called by the Cases
 * stream's notifier (functions/stream/notify.ts) for each record, not by a reader of its own: a stream shard serves
 * two readers without throttling, and the Cases stream already has three.
 */
export async function trackProjectStep(record: StreamRecord): Promise<void> {
  const image = record.dynamodb?.NewImage;
  if (!image || record.eventName === 'REMOVE') return;
  const c = unmarshall(image) as CaseRecord;
  if (!c.projectId) return;
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const project = await getProject(c.projectId);
    if (!project) {
      logger.warn('a case names a project that does not exist: not tracked', { caseId: c.id, projectId: c.projectId });
      return;
    }
    const copied = project.trackedSteps?.[c.id] ?? 0;
    const fresh = c.timeline.slice(copied);
    if (fresh.length === 0) return;
    const known = project.applications.some((a) => a.caseId === c.id);
    const events: ProjectEvent[] = [
      ...(known
        ? []
        : [
            {
              at: c.timeline[0]?.at ?? c.receivedAt,
              type: 'APPLICATION_FILED' as const,
              by: c.submittedBy,
              caseId: c.id,
              departmentId: c.departmentId,
              note: `${c.itemCode} ${c.itemName}`,
            },
          ]),
      ...fresh.map(
        (e): ProjectEvent => ({
          at: e.at,
          type: 'CASE_STEP',
          by: e.by,
          caseId: c.id,
          departmentId: c.departmentId,
          note: `${c.itemCode} ${e.type}${e.note ? `: ${e.note}` : ''}`,
        }),
      ),
    ];
    const set: Partial<ProjectRecord> = {
      trackedSteps: { ...(project.trackedSteps ?? {}), [c.id]: c.timeline.length },
      ...(known
        ? {}
        : {
            applications: [
              ...project.applications,
              { caseId: c.id, itemCode: c.itemCode, departmentId: c.departmentId, at: c.receivedAt },
            ],
          }),
    };
    if (await writeProject(project, events, set)) return;
  }
  throw new Error(`project ${c.projectId}: steps of ${c.id} lost ${MAX_ATTEMPTS} races`);
}
