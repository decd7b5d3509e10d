import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ApiProblem, api, useApi } from '../api.ts';
import { Light } from '../components/Light.tsx';
import { Loaded, ProblemView } from '../components/Status.tsx';
import { CaseRating } from '../grievances/applicant-pages.tsx';
import { pick } from '../i18n.ts';
import { eventLabel } from '../labels.ts';
import { formatDate, formatInstant, useStatusLabel } from './format.ts';
import { MissingList, Outcome } from './outcome.tsx';
import type { CaseView, Guide, Notification, Receipt } from './types.ts';

const withdrawable = ['RECEIVED', 'MATERIALS_REQUIRED', 'ACCEPTED', 'SUSPENDED'];

function EventLabel(props: { type: string }) {
  useTranslation(); // renders again on a language switch
  return <>{eventLabel(props.type)}</>;
}

/** The document to keep, rendered from its JSON (the HTML variant needs the token, so a plain link cannot open it). */
function ReceiptView(props: { receipt: Receipt }) {
  const { t } = useTranslation('applicant');
  const r = props.receipt;
  return (
    <section className="card applicant-receipt" aria-labelledby="receipt-title" data-kind={r.kind}>
      <h2 id="receipt-title">{r.title}</h2>
      <p className="applicant-muted">
        No. <span className="applicant-id">{r.number ?? '—'}</span> · {formatDate(r.date)}
      </p>
      <p>{r.applicant}：</p>
      <p>
        {r.item}
        <br />
        {formatInstant(r.receivedAt)}
      </p>
      {r.text ? <p>{r.text}</p> : null}
      <ol>
        {r.lines.map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ol>
      <p className="applicant-muted">
        {r.legalBasis}
        {r.itemLegalBasis ? `；${r.itemLegalBasis}` : ''}
      </p>
      <p className="applicant-right">{r.centre}</p>
      <p className="no-print">
        <button type="button" onClick={() => window.print()}>
          {t('case.print')}
        </button>
      </p>
    </section>
  );
}

/** Bringing what the one-time notice listed (POST …/materials): ticked materials, then the answer as given. */
function BringMaterials(props: { c: CaseView; onDone: (answer: CaseView) => void }) {
  const { t } = useTranslation('applicant');
  const guide = useApi<Guide>(`/v1/catalog/${encodeURIComponent(props.c.itemCode)}`);
  const missing = props.c.notices.at(-1)?.missing ?? [];
  const [bring, setBring] = useState<ReadonlySet<string>>(new Set());
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<ApiProblem>();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setProblem(undefined);
    try {
      const body = { materials: [...bring].map((id) => ({ id })) };
      props.onDone(await api<CaseView>(`/v1/applications/${props.c.id}/materials`, { method: 'POST', body }));
      setBring(new Set());
    } catch (error) {
      setProblem(error instanceof ApiProblem ? error : new ApiProblem(0, '网络错误 Network error', String(error)));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="card" aria-labelledby="bring-title">
      <h2 id="bring-title">{t('case.bringTitle')}</h2>
      <Loaded state={guide}>
        {(item) => {
          const named = new Map(item.materials.map((m) => [m.id, m.name]));
          return (
            <form onSubmit={(e) => void submit(e)}>
              <fieldset>
                <legend>{t('case.bringIntro')}</legend>
                {missing.map((id) => (
                  <label key={id} className="applicant-check" htmlFor={`bring-${id}`}>
                    <input
                      id={`bring-${id}`}
                      type="checkbox"
                      data-material={id}
                      checked={bring.has(id)}
                      onChange={(e) =>
                        setBring((s) => {
                          const next = new Set(s);
                          if (e.target.checked) next.add(id);
                          else next.delete(id);
                          return next;
                        })
                      }
                    />
                    <span>
                      {named.get(id) ?? id} · {t('apply.bring')}
                    </span>
                  </label>
                ))}
              </fieldset>
              {problem ? <ProblemView problem={problem} /> : null}
              <p>
                <button type="submit" className="primary" disabled={busy || bring.size === 0}>
                  {t('case.bringSubmit')}
                </button>
              </p>
            </form>
          );
        }}
      </Loaded>
    </section>
  );
}

/** Withdrawal (POST …/withdraw), only after the applicant confirms it on the page. */
function Withdraw(props: { c: CaseView; onDone: () => void }) {
  const { t } = useTranslation('applicant');
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<ApiProblem>();
  const confirm = async () => {
    setBusy(true);
    setProblem(undefined);
    try {
      const body = reason.trim() ? { reason: reason.trim() } : {};
      await api(`/v1/applications/${props.c.id}/withdraw`, { method: 'POST', body });
      setAsking(false);
      props.onDone();
    } catch (error) {
      setProblem(error instanceof ApiProblem ? error : new ApiProblem(0, '网络错误 Network error', String(error)));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="card no-print" aria-labelledby="withdraw-title">
      <h2 id="withdraw-title">{t('case.withdrawTitle')}</h2>
      {asking ? (
        <div className="applicant-confirm">
          <p>{t('case.withdrawConfirmText')}</p>
          <label htmlFor="withdraw-reason">
            <span>{t('case.withdrawReason')}</span>
            <input id="withdraw-reason" maxLength={2000} value={reason} onChange={(e) => setReason(e.target.value)} />
          </label>
          {problem ? <ProblemView problem={problem} /> : null}
          <p className="applicant-buttons">
            <button type="button" className="primary" disabled={busy} onClick={() => void confirm()}>
              {t('case.withdrawConfirm')}
            </button>
            <button type="button" onClick={() => setAsking(false)}>
              {t('case.cancel')}
            </button>
          </p>
        </div>
      ) : (
        <button type="button" onClick={() => setAsking(true)}>
          {t('case.withdraw')}
        </button>
      )}
    </section>
  );
}

/**
 * Where a notification leads: its case, or — for a grievance's (`GV…`) or a rating's (`RT-<case id>`), which carry
 * that id in `caseId` — the grievance's page or the rated case (where the rating is followed).
 */
function notificationLink(id: string): string {
  if (id.startsWith('GV')) return `/my/grievances/${encodeURIComponent(id)}`;
  if (id.startsWith('RT-')) return `/my/cases/${encodeURIComponent(id.slice(3))}`;
  // A green-channel project's news (the officer named, the joint approval opened, its result).
  if (/^PJ\d{8}-/.test(id)) return `/my/projects/${encodeURIComponent(id)}`;
  return `/my/cases/${id}`;
}

export function NotificationList(props: { notifications: readonly Notification[]; showCase?: boolean }) {
  const { t } = useTranslation('applicant');
  return (
    <ul className="applicant-notifications">
      {props.notifications.map((n) => (
        <li key={n.id} className="card" data-kind={n.kind}>
          <p className="applicant-muted">
            <time dateTime={n.at}>{formatInstant(n.at)}</time>
            {props.showCase ? (
              <>
                {' · '}
                <Link to={notificationLink(n.caseId)} className="applicant-id">
                  {t('notifications.case', { id: n.caseId })}
                </Link>
              </>
            ) : null}
          </p>
          <p>
            <strong>{pick(n.subject)}</strong>
          </p>
          {props.showCase ? <p className="applicant-muted">{n.itemName}</p> : null}
          {n.actBy ? <p>{t('notifications.actBy', { at: formatInstant(n.actBy) })}</p> : null}
        </li>
      ))}
    </ul>
  );
}

/** `/my/cases/:id`: one application — where it stands, its timeline, its receipt, and what the applicant may do. */
export function CasePage() {
  const { id = '' } = useParams();
  const { t } = useTranslation('applicant');
  const status = useStatusLabel();
  const path = `/v1/applications/${encodeURIComponent(id)}`;
  const theCase = useApi<CaseView>(path);
  const receipt = useApi<Receipt>(`${path}/receipt`);
  const told = useApi<{ notifications: readonly Notification[] }>(`${path}/notifications`);
  const [answer, setAnswer] = useState<CaseView>();
  const [withdrawn, setWithdrawn] = useState(false);
  const reload = () => {
    theCase.reload();
    receipt.reload();
    told.reload();
  };
  return (
    <Loaded state={theCase}>
      {(c) => (
        <article className="applicant-case">
          <p className="no-print">
            <Link to="/my">{t('case.back')}</Link>
          </p>
          <h1 className="applicant-id">{t('case.title', { id: c.id })}</h1>
          <section className="card" aria-labelledby="summary-title">
            <h2 id="summary-title">{t('case.summary')}</h2>
            <dl className="applicant-facts">
              <dt>{t('case.item')}</dt>
              <dd>{c.itemName}</dd>
              <dt>{t('case.status')}</dt>
              <dd data-testid="case-status">{status(c.status)}</dd>
              {c.light ? (
                <>
                  <dt>{t('case.light')}</dt>
                  <dd>
                    <Light light={c.light} />
                  </dd>
                </>
              ) : null}
              <dt>{t('case.received')}</dt>
              <dd>{formatInstant(c.receivedAt)}</dd>
              {c.acceptedOn ? (
                <>
                  <dt>{t('case.accepted')}</dt>
                  <dd>{formatDate(c.acceptedOn)}</dd>
                </>
              ) : null}
              {c.deadlineDate ? (
                <>
                  <dt>{t('case.deadline')}</dt>
                  <dd data-testid="case-deadline">{formatDate(c.deadlineDate)}</dd>
                </>
              ) : null}
              {c.remainingWorkingDays !== null && c.remainingWorkingDays !== undefined ? (
                <>
                  <dt>{t('case.remaining')}</dt>
                  <dd>{t('case.remainingDays', { count: c.remainingWorkingDays })}</dd>
                </>
              ) : null}
              {c.decision ? (
                <>
                  <dt>{t('case.decision')}</dt>
                  <dd>
                    {status(c.decision.outcome)}
                    {c.decision.reason ? `: ${c.decision.reason}` : ''}
                  </dd>
                </>
              ) : null}
            </dl>
          </section>
          <div role="status" className="applicant-result">
            {withdrawn ? <p className="card">{t('case.withdrawn')}</p> : null}
            {answer ? <Outcome answer={answer} /> : null}
          </div>
          {c.status === 'MATERIALS_REQUIRED' ? (
            <>
              <Loaded state={receipt}>
                {(r) =>
                  r.kind === 'MATERIALS_NOTICE' ? (
                    <section className="card no-print" aria-labelledby="notice-title">
                      <h2 id="notice-title">{t('case.noticeTitle')}</h2>
                      <MissingNotice receipt={r} />
                    </section>
                  ) : null
                }
              </Loaded>
              <BringMaterials
                c={c}
                onDone={(after) => {
                  setAnswer(after);
                  reload();
                }}
              />
            </>
          ) : null}
          <section aria-labelledby="timeline-title">
            <h2 id="timeline-title">{t('case.timeline')}</h2>
            <ol className="applicant-timeline" data-testid="timeline">
              {c.timeline.map((e) => (
                <li key={e.hash} data-type={e.type}>
                  <p>
                    <strong>
                      <EventLabel type={e.type} />
                    </strong>{' '}
                    <time dateTime={e.at} className="applicant-muted">
                      {formatInstant(e.at)}
                    </time>
                  </p>
                  {e.note ? <p className="applicant-note">{e.note}</p> : null}
                </li>
              ))}
            </ol>
          </section>
          <section aria-labelledby="case-notifications-title" className="no-print">
            <h2 id="case-notifications-title">{t('case.notifications')}</h2>
            <Loaded state={told}>
              {(n) =>
                n.notifications.length ? (
                  <NotificationList notifications={[...n.notifications].reverse()} />
                ) : (
                  <p>{t('case.noNotifications')}</p>
                )
              }
            </Loaded>
          </section>
          {/* A document exists once there is a notice, an acceptance or a decision on the spot; the API would
              otherwise answer an acceptance receipt with no date (papers still under review, or withdrawn before). */}
          <CaseRating caseId={c.id} status={c.status} />
          {c.status === 'MATERIALS_REQUIRED' || c.acceptedOn ? (
            <Loaded state={receipt}>{(r) => <ReceiptView receipt={r} />}</Loaded>
          ) : null}
          {withdrawable.includes(c.status) ? (
            <Withdraw
              c={c}
              onDone={() => {
                setWithdrawn(true);
                setAnswer(undefined);
                reload();
              }}
            />
          ) : null}
        </article>
      )}
    </Loaded>
  );
}

/** The notice's missing materials as the receipt names them ("name — reason"): a numbered list. */
function MissingNotice(props: { receipt: Receipt }) {
  const missing = props.receipt.lines.map((line, i) => {
    const [name = line, reason = ''] = line.split(' — ');
    return { id: String(i), name, reason };
  });
  return <MissingList missing={missing} />;
}
