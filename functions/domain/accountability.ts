/**
 * The accountability register's workflow (问责, docs/supervision.md): every record — a deemed approval, an overdue
 * case, a red card, a department deemed to agree in a joint approval, a substantiated complaint, a bad review upheld
 * on appeal, later an inspection visit's finding — is investigated, decided (who is responsible, which sanction, the
 * findings) and published, or dismissed with reasons (四个一律: every violation dealt with, leaders answerable for
 * poor work, those punished for serious impact disclosed to the public). Everything here is pure: the caller passes
 * the policy in force and `now`.
 */
import { createHash } from 'node:crypto';
import type { AccountabilityReason } from './case.ts';
import type { IsoDate } from './time.ts';

/** Every reason a record is on the register (the `reason` of its key). */
export const accountabilityReasons = [
  'DEEMED_APPROVAL',
  'OVERDUE',
  'RED_CARD',
  'COMPLAINT',
  'DEEMED_AGREEMENT',
  'BAD_REVIEW',
  'VISIT_FINDING',
] as const satisfies readonly AccountabilityReason[];

export const reasonNames: Readonly<Record<AccountabilityReason, { readonly zh: string; readonly en: string }>> = {
  DEEMED_APPROVAL: { zh: '超时默认', en: 'Deemed approved: not decided in the promised time' },
  OVERDUE: { zh: '超期督办', en: 'Overdue: not decided in the promised time, under supervision' },
  RED_CARD: { zh: '红牌警告', en: 'Red card: still undone at the supervision deadline' },
  COMPLAINT: { zh: '投诉属实', en: 'Substantiated complaint' },
  DEEMED_AGREEMENT: { zh: '缺席默认', en: 'Deemed to agree: no opinion in a joint approval by its deadline' },
  BAD_REVIEW: { zh: '差评属实', en: 'Bad review upheld on appeal' },
  VISIT_FINDING: { zh: '明察暗访发现问题', en: 'Found on an inspection visit' },
};

/** Where a record stands. A record written before this workflow carries no status: it reads as OPEN. */
export const accountabilityStatuses = ['OPEN', 'INVESTIGATING', 'DECIDED', 'PUBLISHED', 'DISMISSED'] as const;
export type AccountabilityStatus = (typeof accountabilityStatuses)[number];

export function statusOf(record: { readonly status?: string | undefined }): AccountabilityStatus {
  const s = record.status;
  return (accountabilityStatuses as readonly string[]).includes(s ?? '') ? (s as AccountabilityStatus) : 'OPEN';
}

/** Who the decision finds responsible: the handler (直接责任), the leader (领导责任), both, or nobody. */
export const responsibilities = ['HANDLER', 'LEADER', 'BOTH', 'NONE'] as const;
export type Responsibility = (typeof responsibilities)[number];

/** The supervisor's acts on a record, and the states each may start from (anything else: 409). */
export const accountabilityActions = {
  investigate: { from: ['OPEN'], to: 'INVESTIGATING' },
  decide: { from: ['INVESTIGATING'], to: 'DECIDED' },
  publish: { from: ['DECIDED'], to: 'PUBLISHED' },
  // A record decided stands (the decision is published or kept); only one not yet decided can be dismissed.
  dismiss: { from: ['OPEN', 'INVESTIGATING'], to: 'DISMISSED' },
} as const satisfies Record<
  string,
  { readonly from: readonly AccountabilityStatus[]; readonly to: AccountabilityStatus }
>;
export type AccountabilityAction = keyof typeof accountabilityActions;

export function mayAct(action: AccountabilityAction, status: AccountabilityStatus): boolean {
  return (accountabilityActions[action].from as readonly AccountabilityStatus[]).includes(status);
}

/** The events on a record's own hash-chained timeline (functions/domain/timeline.ts links them as a case's). */
export const accountabilityEventTypes = [
  'ACCOUNTABILITY_RECORDED', // the record was written (by the clock, a finding, a review)
  'INVESTIGATION_OPENED', // a supervisor opened the investigation: its clock starts
  'INVESTIGATION_OVERDUE', // the investigation's limit ran out undecided: escalated to the centre's leadership
  'ACCOUNTABILITY_DECIDED', // responsibility, sanction and findings decided
  'ACCOUNTABILITY_PUBLISHED', // the decision disclosed on the public route
  'ACCOUNTABILITY_DISMISSED', // dismissed, with the reasons
] as const;
export type AccountabilityEventType = (typeof accountabilityEventTypes)[number];

