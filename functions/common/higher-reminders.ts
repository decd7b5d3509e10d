import { settledHigherStatuses } from '../domain/project.ts';
import { toShanghaiIso } from '../domain/time.ts';
import {
  getProject,
  type HigherApproval,
  type ProjectEvent,
  projectsOwedReminders,
  writeProject,
} from '../store/projects.ts';
import { logger } from './logger.ts';

const MAX_ATTEMPTS = 3;

/**
 * Reminds each officer of the higher approvals (上级审批) whose expected date passed without the matter being settled
 * (docs/green-channel.md): a HIGHER_APPROVAL_OVERDUE event on the project's tracking log per matter (told to the
 * officer and supervision from the stream), once per expected date — a milestone that moves the date owes a reminder
 * again if that one passes too. Read from the sparse `higherReminders` index: only projects owed one, never history.
 * The scheduled reconciler calls it every hour, so a reminder comes within the hour after the expected day ends.
 * @returns how many matters were reminded of.
 */
export async function remindHigherApprovals(at: Date): Promise<number> {
  let reminded = 0;
  for (const { id } of await projectsOwedReminders(at.toISOString())) {
    for (let attempt = 1; ; attempt++) {
      const project = await getProject(id);
      if (!project) break;
      const due = project.higherApprovals.filter(
        (h) =>
          !settledHigherStatuses.includes(h.status) &&
          h.remindedFor !== h.expectedBy &&
          h.expectedByAt <= at.toISOString(),
      );
      if (due.length === 0) break;
      const when = toShanghaiIso(at);
      const events: ProjectEvent[] = due.map((h) => ({
        at: when,
        type: 'HIGHER_APPROVAL_OVERDUE',
        by: 'system:reconciler',
        note: `${h.id} ${h.authority}：预计 ${h.expectedBy} 仍无结果，请跟进 No news by ${h.expectedBy}: follow it up`,
      }));
      const marked: HigherApproval[] = project.higherApprovals.map((h) =>
        due.includes(h) ? { ...h, remindedFor: h.expectedBy } : h,
      );
      // Reminder vs a milestone at the same moment: both append under the head they read; the loser re-reads (a
      // milestone that settled the matter or moved its date leaves nothing to remind of).
      if (await writeProject(project, events, { higherApprovals: marked })) {
        reminded += due.length;
        logger.info('higher approval reminder', { projectId: id, higherApprovals: due.map((h) => h.id) });
        break;
      }
      if (attempt >= MAX_ATTEMPTS) throw new Error(`project ${id}: reminder lost ${MAX_ATTEMPTS} races`);
    }
  }
  return reminded;
}
