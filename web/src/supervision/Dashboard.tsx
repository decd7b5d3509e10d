import { type ReactNode, useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiProblem, api } from '../api.ts';
import {
  chartWords,
  chinaDate,
  departmentRankingOption,
  type EvaluationAnswer,
  monthOf,
  monthsOfYearThrough,
  previousMonth,
  type RankingMetric,
  rankDepartments,
  rankingMetrics,
  scorecardOption,
  scorecardRows,
  trendOption,
  trendRows,
} from '../charts/index.ts';
import { EChart } from '../components/EChart.tsx';
import { ScorecardTable } from '../components/ScorecardTable.tsx';
import { ProblemView } from '../components/Status.tsx';
import { type Directory, useDirectory } from '../directory.ts';
import { deskPathOf } from '../grievances/model.ts';
import { language, pick } from '../i18n.ts';
import { serverNow } from '../server-time.ts';
import { dateTime, figure } from './format.ts';
import type { AccountabilityAnswer, AccountabilityRecord } from './model.ts';
import { SubNav } from './SubNav.tsx';

interface YearData {
  /** The server's now when the year was loaded (epoch ms). */
  readonly now: number;
  /** The month of that now, `YYYY-MM`. */
  readonly currentMonth: string;
  /** Every evaluated month of the year so far, in order; the months not evaluated (404) are left out. */
  readonly months: readonly EvaluationAnswer[];
  /** The latest evaluated month (this year's, or last December's in January). */
  readonly latest: EvaluationAnswer | undefined;
  readonly records: readonly AccountabilityRecord[];
}

/** A month's evaluation, or undefined when nobody has evaluated it yet (404). */
async function evaluationOf(period: string): Promise<EvaluationAnswer | undefined> {
  try {
    return await api<EvaluationAnswer>(`/v1/evaluations/${period}`);
  } catch (error) {
    if (error instanceof ApiProblem && error.status === 404) return undefined;
    throw error;
  }
}

/**
 * The year as the server sees it: the accountability register is read first, and its answer's Date header tells the
 * server's now (the local clock may be simulated weeks ahead), from which the months to ask for are found.
 */
function useYear(): { data?: YearData; error?: ApiProblem; reload: () => void } {
  const [state, setState] = useState<{ data?: YearData; error?: ApiProblem }>({});
  const [round, setRound] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: loads again on request (round)
  useEffect(() => {
    let live = true;
    (async () => {
      const accountability = await api<AccountabilityAnswer>('/v1/accountability');
      const now = serverNow();
      const year = monthsOfYearThrough(now);
      // In January the latest evaluated month may be last December: asked for too, but not part of this year's trend.
      const asked = year.length === 1 ? [previousMonth(monthOf(now)), ...year] : year;
      const answers = (await Promise.all(asked.map(evaluationOf))).filter(
        (m): m is EvaluationAnswer => m !== undefined,
      );
      return {
        now,
        currentMonth: monthOf(now),
        latest: answers.at(-1),
        months: answers.filter((m) => year.includes(m.period)),
        records: accountability.records,
      };
    })().then(
      (data) => live && setState({ data }),
      (error: unknown) =>
        live &&
        setState({
          error: error instanceof ApiProblem ? error : new ApiProblem(0, '网络错误 Network error', String(error)),
        }),
    );
    return () => {
      live = false;
    };
  }, [round]);
  const reload = useCallback(() => setRound((r) => r + 1), []);
  return { ...state, reload };
}

export function Dashboard() {
  const { t } = useTranslation('supervision');
  const year = useYear();
  const departments = useDirectory();
  const data = year.data;
  const latest = data?.latest;
  return (
    <>
      <h1>{t('dashboard')}</h1>
      <SubNav />
      {year.error ? <ProblemView problem={year.error} onRetry={year.reload} /> : null}
      {!(data && departments.settled) && !year.error ? (
        <p className="loading" aria-live="polite">
          {t('common:loading')}
        </p>
      ) : null}
      {data && departments.settled ? (
        <>
          <p>{t('dashboardIntro', { today: chinaDate(data.now) })}</p>
          <Scorecard latest={latest} currentMonth={data.currentMonth} onEvaluated={year.reload} />
          <Trends months={data.months} year={data.currentMonth.slice(0, 4)} />
          {latest ? <Rankings latest={latest} /> : null}
          <Expiries latest={latest} records={data.records} name={departments.name} />
        </>
      ) : null}
    </>
  );
}

