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
  /** The review (复查) is decided within 30 days, +30 once; the re-review (复核) the same. */
  review: 30,
  reviewExtension: 30,
} as const;

/**
 * How many reviews a grievance may have: the review (复查, round 1) and the re-review (复核, round 2), each asked for
 * within 30 days of the answer before it. The re-review's answer is final: the grievance closes.
 */
export const GRIEVANCE_REVIEW_ROUNDS = 2;

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
export type GrievanceStage = 'ACCEPT' | 'HANDLE' | 'REVIEW' | 'REREVIEW';

/** The stages in people's words (notes on the timeline). */
export const grievanceStageNames: Readonly<Record<GrievanceStage, { readonly zh: string; readonly en: string }>> = {
  ACCEPT: { zh: '受理', en: 'acceptance' },
  HANDLE: { zh: '办理', en: 'handling' },
  REVIEW: { zh: '复查', en: 'review' },
  REREVIEW: { zh: '复核', en: 're-review' },
};

/** A review round (1: the review 复查, 2: the re-review 复核) and the stage it is. */
export type ReviewRound = 1 | 2;
export function reviewStageOf(round: ReviewRound): 'REVIEW' | 'REREVIEW' {
  return round === 1 ? 'REVIEW' : 'REREVIEW';
}

/**
 * The stages that may be extended once each (the handling, the review, the re-review): the status the stage is in,
 * the grievance attribute that keeps its one extension, and the attribute of its deadline.
 */
export const extendableStages = {
  HANDLE: { status: 'ACCEPTED', extensionField: 'extension', deadlineField: 'handleBy' },
  REVIEW: { status: 'UNDER_REVIEW', extensionField: 'reviewExtension', deadlineField: 'reviewBy' },
  REREVIEW: { status: 'UNDER_REVIEW', extensionField: 'rereviewExtension', deadlineField: 'reviewBy' },
} as const satisfies Record<
  Exclude<GrievanceStage, 'ACCEPT'>,
  { status: GrievanceStatus; extensionField: string; deadlineField: string }
>;
export type ExtendableStage = keyof typeof extendableStages;

/** The stage a grievance in `status` (in review round `round`) could extend now, if any. */
export function extendableStageOf(
  status: GrievanceStatus,
  round: ReviewRound | undefined,
): ExtendableStage | undefined {
  if (status === 'ACCEPTED') return 'HANDLE';
  if (status === 'UNDER_REVIEW') return reviewStageOf(round ?? 1);
  return undefined;
}

/** Every event a grievance's timeline takes: one closed set, each with its place in `grievanceLifecycle`. */
export const grievanceEventTypes = [
  'GRIEVANCE_RECEIVED',
  'GRIEVANCE_ACCEPTED',
  'GRIEVANCE_REFERRED',
  'GRIEVANCE_EXTENSION_REQUESTED',
  'GRIEVANCE_EXTENDED',
  'GRIEVANCE_ANSWERED',
  'GRIEVANCE_REVIEW_REQUESTED',
  'GRIEVANCE_REVIEW_DECIDED',
  'GRIEVANCE_REREVIEW_REQUESTED',
  'GRIEVANCE_REREVIEW_DECIDED',
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
  // After the answer, and after the review's answer: the next review asked for in time, or the window closes.
  ANSWERED: {
    GRIEVANCE_REVIEW_REQUESTED: 'UNDER_REVIEW',
    GRIEVANCE_REREVIEW_REQUESTED: 'UNDER_REVIEW',
    GRIEVANCE_CLOSED: 'CLOSED',
  },
  // The review's answer opens the re-review's window; the re-review's answer is final.
  UNDER_REVIEW: {
    GRIEVANCE_EXTENSION_REQUESTED: 'UNDER_REVIEW',
    GRIEVANCE_EXTENDED: 'UNDER_REVIEW',
    GRIEVANCE_REVIEW_DECIDED: 'ANSWERED',
    GRIEVANCE_REREVIEW_DECIDED: 'CLOSED',
    GRIEVANCE_OVERDUE: 'OVERDUE',
  },
  OVERDUE: {
    GRIEVANCE_ACCEPTED: 'ACCEPTED',
    GRIEVANCE_REFERRED: 'REFERRED',
    GRIEVANCE_ANSWERED: 'ANSWERED',
    GRIEVANCE_REVIEW_DECIDED: 'ANSWERED',
    GRIEVANCE_REREVIEW_DECIDED: 'CLOSED',
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
  readonly reviewBy?: string | undefined;
  /** The review round reached (1 after a review was asked for, 2 after a re-review). */
  readonly reviewRound?: number | undefined;
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
    zh: (g) => `承办部门申请延长${g.status === 'UNDER_REVIEW' ? '复查（复核）' : '办理'}期限，请审批`,
    en: () => 'The department asks for the one extension of this stage: approve it before the deadline',
  },
  GRIEVANCE_EXTENDED: {
    to: ['COMPLAINANT', 'DEPARTMENT'],
    zh: (g) =>
      g.status === 'UNDER_REVIEW'
        ? `复查（复核）期限经批准延长至 ${g.reviewBy ?? ''}`
        : `办理期限经批准延长至 ${g.handleBy ?? ''}`,
    en: (g) =>
      `The time limit was extended with approval to ${(g.status === 'UNDER_REVIEW' ? g.reviewBy : g.handleBy) ?? ''}`,
  },
  GRIEVANCE_ANSWERED: {
    to: ['COMPLAINANT', 'SUPERVISION'],
    zh: (g) => `已出具书面处理意见；如不服，可于 ${g.reviewWindowBy ?? ''} 前申请复查`,
    en: (g) => `Answered in writing; if you disagree, ask for a review by ${g.reviewWindowBy ?? ''}`,
  },
  GRIEVANCE_REVIEW_REQUESTED: {
    to: ['COMPLAINANT', 'DEPARTMENT', 'SUPERVISION'],
    zh: (g) => `已申请复查，复查机关将于 ${g.reviewBy ?? ''} 前作出复查意见`,
    en: (g) => `A review was requested; it will be decided by ${g.reviewBy ?? ''}`,
  },
  GRIEVANCE_REVIEW_DECIDED: {
    to: ['COMPLAINANT', 'DEPARTMENT', 'SUPERVISION'],
    zh: (g) => `已出具复查意见；如不服，可于 ${g.reviewWindowBy ?? ''} 前申请复核`,
    en: (g) => `The review was decided; if you disagree, ask for a re-review by ${g.reviewWindowBy ?? ''}`,
  },
  GRIEVANCE_REREVIEW_REQUESTED: {
    to: ['COMPLAINANT', 'DEPARTMENT', 'SUPERVISION'],
    zh: (g) => `已申请复核，复核机关将于 ${g.reviewBy ?? ''} 前作出复核意见`,
    en: (g) => `A re-review was requested; it will be decided by ${g.reviewBy ?? ''}`,
  },
  GRIEVANCE_REREVIEW_DECIDED: {
    to: ['COMPLAINANT', 'DEPARTMENT', 'SUPERVISION'],
    zh: () => '已出具复核意见，复核意见为最终意见，事项办结',
    en: () => 'The re-review was decided; its answer is final and the grievance is closed',
  },
  GRIEVANCE_CLOSED: {
    to: ['COMPLAINANT', 'DEPARTMENT'],
    zh: (g) => (g.reviewRound === 1 ? '申请复核期限届满未申请复核，事项办结' : '复查期限届满未申请复查，事项办结'),
    en: (g) =>
      `No ${g.reviewRound === 1 ? 're-review' : 'review'} was asked for within its period: the grievance is closed`,
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