/** Who is told of each event (functions/stream/accountability-notify.ts): the department's head of what concerns it. */
export const accountabilityNotificationRules: Readonly<
  Record<
    AccountabilityEventType,
    {
      readonly to: readonly ('HEAD' | 'SUPERVISION')[];
      readonly zh: (r: { readonly reason: AccountabilityReason }) => string;
      readonly en: (r: { readonly reason: AccountabilityReason }) => string;
    }
  >
> = {
  // Supervision and the department were told of the lapse itself by the record's source (the case, the grievance…).
  ACCOUNTABILITY_RECORDED: { to: [], zh: () => '问责记录已登记', en: () => 'Accountability record written' },
  INVESTIGATION_OPENED: {
    to: ['HEAD'],
    zh: (r) => `监察已对本部门“${reasonNames[r.reason].zh}”问责记录立案调查`,
    en: (r) => `Supervision opened an investigation of your department's record: ${reasonNames[r.reason].en}`,
  },
  INVESTIGATION_OVERDUE: {
    to: ['SUPERVISION'],
    zh: () => '问责调查超过期限仍未作出决定，已报中心领导',
    en: () => 'An accountability investigation ran past its limit undecided: escalated to the centre’s leadership',
  },
  ACCOUNTABILITY_DECIDED: {
    to: ['HEAD'],
    zh: (r) => `监察对本部门“${reasonNames[r.reason].zh}”问责记录作出处理决定`,
    en: (r) => `Supervision decided your department's accountability record: ${reasonNames[r.reason].en}`,
  },
  ACCOUNTABILITY_PUBLISHED: {
    to: ['HEAD'],
    zh: () => '问责处理结果已向社会公开',
    en: () => 'The accountability decision was disclosed to the public',
  },
  ACCOUNTABILITY_DISMISSED: {
    to: ['HEAD'],
    zh: () => '问责记录经核查予以撤销',
    en: () => 'The accountability record was dismissed on investigation',
  },
};

export function isAccountabilityEventType(type: string): type is AccountabilityEventType {
  return (accountabilityEventTypes as readonly string[]).includes(type);
}

// ---- Record ids ---------------------------------------------------------------------------------------------------

/**
 * A record is keyed by (subject, reason) — the subject a case id, a grievance id, or `<project id>/<department id>`
 * for a deemed agreement — since before it had an id. Its id is that key in one URL-safe path segment:
 * `<subject with / as .>.<reason>` (e.g. `XN20260928-01M3JVV380QJJZT2T48YR1WNCY.DEEMED_APPROVAL`), so every record,
 * old ones included, has one without a migration. Subjects and department ids never contain a dot.
 */
export function accountabilityIdOf(caseId: string, reason: string): string {
  return `${caseId.replaceAll('/', '.')}.${reason}`;
}

export function accountabilityKeyOf(id: string): { caseId: string; reason: AccountabilityReason } | undefined {
  const at = id.lastIndexOf('.');
  if (at <= 0 || id.includes('/')) return undefined;
  const reason = id.slice(at + 1);
  if (!(accountabilityReasons as readonly string[]).includes(reason)) return undefined;
  const caseId = id.slice(0, at).replaceAll('.', '/');
  if (!/^[A-Za-z0-9_-]+(\/[A-Za-z0-9_-]+)?$/.test(caseId)) return undefined;
  return { caseId, reason: reason as AccountabilityReason };
}

/**
 * The investigation clock's execution: the id with its dots as `_` (execution names take letters, digits, `_` and
 * `-` only) and `-investigation`, e.g. `XN20260928-01M3JVV380QJJZT2T48YR1WNCY_DEEMED_APPROVAL-investigation`; at most
 * 80 characters, so a long id is replaced by a digest of it. The execution's input carries the id itself.
 */
export function investigationExecutionName(id: string): string {
  const name = `${id.replaceAll('.', '_')}-investigation`;
  if (name.length <= 80) return name;
  return `AC-${createHash('sha256').update(id).digest('hex').slice(0, 32)}-investigation`;
}

/**
 * A short public reference of a published record (its id names the application, which the public is not shown):
 * 12 letters of a digest of the id, no digit, so that nothing on the public route even looks like a phone number.
 */
