/**
 * What the caller may do to a case now, and why not: the case page shows every action, the refused ones disabled with
 * their reason. It says what the API will answer — the same rules the handlers apply, in the same terms:
 *
 * - who: the route's roles (functions/http/routes.ts) and their scope (a department's staff, the applicant's own case);
 * - what state: the handler's check (functions/http/applications-*.ts) and the store's condition (functions/store/
 *   cases.ts: a move that must happen before the deadline carries `deadlineAt > now`).
 *
 * What only the request body decides (an extension longer than the item allows, a notice naming no defect) is not
 * known here: such an action is allowed, and the API's 422 says what is wrong with the form. A race lost between this
 * answer and the call (another reviewer decided first) answers 409 as always.
 * Pure: the caller passes the case, who is asking, and now.
 */

import { type CaseStatus, checkDecision, hasExpired, withdrawableStatuses } from './case.ts';

export const caseActions = [
  'decide',
  'suspend',
  'resume',
  'extension',
  'approveExtension',
  'notice',
  'accept',
  'materials',
  'withdraw',
  'review',
] as const;
export type CaseAction = (typeof caseActions)[number];

export interface Bilingual {
  readonly zh: string;
  readonly en: string;
}

export interface ActionAnswer {
  readonly action: CaseAction;
  readonly allowed: boolean;
  /** Why not, in words (present exactly when not allowed). */
  readonly reason?: Bilingual;
}

/** The fields of a case the rules read (the store's CaseRecord has them all). */
export interface ActionCase {
  readonly status: CaseStatus;
  readonly departmentId: string;
  readonly applicantSub?: string;
  /** The deadline as a UTC ISO instant (what the store's conditions compare). */
  readonly deadlineAt?: string;
  readonly extension?: { readonly status: 'PENDING' | 'APPROVED' };
  readonly pauses?: readonly { readonly to?: string }[];
  readonly review?: { readonly verdict: string };
}

export type ActionRole = 'applicant' | 'clerk' | 'reviewer' | 'head' | 'supervisor' | 'admin' | 'representative';

export interface ActionCaller {
  readonly role: ActionRole;
  readonly sub: string;
  readonly department?: string;
}

/** Who may call each action's route (functions/http/routes.ts `access`), and how far they reach. */
const whoMay: Readonly<Record<CaseAction, Partial<Record<ActionRole, 'department' | 'own' | 'all'>>>> = {
  decide: { reviewer: 'department' },
  suspend: { reviewer: 'department' },
  resume: { reviewer: 'department' },
  extension: { reviewer: 'department' },
  approveExtension: { head: 'department' },
  notice: { clerk: 'department' },
  accept: { clerk: 'department' },
  materials: { applicant: 'own', clerk: 'department' },
  withdraw: { applicant: 'own' },
  review: { supervisor: 'all' },
};

const roleNames: Readonly<Record<ActionRole, Bilingual>> = {
  applicant: { zh: '申请人', en: 'the applicant' },
  clerk: { zh: '窗口人员', en: 'a window clerk' },
  reviewer: { zh: '审核人', en: 'a reviewer' },
  head: { zh: '部门负责人', en: 'the department head' },
  supervisor: { zh: '监察人员', en: 'a supervisor' },
  admin: { zh: '管理员', en: 'an administrator' },
  representative: { zh: '评议代表', en: 'a representative' },
};

const doing: Readonly<Record<CaseAction, Bilingual>> = {
  decide: { zh: '作出决定', en: 'decide a case' },
  suspend: { zh: '暂停计时', en: 'pause the clock' },
  resume: { zh: '恢复计时', en: 'resume the clock' },
  extension: { zh: '申请延期', en: 'request an extension' },
  approveExtension: { zh: '批准延期', en: 'approve an extension' },
  notice: { zh: '出具一次性告知', en: 'give the one-time notice' },
  accept: { zh: '受理', en: 'accept papers received for review' },
  materials: { zh: '提交补正材料', en: 'submit materials after a notice' },
  withdraw: { zh: '撤回申请', en: 'withdraw the application' },
  review: { zh: '复查超时默认许可', en: 'review a deemed approval' },
};

const statusNames: Readonly<Record<CaseStatus, Bilingual>> = {
  RECEIVED: { zh: '已收件待受理', en: 'received for review' },
  MATERIALS_REQUIRED: { zh: '待补正材料', en: 'waiting for materials' },
  ACCEPTED: { zh: '已受理', en: 'accepted' },
  SUSPENDED: { zh: '暂停计时中', en: 'paused' },
  APPROVED: { zh: '已准予许可', en: 'approved' },
  REJECTED: { zh: '已不予许可', en: 'rejected' },
  DEEMED_APPROVED: { zh: '已超时默认许可', en: 'deemed approved' },
  OVERDUE: { zh: '已超期督办', en: 'overdue, under supervision' },
  WITHDRAWN: { zh: '已撤回', en: 'withdrawn' },
  REVOKED: { zh: '已撤销', en: 'revoked' },
};

function isIn(status: CaseStatus): Bilingual {
  const name = statusNames[status];
  return { zh: `案件${name.zh}`, en: `the case is ${name.en}` };
}

function join(first: Bilingual, second: Bilingual): Bilingual {
  return { zh: `${first.zh}：${second.zh}。`, en: `${capital(first.en)}: ${second.en}.` };
}

