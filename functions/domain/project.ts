/**
 * The green channel for major projects (重大项目绿色通道, docs/rules.md §11, docs/green-channel.md): a project with its
 * investment and the items it needs, a dedicated officer (专人负责), one form across the items (一表通), a joint
 * approval (联合审批) in which every department's opinion runs on a clock of its own and silence at its deadline counts
 * as agreement (缺席默认), and the higher authorities' approvals the officer tracks (上级审批). Pure: no I/O.
 */
import type { FormField, FormFieldType } from './guide.ts';

/** The default threshold (CNY) at and above which a project is a green-channel project (Taizhou 2022: RMB 100 m). */
export const DEFAULT_GREEN_CHANNEL_THRESHOLD = 100_000_000;

/** Licensing Law Art.42: joint handling within 45 working days, +15 once with the approval of the government's head. */
export const JOINT_LIMIT_WORKING_DAYS = 45;
export const JOINT_EXTENSION_WORKING_DAYS = 15;

/** Is a project of this investment a green-channel project under `threshold` (at or above it: yes)? */
export function isGreenChannel(amount: number, threshold: number): boolean {
  return amount >= threshold;
}

/** What a department may answer in a joint approval, with its reasons (and conditions, where it agrees with some). */
export const opinions = ['AGREE', 'AGREE_WITH_CONDITIONS', 'DISAGREE'] as const;
export type Opinion = (typeof opinions)[number];

/**
 * Where a department stands in a joint approval: still to answer (`PENDING`), answered (the status names its
 * opinion), or silent at its deadline and deemed to agree (`DEEMED_AGREED`, 缺席默认).
 */
export const opinionStatuses = ['PENDING', 'AGREED', 'AGREED_WITH_CONDITIONS', 'DISAGREED', 'DEEMED_AGREED'] as const;
export type OpinionStatus = (typeof opinionStatuses)[number];

export function statusOfOpinion(opinion: Opinion): OpinionStatus {
  return opinion === 'AGREE' ? 'AGREED' : opinion === 'AGREE_WITH_CONDITIONS' ? 'AGREED_WITH_CONDITIONS' : 'DISAGREED';
}

/** The joint approval's result once every department answered or is deemed to agree. */
export const jointResults = ['AGREED', 'AGREED_WITH_CONDITIONS', 'DISAGREED'] as const;
export type JointResult = (typeof jointResults)[number];

/**
 * The result of the joint approval: null while any department is still PENDING; otherwise one disagreement makes it
 * DISAGREED (a joint approval needs every department), else any conditions make it AGREED_WITH_CONDITIONS (the
 * conditions of each department stand), else AGREED. A deemed agreement counts as an agreement without conditions.
 */
export function jointResultOf(statuses: readonly OpinionStatus[]): JointResult | null {
  if (statuses.length === 0 || statuses.includes('PENDING')) return null;
  if (statuses.includes('DISAGREED')) return 'DISAGREED';
  if (statuses.includes('AGREED_WITH_CONDITIONS')) return 'AGREED_WITH_CONDITIONS';
  return 'AGREED';
}

/** One field of the project's one form: asked once, for every item that asks it. */
export interface ProjectFormField {
  readonly name: string;
  readonly type: FormFieldType;
  /** Required when any item requires it. */
  readonly required: boolean;
  /** The items whose forms ask it, in the project's order. */
  readonly items: readonly string[];
  readonly label: FormField['label'];
  readonly options?: readonly string[];
  readonly min?: number;
  readonly max?: number;
}

/**
 * The one form (一表通): the union of the items' form fields, each asked once. A field is known by its name: the same
 * name in two items' forms is one question (the first item's label and type; required if any item requires it; the
 * tighter of the limits, the options both accept). Two items that give one name different types are still asked
 * once, as the first item's type; `conflicts` names them so the catalogue can be put right.
 */
