/**
 * Who must be told what, for each event on a case's timeline (docs/rules.md §3–5; the Licensing Law tells the applicant
 * of acceptance, notices, pauses, extensions and decisions; the clock's warnings go to the handler and the head;
 * deemed approvals, overdue cases and red cards go to supervision as well). The timeline is the record of what
 * happened; notifications are derived from it, one per event, so nothing is told that did not happen and nothing
 * that happened goes untold. Pure: no I/O.
 *
 * The rules are keyed by the closed set of event types (`timelineEventTypes`): a type without a rule, or a rule for a
 * type that does not exist, does not compile, and a type that concerns nobody says so and why. A stored event of a
 * type this version does not know (an older version wrote it) is told to nobody; the notifier logs it.
 */

import type { AccountabilityEventType } from './accountability.ts';
import type { InspectionEventType } from './enforcement.ts';
import type { ProjectEventType } from './project.ts';
import type { RatingEventType } from './rating.ts';
import { isTimelineEventType, type TimelineEventType } from './timeline.ts';
import type { VisitEventType } from './visit.ts';

/** Who a notification is for; `OFFICER` is a green-channel project's dedicated officer (docs/green-channel.md). */
export type Recipient = 'APPLICANT' | 'HANDLER' | 'HEAD' | 'SUPERVISION' | 'OFFICER';

/** An event as read from a stored timeline: its type may be one this version no longer writes. */
export interface NotifiableEvent {
  readonly at: string;
  readonly type: string;
  readonly by: string;
  readonly note?: string;
}

export interface NotifiedCase {
  readonly id: string;
  readonly itemName: string;
  readonly status: string;
  readonly deadlineDate?: string;
  readonly deadline?: string;
  /** For papers received for review: when staff must have accepted them or given notice (Art.32). */
  readonly reviewDeadline?: string;
  readonly supervision?: { readonly deadlineDate: string; readonly deadline: string };
  readonly extension?: { readonly reason: string; readonly workingDays: number };
  readonly pauses?: readonly { readonly reason: string; readonly expectedWorkingDays: number }[];
}

export interface NotificationContent {
  /** A case's timeline event, a rating's (functions/domain/rating.ts), or a project's (functions/domain/project.ts). */
  readonly kind:
    | TimelineEventType
    | RatingEventType
    | ProjectEventType
    | AccountabilityEventType
    | InspectionEventType
    | VisitEventType;
  readonly to: readonly Recipient[];
  readonly subject: { readonly zh: string; readonly en: string };
  /** The event's own note (what exactly happened), as written on the timeline. */
  readonly detail?: string;
  /** The deadline the recipient must act by, or the applicant is promised, when it matters to them. */
  readonly actBy?: string;
}

interface Told {
  readonly to: readonly [Recipient, ...Recipient[]];
  /** Only when the case (as the event left it) is in this state; by default always. */
  readonly when?: (c: NotifiedCase) => boolean;
  readonly zh: (c: NotifiedCase) => string;
  readonly en: (c: NotifiedCase) => string;
  readonly actBy?: (c: NotifiedCase) => string | undefined;
}

/** An event that concerns nobody outside the record, with the reason (so "nobody" is a decision, not an omission). */
interface Untold {
  readonly to: readonly [];
  readonly why: string;
}

export type Rule = Told | Untold;
export type NotificationRules = Readonly<Record<TimelineEventType, Rule>>;

const nobody = (why: string): Untold => ({ to: [], why });

const due = (c: NotifiedCase) => c.deadlineDate ?? '';
const promised = (c: NotifiedCase) => c.deadline;
const supervised = (c: NotifiedCase) => c.supervision?.deadline;

