import { ulid } from 'ulid';
import { summarise, windowState } from '../domain/appraisal.ts';
import {
  addCounters,
  type BaselineFacts,
  type Contribution,
  type Counters,
  definitionsVersion,
  type ItemFacts,
  immediateShareOfItems,
  type Metrics,
  metricDefinitions,
  metricsOf,
  type Period,
  referralContributions,
  scorecard,
  type Target,
  type TargetName,
  type Unit,
  type UnitKind,
  unitKey,
} from '../domain/evaluation.ts';
import { completeness, type Text } from '../domain/guide.ts';
import { addDays, endOfShanghaiDay, type IsoDate, shanghaiDateOf, toShanghaiIso } from '../domain/time.ts';
import { ratingsOfYear } from '../store/appraisals.ts';
import {
  type CatalogItem,
  type DepartmentRecord,
  listBaselines,
  listDepartments,
  listItems,
  listRevisions,
} from '../store/catalog.ts';
import {
  latestSnapshot,
  readTallies,
  referralsOfDay,
  type SnapshotHead,
  type SnapshotUnit,
  saveSnapshot,
  snapshotHead,
  snapshotRevisions,
  snapshotUnits,
  type Trigger,
} from '../store/evaluations.ts';
import { appraisalPolicy } from './appraisal-policy.ts';
import { now } from './clock.ts';

export type { Trigger } from '../store/evaluations.ts';

/**
 * An evaluation (效能评估) of a period: the per-day tallies of its days (functions/store/evaluations.ts, kept from the
 * Cases stream) and its days' referrals, summed per unit into the domain's metrics; the catalogue as it stood at the
 * end of the period; the campaign scorecard against the recorded baselines. Each run is saved as an immutable
 * revision (a head and one item per unit); the readers below serve the HTTP routes from the latest one.
 */

/** A period as evaluated: month-to-date runs say `complete: false`. */
export type EvaluatedPeriod = Period & { readonly complete?: boolean };

export type MetricsRow = Metrics & Record<string, unknown>;

/** The public view (GET /v1/evaluations/{period}): centre, departments, items, scorecard, definitions, revisions. */
export interface EvaluationView {
  readonly period: string;
  readonly kind: Period['kind'];
  readonly name: Text;
  readonly from: IsoDate;
  readonly to: IsoDate;
  readonly complete: boolean;
  /** The last day counted (the period's end, or yesterday for a period still running). */
  readonly through: IsoDate;
  readonly revision: number;
  readonly generatedAt: string;
  readonly generatedBy: string;
  readonly trigger: Trigger;
  readonly definitionsVersion: number;
  readonly centre: Metrics;
  readonly departments: readonly ({
    departmentId: string;
    name: Text | null;
    immediateShareOfItems: number | null;
  } & Metrics)[];
  readonly items: readonly ({ itemCode: string; name: Text | null; departmentId: string | null } & Metrics)[];
  readonly targets: Record<TargetName, Target>;
  readonly definitions: Record<string, { readonly name: Text; readonly definition: string }>;
  readonly revisions: readonly { revision: number; generatedAt: string; generatedBy: string; trigger?: Trigger }[];
}

/** Supervision's view (GET /v1/evaluations/{period}/officers): officers and windows, of one department if asked. */
export interface OfficersView {
  readonly period: string;
  readonly revision: number;
  readonly generatedAt: string;
  readonly officers: readonly ({ officer: string; name: string | null; departmentId: string | null } & Metrics)[];
  readonly windows: readonly ({ windowId: string; name: Text | null; departmentId: string | null } & Metrics)[];
}

/**
 * The catalogue's items as they stood at `instant`: each item's latest revision made at or before it; items created
 * after it are left out. Reads the current items (one index query) and the revisions only of items revised since.
 */
