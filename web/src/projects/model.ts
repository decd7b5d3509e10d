import type { ApiProblem } from '../api.ts';
import { language } from '../i18n.ts';

/**
 * The API's answers as the green-channel pages read them (functions/http/responses.ts `Project`, `JointApproval`,
 * `ProjectList`, `ProjectForm`, `ProjectFormFilled`; the views are functions/http/project-access.ts).
 */

export type OpinionStatus = 'PENDING' | 'AGREED' | 'AGREED_WITH_CONDITIONS' | 'DISAGREED' | 'DEEMED_AGREED';
export type Opinion = 'AGREE' | 'AGREE_WITH_CONDITIONS' | 'DISAGREE';
export const opinions: readonly Opinion[] = ['AGREE', 'AGREE_WITH_CONDITIONS', 'DISAGREE'];
export type JointResult = 'AGREED' | 'AGREED_WITH_CONDITIONS' | 'DISAGREED';
export type HigherStatus = 'WAITING' | 'IN_PROGRESS' | 'APPROVED' | 'REJECTED' | 'WITHDRAWN';
export const milestoneStatuses = ['IN_PROGRESS', 'APPROVED', 'REJECTED', 'WITHDRAWN'] as const;
export type Answer = string | number | boolean | null;

export interface Investment {
  readonly amount: number;
  readonly currency: 'CNY';
}

export interface DepartmentOpinion {
  readonly departmentId: string;
  readonly departmentName: string;
  readonly opinionBy: string;
  readonly opinionByDate: string;
  readonly status: OpinionStatus;
  readonly opinion: Opinion | null;
  readonly reason: string | null;
  readonly conditions: string | null;
  readonly at: string | null;
  readonly by: string | null;
  /** While PENDING: working days left through its deadline, today counted. */
  readonly remainingWorkingDays: number | null;
  /** While PENDING: its light, as the worklist's. */
  readonly light: 'GREEN' | 'YELLOW' | 'RED' | null;
}

export interface JointApproval {
  readonly openedAt: string;
  readonly openedBy: string;
  readonly opinionWorkingDays: number;
  readonly limit: number;
  readonly unit: 'WORKING_DAYS';
  readonly deadline: string;
  readonly deadlineDate: string;
  readonly provisional: boolean;
  readonly remainingWorkingDays: number | null;
  readonly extension: {
    readonly workingDays: number;
    readonly reason: string;
    readonly approvedBy: string;
    readonly at: string;
  } | null;
  readonly departments: readonly DepartmentOpinion[];
  readonly pending: readonly string[];
  readonly result: JointResult | null;
  readonly concludedAt: string | null;
}

export interface HigherApproval {
  readonly id: string;
  readonly authority: string;
  readonly matter: string;
  readonly expectedBy: string;
  readonly status: HigherStatus;
  readonly trackedAt: string;
  readonly trackedBy: string;
  readonly milestones: readonly {
    readonly note: string;
    readonly status: (typeof milestoneStatuses)[number];
    readonly at: string;
    readonly by: string;
    readonly expectedBy: string | null;
  }[];
  readonly overdue: boolean;
}

export interface ProjectEvent {
  readonly at: string;
  readonly type: string;
  readonly by: string;
  readonly note: string | null;
  readonly departmentId: string | null;
  readonly caseId: string | null;
  readonly hash: string;
}

export interface Project {
  readonly id: string;
  readonly name: string;
  readonly investment: Investment;
  readonly greenChannel: boolean;
  readonly threshold: number;
  readonly items: readonly { readonly code: string; readonly name: string; readonly departmentId: string }[];
  readonly departments: readonly string[];
  readonly applicant: { readonly type: 'PERSON' | 'ENTERPRISE'; readonly name: string; readonly phone: string };
  readonly registeredBy: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly officer: string | null;
  readonly officerAssignedAt: string | null;
  readonly form: {
    readonly answers: Readonly<Record<string, Answer>>;
    readonly filledAt: string;
    readonly filledBy: string;
  } | null;
  readonly applications: readonly {
    readonly caseId: string;
    readonly itemCode: string;
    readonly departmentId: string;
    readonly at: string;
  }[];
  readonly jointApproval: JointApproval | null;
  readonly higherApprovals: readonly HigherApproval[];
  readonly timeline: readonly ProjectEvent[];
  readonly timelineHead: string;
}

