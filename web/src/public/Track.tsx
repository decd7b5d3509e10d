import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiProblem, api, useApi } from '../api.ts';
import { Light } from '../components/Light.tsx';
import { ProblemView } from '../components/Status.tsx';
import { eventLabel, statusLabel } from '../labels.ts';
import { useSession } from '../session.ts';
import { type Department, formatDate, formatInstant, type Item, type Tracked } from './model.ts';

/**
 * The tracker (`/track`, 办件查询): the case id on the receipt and the phone given on the application, sent in a POST
 * body (never the address: the phone would sit in history and logs). A wrong phone reads exactly like a wrong id.
 * A signed-in applicant is pointed to their own list, where every case is without typing.
 */
export function TrackPage() {
  const { t } = useTranslation('public');
  const session = useSession();
  const [state, setState] = useState<{ busy: boolean; found?: Tracked; notFound?: boolean; problem?: ApiProblem }>({
    busy: false,
  });

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setState({ busy: true });
    try {
      const found = await api<Tracked>('/v1/track', {
        method: 'POST',
        anonymous: true,
        body: { caseId: String(form.get('caseId') ?? '').trim(), phone: String(form.get('phone') ?? '').trim() },
      });
      setState({ busy: false, found });
    } catch (error) {
      if (error instanceof ApiProblem && error.status === 404) setState({ busy: false, notFound: true });
      else
        setState({
          busy: false,
          problem: error instanceof ApiProblem ? error : new ApiProblem(0, '网络错误 Network error', String(error)),
        });
    }
  };

  return (
    <section className="public-track">
      <h1>{t('track.title')}</h1>
      {session?.role === 'applicant' ? (
        <p className="card public-note">
          {t('track.signedIn')} <Link to="/my">{t('track.myCases')}</Link>
        </p>
      ) : null}
      <p>{t('track.intro')}</p>
      <form onSubmit={submit} className="narrow">
        <label>
          {t('track.caseId')}
          <input
            name="caseId"
            required
            autoComplete="off"
            spellCheck={false}
            maxLength={40}
            aria-describedby="track-case-hint"
          />
          <small id="track-case-hint">{t('track.caseIdHint')}</small>
        </label>
        <label>
          {t('track.phone')}
          <input
            name="phone"
            type="tel"
            required
            autoComplete="tel"
            maxLength={21}
            aria-describedby="track-phone-hint"
          />
          <small id="track-phone-hint">{t('track.phoneHint')}</small>
        </label>
        <button type="submit" className="primary" disabled={state.busy}>
          {state.busy ? t('track.searching') : t('track.submit')}
        </button>
      </form>
      <div aria-live="polite">
        {state.notFound ? (
          <p className="problem" role="alert" data-testid="track-not-found">
            {t('track.notFound')}
          </p>
        ) : null}
        {state.problem ? <ProblemView problem={state.problem} /> : null}
        {state.found ? <TrackedCase found={state.found} applicant={session?.role === 'applicant'} /> : null}
      </div>
    </section>
  );
}

function TrackedCase(props: { found: Tracked; applicant: boolean }) {
  const { t } = useTranslation('public');
  const c = props.found;
  // The case keeps the item's name as it was filed (Chinese); the catalogue gives it in the page's language.
  const item = useApi<Item>(`/v1/catalog/${encodeURIComponent(c.itemCode)}`, { anonymous: true });
  const department = useApi<Department>(`/v1/departments/${encodeURIComponent(c.departmentId)}`, {
    anonymous: true,
  });
  return (
    <article className="card public-tracked" data-testid="tracked">
      <h2>{t('track.result', { id: c.id })}</h2>
      <dl className="public-facts-grid">
        <div className="public-wide">
          <dt>{t('track.item')}</dt>
          <dd>
            <Link to={`/guide/${c.itemCode}`}>{item.data?.name ?? c.itemName}</Link>（{c.itemCode}）
          </dd>
        </div>
        <div>
          <dt>{t('track.department')}</dt>
          <dd>{department.data?.name ?? c.departmentId}</dd>
        </div>
        <div>
          <dt>{t('track.status')}</dt>
          <dd data-status={c.status}>{statusLabel(c.status)}</dd>
        </div>
        <div>
          <dt>{t('track.light')}</dt>
          <dd>
            {c.light ? <Light light={c.light} /> : t('track.noLight')}
            {c.remainingWorkingDays !== null && c.light ? (
              <span> · {t('track.remaining', { count: c.remainingWorkingDays })}</span>
            ) : null}
          </dd>
        </div>
        <div>
          <dt>{t('track.received')}</dt>
          <dd>{formatInstant(c.receivedAt)}</dd>
        </div>
        <div>
          <dt>{t('track.accepted')}</dt>
          <dd>{c.acceptedOn ? formatDate(c.acceptedOn) : t('track.notYet')}</dd>
        </div>
        <div>
          <dt>{t('track.deadline')}</dt>
          <dd>
            {c.deadlineDate ? formatDate(c.deadlineDate) : '—'}
            <br />
            <small>{t('track.limit', { count: c.workingDays })}</small>
          </dd>
        </div>
        {c.decision ? (
          <div>
            <dt>{t('track.decision')}</dt>
            <dd>
              {t('track.decisionAt', {
                outcome: statusLabel(c.decision.outcome),
                date: formatInstant(c.decision.at),
              })}
            </dd>
          </div>
        ) : null}
        {c.expiry ? (
          <div>
            <dt>{t('track.expiry')}</dt>
            <dd>
              {t('track.decisionAt', { outcome: statusLabel(c.expiry.outcome), date: formatInstant(c.expiry.at) })}
            </dd>
          </div>
        ) : null}
        {c.withdrawnAt ? (
          <div>
            <dt>{t('track.withdrawn')}</dt>
            <dd>{formatInstant(c.withdrawnAt)}</dd>
          </div>
        ) : null}
      </dl>
      <h3>{t('track.timeline')}</h3>
      <ol className="public-timeline">
        {c.timeline.map((e) => (
          <li key={`${e.type}-${e.at}`} data-type={e.type}>
            <time dateTime={e.at}>{formatInstant(e.at)}</time> <span>{eventLabel(e.type)}</span>
          </li>
        ))}
      </ol>
      {props.applicant ? (
        <p>
          <Link to={`/my/cases/${c.id}`}>{t('track.openInMy')}</Link>
        </p>
      ) : null}
    </article>
  );
}
