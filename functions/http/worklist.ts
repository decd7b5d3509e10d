import { now } from '../common/clock.ts';
import { enforcementPolicy } from '../common/enforcement-policy.ts';
import { problems } from '../common/problem.ts';
import { inspectionOwed } from '../domain/enforcement.ts';
import { type Light, lightOf, lightRank } from '../domain/lights.ts';
import { grievanceOwed, type Owed, owedLight, rectificationOwed } from '../domain/owed.ts';
import { endOfShanghaiDay, shanghaiDateOf, startOfShanghaiDay, toShanghaiIso } from '../domain/time.ts';
import { problemOwed, problemSubjectOf } from '../domain/visit.ts';
import { currentCalendar } from '../store/calendar.ts';
import { openCasesOf } from '../store/cases.ts';
import { openInspectionsOf } from '../store/enforcement.ts';
import { owedGrievancesOf } from '../store/grievances.ts';
import { owedRectificationsOf } from '../store/ratings.ts';
import { owedVisitsOf } from '../store/visits.ts';
import { httpHandler, requireIdentity } from './handler.ts';
import { worklistRoute } from './routes/worklist.ts';

/** One line of the mixed worklist: a case, a grievance or a bad review's rectification, with its light. */
interface Entry {
  readonly kind:
    | 'CASE'
    | 'GRIEVANCE'
    | 'RECTIFICATION'
    | 'VISIT_PROBLEM'
    // Law-enforcement inspections (docs/enforcement.md#in-the-worklist): a plan to approve, a filed one to record.
    | 'INSPECTION_APPROVAL'
    | 'INSPECTION_RECORD';
  readonly id: string;
  readonly status: string;
  readonly departmentId: string;
  /** What to show: the item's name (a case, a rectification) or the grievance's summary. */
  readonly title: string;
  readonly itemName: string | null;
  readonly summary: string | null;
  readonly grievanceKind: string | null;
  readonly caseId: string | null;
  /** The stage owed: APPROVAL / INTAKE_REVIEW for a case, HANDLE / REVIEW, CONTACT / RECTIFY. */
  readonly stage: string | null;
  readonly deadline: string | null;
  readonly deadlineDate: string | null;
  readonly unit: 'WORKING_DAYS' | 'CALENDAR_DAYS';
  readonly light: Light | null;
  readonly remainingDays: number | null;
  readonly supervisionDeadline: string | null;
  /** A case of a green-channel project (docs/green-channel.md): first among entries of equal urgency. */
  readonly greenChannel: boolean;
}

/**
 * Staff: their department's open cases — received for review, waiting for materials, accepted, overdue — most urgent
 * first: red cards, red, yellow, green, then those without a running clock, each group by its nearest limit. Beside
 * them (`entries`, docs/web.md): the same cases, the grievances assigned to the department it owes a stage on, and its
 * bad reviews awaiting contact or rectification, in one list by the same order. At equal urgency (the same light) a
 * green-channel project's case comes first (`greenChannel`, docs/green-channel.md). Never who filed a grievance.
 */