export function unionForm(
  items: readonly { readonly code: string; readonly form: { readonly fields: readonly FormField[] } }[],
): { fields: ProjectFormField[]; conflicts: { name: string; items: string[] }[] } {
  const byName = new Map<string, ProjectFormField>();
  const conflicts = new Map<string, Set<string>>();
  for (const item of items) {
    for (const f of item.form.fields) {
      const seen = byName.get(f.name);
      if (!seen) {
        byName.set(f.name, {
          name: f.name,
          type: f.type,
          required: f.required,
          items: [item.code],
          label: f.label,
          ...(f.options ? { options: [...f.options] } : {}),
          ...(f.min !== undefined ? { min: f.min } : {}),
          ...(f.max !== undefined ? { max: f.max } : {}),
        });
        continue;
      }
      if (seen.type !== f.type) {
        const names = conflicts.get(f.name) ?? new Set(seen.items);
        names.add(item.code);
        conflicts.set(f.name, names);
      }
      const min = seen.min === undefined ? f.min : f.min === undefined ? seen.min : Math.max(seen.min, f.min);
      const max = seen.max === undefined ? f.max : f.max === undefined ? seen.max : Math.min(seen.max, f.max);
      const options = seen.options && f.options ? seen.options.filter((o) => f.options?.includes(o)) : seen.options;
      byName.set(f.name, {
        ...seen,
        required: seen.required || f.required,
        items: seen.items.includes(item.code) ? seen.items : [...seen.items, item.code],
        ...(options ? { options } : {}),
        ...(min !== undefined ? { min } : {}),
        ...(max !== undefined ? { max } : {}),
      });
    }
  }
  return {
    fields: [...byName.values()],
    conflicts: [...conflicts.entries()].map(([name, set]) => ({ name, items: [...set] })),
  };
}

/** The one form as an item form (what validateFormAnswers checks answers against). */
export function asItemForm(fields: readonly ProjectFormField[]): { fields: FormField[] } {
  return {
    fields: fields.map((f) => ({
      name: f.name,
      label: f.label,
      type: f.type,
      required: f.required,
      ...(f.options ? { options: f.options } : {}),
      ...(f.min !== undefined ? { min: f.min } : {}),
      ...(f.max !== undefined ? { max: f.max } : {}),
    })),
  };
}

/**
 * What a project application reuses of the one form: the answers the project holds for the item's own fields, under
 * the answers the application gives itself (those win). Only the item's fields are taken.
 */
export function answersForItem(
  itemFields: readonly { readonly name: string }[],
  projectAnswers: Readonly<Record<string, unknown>> | undefined,
  given: Readonly<Record<string, unknown>> | undefined,
): { answers: Record<string, unknown>; reused: string[] } {
  const reused = itemFields
    .map((f) => f.name)
    .filter(
      (name) =>
        !(given && Object.hasOwn(given, name)) && projectAnswers !== undefined && Object.hasOwn(projectAnswers, name),
    );
  const answers: Record<string, unknown> = {};
  for (const name of reused) answers[name] = (projectAnswers as Record<string, unknown>)[name];
  return { answers: { ...answers, ...(given ?? {}) }, reused };
}

/** A matter waiting on a higher authority (上级审批), tracked by the officer to the end. */
export const higherApprovalStatuses = ['WAITING', 'IN_PROGRESS', 'APPROVED', 'REJECTED', 'WITHDRAWN'] as const;
export type HigherApprovalStatus = (typeof higherApprovalStatuses)[number];
/** The statuses a milestone may report: anything but the initial WAITING. */
export const milestoneStatuses = ['IN_PROGRESS', 'APPROVED', 'REJECTED', 'WITHDRAWN'] as const;
export type MilestoneStatus = (typeof milestoneStatuses)[number];
/** A higher approval in one of these is settled: nothing more is expected, no reminder. */
export const settledHigherStatuses: readonly HigherApprovalStatus[] = ['APPROVED', 'REJECTED', 'WITHDRAWN'];

/**
 * Every kind of event on a project's tracking log (its own hash-chained timeline, functions/domain/timeline.ts): one
 * closed set, each with its notification rule below.
 */
