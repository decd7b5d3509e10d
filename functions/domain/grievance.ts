/**
 * Grievances (投诉、举报、申诉; docs/rules.md §6): what a citizen files when badly served, traced to the end
 * (一律追查到底) on its own clocks. Pure: the lifecycle, the timeline's event types and who is told of each, and what
 * each viewer may see — the accused department's staff never see who filed it (informer protection).
 */
import type { RecordedEntry } from './timeline.ts';

export const grievanceKinds = ['COMPLAINT', 'REPORT', 'APPEAL'] as const;
export type GrievanceKind = (typeof grievanceKinds)[number];

/** Petitions Regulation (信访工作条例) Art.31–35, our defaults in calendar days (docs/rules.md §6). */
export const GRIEVANCE_LIMITS = {
  /** Accept (受理) or refer (转送) within 15 days of receipt. */
  accept: 15,
  /** Handle and answer (书面答复) within 60 days of acceptance, +30 once with approval. */
  handle: 60,
  handleExtension: 30,
  /** The complainant may ask for a review within 30 days of the answer. */
  reviewWindow: 30,
  /** The review is decided within 30 days, +30 once (a re-review the same). */
  review: 30,
  reviewExtension: 30,
} as const;

export const grievanceStatuses = [
  'RECEIVED',
  'ACCEPTED',
  'REFERRED',
  'ANSWERED',
  'UNDER_REVIEW',
  'CLOSED',
  'OVERDUE',
] as const;
export type GrievanceStatus = (typeof grievanceStatuses)[number];

/** The stage a grievance is overdue in (its clock's duty, without the prefix). */
export type GrievanceStage = 'ACCEPT' | 'HANDLE' | 'REVIEW';

/** Every event a grievance's timeline takes: one closed set, each with its place in `grievanceLifecycle`. */
export const grievanceEventTypes = [
  'GRIEVANCE_RECEIVED',
  'GRIEVANCE_ACCEPTED',
  'GRIEVANCE_REFERRED',
  'GRIEVANCE_EXTENSION_REQUESTED',
  'GRIEVANCE_EXTENDED',
  'GRIEVANCE_ANSWERED',
  'GRIEVANCE_REVIEW_REQUESTED',
  'GRIEVANCE_CLOSED',
  'GRIEVANCE_OVERDUE',
  'GRIEVANCE_RED_CARD',
] as const;
export type GrievanceEventType = (typeof grievanceEventTypes)[number];

export type GrievanceEntry = Omit<RecordedEntry, 'type'> & { readonly type: GrievanceEventType };

/**
 * Which events each status takes and where they leave the grievance. An overdue grievance still owes its stage: the
 * late acceptance, referral or answer is written (and the red card if supervision's deadline passes first).
 */
export const grievanceLifecycle = {
  RECEIVED: { GRIEVANCE_ACCEPTED: 'ACCEPTED', GRIEVANCE_REFERRED: 'REFERRED', GRIEVANCE_OVERDUE: 'OVERDUE' },
  ACCEPTED: {
    GRIEVANCE_EXTENSION_REQUESTED: 'ACCEPTED',
    GRIEVANCE_EXTENDED: 'ACCEPTED',
    GRIEVANCE_ANSWERED: 'ANSWERED',
    GRIEVANCE_OVERDUE: 'OVERDUE',
  },
  ANSWERED: { GRIEVANCE_REVIEW_REQUESTED: 'UNDER_REVIEW', GRIEVANCE_CLOSED: 'CLOSED' },
  UNDER_REVIEW: { GRIEVANCE_OVERDUE: 'OVERDUE' },
  OVERDUE: {
    GRIEVANCE_ACCEPTED: 'ACCEPTED',
    GRIEVANCE_REFERRED: 'REFERRED',
    GRIEVANCE_ANSWERED: 'ANSWERED',
    GRIEVANCE_RED_CARD: 'OVERDUE',
  },
  REFERRED: {},
  CLOSED: {},
} as const satisfies Record<GrievanceStatus, Partial<Record<GrievanceEventType, GrievanceStatus>>>;

/** The status `event` leaves a `from` grievance in, or undefined when the lifecycle does not allow it. */
export function grievanceNext(from: GrievanceStatus, event: GrievanceEventType): GrievanceStatus | undefined {
  const takes: Partial<Record<GrievanceEventType, GrievanceStatus>> = grievanceLifecycle[from];
  return takes[event];
}

/** Who is told: the complainant (their inbox, or by their query code), the assigned department, supervision. */
export type GrievanceRecipient = 'COMPLAINANT' | 'DEPARTMENT' | 'SUPERVISION';

interface GrievanceFacts {
  readonly kind: GrievanceKind;
  readonly status: string;
  readonly acceptBy?: string | undefined;
  readonly handleBy?: string | undefined;
  readonly reviewWindowBy?: string | undefined;
  readonly supervision?: { readonly deadlineDate: string } | undefined;
}

interface GrievanceRule {
  readonly to: readonly GrievanceRecipient[];
  readonly zh: (g: GrievanceFacts) => string;
  readonly en: (g: GrievanceFacts) => string;
}