export function publicRefOf(id: string): string {
  const hex = createHash('sha256').update(`xiaoneng:accountability:${id}`).digest('hex').slice(0, 12);
  return `AC-${[...hex].map((c) => String.fromCharCode(65 + Number.parseInt(c, 16))).join('')}`;
}

// ---- The policy (a deployment setting: functions/common/accountability-policy.ts) ---------------------------------

export interface Sanction {
  readonly code: string;
  readonly zh: string;
  readonly en: string;
}

export interface AccountabilityPolicy {
  /** The sanctions a decision may impose, lightest first; always includes NONE (found responsible, no sanction). */
  readonly sanctions: readonly Sanction[];
  /** The investigation's limit in working days: undecided then → escalated. */
  readonly investigationWorkingDays: number;
  /** Records of one department or officer in a quarter (dismissed ones not counted) that flag it for public handling. */
  readonly flagThreshold: number;
  /**
   * From which sanction on (in the list's order) the names of those found responsible are published; null: never
   * (the default — the public route names the department, never a person).
   */
  readonly publishNamesFrom: string | null;
}

export const defaultSanctions: readonly Sanction[] = [
  { code: 'NONE', zh: '不予处分', en: 'No sanction' },
  { code: 'CRITICISM', zh: '通报批评', en: 'Public criticism' },
  { code: 'WARNING', zh: '警告', en: 'Warning' },
  { code: 'DEMERIT', zh: '记过', en: 'Demerit' },
];

export const defaultAccountabilityPolicy: AccountabilityPolicy = {
  sanctions: defaultSanctions,
  investigationWorkingDays: 30,
  flagThreshold: 3,
  publishNamesFrom: null,
};

/**
 * 领导责任 (docs/supervision.md): the reasons for which the leader who signed for the department is answerable with
 * the handler. A deemed approval and a red card mean the department let a promise lapse under its leader's eye, and
 * a department silent in a joint approval is its leader's silence: for these a decision may not put the lapse on the
 * handler alone (HANDLER → 400); it finds the leader responsible (LEADER or BOTH), or nobody with reasons (NONE).
 */
export const leaderAnswerableReasons: readonly AccountabilityReason[] = [
  'DEEMED_APPROVAL',
  'RED_CARD',
  'DEEMED_AGREEMENT',
];

export function leaderAnswerable(reason: AccountabilityReason): boolean {
  return leaderAnswerableReasons.includes(reason);
}

/** What is wrong with a decision, by field (null when it may be recorded). */
export function decisionProblem(
  policy: AccountabilityPolicy,
  reason: AccountabilityReason,
  decision: { readonly responsibility: Responsibility; readonly sanction: string },
): { readonly field: 'body.responsibility' | 'body.sanction'; readonly reason: string } | null {
  if (!policy.sanctions.some((s) => s.code === decision.sanction)) {
    return {
      field: 'body.sanction',
      reason: `须为已配置的处理方式之一 must be one of the configured sanctions: ${policy.sanctions.map((s) => s.code).join(', ')}`,
    };
  }
  if (decision.responsibility === 'NONE' && decision.sanction !== 'NONE') {
    return {
      field: 'body.sanction',
      reason:
        '无人负有责任（responsibility NONE）时须为 NONE must be NONE when nobody is found responsible (responsibility NONE)',
    };
  }
  if (decision.responsibility === 'HANDLER' && leaderAnswerable(reason)) {
    return {
      field: 'body.responsibility',
      reason: `领导责任: the leader is answerable for a ${reason} record; choose LEADER, BOTH or NONE`,
    };
  }
  return null;
}

export function sanctionOf(policy: AccountabilityPolicy, code: string): Sanction {
  return policy.sanctions.find((s) => s.code === code) ?? { code, zh: code, en: code };
}

/** Whom a decision names: the handler, the leader or both, as the record holds them. */
export function answerableOf(
  record: { readonly handler: Officer; readonly leader: Officer },
  responsibility: Responsibility,
): { readonly role: 'HANDLER' | 'LEADER'; readonly id: string; readonly name: string }[] {
  const out: { role: 'HANDLER' | 'LEADER'; id: string; name: string }[] = [];
  if (responsibility === 'HANDLER' || responsibility === 'BOTH') out.push({ role: 'HANDLER', ...record.handler });
  if (responsibility === 'LEADER' || responsibility === 'BOTH') out.push({ role: 'LEADER', ...record.leader });
  return out;
}

