import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useApi } from '../api.ts';
import { Light } from '../components/Light.tsx';
import { Loaded } from '../components/Status.tsx';
import { statusLabel } from '../labels.ts';
import { serverNow, useServerNow } from '../server-time.ts';
import { ActionsPanel } from './ActionsPanel.tsx';
import { Countdown } from './Countdown.tsx';
import { chinaTime, Timeline } from './Timeline.tsx';
import { type CaseDetail, limitOf } from './types.ts';

/**
 * One case for the staff of its department: where it stands (status, light, deadline and the time left, who handles
 * it, pauses, extension, decision), what happened (the timeline), and what the signed-in role may do now — each
 * refused action shown with the API's reason.
 */
export function CasePage() {
  const { id = '' } = useParams();
  const { t } = useTranslation('staff');
  const found = useApi<CaseDetail>(`/v1/applications/${encodeURIComponent(id)}`);
  return (
    <>
      <p>
        <Link to="/staff">{t('case.back')}</Link>
      </p>
      <h1 className="staff-case-title">{t('case.title', { id })}</h1>
      <Loaded state={found}>
        {(c) => (
          <>
            <CaseSummary c={c} />
            <ActionsPanel c={c} reload={found.reload} />
            <h2>{t('case.timeline')}</h2>
            <Timeline events={c.timeline} heading={t('case.timeline')} />
          </>
        )}
      </Loaded>
    </>
  );
}

