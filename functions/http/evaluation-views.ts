import { type EvaluationView, readEvaluation, type Trigger } from '../common/evaluate.ts';
import { problems } from '../common/problem.ts';
import { counterNames, type Metrics, metricDefinitions, type Period } from '../domain/evaluation.ts';
import { bilingual } from '../domain/guide.ts';
import { attachment, CSV_CONTENT_TYPE, type CsvValue, csvDocument, wantsCsv } from './csv.ts';
import type { HttpResult } from './middleware/request.ts';

/**
 * What the evaluation routes show of a snapshot, and the same as CSV. The metric columns are the domain's metrics in
 * the order `metricDefinitions` lists them (counts, then rates), headed by their English names so a spreadsheet's
 * columns match the JSON fields; the names in Chinese are in the JSON's `definitions`.
 */

/** Every metric name, in the order of the domain's definitions (the counts, then what is derived from them). */
export const metricNames = Object.keys(metricDefinitions) as (keyof Metrics)[];

/** Only a unit's metrics, whatever else a stored unit carries (its key, its kind). */
export function metricsOnly(source: Partial<Record<string, unknown>>): Metrics {
  const out: Record<string, number | null> = {};
  for (const name of metricNames) {
    const value = source[name];
    out[name] = typeof value === 'number' ? value : (counterNames as readonly string[]).includes(name) ? 0 : null;
  }
  return out as Metrics;
}

/** The 404 of a period nobody has evaluated yet, saying how to evaluate it. */
export function notEvaluated(period: Period, what = { zh: `评估期 ${period.id} `, en: `The period ${period.id}` }) {
  return problems.notFound(
    `${what.zh}尚未评估：系统于每月 1 日 01:00（北京时间）自动评估，管理员或监察人员也可立即运行 POST /v1/evaluations/${period.id}/run。` +
      `${what.en} has not been evaluated yet (尚未评估). The monthly schedule evaluates each month on the 1st at 01:00 ` +
      `China time; an administrator or supervisor can run it now: POST /v1/evaluations/${period.id}/run.`,
  );
}

/**
 * Which snapshot an answer comes from: the period and its dates, whether it is complete (through which day), and the
 * revision and when it was computed (what `GET /v1/evaluations/{period}/targets` and `…/items` carry beside their
 * table).
 */
export function snapshotStamp(evaluation: EvaluationView) {
  const { period, kind, name, from, to, complete, through, revision, generatedAt } = evaluation;
  return { period, kind, name, from, to, complete, through, revision, generatedAt };
}

/** A CSV answer, saved by a browser as `evaluation-<period><suffix>.csv`. */
export function csvAnswer(
  period: Period,
  suffix: string,
  header: readonly string[],
  rows: readonly (readonly CsvValue[])[],
): HttpResult {
  return {
    status: 200,
    raw: { contentType: CSV_CONTENT_TYPE, text: csvDocument(header, rows) },
    headers: attachment(`evaluation-${period.id}${suffix}.csv`),
  };
}

/** A row's metric cells, in the header's order. */
export function metricCells(metrics: Metrics): CsvValue[] {
  return metricNames.map((name) => metrics[name]);
}

/** A name stored either as text or as both languages. */
export function nameOf(name: unknown): string | null {
  if (typeof name === 'string') return name;
  if (name && typeof name === 'object' && 'zh' in name) return bilingual(name as { zh: string; en?: string });
  return null;
}

/**
 * The fields the API publishes of a snapshot (the response schema's), and only those: a stored head also carries its
 * table keys and bookkeeping (`entry`, `runId`, …), which are nobody's business and would break the contract. For the
 * `public` (GET, anyone), a run on request names the role that asked (`request:supervisor`), never the account: a
 * staff account id is not published (the account stays on the stored snapshot, for supervision).
 */
/**
 * The top-level fields of a published evaluation: those of its response schema (`Evaluation`, functions/http/responses/
 * evaluations.ts), written out so that an evaluation function's bundle loads neither the response schemas nor zod
 * classic to learn them (issue 17 item 3). test/http/evaluations.test.ts holds the two equal, and the contract test
 * (strict response schemas) fails on a field one lists and the other does not.
 */
export const PUBLISHED_EVALUATION_FIELDS = [
  'period',
  'kind',
  'name',
  'from',
  'to',
  'complete',
  'through',
  'revision',
  'generatedAt',
  'generatedBy',
  'trigger',
  'definitionsVersion',
  'centre',
  'departments',
  'items',
  'targets',
  'definitions',
  'revisions',
] as const;

export function publishedEvaluation<T extends EvaluationView>(
  evaluation: T,
  audience: 'public' | 'caller' = 'public',
): Partial<T> {
  const keys = new Set<string>(PUBLISHED_EVALUATION_FIELDS);
  const shown = Object.fromEntries(Object.entries(evaluation).filter(([key]) => keys.has(key))) as Partial<T>;
  const revisions = evaluation.revisions.map(({ trigger, ...r }) =>
    audience === 'public' ? { ...r, generatedBy: publicBy(r.generatedBy, trigger) } : r,
  );
  if (audience === 'caller') return { ...shown, revisions };
  return {
    ...shown,
    generatedBy: publicBy(evaluation.generatedBy, evaluation.trigger),
    trigger:
      evaluation.trigger.kind === 'REQUEST' ? { kind: 'REQUEST', role: evaluation.trigger.role } : evaluation.trigger,
    revisions,
  } as Partial<T>;
}

function publicBy(generatedBy: string, trigger: Trigger | undefined): string {
  if (generatedBy.startsWith('schedule:')) return generatedBy;
  return trigger?.kind === 'REQUEST' && trigger.role ? `request:${trigger.role}` : 'request';
}

/**
 * A public view of a period's latest snapshot (the evaluation, its items, its targets): 404 until the period is
 * evaluated, the view as CSV when the caller asks for it (`Accept: text/csv`), else as JSON.
 */
export async function snapshotAnswer(
  period: Period,
  accept: string | undefined,
  view: {
    readonly csv: (evaluation: EvaluationView) => HttpResult;
    readonly json: (evaluation: EvaluationView) => object;
  },
): Promise<HttpResult> {
  const evaluation = await readEvaluation(period.id);
  if (!evaluation) throw notEvaluated(period);
  return wantsCsv(accept) ? view.csv(evaluation) : { status: 200, body: view.json(evaluation) };
}
