import * as z from 'zod/mini';
import { instant, int, isoDate, named, nullable, Text } from './shared.ts';

/**
 * Builds a schema when this module loads, like a plain constant, but marked free of side effects for esbuild: a Lambda
 * bundle that never names the schema drops it rather than building it at every cold start (issue 17 item 3). esbuild
 * honours the mark for calls in the same module only, hence one per module.
 */
/* @__NO_SIDE_EFFECTS__ */
function built<T>(make: () => T): T {
  return make();
}

/**
 * The response schemas of the projects area's routes (functions/http/routes/projects.ts); shared.ts holds those
 * several areas use.
 */

// ---- Green channel: projects and joint approval (issue 15, docs/green-channel.md) ----

const OpinionStatusEnum = built(() =>
  z.enum(['PENDING', 'AGREED', 'AGREED_WITH_CONDITIONS', 'DISAGREED', 'DEEMED_AGREED']),
);
const JointResultEnum = built(() => z.enum(['AGREED', 'AGREED_WITH_CONDITIONS', 'DISAGREED']));
const Investment = built(() => z.strictObject({ amount: z.number(), currency: z.literal('CNY') }));

const JointApprovalView = built(() =>
  named(
    z.strictObject({
      openedAt: instant,
      openedBy: z.string(),
      opinionWorkingDays: int,
      /** The joint limit in working days: 45, or 60 once extended. */
      limit: int,
      unit: z.literal('WORKING_DAYS'),
      deadline: instant,
      deadlineDate: isoDate,
      provisional: z.boolean(),
      /** Working days left through the joint deadline, today counted; null once concluded. */
      remainingWorkingDays: nullable(int),
      extension: nullable(
        z.strictObject({ workingDays: int, reason: z.string(), approvedBy: z.string(), at: instant }),
      ),
      departments: z.array(
        z.strictObject({
          departmentId: z.string(),
          departmentName: z.string(),
          opinionBy: instant,
          opinionByDate: isoDate,
          status: OpinionStatusEnum,
          opinion: nullable(z.enum(['AGREE', 'AGREE_WITH_CONDITIONS', 'DISAGREE'])),
          reason: nullable(z.string()),
          conditions: nullable(z.string()),
          at: nullable(instant),
          by: nullable(z.string()),
          /** While PENDING: working days left through its deadline, today counted (the countdown). */
          remainingWorkingDays: nullable(int),
          /** While PENDING: its light, as the worklist's (YELLOW from max(1, 20% of the opinion's days) left). */
          light: nullable(z.enum(['GREEN', 'YELLOW', 'RED'])),
        }),
      ),
      /** The departments still to answer. */
      pending: z.array(z.string()),
      result: nullable(JointResultEnum),
      concludedAt: nullable(instant),
    }),
    'JointApproval',
    'A joint approval (联合审批): each department’s deadline, status and countdown, and the result once all are in or deemed',
  ),
);

export const Project = built(() =>
  named(
    z.strictObject({
      id: z.string(),
      name: z.string(),
      investment: Investment,
      greenChannel: z.boolean(),
      /** The green-channel threshold (CNY) in force when it was registered. */
      threshold: z.number(),
      items: z.array(z.strictObject({ code: z.string(), name: z.string(), departmentId: z.string() })),
      departments: z.array(z.string()),
      applicant: z.strictObject({ type: z.enum(['PERSON', 'ENTERPRISE']), name: z.string(), phone: z.string() }),
      registeredBy: z.string(),
      createdAt: instant,
      updatedAt: instant,
      officer: nullable(z.string()),
      officerAssignedAt: nullable(instant),
      form: nullable(
        z.strictObject({
          answers: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
          filledAt: instant,
          filledBy: z.string(),
        }),
      ),
      applications: z.array(
        z.strictObject({ caseId: z.string(), itemCode: z.string(), departmentId: z.string(), at: instant }),
      ),
      jointApproval: nullable(JointApprovalView),
      higherApprovals: z.array(
        z.strictObject({
          id: z.string(),
          authority: z.string(),
          matter: z.string(),
          expectedBy: isoDate,
          status: z.enum(['WAITING', 'IN_PROGRESS', 'APPROVED', 'REJECTED', 'WITHDRAWN']),
          trackedAt: instant,
          trackedBy: z.string(),
          milestones: z.array(
            z.strictObject({
              note: z.string(),
              status: z.enum(['IN_PROGRESS', 'APPROVED', 'REJECTED', 'WITHDRAWN']),
              at: instant,
              by: z.string(),
              expectedBy: nullable(isoDate),
            }),
          ),
          /** The expected date passed without news and the officer was reminded. */
          overdue: z.boolean(),
        }),
      ),
      /** The tracking log: every step of every department, hash-chained. */
      timeline: z.array(
        z.strictObject({
          at: instant,
          type: z.string(),
          by: z.string(),
          note: nullable(z.string()),
          departmentId: nullable(z.string()),
          caseId: nullable(z.string()),
          hash: z.string(),
        }),
      ),
      timelineHead: z.string(),
    }),
    'Project',
    'A major project (重大项目): green channel, officer, one form, joint approval, higher approvals, tracking log',
  ),
);

export const ProjectWithHigherApproval = built(() =>
  named(
    z.extend(Project, { higherApprovalId: z.string() }),
    'ProjectWithHigherApproval',
    'The project, and the id of the higher approval just recorded',
  ),
);

export const ProjectList = built(() =>
  named(
    z.strictObject({
      projects: z.array(
        z.strictObject({
          id: z.string(),
          name: z.string(),
          investment: Investment,
          greenChannel: z.boolean(),
          departments: z.array(z.string()),
          officer: nullable(z.string()),
          createdAt: instant,
          jointApproval: nullable(
            z.strictObject({ deadline: instant, pending: z.array(z.string()), result: nullable(JointResultEnum) }),
          ),
        }),
      ),
      next: nullable(z.string()),
    }),
    'ProjectList',
  ),
);

const ProjectFormField = built(() =>
  z.strictObject({
    name: z.string(),
    type: z.enum(['string', 'number', 'date', 'boolean', 'enum']),
    required: z.boolean(),
    /** The items whose forms ask it. */
    items: z.array(z.string()),
    label: Text,
    options: nullable(z.array(z.string())),
    min: nullable(z.number()),
    max: nullable(z.number()),
  }),
);

export const ProjectForm = built(() =>
  named(
    z.strictObject({
      projectId: z.string(),
      fields: z.array(ProjectFormField),
      /** Field names two items give different types (asked once, as the first item's). */
      conflicts: z.array(z.strictObject({ name: z.string(), items: z.array(z.string()) })),
      answers: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
      filledAt: nullable(instant),
    }),
    'ProjectForm',
    'The one form (一表通): the union of the items’ fields, each once, with the answers so far',
  ),
);

export const ProjectFormFilled = built(() =>
  named(
    z.extend(ProjectForm, { filledAt: instant, missing: z.array(z.string()) }),
    'ProjectFormFilled',
    'The one form as filled, and the required fields still left for later',
  ),
);

export const ProjectVerification = built(() =>
  named(
    // Loose: verification grows (anchors outside the table); a client reads what it knows.
    z.looseObject({ projectId: z.string(), valid: z.boolean(), events: int, firstBrokenAt: nullable(int) }),
    'ProjectVerification',
    "A project's tracking log re-computed from its first event to its stored head, and the state bound to it",
  ),
);