function CaseSummary({ c }: { c: CaseDetail }) {
  const { t } = useTranslation('staff');
  // Ticks every second (a re-render); the figure is read at each render, so an answer that just moved the server's
  // now (its Date header) shows at once, not at the next tick.
  useServerNow(1000);
  const now = serverNow();
  const limit = limitOf(c);
  const time = (iso: string | null | undefined) => (iso ? chinaTime(iso) : t('case.none'));
  return (
    <section className="card" aria-labelledby="staff-summary">
      <h2 id="staff-summary">{t('case.summary')}</h2>
      <dl className="staff-facts" data-status={c.status}>
        <dt>{t('case.status')}</dt>
        <dd data-testid="case-status">{statusLabel(c.status)}</dd>
        <dt>{t('case.light')}</dt>
        <dd>{c.light ? <Light light={c.light} /> : t('case.none')}</dd>
        <dt>{t('case.item')}</dt>
        <dd>
          {c.itemName} <code>{c.itemCode}</code>
        </dd>
        {c.projectId ? (
          <>
            <dt>{t('case.project')}</dt>
            <dd>
              <Link to={`/staff/projects/${encodeURIComponent(c.projectId)}`}>{c.projectId}</Link>
              {c.greenChannel ? (
                <span className="staff-green" data-testid="green-channel">
                  {t('worklist.greenChannel')}
                </span>
              ) : null}
            </dd>
          </>
        ) : null}
        <dt>{t('case.applicant')}</dt>
        <dd>
          {c.applicant.name} · {t('case.phone')} {c.applicant.phone}
        </dd>
        <dt>{t('case.receivedAt')}</dt>
        <dd>{time(c.receivedAt)}</dd>
        {c.reviewDeadline ? (
          <>
            <dt>{t('case.reviewDeadline')}</dt>
            <dd>{time(c.reviewDeadline)}</dd>
          </>
        ) : null}
        <dt>{t('case.acceptedOn')}</dt>
        <dd>{c.acceptedOn ?? t('case.none')}</dd>
        <dt>{t('case.deadline')}</dt>
        <dd data-testid="case-deadline">
          {c.deadline ? `${time(c.deadline)} (${t('case.deadlineDate')} ${c.deadlineDate})` : t('case.none')}
        </dd>
        <dt>{t('case.countdown')}</dt>
        <dd>
          <Countdown until={limit.until} now={now} />
        </dd>
        <dt>{t('case.remaining')}</dt>
        <dd>{c.remainingWorkingDays ?? '—'}</dd>
        {c.supervision ? (
          <>
            <dt>{t('case.supervisionDeadline')}</dt>
            <dd>{time(c.supervision.deadline)}</dd>
          </>
        ) : null}
        {c.redCardAt ? (
          <>
            <dt>{t('case.redCard')}</dt>
            <dd>{time(c.redCardAt)}</dd>
          </>
        ) : null}
        <dt>{t('case.handler')}</dt>
        <dd>
          {c.handler.name} ({c.handler.id})
        </dd>
        <dt>{t('case.leader')}</dt>
        <dd>
          {c.leader.name} ({c.leader.id})
        </dd>
        <dt>{t('case.eligible')}</dt>
        <dd>{c.deemedConsentEligible ? t('case.eligibleYes') : t('case.eligibleNo')}</dd>
        <dt>{t('case.extension')}</dt>
        <dd data-testid="case-extension">
          {c.extension ? (
            <>
              {t('case.extensionText', {
                days: c.extension.workingDays,
                reason: c.extension.reason,
                requestedBy: c.extension.requestedBy,
                at: time(c.extension.requestedAt),
              })}{' '}
              <strong>
                {c.extension.status === 'PENDING'
                  ? t('case.extensionPending')
                  : t('case.extensionApproved', { by: c.extension.approvedBy, at: time(c.extension.approvedAt) })}
              </strong>
            </>
          ) : (
            t('case.none')
          )}
        </dd>
        <dt>{t('case.decision')}</dt>
        <dd data-testid="case-decision">
          {c.decision
            ? `${t('case.decisionText', {
                outcome: statusLabel(c.decision.outcome),
                by: c.decision.by,
                at: time(c.decision.at),
              })}${c.decision.late ? t('case.late') : ''}${c.decision.reason ? ` — ${c.decision.reason}` : ''}`
            : t('case.none')}
        </dd>
        {c.expiry ? (
          <>
            <dt>{t('case.expiry')}</dt>
            <dd>
              {statusLabel(c.expiry.outcome)} · {time(c.expiry.at)}
            </dd>
          </>
        ) : null}
        {c.notices.length ? (
          <>
            <dt>{t('case.notices')}</dt>
            <dd>
              <ul>
                {c.notices.map((n) => (
                  <li key={n.number}>
                    {t('case.noticeText', { number: n.number, at: time(n.at), missing: n.missing.join(', ') })}
                  </li>
                ))}
              </ul>
            </dd>
          </>
        ) : null}
      </dl>
      {c.pauses.length ? (
        <>
          <h3>{t('case.pauses')}</h3>
          {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a table wider than a phone scrolls here; with no link inside, the keyboard must reach it to scroll it (axe scrollable-region-focusable) */}
          <section className="table-scroll" aria-label={t('case.pauses')} tabIndex={0}>
            <table className="staff-pauses">
              <thead>
                <tr>
                  <th scope="col">{t('case.pauseReason')}</th>
                  <th scope="col">{t('case.pauseFrom')}</th>
                  <th scope="col">{t('case.pauseTo')}</th>
                  <th scope="col">{t('case.pauseExpected')}</th>
                  <th scope="col">{t('case.pauseDays')}</th>
                  <th scope="col">{t('case.pauseBy')}</th>
                  <th scope="col">{t('case.pauseNote')}</th>
                </tr>
              </thead>
              <tbody>
                {c.pauses.map((p) => (
                  <tr key={p.from}>
                    <td>{t(`pauseReasons.${p.reason}`, { defaultValue: p.reason })}</td>
                    <td>{time(p.from)}</td>
                    <td>{p.to ? time(p.to) : t('case.pauseOpen')}</td>
                    <td className="num">{p.expectedWorkingDays}</td>
                    <td className="num">{p.workingDays ?? '—'}</td>
                    <td>{p.by}</td>
                    <td>{p.note ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        </>
      ) : null}
    </section>
  );
}