export async function itemsAsOf(instant: Date): Promise<CatalogItem[]> {
  const at = instant.getTime();
  const out: CatalogItem[] = [];
  for (const item of await listItems()) {
    if (Date.parse(item.revisedAt) <= at) {
      out.push(item);
      continue;
    }
    const history = (await listRevisions('ITEM', item.code)) as unknown as CatalogItem[];
    const then = history.filter((r) => Date.parse(r.revisedAt) <= at).at(-1);
    if (then) out.push(then);
  }
  return out;
}

function itemFacts(item: CatalogItem): ItemFacts {
  return {
    code: item.code,
    departmentId: item.departmentId,
    status: item.status,
    handlingMode: item.handlingMode,
    legalLimitDays: item.legalLimitDays,
    promisedLimitDays: item.promisedLimitDays,
    guideComplete: completeness(item).complete,
  };
}

/** A run's moment: the same scheduled time, or the same instant, is the same run (idempotency per period and moment). */
function sameMoment(a: { generatedAt: string; trigger: Trigger }, b: { generatedAt: string; trigger: Trigger }) {
  if (a.trigger.kind === 'SCHEDULE' && b.trigger.kind === 'SCHEDULE') {
    return a.trigger.schedule === b.trigger.schedule && a.trigger.scheduledTime === b.trigger.scheduledTime;
  }
  return a.generatedAt === b.generatedAt;
}

const UNIT_KINDS = ['DEPARTMENT', 'WINDOW', 'OFFICER', 'ITEM'] as const;
/** Days whose referrals are read at once (one Query each on the `byDay` index). */
const REFERRAL_DAYS_IN_PARALLEL = 8;

/**
 * Evaluates `period` now and saves the result as a new revision, unless the period already has a revision of this
 * moment (the same instant, or the same schedule's same scheduled time): that one is answered and nothing is written.
 */
