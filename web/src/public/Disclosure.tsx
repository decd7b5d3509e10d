import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiProblem, api, useApi } from '../api.ts';
import {
  type ChartOptionOf,
  categoryLabel,
  chartWords,
  type EvaluationAnswer,
  monthOf,
  palette,
  previousMonth,
  scorecardOption,
  scorecardRows,
} from '../charts/index.ts';
import { EChart } from '../components/EChart.tsx';
import { ScorecardTable } from '../components/ScorecardTable.tsx';
import { ScrollRegion } from '../components/ScrollRegion.tsx';
import { Loaded, ProblemView } from '../components/Status.tsx';
import { language, pick } from '../i18n.ts';
import { serverNow } from '../server-time.ts';
import { type Disclosure, formatDate, formatInstant, percent } from './model.ts';

/** The centre's figures the page publishes, in this order (each named by the evaluation's own definitions). */
const CENTRE_FIGURES = [
  'received',
  'accepted',
  'closed',
  'closedOnTime',
  'closedOnTheSpot',
  'onTimeRate',
  'averageWorkingDays',
  'overdue',
  'deemedApprovals',
  'redCards',
  'referred',
] as const;
/**
 * The complaints' and ratings' figures (issue 14, definitions version 2), published apart: complaints answered on time
 * and its rate, the satisfaction rate, bad reviews rectified on time and its rate.
 */
const GRIEVANCE_FIGURES = [
  'complaintsReceived',
  'complaintsAnswered',
  'complaintsAnsweredOnTime',
  'complaintOnTimeRate',
  'complaintsOverdue',
  'ratings',
  'satisfactionRate',
  'badReviews',
  'badReviewsRectifiedOnTime',
  'badReviewsRectifiedOnTimeRate',
] as const;
/** Per department, beside the cases' figures. */
const DEPARTMENT_FIGURES = [
  'received',
  'closed',
  'onTimeRate',
  'overdue',
  'deemedApprovals',
  'complaintOnTimeRate',
  'satisfactionRate',
] as const;
const RATES = new Set<string>([
  'onTimeRate',
  'earlyRate',
  'immediateShareOfCases',
  'speedUp',
  'complaintOnTimeRate',
  'satisfactionRate',
  'badReviewsRectifiedOnTimeRate',
]);

/** How many months back the page looks for the latest evaluation (this month, then the ones before). */
const MONTHS_BACK = 3;

/**
 * The latest month evaluated: this month (month to date, evaluated daily) or, before its first run, the months before
 * — found from the SERVER's now (the local runtime's clock is simulated). 404 means "not evaluated yet", not an error.
 */
function useLatestEvaluation(): { data?: EvaluationAnswer | null; error?: ApiProblem; loading: boolean } {
  const [state, setState] = useState<{ data?: EvaluationAnswer | null; error?: ApiProblem; loading: boolean }>({
    loading: true,
  });
  const lang = language();
  // biome-ignore lint/correctness/useExhaustiveDependencies: reload when the language changes (bilingual names)
  useEffect(() => {
    let live = true;
    void (async () => {
      try {
        // One answer first, so serverNow() knows the server's clock (its Date header).
        await api('/v1/catalog/disclosure', { anonymous: true });
        let month = monthOf(serverNow());
        for (let i = 0; i < MONTHS_BACK; i++, month = previousMonth(month)) {
          try {
            const data = await api<EvaluationAnswer>(`/v1/evaluations/${month}`, { anonymous: true });
            if (live) setState({ data, loading: false });
            return;
          } catch (error) {
            if (!(error instanceof ApiProblem && error.status === 404)) throw error;
          }
        }
        if (live) setState({ data: null, loading: false });
      } catch (error) {
        if (live)
          setState({
            error: error instanceof ApiProblem ? error : new ApiProblem(0, '网络错误 Network error', String(error)),
            loading: false,
          });
      }
    })();
    return () => {
      live = false;
    };
  }, [lang]);
  return state;
}