/** Who is told of each event type (RECEIVED only while the papers wait for review). */
export const notificationRules = {
  // Papers taken in for review: the applicant is told when the answer is due. (Received and accepted, or received
  // with a notice, at once: the acceptance or the notice is what they are told.)
  RECEIVED: {
    to: ['APPLICANT'],
    when: (c) => c.status === 'RECEIVED',
    zh: () => '申请材料已收件，五个工作日内告知是否受理；逾期未告知的，自收件之日起即为受理',
    en: () =>
      'Received for review: you will be told within 5 working days; without an answer it counts as accepted from today',
    actBy: (c) => c.reviewDeadline,
  },
  ACCEPTED: {
    to: ['APPLICANT'],
    zh: (c) => `您的申请已受理，承诺于 ${due(c)} 前办结`,
    en: (c) => `Your application is accepted; it will be decided by the end of ${due(c)}`,
    actBy: promised,
  },
  DEEMED_ACCEPTED: {
    to: ['APPLICANT', 'HANDLER'],
    zh: (c) => `收件后五个工作日内未告知补正，自收件之日起视为受理，承诺于 ${due(c)} 前办结`,
    en: (c) => `No notice within 5 working days: accepted from receipt (Art.32); due by the end of ${due(c)}`,
    actBy: promised,
  },
  MATERIALS_REQUIRED: {
    to: ['APPLICANT'],
    zh: () => '申请材料不齐全，请按一次性告知书一次补正全部材料',
    en: () => 'Materials are missing: supplement everything listed in the one-time notice at once',
  },
  REPEATED_NOTICE: {
    to: ['APPLICANT', 'SUPERVISION'],
    zh: () => '再次告知补正材料（已记录为异常，由监察核查）',
    en: () => 'A second notice of missing materials (recorded as an anomaly for supervision to check)',
  },
  SUSPENDED: {
    to: ['APPLICANT', 'HANDLER'],
    zh: (c) =>
      `办理暂停（${c.pauses?.at(-1)?.reason ?? ''}），预计 ${c.pauses?.at(-1)?.expectedWorkingDays ?? ''} 个工作日，暂停期间不计入办理时限`,
    en: (c) =>
      `Paused (${c.pauses?.at(-1)?.reason ?? ''}), expected ${c.pauses?.at(-1)?.expectedWorkingDays ?? ''} working day(s); the time limit stops meanwhile`,
  },
  RESUMED: {
    to: ['APPLICANT', 'HANDLER'],
    zh: (c) => `恢复办理，办结期限顺延至 ${due(c)}`,
    en: (c) => `Resumed; the deadline moves to the end of ${due(c)}`,
    actBy: promised,
  },
  EXTENSION_REQUESTED: {
    to: ['HEAD'],
    zh: () => '承办人申请延长办理期限，请审批',
    en: () => 'The handler asks for the one extension: approve it before the deadline',
    actBy: promised,
  },
  EXTENDED: {
    to: ['APPLICANT', 'HANDLER'],
    zh: (c) =>
      `经负责人批准延长 ${c.extension?.workingDays ?? ''} 个工作日（${c.extension?.reason ?? ''}），办结期限为 ${due(c)}`,
    en: (c) =>
      `Extended by ${c.extension?.workingDays ?? ''} working day(s) with the head's approval (${c.extension?.reason ?? ''}); now due by the end of ${due(c)}`,
    actBy: promised,
  },
  YELLOW_WARNING: {
    to: ['HANDLER', 'HEAD'],
    zh: (c) => `黄灯预警：${c.itemName} 将于 ${due(c)} 届满，请及时办结`,
    en: (c) => `Yellow light: ${c.itemName} runs out at the end of ${due(c)}; decide it in time`,
    actBy: promised,
  },
  APPROVED: {
    to: ['APPLICANT'],
    zh: () => '准予许可，请领取决定书',
    en: () => 'Approved: collect the decision',
  },
  REJECTED: {
    to: ['APPLICANT'],
    zh: () => '不予许可，决定书载明理由及复议、诉讼途径',
    en: () => 'Rejected: the decision states the reasons and how to seek review or sue',
  },
  DEEMED_APPROVED: {
    to: ['APPLICANT', 'HANDLER', 'HEAD', 'SUPERVISION'],
    zh: () => '承诺时限届满未作决定，视为同意（超时默认）；已对承办人和负责人立案问责',
    en: () => 'No decision by the deadline: deemed approved; the handler and the leader are on record',
  },
  OVERDUE: {
    to: ['APPLICANT', 'HANDLER', 'HEAD', 'SUPERVISION'],
    zh: (c) => `承诺时限届满未作决定，已逾期并移送监察督办，须于 ${c.supervision?.deadlineDate ?? ''} 前办结`,
    en: (c) =>
      `No decision by the deadline: overdue and under supervision (督办); it must be closed by the end of ${c.supervision?.deadlineDate ?? ''}`,
    actBy: supervised,
  },
  RED_CARD: {
    to: ['HANDLER', 'HEAD', 'SUPERVISION'],
    zh: () => '红牌：逾期案件至督办期限仍未办结',
    en: () => 'Red card: the overdue case is still open at its supervision deadline',
  },
  WITHDRAWN: {
    to: ['APPLICANT', 'HANDLER'],
    zh: () => '申请已撤回，办理终止',
    en: () => 'The application is withdrawn; handling has stopped',
  },
  REVOKED: {
    to: ['APPLICANT', 'HANDLER', 'HEAD', 'SUPERVISION'],
    zh: () => '经监察复查，超时默认许可有误，依法撤销（行政许可法第六十九条）',
    en: () => 'On review the deemed approval was wrongful and is revoked (Licensing Law Art.69)',
  },
  DEEMED_APPROVAL_CONFIRMED: nobody(
    'a confirmed deemed approval changes nothing for the applicant or the department: the review is on the record',
  ),
} as const satisfies NotificationRules;

/**
 * What the event tells whom, or null when it concerns nobody outside the record — including an event of a type this
 * version does not know (checked against the closed set, so a name like `toString` is not looked up either).
 */
export function notificationFor(event: NotifiableEvent, c: NotifiedCase): NotificationContent | null {
  if (!isTimelineEventType(event.type)) return null;
  const rule: Rule = notificationRules[event.type];
  if (rule.to.length === 0 || !('zh' in rule) || (rule.when && !rule.when(c))) return null;
  const actBy = rule.actBy?.(c);
  return {
    kind: event.type,
    to: rule.to,
    subject: { zh: rule.zh(c), en: rule.en(c) },
    ...(event.note ? { detail: event.note } : {}),
    ...(actBy ? { actBy } : {}),
  };
}