export const handler = httpHandler(worklistRoute, async (request) => {
  const identity = requireIdentity(request);
  const department = identity.department;
  if (!department) throw problems.forbidden('待办列表须属于某个部门 A worklist belongs to a department.');
  const at = now();
  const thisYear = Number(shanghaiDateOf(at).slice(0, 4));
  const [cases, grievances, ratings, calendar, visits, inspections] = await Promise.all([
    openCasesOf(department),
    owedGrievancesOf(department),
    owedRectificationsOf(department),
    currentCalendar(),
    owedVisitsOf(department),
    // Plans are for up to a year ahead; a filed one may be left unrecorded from last year.
    openInspectionsOf(department, [thisYear - 1, thisYear, thisYear + 1].map(String)),
  ]);
  const rows = cases.map((c) => {
    const light = lightOf(c, at, calendar);
    return {
      id: c.id,
      status: c.status,
      itemCode: c.itemCode,
      itemName: c.itemName,
      applicant: c.applicant.name,
      receivedAt: c.receivedAt,
      deadline: c.deadline ?? null,
      reviewDeadline: c.reviewDeadline ?? null,
      /** An overdue case's supervision deadline (督办期限): still open then → red card. */
      supervisionDeadline: c.supervision?.deadline ?? null,
      light: light?.light ?? null,
      remainingWorkingDays: light?.remainingWorkingDays ?? null,
      projectId: c.projectId ?? null,
      greenChannel: c.greenChannel === true,
      limit: c.deadlineAt ?? c.reviewDeadlineAt ?? c.receivedAt,
    };
  });
  // Most urgent first (the light); at equal urgency a green-channel case first (优先办事), then the nearest limit.
  const byUrgency = <T extends { light: Light | null; limit: string; greenChannel: boolean }>(a: T, b: T) =>
    (a.light ? lightRank[a.light] : 4) - (b.light ? lightRank[b.light] : 4) ||
    Number(b.greenChannel) - Number(a.greenChannel) ||
    a.limit.localeCompare(b.limit);
  rows.sort(byUrgency);

  const owedEntry = (
    owed: Owed,
    fields: Omit<
      Entry,
      | 'stage'
      | 'deadline'
      | 'deadlineDate'
      | 'unit'
      | 'light'
      | 'remainingDays'
      | 'supervisionDeadline'
      | 'greenChannel'
    >,
  ) => {
    const { light, remainingDays } = owedLight(owed, at, calendar);
    return {
      ...fields,
      stage: owed.stage,
      deadline: owed.deadline,
      deadlineDate: owed.deadlineDate,
      unit: owed.unit,
      light,
      remainingDays,
      supervisionDeadline: owed.supervisionDeadline ?? null,
      greenChannel: false,
      limit: owed.deadlineAt,
    };
  };
  const caseById = new Map(cases.map((c) => [c.id, c]));
  const entries: (Entry & { limit: string })[] = [
    ...rows.map((r) => {
      const c = caseById.get(r.id);
      return {
        kind: 'CASE' as const,
        id: r.id,
        status: r.status,
        departmentId: department,
        title: r.itemName,
        itemName: r.itemName,
        summary: null,
        grievanceKind: null,
        caseId: r.id,
        stage: c?.deadlineAt ? 'APPROVAL' : c?.reviewDeadlineAt ? 'INTAKE_REVIEW' : null,
        deadline: r.deadline ?? r.reviewDeadline,
        deadlineDate: (c?.deadlineAt && c.deadlineDate) || null,
        unit: 'WORKING_DAYS' as const,
        light: r.light,
        remainingDays: r.remainingWorkingDays,
        supervisionDeadline: r.supervisionDeadline,
        greenChannel: r.greenChannel,
        limit: r.limit,
      };
    }),
    ...grievances.flatMap((g) => {
      const owed = grievanceOwed(g);
      // Informer protection: only the substance and the deadlines, never who filed it.
      return owed
        ? [
            owedEntry(owed, {
              kind: 'GRIEVANCE',
              id: g.id,
              status: g.status,
              departmentId: department,
              title: g.summary,
              itemName: null,
              summary: g.summary,
              grievanceKind: g.kind,
              caseId: g.caseId ?? null,
            }),
          ]
        : [];
    }),
    ...ratings.flatMap((r) => {
      const owed = rectificationOwed(r);
      return owed
        ? [
            owedEntry(owed, {
              kind: 'RECTIFICATION',
              id: r.id,
              status: r.status ?? 'AWAITING_CONTACT',
              departmentId: department,
              title: r.itemName,
              itemName: r.itemName,
              summary: null,
              grievanceKind: null,
              caseId: r.caseId,
            }),
          ]
        : [];
    }),
    // Problems found on inspection visits (明察暗访) still to be reported rectified: the head reports each.
    ...visits.flatMap((v) =>
      v.problems.filter(problemOwed).map((p) =>
        owedEntry(
          {
            stage: 'RECTIFY',
            deadline: p.rectifyBy,
            deadlineDate: p.rectifyByDate,
            deadlineAt: p.rectifyByAt,
            unit: 'WORKING_DAYS',
            limit: p.workingDays,
            overdue: p.status === 'OVERDUE',
          },
          {
            kind: 'VISIT_PROBLEM',
            id: problemSubjectOf(v.id, p.id),
            status: p.status,
            departmentId: department,
            title: p.description,
            itemName: null,
            summary: p.description,
            grievanceKind: null,
            // The visit's id: where the problem is read and reported.
            caseId: v.id,
          },
        ),
      ),
    ),
    // Law-enforcement inspections (docs/enforcement.md#in-the-worklist): no clock runs on a plan, its light is read
    // from its dates — a plan awaiting the head's approval, a filed one to record once its date has come.
    ...inspections.flatMap((i) => {
      const today = shanghaiDateOf(at);
      const owed = inspectionOwed(i, enforcementPolicy(), today);
      if (!owed) return [];
      return [
        {
          kind: owed.stage === 'PLAN_APPROVAL' ? ('INSPECTION_APPROVAL' as const) : ('INSPECTION_RECORD' as const),
          id: i.id,
          status: i.status,
          departmentId: department,
          title: `${i.enterprise.name}：${i.purpose}`,
          itemName: null,
          summary: i.purpose,
          grievanceKind: null,
          caseId: null,
          stage: owed.stage,
          // GREEN: the planned instant (approve before it); after: the end of the window's last day.
          deadline: owed.light === 'GREEN' ? i.plannedAt : toShanghaiIso(endOfShanghaiDay(owed.deadlineDate)),
          deadlineDate: owed.deadlineDate,
          unit: 'CALENDAR_DAYS' as const,
          light: owed.light,
          remainingDays: owed.remainingDays,
          supervisionDeadline: null,
          greenChannel: false,
          // UTC, as the other entries' limits, for the order.
          limit: startOfShanghaiDay(owed.deadlineDate).toISOString(),
        },
      ];
    }),
  ];
  entries.sort(byUrgency);
  return {
    status: 200,
    body: {
      departmentId: department,
      cases: rows.map(({ limit: _l, ...row }) => row),
      entries: entries.map(({ limit: _l, ...entry }) => entry),
    },
  };
});