export interface ProjectListRow {
  readonly id: string;
  readonly name: string;
  readonly investment: Investment;
  readonly greenChannel: boolean;
  readonly departments: readonly string[];
  readonly officer: string | null;
  readonly createdAt: string;
  readonly jointApproval: {
    readonly deadline: string;
    readonly pending: readonly string[];
    readonly result: JointResult | null;
  } | null;
}

export interface ProjectList {
  readonly projects: readonly ProjectListRow[];
  readonly next: string | null;
}

export interface ProjectFormField {
  readonly name: string;
  readonly type: 'string' | 'number' | 'date' | 'boolean' | 'enum';
  readonly required: boolean;
  /** The items whose forms ask it. */
  readonly items: readonly string[];
  readonly label: { readonly zh: string; readonly en?: string };
  readonly options: readonly string[] | null;
  readonly min: number | null;
  readonly max: number | null;
}

export interface ProjectForm {
  readonly projectId: string;
  readonly fields: readonly ProjectFormField[];
  readonly conflicts: readonly { readonly name: string; readonly items: readonly string[] }[];
  readonly answers: Readonly<Record<string, Answer>>;
  readonly filledAt: string | null;
  /** Only in the answer of PUT: the required fields left for later. */
  readonly missing?: readonly string[];
}

/** Where a page of the area lives: the investor's, the department's (and officer's), supervision's, the admin's. */
export type Desk = 'my' | 'staff' | 'supervision' | 'admin';

export const projectPath = (desk: Desk, id: string) => `/${desk}/projects/${encodeURIComponent(id)}`;

/** A case of the project, on the desk's own case page (the admin has none: supervision's is not theirs). */
export function casePath(desk: Desk, caseId: string): string | undefined {
  const at = encodeURIComponent(caseId);
  if (desk === 'my') return `/my/cases/${at}`;
  if (desk === 'staff') return `/staff/cases/${at}`;
  if (desk === 'supervision') return `/supervision/cases/${at}`;
  return undefined;
}

/** A project's id (`PJ<date>-…`); a department's notification of it is keyed `<project id>#<department id>`. */
export const isProjectId = (id: string) => /^PJ\d{8}-/.test(id);
export const projectIdOf = (id: string) => id.split('#')[0] ?? id;

/**
 * An investment in the page's language: the yuan amount, and in Chinese the 亿元 / 万元 a reader of projects counts in
 * (RMB 500 million reads 5亿元).
 */
export function formatInvestment(i: Investment): string {
  const en = language() === 'en';
  const yuan = new Intl.NumberFormat(en ? 'en-GB' : 'zh-CN', {
    style: 'currency',
    currency: i.currency,
    maximumFractionDigits: 0,
  }).format(i.amount);
  if (en) return i.amount >= 1_000_000 ? `${yuan} (RMB ${trim(i.amount / 1_000_000)} million)` : yuan;
  if (i.amount >= 100_000_000) return `${trim(i.amount / 100_000_000)}亿元（${yuan}）`;
  if (i.amount >= 10_000) return `${trim(i.amount / 10_000)}万元（${yuan}）`;
  return yuan;
}

const trim = (n: number) => String(Math.round(n * 100) / 100);

/** The problem's slug (`urn:xiaoneng:problem:opinion-given` → `opinion-given`), to say a known refusal in our words. */
export const problemSlug = (p: ApiProblem | undefined) => p?.type?.replace(/^urn:xiaoneng:problem:/, '');