export const projectEventTypes = [
  'REGISTERED', // the project is registered (a green-channel one says so)
  'OFFICER_ASSIGNED', // an administrator named the dedicated officer (专人负责)
  'FORM_FILLED', // the one form's answers given (or changed)
  'APPLICATION_FILED', // an application of one of the project's items was filed with the one form's answers
  'CASE_STEP', // a step of one of the project's applications (its department's timeline, copied to the tracking log)
  'JOINT_APPROVAL_OPENED', // the officer opened the joint approval: each department's opinion clock starts
  'OPINION_GIVEN', // a department answered (in time)
  'OPINION_DEEMED', // a department silent at its deadline: deemed to agree (缺席默认), on record
  'JOINT_APPROVAL_EXTENDED', // the government's head (an admin) approved the one extension of 15 working days
  'JOINT_APPROVAL_CONCLUDED', // every department answered or is deemed: the result
  'HIGHER_APPROVAL_TRACKED', // a matter waiting on a higher authority, with its expected date
  'HIGHER_APPROVAL_MILESTONE', // news of it
  'HIGHER_APPROVAL_OVERDUE', // its expected date passed without news: the officer is reminded
] as const;
export type ProjectEventType = (typeof projectEventTypes)[number];

export function isProjectEventType(type: string): type is ProjectEventType {
  return (projectEventTypes as readonly string[]).includes(type);
}

/**
 * Who is told of a project event, besides the officer (who is told of every event of the project once named):
 * `DEPARTMENTS` the departments the event concerns (the joint approval's, or the one that answered or was deemed),
 * `APPLICANT` the investor's account (when they registered it themselves), `SUPERVISION` supervision.
 */
export type ProjectRecipient = 'OFFICER' | 'DEPARTMENTS' | 'APPLICANT' | 'SUPERVISION';

export const projectNotificationRules: Readonly<
  Record<ProjectEventType, { readonly to: readonly ProjectRecipient[]; readonly zh: string; readonly en: string }>
> = {
  REGISTERED: { to: ['OFFICER'], zh: '项目已登记', en: 'The project is registered' },
  OFFICER_ASSIGNED: {
    to: ['OFFICER', 'APPLICANT'],
    zh: '已为项目指定专人负责（项目专员）',
    en: 'A dedicated officer is assigned to the project',
  },
  FORM_FILLED: { to: ['OFFICER'], zh: '一表通已填报', en: 'The one form is filled in' },
  APPLICATION_FILED: {
    to: ['OFFICER'],
    zh: '项目事项已申报（沿用一表通）',
    en: "An item of the project was applied for (with the one form's answers)",
  },
  CASE_STEP: { to: ['OFFICER'], zh: '项目事项办理进展', en: "A step in one of the project's applications" },
  JOINT_APPROVAL_OPENED: {
    to: ['OFFICER', 'DEPARTMENTS', 'APPLICANT'],
    zh: '联合审批已启动：请各部门在期限内出具意见，逾期未出具视为同意（缺席默认）',
    en: 'Joint approval opened: each department gives its opinion by its deadline; silence counts as agreement',
  },
  OPINION_GIVEN: { to: ['OFFICER'], zh: '部门已出具联合审批意见', en: 'A department gave its opinion' },
  OPINION_DEEMED: {
    to: ['OFFICER', 'DEPARTMENTS', 'SUPERVISION'],
    zh: '部门逾期未出具意见，视为同意（缺席默认），已立案问责',
    en: 'A department gave no opinion by its deadline: deemed to agree, and on record for accountability',
  },
  JOINT_APPROVAL_EXTENDED: {
    to: ['OFFICER', 'DEPARTMENTS', 'APPLICANT'],
    zh: '经政府负责人批准，联合审批期限延长',
    en: "The joint approval's limit is extended with the approval of the government's head",
  },
  JOINT_APPROVAL_CONCLUDED: {
    to: ['OFFICER', 'APPLICANT', 'SUPERVISION'],
    zh: '联合审批已有结论',
    en: 'The joint approval has its result',
  },
  HIGHER_APPROVAL_TRACKED: { to: ['OFFICER'], zh: '上级审批事项已登记跟踪', en: 'A higher approval is tracked' },
  HIGHER_APPROVAL_MILESTONE: { to: ['OFFICER'], zh: '上级审批事项有新进展', en: 'News of a higher approval' },
  HIGHER_APPROVAL_OVERDUE: {
    to: ['OFFICER', 'SUPERVISION'],
    zh: '上级审批事项已过预计日期仍无消息，请跟进',
    en: 'A higher approval passed its expected date without news: follow it up',
  },
};
