import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Light } from '../components/Light.tsx';
import { ProblemView } from '../components/Status.tsx';
import { formatDate, formatInstant, useStatusLabel } from './format.ts';
import { usePagedList } from './paged-list.ts';
import type { MyApplication } from './types.ts';

/** `/my`: the applicant's own applications, newest first, with lights and deadlines (GET /v1/applications). */
export function MyApplicationsPage() {
  const { t } = useTranslation('applicant');
  const status = useStatusLabel();
  const { rows, next, problem, busy, load } = usePagedList<MyApplication, 'applications'>(
    '/v1/applications',
    'applications',
  );

  return (
    <section className="applicant-my">
      <h1>{t('my.title')}</h1>
      {problem ? <ProblemView problem={problem} onRetry={() => void load()} /> : null}
      {rows === undefined && !problem ? (
        <p className="loading" aria-live="polite">
          {t('loading', { ns: 'common' })}
        </p>
      ) : null}
      {rows && rows.length === 0 ? (
        <p>
          {t('my.empty')} <Link to="/">{t('my.find')}</Link>
        </p>
      ) : null}
      {rows?.length ? (
        <>
          <div className="table-scroll">
            <table className="applicant-table">
              <caption>{t('my.caption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('my.id')}</th>
                  <th scope="col">{t('my.item')}</th>
                  <th scope="col">{t('my.status')}</th>
                  <th scope="col">{t('my.light')}</th>
                  <th scope="col">{t('my.deadline')}</th>
                  <th scope="col">{t('my.received')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((a) => (
                  <tr key={a.id} data-case={a.id}>
                    <td>
                      <Link to={`/my/cases/${a.id}`} className="applicant-id">
                        {a.id}
                      </Link>
                    </td>
                    <td>{a.itemName}</td>
                    <td>{status(a.status)}</td>
                    <td>
                      <Light light={a.light} />
                    </td>
                    <td>
                      {formatDate(a.deadlineDate)}
                      {a.remainingWorkingDays !== null ? (
                        <div className="applicant-muted">{t('my.remaining', { count: a.remainingWorkingDays })}</div>
                      ) : null}
                    </td>
                    <td>{formatInstant(a.receivedAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {next ? (
            <p>
              <button type="button" disabled={busy} onClick={() => void load(next)}>
                {t('my.more')}
              </button>
            </p>
          ) : null}
        </>
      ) : null}
    </section>
  );
}
