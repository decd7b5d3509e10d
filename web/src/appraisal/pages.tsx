import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { type ApiProblem, api, useApi } from '../api.ts';
import { ScrollRegion } from '../components/ScrollRegion.tsx';
import { Loaded, ProblemView } from '../components/Status.tsx';
import { afterDirectory, useDirectory } from '../directory.ts';
import { pick } from '../i18n.ts';
import { serverNow } from '../server-time.ts';
import { useSession } from '../session.ts';
import type { Criteria, MyRating, Summary } from './model.ts';
import { shanghaiYear } from './model.ts';

function useYear(): number {
  const [params] = useSearchParams();
  const asked = Number(params.get('year'));
  return Number.isInteger(asked) && asked >= 2000 && asked <= 2100 ? asked : shanghaiYear(serverNow());
}

/** `/appraisal` (公开评议, anyone): the year's results per department, aggregates only, with the criteria. */
export function AppraisalSummaryPage() {
  const { t } = useTranslation('appraisal');
  const year = useYear();
  const state = useApi<Summary>(`/v1/appraisals/${year}`, { anonymous: true });
  return (
    <section className="appraisal">
      <h1>{t('summary.title', { year })}</h1>
      <p>{t('summary.intro')}</p>
      <Loaded state={state}>
        {(s) => (
          <>
            <p>
              {t('summary.window', {
                opens: s.window.opens,
                closes: s.window.closes,
                state: t(`summary.states.${s.window.state}`),
              })}
            </p>
            <p>
              {t('summary.total', { n: s.ratings })} · {t('summary.minRatings', { n: s.minRatings })}
            </p>
            <ScrollRegion label={t('summary.table')}>
              <table>
                <caption>{t('summary.table')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('summary.rank')}</th>
                    <th scope="col">{t('summary.department')}</th>
                    <th scope="col">{t('summary.ratings')}</th>
                    {s.criteria.map((c) => (
                      <th scope="col" key={c.code}>
                        {pick(c.name)}
                      </th>
                    ))}
                    <th scope="col">{t('summary.weightedTotal')}</th>
                    <th scope="col">{t('summary.grade')}</th>
                    <th scope="col">{t('summary.leader')}</th>
                    <th scope="col">{t('summary.leaderTotal')}</th>
                  </tr>
                </thead>
                <tbody>
                  {s.departments.map((d) => (
                    <tr key={d.departmentId} data-department={d.departmentId}>
                      <td>{d.rank ?? '—'}</td>
                      <th scope="row">{d.name ? pick(d.name) : d.departmentId}</th>
                      <td>{d.department.ratings}</td>
                      {d.department.shown ? (
                        <>
                          {s.criteria.map((c) => (
                            <td key={c.code}>{d.department.averages?.[c.code]?.toFixed(2)}</td>
                          ))}
                          <td>{d.department.weightedTotal?.toFixed(2)}</td>
                          <td>{d.department.gradeName ? pick(d.department.gradeName) : ''}</td>
                        </>
                      ) : (
                        <td colSpan={s.criteria.length + 2}>{t('summary.hidden', { n: s.minRatings })}</td>
                      )}
                      <td>{d.leaderName ?? ''}</td>
                      <td>
                        {d.leader.shown
                          ? `${d.leader.weightedTotal?.toFixed(2)} ${d.leader.gradeName ? pick(d.leader.gradeName) : ''}`
                          : `${d.leader.ratings} · ${t('summary.hidden', { n: s.minRatings })}`}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </ScrollRegion>
            <h2>{t('summary.criteria')}</h2>
            <dl className="appraisal-criteria">
              {s.criteria.map((c) => (
                <div key={c.code}>
                  <dt>
                    {pick(c.name)} <small>{t('summary.weight', { w: c.weight })}</small>
                  </dt>
                  <dd>{pick(c.description)}</dd>
                </div>
              ))}
            </dl>
            <p>
              <Link to={`/login?next=${encodeURIComponent('/appraisal/rate')}`}>{t('summary.rate')}</Link>
            </p>
          </>
        )}
      </Loaded>
    </section>
  );
}

/** `/appraisal/rate` (representative): the criteria with their descriptions, one form per department. */
export function RatePage() {
  const { t } = useTranslation('appraisal');
  const session = useSession();
  const year = useYear();
  const criteria = useApi<Criteria>(`/v1/appraisals/${year}/criteria`);
  const departments = useDirectory();
  const mine = useApi<{ ratings: MyRating[] }>(`/v1/appraisals/${year}/ratings/mine`);
  // The leaders as the directory names them (the public directory does not): the summary lists each one.
  const summary = useApi<Summary>(`/v1/appraisals/${year}`, { anonymous: true });
  const [departmentId, setDepartmentId] = useState('');
  const [withLeader, setWithLeader] = useState(false);
  const [problem, setProblem] = useState<ApiProblem>();
  const [done, setDone] = useState<string>();
  const [busy, setBusy] = useState(false);
  const rated = new Set((mine.data?.ratings ?? []).map((r) => r.departmentId));
  const nameOf = departments.name;
  const leaderOf = (id: string) => summary.data?.departments.find((x) => x.departmentId === id)?.leaderName;

  const submit = async (event: FormEvent<HTMLFormElement>, c: Criteria) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const scoresOf = (prefix: string) =>
      Object.fromEntries(c.criteria.map((x) => [x.code, Number(form.get(`${prefix}.${x.code}`))]));
    const comment = String(form.get('comment') ?? '').trim();
    setBusy(true);
    setProblem(undefined);
    setDone(undefined);
    try {
      const answer = await api<{ weightedTotal: number }>(`/v1/appraisals/${year}/ratings`, {
        method: 'POST',
        body: {
          departmentId,
          scores: scoresOf('d'),
          ...(withLeader ? { leaderScores: scoresOf('l') } : {}),
          ...(comment ? { comment } : {}),
        },
      });
      setDone(t('rate.done', { department: nameOf(departmentId), total: answer.weightedTotal.toFixed(2) }));
      setDepartmentId('');
      setWithLeader(false);
      mine.reload();
    } catch (error) {
      setProblem(error as ApiProblem);
    } finally {
      setBusy(false);
    }
  };

  const scoreFields = (prefix: string, c: Criteria, legend: string) => (
    <fieldset className="appraisal-scores">
      <legend>{legend}</legend>
      {c.criteria.map((x) => (
        <fieldset key={x.code} className="appraisal-criterion">
          <legend>
            {pick(x.name)} <small>{t('summary.weight', { w: x.weight })}</small>
          </legend>
          <p className="hint">{pick(x.description)}</p>
          <div className="appraisal-scale">
            {Array.from({ length: c.scale.max - c.scale.min + 1 }, (_, i) => c.scale.min + i).map((n) => (
              <label key={n}>
                <input type="radio" name={`${prefix}.${x.code}`} value={n} required />
                {n} {pick(c.scale.names[String(n)])}
              </label>
            ))}
          </div>
        </fieldset>
      ))}
    </fieldset>
  );

  return (
    <section className="appraisal narrow">
      <h1>{t('rate.title', { year })}</h1>
      <p>{t('rate.intro')}</p>
      {session?.kind ? (
        <p>{t('rate.kind', { kind: t(`kinds.${session.kind}`, { defaultValue: session.kind }) })}</p>
      ) : null}
      <Loaded state={afterDirectory(criteria, departments)}>
        {(c) =>
          c.window.state !== 'OPEN' ? (
            <p role="status">{t('rate.closed', { opens: c.window.opens, closes: c.window.closes })}</p>
          ) : (
            <form onSubmit={(e) => void submit(e, c)}>
              <label>
                {t('rate.department')}
                <select required value={departmentId} onChange={(e) => setDepartmentId(e.target.value)}>
                  <option value="">{t('rate.choose')}</option>
                  {departments.list
                    .filter((d) => !rated.has(d.id))
                    .map((d) => (
                      <option key={d.id} value={d.id}>
                        {d.name}
                      </option>
                    ))}
                </select>
              </label>
              {departmentId ? (
                <>
                  {scoreFields('d', c, t('rate.departmentScores'))}
                  {leaderOf(departmentId) ? (
                    <label className="appraisal-leader">
                      <input type="checkbox" checked={withLeader} onChange={(e) => setWithLeader(e.target.checked)} />
                      {t('rate.leader', { name: leaderOf(departmentId) })}
                    </label>
                  ) : null}
                  {withLeader ? scoreFields('l', c, t('rate.leaderScores')) : null}
                  <label>
                    {t('rate.comment')}
                    <textarea name="comment" maxLength={1000} />
                  </label>
                  <button type="submit" disabled={busy}>
                    {t('rate.submit')}
                  </button>
                </>
              ) : null}
            </form>
          )
        }
      </Loaded>
      {done ? <p role="status">{done}</p> : null}
      {problem ? <ProblemView problem={problem} /> : null}
      <h2>{t('rate.mine')}</h2>
      <Loaded state={mine}>
        {(m) =>
          m.ratings.length ? (
            <ul>
              {m.ratings.map((r) => (
                <li key={r.departmentId}>
                  {nameOf(r.departmentId)} — {r.weightedTotal.toFixed(2)}
                </li>
              ))}
            </ul>
          ) : (
            <p>{t('rate.none')}</p>
          )
        }
      </Loaded>
      <p>
        <Link to={`/appraisal?year=${year}`}>{t('summary.title', { year })}</Link>
      </p>
    </section>
  );
}