function departmentsOption(evaluation: EvaluationAnswer, words: { received: string; closed: string }): ChartOptionOf {
  const rows = evaluation.departments;
  return {
    animation: false,
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 8, right: 40, top: 32, bottom: 8, containLabel: true },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: {
      type: 'category',
      inverse: true,
      data: rows.map((d) => pick(d.name ?? { zh: d.departmentId })),
      axisLabel: categoryLabel,
    },
    series: [
      {
        type: 'bar',
        name: words.received,
        itemStyle: { color: palette.baseline },
        label: { show: true, position: 'right' },
        data: rows.map((d) => d.received),
      },
      {
        type: 'bar',
        name: words.closed,
        itemStyle: { color: palette.current },
        label: { show: true, position: 'right' },
        data: rows.map((d) => d.closed),
      },
    ],
  };
}

function catalogueOption(disclosure: Disclosure, words: { complete: string; notComplete: string }): ChartOptionOf {
  return {
    animation: false,
    tooltip: { trigger: 'axis' },
    grid: { left: 8, right: 40, top: 8, bottom: 8, containLabel: true },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', data: [words.complete, words.notComplete] },
    series: [
      {
        type: 'bar',
        label: { show: true, position: 'right' },
        data: [
          { value: disclosure.complete, itemStyle: { color: palette.target } },
          { value: disclosure.published - disclosure.complete, itemStyle: { color: palette.overdue } },
        ],
      },
    ],
  };
}

/** A metric's value as published: a rate in percent, days to one decimal, a count as is. */
function figure(key: string, value: number | null | undefined): string {
  if (value === null || value === undefined) return '—';
  if (RATES.has(key)) return percent(value);
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}