export async function evaluate(period: EvaluatedPeriod, trigger: Trigger): Promise<EvaluationView> {
  const at = now();
  const generatedAt = toShanghaiIso(at);
  const moment = { generatedAt, trigger };
  const revisions = await snapshotRevisions(period.id);
  const earlier = revisions.find((r) => sameMoment(r, moment));
  if (earlier) return (await viewOf(period.id, earlier.revision)) as EvaluationView;

  const today = shanghaiDateOf(at);
  const through = period.to < today ? period.to : addDays(today, -1);
  const complete = period.complete ?? period.to < today;
  const [tallies, referrals, items, departments, baselines, appraisal] = await Promise.all([
    through >= period.from ? readTallies(period.from, through) : { rows: [], itemsRead: 0 },
    referralsOf(period.from, through),
    itemsAsOf(endOfShanghaiDay(period.to)),
    listDepartments(),
    listBaselines(),
    period.kind === 'YEAR' ? appraisalOf(Number(period.id), today) : undefined,
  ]);

  const sums = new Map<string, { unit: Unit; counters: Counters }>();
  const add = (unit: Unit, counters: Counters) => {
    const key = unitKey(unit);
    const seen = sums.get(key);
    sums.set(key, {
      unit: seen?.unit.name ? seen.unit : unit,
      counters: seen ? addCounters(seen.counters, counters) : counters,
    });
  };
  for (const row of tallies.rows) add(row.unit, row.counters);
  for (const c of referrals) add(c.unit, c.counters);
  const metricsOfUnit = (kind: UnitKind, id: string) => metricsOf(sums.get(`${kind}#${id}`)?.counters ?? {});
  const ofKind = (kind: UnitKind) => [...sums.values()].filter((s) => s.unit.kind === kind).map((s) => s.unit);

  const facts = items.map(itemFacts);
  const departmentById = new Map<string, DepartmentRecord>(departments.map((d) => [d.id, d]));
  const itemByCode = new Map(items.map((i) => [i.code, i]));
  const departmentIds = new Set([...departments.map((d) => d.id), ...ofKind('DEPARTMENT').map((u) => u.id)]);
  const itemCodes = new Set([
    ...items.filter((i) => i.status === 'PUBLISHED').map((i) => i.code),
    ...ofKind('ITEM').map((u) => u.id),
  ]);
  const units: SnapshotUnit[] = [
    ...[...departmentIds].sort().map((id) => ({
      kind: 'DEPARTMENT' as const,
      id,
      row: {
        departmentId: id,
        name: departmentById.get(id)?.name ?? null,
        ...metricsOfUnit('DEPARTMENT', id),
        immediateShareOfItems: immediateShareOfItems(facts.filter((f) => f.departmentId === id)),
        // The year's public appraisal (公开评议) feeds the annual assessment: a year's rows only (v5).
        ...(appraisal ? { appraisal: appraisal.of(id) } : {}),
      },
    })),
    ...ofKind('WINDOW').map((u) => {
      const [departmentId = '', windowId = ''] = u.id.split('/');
      const window = departmentById.get(departmentId)?.windows.find((w) => w.id === windowId);
      return {
        kind: 'WINDOW' as const,
        id: u.id,
        row: { windowId: u.id, name: window?.name ?? null, departmentId, ...metricsOfUnit('WINDOW', u.id) },
      };
    }),
    ...ofKind('OFFICER').map((u) => ({
      kind: 'OFFICER' as const,
      id: u.id,
      row: {
        officer: u.id,
        name: u.name ?? null,
        departmentId: u.departmentId ?? null,
        ...metricsOfUnit('OFFICER', u.id),
      },
    })),
    ...[...itemCodes].sort().map((code) => {
      const item = itemByCode.get(code);
      const unit = sums.get(`ITEM#${code}`)?.unit;
      return {
        kind: 'ITEM' as const,
        id: code,
        row: {
          itemCode: code,
          name: item?.name ?? (unit?.name ? { zh: unit.name, en: unit.name } : null),
          departmentId: item?.departmentId ?? unit?.departmentId ?? null,
          ...metricsOfUnit('ITEM', code),
        },
      };
    }),
  ];
  const baselineFacts: BaselineFacts[] = baselines.map((b) => ({
    code: b.code,
    handlingMode: b.handlingMode,
    legalLimitDays: b.legalLimitDays,
    promisedLimitDays: b.promisedLimitDays,
    ...(b.guideComplete !== undefined ? { guideComplete: b.guideComplete } : {}),
  }));
  const runId = ulid();
  const body = {
    period: period.id,
    runId,
    kind: period.kind,
    name: period.name,
    from: period.from,
    to: period.to,
    complete,
    through,
    generatedAt,
    generatedBy: trigger.kind === 'SCHEDULE' ? `schedule:${trigger.schedule}` : trigger.by,
    trigger,
    definitionsVersion,
    centre: metricsOfUnit('CENTRE', 'centre'),
    targets: scorecard(baselineFacts, facts),
    definitions: metricDefinitions,
    unitCounts: Object.fromEntries(UNIT_KINDS.map((k) => [k, units.filter((u) => u.kind === k).length])),
    // How many tally items this run read: the evaluation reads its period's days, never the history (the bench).
    tallyItemsRead: tallies.itemsRead,
  };

  let latest = Math.max(0, ...revisions.map((r) => r.revision));
  for (let first = true; ; first = false) {
    const head: SnapshotHead = { ...body, revision: latest + 1 };
    if (await saveSnapshot(head, first ? units : undefined)) {
      return view(head, units, [...revisions, head]);
    }
    // A concurrent run took the revision: if it was this moment's, its snapshot is the answer; else take the next.
    const current = await snapshotRevisions(period.id);
    const same = current.find((r) => sameMoment(r, moment));
    if (same) return (await viewOf(period.id, same.revision)) as EvaluationView;
    latest = Math.max(latest + 1, ...current.map((r) => r.revision));
  }
}

/**
 * The year-end appraisal of `year` as the year's evaluation carries it per department (docs/evaluation.md, v5): the
 * number of ratings, the weighted total and grade (null below the policy's minimum), and whether the appraisal's
 * window had closed when the evaluation ran (`final`; a run before its close shows the ratings so far).
 */
