import { now } from '../common/clock.ts';
import { problems } from '../common/problem.ts';
import { grievancePending, owedLight } from '../domain/owed.ts';
import { currentCalendar } from '../store/calendar.ts';
import { type GrievanceListScope, grievancesPage } from '../store/grievances.ts';
import { departmentOf } from './grievance-access.ts';
import { httpHandler, requireIdentity } from './handler.ts';
import { grievancesListRoute } from './routes/grievances.ts';

/**
 * Grievances a page at a time, newest first: supervision's every one (filterable by status and kind), a department's
 * staff those assigned to it, an applicant their own. Each entry is plain — substance, stage, deadline, light — and
 * never says who filed it, whoever asks (the complainant's identity is on the grievance's own page, for those who may
 * see it).
 */
export const handler = httpHandler(grievancesListRoute, async (request) => {
  const identity = requireIdentity(request);
  const { limit, cursor, status, kind } = request.query;
  let scope: GrievanceListScope;
  if (identity.role === 'supervisor') scope = { all: true };
  else if (identity.role === 'applicant') scope = { complainant: identity.sub };
  else if (identity.department) scope = { department: identity.department };
  else throw problems.forbidden('查看部门列表须在令牌中注明部门 A department list needs a department in the token.');
  const [page, calendar] = await Promise.all([
    grievancesPage(scope, { limit, cursor, status, kind }),
    currentCalendar(),
  ]);
  if ('invalidCursor' in page) {
    throw problems.invalid([
      {
        field: 'query.cursor',
        reason: '须为本列表上一页返回的 `next` 值 must be the `next` value of the previous page of this list',
      },
    ]);
  }
  const at = now();
  const grievances = page.items.map((g) => {
    const pending = grievancePending(g);
    const light = pending ? owedLight(pending, at, calendar) : undefined;
    return {
      id: g.id,
      kind: g.kind,
      status: g.status,
      departmentId: departmentOf(g) || null,
      summary: g.summary,
      caseId: g.caseId ?? null,
      anonymous: g.anonymous,
      createdAt: g.createdAt,
      stage: pending?.stage ?? null,
      deadline: pending?.deadline ?? null,
      deadlineDate: pending?.deadlineDate ?? null,
      unit: g.unit,
      light: light?.light ?? null,
      remainingDays: light?.remainingDays ?? null,
      supervisionDeadline: pending?.supervisionDeadline ?? null,
      substantiated: g.findings?.substantiated ?? null,
    };
  });
  return { status: 200, body: { grievances, next: page.next } };
});