/** Public disclosure (`/disclosure`, 政务公开): the scorecard, the month's figures, the catalogue's disclosure rate. */
export function DisclosurePage() {
  const { t } = useTranslation('public');
  const evaluation = useLatestEvaluation();
  const disclosure = useApi<Disclosure>('/v1/catalog/disclosure', { anonymous: true });
  const lang = language();
  const words = useMemo(() => chartWords(lang), [lang]);
  const e = evaluation.data;
  const scorecard = useMemo(() => (e ? scorecardOption(e.targets, words) : undefined), [e, words]);
  const rows = useMemo(() => (e ? scorecardRows(e.targets, words) : []), [e, words]);
  // The evaluation names its figures in both languages; an evaluation made before a figure existed (definitions
  // version 1) has no name for it: the page's own words then.
  const metricName = (key: string) =>
    e?.definitions[key]?.name ? pick(e.definitions[key].name) : t(`disclosure.figures.${key}`, { defaultValue: key });
  // biome-ignore lint/correctness/useExhaustiveDependencies: metricName reads e and the page's language
  const departments = useMemo(
    () => (e ? departmentsOption(e, { received: metricName('received'), closed: metricName('closed') }) : undefined),
    [e, lang],
  );
  const catalogue = useMemo(
    () =>
      disclosure.data
        ? catalogueOption(disclosure.data, {
            complete: t('disclosure.complete'),
            notComplete: t('disclosure.notComplete'),
          })
        : undefined,
    [disclosure.data, t],
  );

  return (
    <section className="public-disclosure">
      <h1>{t('disclosure.title')}</h1>
      <p>{t('disclosure.intro')}</p>

      <h2>{t('disclosure.scorecard')}</h2>
      {evaluation.error ? <ProblemView problem={evaluation.error} /> : null}
      {evaluation.loading ? <p className="loading">{t('loading', { ns: 'common' })}</p> : null}
      {e === null ? <p data-testid="not-evaluated">{t('disclosure.none')}</p> : null}
      {e && scorecard ? (
        <>
          <p data-testid="evaluation-period">
            {t('disclosure.period', {
              name: pick(e.name),
              through: formatDate(e.through),
              generated: formatInstant(e.generatedAt),
            })}
            {e.complete ? '' : ` ${t('disclosure.running', { through: formatDate(e.through) })}`}
          </p>
          <div className="public-chart-pair">
            <EChart option={scorecard} label={t('disclosure.chartTargets')} height={300} testId="scorecard-chart" />
            <div className="table-scroll">
              <ScorecardTable
                rows={rows}
                captionClass="public-caption"
                words={{
                  caption: t('disclosure.chartTargets'),
                  target: t('disclosure.target'),
                  baseline: t('disclosure.baseline'),
                  current: t('disclosure.current'),
                  goal: t('disclosure.goal'),
                  verdict: t('disclosure.met'),
                  met: t('disclosure.metYes'),
                  missed: t('disclosure.metNo'),
                  unknown: t('disclosure.metUnknown'),
                }}
              />
            </div>
          </div>

          <h2>{t('disclosure.centre')}</h2>
          <ScrollRegion label={t('disclosure.centre')}>
            <table data-testid="centre-figures">
              <thead>
                <tr>
                  <th scope="col">{t('disclosure.metric')}</th>
                  <th scope="col" className="num">
                    {t('disclosure.value')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {CENTRE_FIGURES.map((key) => (
                  <tr key={key} title={e.definitions[key]?.definition}>
                    <th scope="row">{metricName(key)}</th>
                    <td className="num">{figure(key, e.centre[key])}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>

          <h2>{t('disclosure.grievances')}</h2>
          <ScrollRegion label={t('disclosure.grievances')}>
            <table data-testid="grievance-figures">
              <thead>
                <tr>
                  <th scope="col">{t('disclosure.metric')}</th>
                  <th scope="col" className="num">
                    {t('disclosure.value')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {GRIEVANCE_FIGURES.map((key) => (
                  <tr key={key} data-figure={key} title={e.definitions[key]?.definition}>
                    <th scope="row">{metricName(key)}</th>
                    <td className="num">{figure(key, e.centre[key])}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>

          <h2>{t('disclosure.departments')}</h2>
          <div className="public-chart-pair">
            {departments ? (
              <EChart
                option={departments}
                label={t('disclosure.chartDepartments')}
                height={Math.max(200, 48 * e.departments.length + 40)}
              />
            ) : null}
            <ScrollRegion label={t('disclosure.departments')}>
              <table data-testid="department-figures">
                <thead>
                  <tr>
                    <th scope="col">{t('disclosure.departmentName')}</th>
                    {DEPARTMENT_FIGURES.map((key) => (
                      <th scope="col" className="num" key={key}>
                        {metricName(key)}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {e.departments.map((d) => (
                    <tr key={d.departmentId}>
                      <th scope="row">{pick(d.name ?? { zh: d.departmentId })}</th>
                      {DEPARTMENT_FIGURES.map((key) => (
                        <td className="num" key={key}>
                          {figure(key, d[key])}
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </ScrollRegion>
          </div>
        </>
      ) : null}

      <h2>{t('disclosure.catalogue')}</h2>
      <Loaded state={disclosure}>
        {(d) => (
          <div className="public-chart-pair">
            {catalogue ? <EChart option={catalogue} label={t('disclosure.chartCatalogue')} height={160} /> : null}
            <div>
              <p data-testid="disclosure-rate">
                {t('disclosure.catalogueRate', {
                  published: d.published,
                  complete: d.complete,
                  rate: percent(d.rate),
                })}
              </p>
              {d.incomplete.length ? (
                <p>
                  {t('disclosure.incomplete', {
                    codes: d.incomplete.map((i) => i.code).join(language() === 'en' ? ', ' : '、'),
                  })}
                </p>
              ) : null}
            </div>
          </div>
        )}
      </Loaded>

      <h2>{t('summary.title', { ns: 'grievances' })}</h2>
      <p data-testid="ratings-link">
        <Link to="/disclosure/ratings">{t('disclosureLink', { ns: 'grievances' })}</Link>
      </p>
      <p data-testid="accountability-link">
        <Link to="/accountability">{t('accountability.disclosureLink')}</Link>
      </p>
    </section>
  );
}
