import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate, useSearchParams } from 'react-router';
import { type ApiProblem, api, useApi } from '../api.ts';
import { monthOf, previousMonth } from '../charts/periods.ts';
import { Loaded, ProblemView } from '../components/Status.tsx';
import { afterDirectory, useDirectory } from '../directory.ts';
import { serverNow } from '../server-time.ts';
import { useSession } from '../session.ts';
import { asProblem, formatDeadline, type Grievance, type RatingSummary, ratingLevels } from './model.ts';
import { Field, Findings, FormProblem, GrievanceFacts, Steps, usePost, useWords } from './parts.tsx';

/**
 * `/complaints` (投诉举报): what can be filed and its time limits, the anonymous report (举报) for anyone without an
 * account — sent WITHOUT a token even when someone is signed in, so no account is ever tied to it — and its query
 * code shown once, large, with how to use it. Complaints and appeals are filed signed in (`/my/grievances/new`).
 */
export function ComplaintsPage() {
  const { t } = useTranslation('grievances');
  const session = useSession();
  const departments = useDirectory();
  const { busy, problem, errors, post } = usePost();
  const [filed, setFiled] = useState<Grievance>();

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => String(form.get(name) ?? '').trim();
    const body = {
      kind: 'REPORT',
      anonymous: true,
      summary: text('summary'),
      detail: text('detail'),
      ...(text('departmentId') ? { departmentId: text('departmentId') } : {}),
      ...(text('officer') ? { officer: text('officer') } : {}),
    };
    const answer = await post<Grievance>('/v1/grievances', body, true);
    if (answer) setFiled(answer);
  };

  return (
    <section className="gv-public">
      <h1>{t('complaints.title')}</h1>
      <p>{t('complaints.intro')}</p>
      <ul className="gv-kinds">
        {(['COMPLAINT', 'REPORT', 'APPEAL'] as const).map((k) => (
          <li key={k}>
            <strong>{t(`kinds.${k}`)}</strong>：{t(`kindHints.${k}`)}
          </li>
        ))}
      </ul>
      <p>{t('complaints.limits')}</p>
      <p className="card gv-protect">{t('complaints.protection')}</p>
      <div className="gv-links">
        {session?.role === 'applicant' ? (
          <p>
            {t('complaints.signedInApplicant')} <Link to="/my/grievances/new">{t('complaints.fileComplaint')}</Link> ·{' '}
            <Link to="/my/grievances">{t('complaints.myGrievances')}</Link>
          </p>
        ) : (
          <p>
            {t('complaints.signInToComplain')}{' '}
            <Link to={`/login?next=${encodeURIComponent('/my/grievances/new')}`}>{t('complaints.signIn')}</Link>
          </p>
        )}
        <p>
          {t('complaints.followIntro')} <Link to="/complaints/follow">{t('complaints.follow')}</Link>
        </p>
        <p>
          <Link to="/disclosure/ratings">{t('complaints.ratingsSummary')}</Link>
        </p>
      </div>

      {filed?.queryCode ? (
        <QueryCode g={filed} />
      ) : (
        <section className="card" aria-labelledby="gv-report-title">
          <h2 id="gv-report-title">{t('complaints.reportTitle')}</h2>
          <p>{t('complaints.reportIntro')}</p>
          <form onSubmit={(e) => void submit(e)} className="narrow" noValidate>
            <Field name="summary" label={t('complaints.summary')} errors={errors}>
              {(a) => <input {...a} maxLength={200} required autoComplete="off" />}
            </Field>
            <Field name="detail" label={t('complaints.detail')} hint={t('complaints.detailHint')} errors={errors}>
              {(a) => <textarea {...a} rows={5} maxLength={2000} required />}
            </Field>
            <Field name="departmentId" label={t('complaints.department')} errors={errors}>
              {(a) => (
                <select {...a} defaultValue="">
                  <option value="">{t('complaints.noDepartment')}</option>
                  {departments.list.map((d) => (
                    <option key={d.id} value={d.id}>
                      {d.name}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field name="officer" label={t('complaints.officer')} errors={errors}>
              {(a) => <input {...a} maxLength={100} autoComplete="off" />}
            </Field>
            <FormProblem problem={problem} />
            <p>
              <button type="submit" className="primary" disabled={busy}>
                {busy ? t('sending') : t('complaints.submit')}
              </button>
            </p>
          </form>
        </section>
      )}
    </section>
  );
}

/** The query code, shown once: large, in groups of four for reading aloud, with how to use it and a copy button. */
function QueryCode(props: { g: Grievance }) {
  const { t } = useTranslation('grievances');
  const navigate = useNavigate();
  const [copied, setCopied] = useState(false);
  const code = props.g.queryCode ?? '';
  return (
    <section className="card gv-code-card" aria-labelledby="gv-code-title" role="status">
      <h2 id="gv-code-title">{t('complaints.codeTitle')}</h2>
      <p>
        {t('complaints.codeLabel')}：
        <output className="gv-code" data-testid="query-code" aria-label={`${t('complaints.codeLabel')} ${code}`}>
          {code}
        </output>
      </p>
      <p>{t('complaints.codeHowTo')}</p>
      <p>{t('complaints.codeAcceptBy', { date: formatDeadline(props.g.acceptBy) })}</p>
      <p className="gv-buttons">
        <button
          type="button"
          onClick={() =>
            void navigator.clipboard
              ?.writeText(code)
              .then(() => setCopied(true))
              .catch(() => setCopied(false))
          }
        >
          {copied ? t('complaints.copied') : t('complaints.copy')}
        </button>
        {/* The code travels in the history entry's state, never in the address (history, logs, a shared screen). */}
        <button
          type="button"
          className="primary"
          onClick={() => void navigate('/complaints/follow', { state: { code } })}
        >
          {t('complaints.followNow')}
        </button>
      </p>
    </section>
  );
}

/**
 * `/complaints/follow` (凭查询码查询): anyone with the code sees the status, the stage deadlines, the answer and the
 * steps — never who filed it (the API's lookup leaves it out). The code is typed in (or handed over in the history
 * state by the filing page), not put in the page's address.
 */
export function FollowPage() {
  const { t } = useTranslation('grievances');
  const location = useLocation();
  const handed = (location.state as { code?: string } | null)?.code ?? '';
  const [code, setCode] = useState(handed);
  const [state, setState] = useState<{ busy: boolean; found?: Grievance; notFound?: boolean; problem?: ApiProblem }>({
    busy: false,
  });
  const departments = useDirectory();
  const lookUp = async (value: string) => {
    setState({ busy: true });
    try {
      const found = await api<Grievance>(`/v1/grievances/lookup?code=${encodeURIComponent(value)}`, {
        anonymous: true,
      });
      setState({ busy: false, found });
    } catch (error) {
      const problem = asProblem(error);
      if (problem.status === 404) setState({ busy: false, notFound: true });
      else setState({ busy: false, problem });
    }
  };
  // biome-ignore lint/correctness/useExhaustiveDependencies: once, with the code the filing page handed over
  useEffect(() => {
    if (handed) void lookUp(handed);
  }, []);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void lookUp(code.trim().toUpperCase());
  };
  const errors: Record<string, string> = state.problem?.errors.length
    ? { code: state.problem.errors.map((e) => e.reason).join('; ') }
    : {};
  return (
    <section className="gv-public">
      <p>
        <Link to="/complaints">{t('complaints.title')}</Link>
      </p>
      <h1>{t('followPage.title')}</h1>
      <p>{t('followPage.intro')}</p>
      <form onSubmit={submit} className="narrow">
        <Field name="code" label={t('followPage.code')} hint={t('followPage.codeHint')} errors={errors}>
          {(a) => (
            <input
              {...a}
              value={code}
              onChange={(e) => setCode(e.target.value)}
              required
              autoComplete="off"
              spellCheck={false}
              maxLength={12}
              className="gv-code-input"
            />
          )}
        </Field>
        <button type="submit" className="primary" disabled={state.busy}>
          {state.busy ? t('followPage.searching') : t('followPage.submit')}
        </button>
      </form>
      <div aria-live="polite">
        {state.notFound ? (
          <p className="problem" role="alert" data-testid="follow-not-found">
            {t('followPage.notFound')}
          </p>
        ) : null}
        {state.problem && !state.problem.errors.length ? <ProblemView problem={state.problem} /> : null}
        {state.found ? (
          <article className="card" data-testid="followed">
            <h2>{t('followPage.result', { id: state.found.id })}</h2>
            <p className="gv-muted">{t('followPage.noIdentity')}</p>
            <GrievanceFacts g={state.found} departmentName={departments.name} />
            <Findings g={state.found} />
            <Steps events={state.found.timeline} heading={t('facts.timeline')} />
          </article>
        ) : null}
      </div>
    </section>
  );
}

function nextMonth(month: string): string {
  const [year, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${year + 1}-01` : `${year}-${String(m + 1).padStart(2, '0')}`;
}

function percent(share: number | null): string {
  return share === null ? '—' : `${(share * 100).toFixed(1).replace(/\.0$/, '')}%`;
}

/**
 * `/disclosure/ratings?period=YYYY-MM` (好差评月度汇总, public): per department and item, the count per level, the
 * satisfaction rate, bad reviews and those rectified on time, and those supervision excluded, with a total line.
 * Without `?period=` the month is the server's (its clock may be simulated), found from the directory's answer.
 */
export function RatingSummaryPage() {
  const { t } = useTranslation('grievances');
  const w = useWords();
  const [params, setParams] = useSearchParams();
  const departments = useDirectory();
  const asked = params.get('period');
  const valid = asked && /^\d{4}-(0[1-9]|1[0-2])$/.test(asked) ? asked : undefined;
  // The server's month once an answer has said what its clock reads.
  const period = valid ?? (departments.settled ? monthOf(serverNow()) : undefined);
  const summary = useApi<RatingSummary>(
    period ? `/v1/ratings/summary?period=${encodeURIComponent(period)}` : undefined,
    { anonymous: true },
  );
  const [month, setMonth] = useState('');
  useEffect(() => {
    if (period) setMonth(period);
  }, [period]);
  const show = (p: string) => setParams({ period: p });
  return (
    <section className="gv-public gv-summary">
      <p>
        <Link to="/disclosure">{t('summary.back')}</Link>
      </p>
      <h1>{t('summary.title')}</h1>
      <p>{t('summary.intro')}</p>
      <form
        className="gv-month"
        onSubmit={(e) => {
          e.preventDefault();
          if (/^\d{4}-\d{2}$/.test(month)) show(month);
        }}
      >
        <label htmlFor="gv-month">{t('summary.month')}</label>
        <input id="gv-month" type="month" value={month} onChange={(e) => setMonth(e.target.value)} />
        <button type="submit">{t('summary.show')}</button>
        {period ? (
          <>
            <button type="button" onClick={() => show(previousMonth(period))}>
              {t('summary.previous')}
            </button>
            <button type="button" onClick={() => show(nextMonth(period))}>
              {t('summary.next')}
            </button>
          </>
        ) : null}
      </form>
      <Loaded state={afterDirectory(summary, departments)}>
        {(s) => {
          const rows = s.rows;
          const sum = (f: (r: (typeof rows)[number]) => number) => rows.reduce((n, r) => n + f(r), 0);
          const levels = Object.fromEntries(ratingLevels.map((l) => [l, sum((r) => r.levels[l])])) as Record<
            number,
            number
          >;
          const counted = sum((r) => r.total);
          const satisfied = (levels[3] ?? 0) + (levels[4] ?? 0) + (levels[5] ?? 0);
          return (
            <>
              <h2 data-testid="summary-period">{t('summary.period', { period: s.period })}</h2>
              {rows.length === 0 ? (
                <p data-testid="summary-empty">{t('summary.empty')}</p>
              ) : (
                // biome-ignore lint/a11y/noNoninteractiveTabindex: a table wider than a phone scrolls here; with no link inside, the keyboard must reach it to scroll it (axe scrollable-region-focusable)
                <section className="table-scroll" aria-labelledby="gv-summary-caption" tabIndex={0}>
                  <table data-testid="rating-summary">
                    <caption id="gv-summary-caption">{t('summary.caption', { period: s.period })}</caption>
                    <thead>
                      <tr>
                        <th scope="col">{t('summary.department')}</th>
                        <th scope="col">{t('summary.item')}</th>
                        <th scope="col" className="num">
                          {t('summary.total')}
                        </th>
                        {ratingLevels.map((l) => (
                          <th scope="col" className="num" key={l}>
                            {l} {w.level(l)}
                          </th>
                        ))}
                        <th scope="col" className="num">
                          {t('summary.rate')}
                        </th>
                        <th scope="col" className="num">
                          {t('summary.bad')}
                        </th>
                        <th scope="col" className="num">
                          {t('summary.rectifiedOnTime')}
                        </th>
                        <th scope="col" className="num">
                          {t('summary.excluded')}
                        </th>
                      </tr>
                    </thead>
                    <tbody>
                      {rows.map((r) => (
                        <tr
                          key={`${r.departmentId}/${r.itemCode}`}
                          data-item={r.itemCode}
                          data-department={r.departmentId}
                        >
                          <th scope="row">{departments.name(r.departmentId)}</th>
                          <td>
                            {r.itemName}（{r.itemCode}）
                          </td>
                          <td className="num">{r.total}</td>
                          {ratingLevels.map((l) => (
                            <td className="num" key={l}>
                              {r.levels[l]}
                            </td>
                          ))}
                          <td className="num" data-testid="satisfaction-rate">
                            {percent(r.satisfactionRate)}
                          </td>
                          <td className="num" data-testid="bad-reviews">
                            {r.badReviews}
                          </td>
                          <td className="num" data-testid="rectified-on-time">
                            {r.rectifiedOnTime}
                          </td>
                          <td className="num">{r.excluded}</td>
                        </tr>
                      ))}
                    </tbody>
                    <tfoot>
                      <tr>
                        <th scope="row" colSpan={2}>
                          {t('summary.centre')}
                        </th>
                        <td className="num">{counted}</td>
                        {ratingLevels.map((l) => (
                          <td className="num" key={l}>
                            {levels[l]}
                          </td>
                        ))}
                        <td className="num">
                          {percent(counted ? Math.round((satisfied / counted) * 1e4) / 1e4 : null)}
                        </td>
                        <td className="num">{sum((r) => r.badReviews)}</td>
                        <td className="num">{sum((r) => r.rectifiedOnTime)}</td>
                        <td className="num">{sum((r) => r.excluded)}</td>
                      </tr>
                    </tfoot>
                  </table>
                </section>
              )}
              <p className="gv-muted">
                {t('summary.definition')}：{s.definition}
              </p>
            </>
          );
        }}
      </Loaded>
    </section>
  );
}