function capital(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

const deadlinePassed: Bilingual = {
  zh: '承诺时限已届满，由超时规则处理',
  en: 'the deadline has passed and the expiry rule applies',
};

/** Who is refused before anything about the case is read: the role, then the reach of the role. */
function refusedCaller(action: CaseAction, c: ActionCase, caller: ActionCaller): Bilingual | undefined {
  const scope = whoMay[action][caller.role];
  if (!scope) {
    const allowed = Object.keys(whoMay[action]) as ActionRole[];
    return {
      zh: `只有${allowed.map((r) => roleNames[r].zh).join('或')}可以${doing[action].zh}。`,
      en: `Only ${allowed.map((r) => roleNames[r].en).join(' or ')} may ${doing[action].en}.`,
    };
  }
  if (scope === 'department' && caller.department !== c.departmentId)
    return { zh: '案件不属于您的部门。', en: 'The case belongs to another department.' };
  if (scope === 'own' && caller.sub !== c.applicantSub)
    return { zh: '这不是您本人提交的申请。', en: 'This is not an application you submitted.' };
  return undefined;
}

/** Why the case, as it is now, refuses the action (undefined: the action would be carried out). */
function refusedState(action: CaseAction, c: ActionCase, now: Date): Bilingual | undefined {
  const expired = c.deadlineAt !== undefined && hasExpired(new Date(c.deadlineAt), now);
  const what = doing[action];
  switch (action) {
    case 'decide': {
      const check = checkDecision(c.status, c.deadlineAt ? new Date(c.deadlineAt) : undefined, now);
      if (check.ok) return undefined;
      if (check.reason === 'DEADLINE_PASSED') return join(what, deadlinePassed);
      if (check.reason === 'DEEMED_APPROVED')
        return join(what, {
          zh: '案件已超时默认许可，由监察复查',
          en: 'the case was deemed approved; supervision reviews it',
        });
      if (c.status === 'SUSPENDED')
        return join(what, { zh: '案件暂停计时中，请先恢复计时', en: 'the case is paused; resume it first' });
      return join(what, isIn(c.status));
    }
    case 'suspend':
      if (c.status === 'SUSPENDED')
        return join(what, {
          zh: '案件已在暂停中，暂停不能重叠',
          en: 'the case is already paused; pauses cannot overlap',
        });
      if (c.status !== 'ACCEPTED')
        return join(what, {
          zh: `只有正在计时的案件可以暂停，${isIn(c.status).zh}`,
          en: `only a running clock can be paused and ${isIn(c.status).en}`,
        });
      if (expired)
        return join(what, {
          zh: '承诺时限已届满，不能再暂停',
          en: 'the deadline has passed; a pause cannot start after it',
        });
      return undefined;
    case 'resume':
      if (c.status !== 'SUSPENDED' || !c.pauses?.length || c.pauses.at(-1)?.to !== undefined)
        return join(what, {
          zh: `案件未暂停，${isIn(c.status).zh}`,
          en: `the case is not paused (${statusNames[c.status].en})`,
        });
      return undefined;
    case 'extension':
      if (c.extension)
        return join(what, {
          zh:
            c.extension.status === 'PENDING'
              ? '延期申请已提出，待负责人批准；法律只允许延期一次'
              : '案件已延期一次，法律只允许一次',
          en:
            c.extension.status === 'PENDING'
              ? 'an extension was requested and awaits the head; the law allows one'
              : 'the case already had its one extension; the law allows one',
        });
      if (c.status !== 'ACCEPTED')
        return join(what, {
          zh: `只有正在计时的案件可以延期，${isIn(c.status).zh}`,
          en: `only a running clock can be extended and ${isIn(c.status).en}`,
        });
      if (expired) return join(what, deadlinePassed);
      return undefined;
    case 'approveExtension':
      if (c.extension?.status === 'APPROVED')
        return join(what, { zh: '延期已批准', en: 'the extension is already approved' });
      if (c.extension?.status !== 'PENDING')
        return join(what, { zh: '没有待批准的延期申请', en: 'no extension awaits approval' });
      if (c.status !== 'ACCEPTED') return join(what, isIn(c.status));
      if (expired) return join(what, deadlinePassed);
      return undefined;
    case 'notice':
    case 'accept':
      if (c.status !== 'RECEIVED')
        return join(what, {
          zh: `只有已收件待受理的案件可以${what.zh}，${isIn(c.status).zh}`,
          en: `only papers received for review can be answered so, and ${isIn(c.status).en}`,
        });
      return undefined;
    case 'materials':
      if (c.status !== 'MATERIALS_REQUIRED')
        return join(what, {
          zh: `案件不在等待补正材料，${isIn(c.status).zh}`,
          en: `the case is not waiting for materials (${statusNames[c.status].en})`,
        });
      return undefined;
    case 'withdraw':
      if (!withdrawableStatuses.includes(c.status))
        return join(what, {
          zh: `已无可撤回的申请，${isIn(c.status).zh}`,
          en: `there is nothing left to withdraw: ${isIn(c.status).en}`,
        });
      if (c.status === 'ACCEPTED' && expired)
        return join(what, {
          zh: '承诺时限已届满，不能再撤回',
          en: 'the deadline has passed; it can no longer be withdrawn',
        });
      return undefined;
    case 'review':
      if (c.review) return join(what, { zh: '该默认许可已复查', en: 'the deemed approval was already reviewed' });
      if (c.status !== 'DEEMED_APPROVED')
        return join(what, {
          zh: `只有超时默认许可需要复查，${isIn(c.status).zh}`,
          en: `only a deemed approval is reviewed, and ${isIn(c.status).en}`,
        });
      return undefined;
  }
}

/** Every action, allowed or not (with why not), for this caller on this case at `now`. */
export function actionsFor(c: ActionCase, caller: ActionCaller, now: Date): ActionAnswer[] {
  return caseActions.map((action) => {
    const reason = refusedCaller(action, c, caller) ?? refusedState(action, c, now);
    return reason ? { action, allowed: false, reason } : { action, allowed: true };
  });
}