/** Are names published for this sanction under the policy (at or above `publishNamesFrom` in the list)? */
export function namesPublished(policy: AccountabilityPolicy, sanction: string): boolean {
  if (policy.publishNamesFrom === null || sanction === 'NONE') return false;
  const from = policy.sanctions.findIndex((s) => s.code === policy.publishNamesFrom);
  const at = policy.sanctions.findIndex((s) => s.code === sanction);
  return from >= 0 && at >= from;
}

// ---- Flags for public handling (选择几个办事拖拉、"慢作为"的部门……进行公开处理) -------------------------------------

export interface Officer {
  readonly id: string;
  readonly name: string;
}

/** An officer a record names: a real account, not a placeholder such as `-` (a complaint naming nobody). */
export function isNamedOfficer(o: Officer | undefined): o is Officer {
  return o !== undefined && o.id !== '' && o.id !== '-';
}

/** A quarter `YYYY-Qn` as China-local dates, or why not. */
export function quarterOf(text: string): { from: IsoDate; to: IsoDate; year: string } | { error: string } {
  const m = /^(\d{4})-Q([1-4])$/.exec(text);
  if (!m) return { error: 'must be a quarter such as 2026-Q4' };
  const year = m[1] as string;
  const q = Number(m[2]);
  const lastMonth = q * 3;
  const lastDay = new Date(Date.UTC(Number(year), lastMonth, 0)).getUTCDate();
  const pad = (n: number) => String(n).padStart(2, '0');
  return { year, from: `${year}-${pad(lastMonth - 2)}-01`, to: `${year}-${pad(lastMonth)}-${pad(lastDay)}` };
}

/** The quarter (`YYYY-Qn`) a China-local date falls in. */
export function quarterOfDate(date: IsoDate): string {
  return `${date.slice(0, 4)}-Q${Math.floor((Number(date.slice(5, 7)) - 1) / 3) + 1}`;
}

export interface FlaggableRecord {
  readonly id: string;
  readonly departmentId: string;
  readonly handler: Officer;
  readonly leader: Officer;
  /** When the lapse was recorded (ISO 8601 +08:00: its first ten characters are the China-local date). */
  readonly at: string;
  readonly status: AccountabilityStatus;
}

export interface Flag {
  readonly kind: 'DEPARTMENT' | 'OFFICER';
  readonly departmentId: string;
  readonly officer: Officer | null;
  readonly records: number;
  readonly ids: readonly string[];
}

/**
 * The departments and officers with at least `threshold` records recorded in the quarter, most first: counted by
 * when the lapse was recorded, every status but DISMISSED (a dismissed record was found unfounded). An officer counts
 * a record that names them as handler or leader, in the record's department.
 */
export function flagsOf(
  records: readonly FlaggableRecord[],
  quarter: { from: IsoDate; to: IsoDate },
  threshold: number,
): Flag[] {
  const inQuarter = records.filter((r) => {
    const day = r.at.slice(0, 10);
    return r.status !== 'DISMISSED' && day >= quarter.from && day <= quarter.to;
  });
  const units = new Map<string, { kind: Flag['kind']; departmentId: string; officer: Officer | null; ids: string[] }>();
  const add = (key: string, unit: Omit<Flag, 'records' | 'ids'>, id: string) => {
    const found = units.get(key) ?? { ...unit, ids: [] };
    if (!found.ids.includes(id)) found.ids.push(id);
    units.set(key, found);
  };
  for (const r of inQuarter) {
    add(`D#${r.departmentId}`, { kind: 'DEPARTMENT', departmentId: r.departmentId, officer: null }, r.id);
    for (const o of [r.handler, r.leader]) {
      if (isNamedOfficer(o)) add(`O#${o.id}`, { kind: 'OFFICER', departmentId: r.departmentId, officer: o }, r.id);
    }
  }
  return [...units.values()]
    .map((u) => ({ ...u, records: u.ids.length }))
    .filter((u) => u.records >= threshold)
    .sort(
      (a, b) => b.records - a.records || a.kind.localeCompare(b.kind) || a.departmentId.localeCompare(b.departmentId),
    );
}