/**
 * Who is told of each event, and what. The complainant is told at every step (信访事项办理情况告知); the texts say
 * nothing of who filed it, so a notification to the department cannot expose the informer whatever it carries.
 */
export const grievanceNotificationRules: Readonly<Record<GrievanceEventType, GrievanceRule>> = {
  GRIEVANCE_RECEIVED: {
    to: ['COMPLAINANT', 'SUPERVISION'],
    zh: (g) => `已收到您的诉求，将于 ${g.acceptBy ?? ''} 前决定是否受理`,
    en: (g) => `Received; whether it is accepted will be decided by ${g.acceptBy ?? ''}`,
  },
  GRIEVANCE_ACCEPTED: {
    to: ['COMPLAINANT', 'DEPARTMENT'],
    zh: (g) => `已受理并交办，须于 ${g.handleBy ?? ''} 前办结并书面答复`,
    en: (g) => `Accepted and assigned; it must be answered in writing by ${g.handleBy ?? ''}`,
  },
  GRIEVANCE_REFERRED: {
    to: ['COMPLAINANT'],
    zh: () => '您的诉求已转送有权处理的机关',
    en: () => 'Your grievance was referred to the agency competent to handle it',
  },
  GRIEVANCE_EXTENSION_REQUESTED: {
    to: ['SUPERVISION'],
    zh: () => '承办部门申请延长办理期限，请审批',
    en: () => 'The department asks for the one extension: approve it before the deadline',
  },
  GRIEVANCE_EXTENDED: {
    to: ['COMPLAINANT', 'DEPARTMENT'],
    zh: (g) => `办理期限经批准延长至 ${g.handleBy ?? ''}`,
    en: (g) => `The time limit was extended with approval to ${g.handleBy ?? ''}`,
  },
  GRIEVANCE_ANSWERED: {
    to: ['COMPLAINANT', 'SUPERVISION'],
    zh: (g) => `已出具书面处理意见；如不服，可于 ${g.reviewWindowBy ?? ''} 前申请复查`,
    en: (g) => `Answered in writing; if you disagree, ask for a review by ${g.reviewWindowBy ?? ''}`,
  },
  GRIEVANCE_REVIEW_REQUESTED: {
    to: ['COMPLAINANT', 'DEPARTMENT', 'SUPERVISION'],
    zh: () => '已申请复查，复查机关将在期限内作出复查意见',
    en: () => 'A review was requested; it will be decided within its time limit',
  },
  GRIEVANCE_CLOSED: {
    to: ['COMPLAINANT', 'DEPARTMENT'],
    zh: () => '复查期限届满未申请复查，事项办结',
    en: () => 'No review was asked for within its period: the grievance is closed',
  },
  GRIEVANCE_OVERDUE: {
    to: ['COMPLAINANT', 'DEPARTMENT', 'SUPERVISION'],
    zh: (g) => `未在期限内办理，已移送监察督办，须于 ${g.supervision?.deadlineDate ?? ''} 前办结`,
    en: (g) =>
      `Not done in time: under supervision (督办); it must be done by the end of ${g.supervision?.deadlineDate ?? ''}`,
  },
  GRIEVANCE_RED_CARD: {
    to: ['DEPARTMENT', 'SUPERVISION'],
    zh: () => '红牌：逾期事项至督办期限仍未办理',
    en: () => 'Red card: the overdue grievance is still not done at its supervision deadline',
  },
};

export function grievanceNotificationFor(
  type: GrievanceEventType,
  g: GrievanceFacts,
): { readonly to: readonly GrievanceRecipient[]; readonly subject: { readonly zh: string; readonly en: string } } {
  const rule = grievanceNotificationRules[type];
  return { to: rule.to, subject: { zh: rule.zh(g), en: rule.en(g) } };
}

/** Who the viewer is to a grievance: what they may see follows from it. */
export type GrievanceViewer = 'COMPLAINANT' | 'SUPERVISOR' | 'DEPARTMENT' | 'CODE_HOLDER';

/**
 * The attributes that say who filed a grievance (informer protection, 保护举报人): name, phone, contact, the token
 * subject. Only the complainant and supervision see them; the assigned department and a code holder never do.
 */
export const IDENTIFYING_FIELDS = ['complainant', 'contact', 'complainantSub', 'queryCode'] as const;

export function seesIdentity(viewer: GrievanceViewer): boolean {
  return viewer === 'COMPLAINANT' || viewer === 'SUPERVISOR';
}

/** The grievance without what identifies who filed it, for a viewer who may not see that. */
export function redacted<T extends object>(grievance: T, viewer: GrievanceViewer): T {
  if (seesIdentity(viewer)) return grievance;
  const out: Record<string, unknown> = { ...(grievance as Record<string, unknown>) };
  for (const field of IDENTIFYING_FIELDS) delete out[field];
  return out as T;
}

/** Who wrote a complainant's event: never their token subject (the timeline is shown to the department). */
export const COMPLAINANT_ACTOR = 'complainant';