/** Evaluates the month so far on request (supervisors and administrators may), then shows the new figures. */
function RunEvaluation(props: { period: string; onEvaluated: () => void }) {
  const { t } = useTranslation('supervision');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<ApiProblem>();
  const run = async () => {
    setBusy(true);
    setProblem(undefined);
    try {
      await api<EvaluationAnswer>(`/v1/evaluations/${props.period}/run`, { method: 'POST' });
      props.onEvaluated();
    } catch (error) {
      setProblem(error instanceof ApiProblem ? error : new ApiProblem(0, '网络错误 Network error', String(error)));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="card">
      <p>
        <strong>{t('notEvaluated', { period: props.period })}</strong> {t('notEvaluatedHow', { period: props.period })}
      </p>
      <button type="button" className="primary" disabled={busy} onClick={() => void run()}>
        {busy ? t('running2') : t('runNow', { period: props.period })}
      </button>
      {problem ? <ProblemView problem={problem} /> : null}
    </div>
  );
}

function Scorecard(props: { latest?: EvaluationAnswer; currentMonth: string; onEvaluated: () => void }) {
  const { t } = useTranslation('supervision');
  const lang = language();
  const { latest } = props;
  const words = chartWords(lang);
  const option = useMemo(
    () => (latest ? scorecardOption(latest.targets, chartWords(lang)) : undefined),
    [latest, lang],
  );
  const rows = latest ? scorecardRows(latest.targets, words) : [];
  return (
    <section className="supervision-section" aria-labelledby="scorecard">
      <h2 id="scorecard">{t('scorecard')}</h2>
      {latest?.period !== props.currentMonth ? (
        <RunEvaluation period={props.currentMonth} onEvaluated={props.onEvaluated} />
      ) : null}
      {latest && option ? (
        <>
          <p>
            {t('scorecardOf', {
              period: pick(latest.name),
              through: latest.through,
              running: latest.complete ? '' : t('running'),
            })}{' '}
            {latest.period !== props.currentMonth ? t('latestShown', { period: latest.period }) : null}{' '}
            <span data-testid="scorecard-provenance">
              {t('provenance', { revision: latest.revision, at: dateTime(latest.generatedAt), by: latest.generatedBy })}
            </span>
          </p>
          <EChart option={option} label={t('scorecardChart')} testId="scorecard-chart" height={340} />
          <ScrollTable label={t('scorecardChart')}>
            <ScorecardTable
              rows={rows}
              testId="scorecard-table"
              words={{
                caption: t('scorecardChart'),
                target: t('target'),
                baseline: t('baseline'),
                current: t('current'),
                goal: t('goal'),
                verdict: t('verdict'),
                met: t('met'),
                missed: t('missed'),
                unknown: t('unknown'),
              }}
              verdictClass={(met) =>
                `supervision-verdict ${met === true ? 'supervision-pass' : met === false ? 'supervision-fail' : 'supervision-neutral'}`
              }
            />
          </ScrollTable>
          <p>{t('pointsNote')}</p>
        </>
      ) : null}
    </section>
  );
}

function Trends(props: { months: readonly EvaluationAnswer[]; year: string }) {
  const { t } = useTranslation('supervision');
  const lang = language();
  const option = useMemo(() => trendOption(props.months, chartWords(lang)), [props.months, lang]);
  const rows = trendRows(props.months);
  const label = t('trendChart', { year: props.year });
  return (
    <section className="supervision-section" aria-labelledby="trends">
      <h2 id="trends">{t('trends')}</h2>
      {rows.length === 0 ? (
        <p>{t('noMonths')}</p>
      ) : (
        <>
          <EChart option={option} label={label} testId="trend-chart" height={360} />
          <ScrollTable label={label}>
            <table data-testid="trend-table">
              <caption>{label}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('month')}</th>
                  <th scope="col" className="num">
                    {t('closed')}
                  </th>
                  <th scope="col" className="num">
                    {t('onTimeRate')}
                  </th>
                  <th scope="col" className="num">
                    {t('earlyRate')}
                  </th>
                  <th scope="col" className="num">
                    {t('immediateShare')}
                  </th>
                  <th scope="col" className="num">
                    {t('deemedApprovals')}
                  </th>
                  <th scope="col" className="num">
                    {t('overdue')}
                  </th>
                  <th scope="col" className="num">
                    {t('complaintsAnsweredOnTime')}
                  </th>
                  <th scope="col" className="num">
                    {t('complaintOnTimeRate')}
                  </th>
                  <th scope="col" className="num">
                    {t('satisfactionRate')}
                  </th>
                  <th scope="col" className="num">
                    {t('badReviewsRectifiedOnTime')}
                  </th>
                  <th scope="col" className="num">
                    {t('badReviewsRectifiedOnTimeRate')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {rows.map((row) => (
                  <tr key={row.period} data-period={row.period}>
                    <th scope="row">
                      {row.period}
                      {row.complete ? '' : t('monthRunning')}
                    </th>
                    <td className="num">{row.closed}</td>
                    <td className="num">{figure(row.onTimeRate, '%')}</td>
                    <td className="num">{figure(row.earlyRate, '%')}</td>
                    <td className="num">{figure(row.immediateShareOfCases, '%')}</td>
                    <td className="num">{row.deemedApprovals}</td>
                    <td className="num">{row.overdue}</td>
                    <td className="num">{row.complaintsAnsweredOnTime ?? '—'}</td>
                    <td className="num" data-figure="complaintOnTimeRate">
                      {figure(row.complaintOnTimeRate, '%')}
                    </td>
                    <td className="num" data-figure="satisfactionRate">
                      {figure(row.satisfactionRate, '%')}
                    </td>
                    <td className="num">{row.badReviewsRectifiedOnTime ?? '—'}</td>
                    <td className="num" data-figure="badReviewsRectifiedOnTimeRate">
                      {figure(row.badReviewsRectifiedOnTimeRate, '%')}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollTable>
        </>
      )}
    </section>
  );
}

const metricKey: Record<RankingMetric, 'onTimeRate' | 'speedUp' | 'averageWorkingDays'> = {
  onTimeRate: 'onTimeRate',
  speedUp: 'speedUp',
  averageWorkingDays: 'averageWorkingDays',
};

function Rankings(props: { latest: EvaluationAnswer }) {
  const { t } = useTranslation('supervision');
  const lang = language();
  const [metric, setMetric] = useState<RankingMetric>('onTimeRate');
  const { departments } = props.latest;
  const option = useMemo(
    () => departmentRankingOption(departments, metric, chartWords(lang)),
    [departments, metric, lang],
  );
  const ranking = rankDepartments(departments, metric, chartWords(lang));
  const unit = metric === 'averageWorkingDays' ? '' : '%';
  const label = t('rankingChart', { metric: t(metricKey[metric]), period: props.latest.period });
  return (
    <section className="supervision-section" aria-labelledby="rankings">
      <h2 id="rankings">{t('rankings')}</h2>
      <label className="narrow">
        {t('rankBy')}
        <select value={metric} onChange={(e) => setMetric(e.target.value as RankingMetric)} data-testid="rank-by">
          {rankingMetrics.map((m) => (
            <option key={m} value={m}>
              {t(metricKey[m])}
            </option>
          ))}
        </select>
      </label>
      {ranking.ranked.length === 0 ? (
        <p>{t('noDepartments')}</p>
      ) : (
        <>
          <EChart
            option={option}
            label={label}
            testId="ranking-chart"
            height={Math.max(160, 48 * ranking.ranked.length + 48)}
          />
          <ScrollTable label={label}>
            <table data-testid="ranking-table">
              <caption>{label}</caption>
              <thead>
                <tr>
                  <th scope="col" className="num">
                    {t('rank')}
                  </th>
                  <th scope="col">{t('department')}</th>
                  <th scope="col" className="num">
                    {t(metricKey[metric])}
                  </th>
                  <th scope="col" className="num">
                    {t('closed')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {ranking.ranked.map((row) => (
                  <tr key={row.departmentId} data-department={row.departmentId}>
                    <td className="num">{row.rank}</td>
                    <th scope="row">{row.name}</th>
                    <td className="num">{figure(row.value, unit)}</td>
                    <td className="num">{row.closed}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollTable>
        </>
      )}
      {ranking.unmeasured.length ? (
        <p>{t('unmeasured', { names: ranking.unmeasured.map((d) => d.name).join(lang === 'en' ? ', ' : '、') })}</p>
      ) : null}
    </section>
  );
}

function Expiries(props: {
  latest?: EvaluationAnswer;
  records: readonly AccountabilityRecord[];
  name: Directory['name'];
}) {
  const { t } = useTranslation('supervision');
  const { latest } = props;
  const recent = props.records.slice(0, 10);
  return (
    <section className="supervision-section" aria-labelledby="expiries">
      <h2 id="expiries">{t('expiries')}</h2>
      {latest ? (
        <p data-testid="expiry-figures">
          {t('expiriesOf', {
            period: latest.period,
            deemed: latest.centre.deemedApprovals,
            overdue: latest.centre.overdue,
            red: latest.centre.redCards,
          })}
        </p>
      ) : null}
      <h3>{t('recentRecords')}</h3>
      {recent.length === 0 ? (
        <p>{t('noRecords')}</p>
      ) : (
        <RecordsTable records={recent} name={props.name} testId="recent-records" label={t('recentRecords')} />
      )}
      <p>
        <Link to="/supervision/accountability">{t('allRecords')}</Link>
      </p>
    </section>
  );
}

/**
 * A wide table in a box that scrolls sideways on a narrow screen: focusable and named, so a keyboard can scroll it
 * (axe: scrollable-region-focusable).
 */
export function ScrollTable(props: { label: string; children: ReactNode }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must take the focus to be scrolled by keys
    <section className="table-scroll supervision-scroll" tabIndex={0} aria-label={props.label}>
      {props.children}
    </section>
  );
}

/**
 * Where a record leads: a deemed agreement to its project, a complaint to its grievance, anything else to its case.
 */
function recordPath(r: AccountabilityRecord): string {
  if (r.projectId) return `/supervision/projects/${encodeURIComponent(r.projectId)}`;
  return deskPathOf('supervision', r.caseId);
}

/** Accountability records with a link to each case (the dashboard's latest, the register's filtered). */
export function RecordsTable(props: {
  records: readonly AccountabilityRecord[];
  name: Directory['name'];
  testId: string;
  label: string;
}) {
  const { t } = useTranslation('supervision');
  return (
    <ScrollTable label={props.label}>
      <table data-testid={props.testId}>
        <thead>
          <tr>
            <th scope="col">{t('caseId')}</th>
            <th scope="col">{t('reason')}</th>
            <th scope="col">{t('department')}</th>
            <th scope="col">{t('handler')}</th>
            <th scope="col">{t('leader')}</th>
            <th scope="col">{t('at')}</th>
            <th scope="col">{t('escalation')}</th>
            <th scope="col">{t('acc.statusColumn')}</th>
            <th scope="col">{t('acc.record')}</th>
          </tr>
        </thead>
        <tbody>
          {props.records.map((r) => (
            <tr key={`${r.caseId}:${r.reason}`} data-case={r.caseId} data-reason={r.reason}>
              <td className="supervision-case-id">
                <Link to={recordPath(r)}>{r.caseId}</Link>
              </td>
              <td>{t(`reasons.${r.reason}`)}</td>
              <td>{props.name(r.departmentId)}</td>
              <td>
                {r.handler.name} ({r.handler.id})
              </td>
              <td>
                {r.leader.name} ({r.leader.id})
              </td>
              <td>{dateTime(r.at)}</td>
              <td>{r.escalation ? t('serious') : t('none')}</td>
              <td data-status={r.status}>{t(`acc.statuses.${r.status}`)}</td>
              <td>
                {/* The record's own page (issue 16): investigate, decide, publish or dismiss it. */}
                <Link to={`/supervision/accountability/${encodeURIComponent(r.id)}`} data-testid="open-record">
                  {t('acc.open')}
                </Link>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollTable>
  );
}