async function appraisalOf(year: number, today: IsoDate) {
  const policy = appraisalPolicy();
  const rows = summarise(await ratingsOfYear(year), [], policy);
  const final = windowState(year, policy, today) === 'CLOSED';
  const byId = new Map(rows.map((r) => [r.departmentId, r]));
  return {
    of: (id: string) => {
      const r = byId.get(id);
      return {
        ratings: r?.department.ratings ?? 0,
        weightedTotal: r?.department.weightedTotal ?? null,
        grade: r?.department.grade ?? null,
        rank: r?.rank ?? null,
        final,
      };
    },
  };
}

/** Contributions of the referrals made on the days `from`..`to`. */
async function referralsOf(from: IsoDate, to: IsoDate): Promise<Contribution[]> {
  const days: IsoDate[] = [];
  for (let day = from; day <= to; day = addDays(day, 1)) days.push(day);
  const out: Contribution[] = [];
  const workers = Array.from({ length: Math.min(REFERRAL_DAYS_IN_PARALLEL, days.length) }, async () => {
    for (let day = days.shift(); day; day = days.shift()) {
      for (const r of await referralsOfDay(day)) out.push(...referralContributions(r));
    }
  });
  await Promise.all(workers);
  return out;
}

type Row = Record<string, unknown>;
const rowsOf = (units: readonly SnapshotUnit[], kind: SnapshotUnit['kind']) =>
  units.filter((u) => u.kind === kind).map((u) => u.row as Row);

function view(
  head: SnapshotHead,
  units: readonly SnapshotUnit[],
  revisions: readonly { revision: number; generatedAt: string; generatedBy: string; trigger?: Trigger }[],
): EvaluationView {
  const { runId: _runId, unitCounts: _counts, tallyItemsRead: _read, ...rest } = head;
  return {
    ...(rest as unknown as EvaluationView),
    departments: rowsOf(units, 'DEPARTMENT') as unknown as EvaluationView['departments'],
    items: rowsOf(units, 'ITEM') as unknown as EvaluationView['items'],
    revisions: revisions
      .map((r) => ({
        revision: r.revision,
        generatedAt: r.generatedAt,
        generatedBy: r.generatedBy,
        ...(r.trigger ? { trigger: r.trigger } : {}),
      }))
      .sort((a, b) => a.revision - b.revision),
  };
}

async function viewOf(period: string, revision?: number): Promise<EvaluationView | undefined> {
  const head = revision === undefined ? await latestSnapshot(period) : await snapshotHead(period, revision);
  if (!head) return undefined;
  const [departments, items, revisions] = await Promise.all([
    snapshotUnits(period, head.runId, 'DEPARTMENT'),
    snapshotUnits(period, head.runId, 'ITEM'),
    snapshotRevisions(period),
  ]);
  return view(head, [...departments, ...items], revisions);
}

/** The latest evaluation of a period (its id as parsePeriod gives it), or undefined when it was never evaluated. */
export async function readEvaluation(periodId: string): Promise<EvaluationView | undefined> {
  return viewOf(periodId);
}

/**
 * The officers and windows of the latest evaluation of a period — of one department when `departmentId` is given
 * (a head sees their own) — or undefined when it was never evaluated.
 */
export async function readOfficers(periodId: string, departmentId?: string): Promise<OfficersView | undefined> {
  const head = await latestSnapshot(periodId);
  if (!head) return undefined;
  const [officers, windows] = await Promise.all([
    snapshotUnits(periodId, head.runId, 'OFFICER'),
    snapshotUnits(periodId, head.runId, 'WINDOW'),
  ]);
  const mine = (rows: Row[]) =>
    departmentId === undefined ? rows : rows.filter((r) => r.departmentId === departmentId);
  return {
    period: periodId,
    revision: head.revision,
    generatedAt: head.generatedAt,
    officers: mine(rowsOf(officers, 'OFFICER')) as unknown as OfficersView['officers'],
    windows: mine(rowsOf(windows, 'WINDOW')) as unknown as OfficersView['windows'],
  };
}
