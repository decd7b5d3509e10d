import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatDate, useReason } from './format.ts';
import type { ApplyAnswer, MissingMaterial } from './types.ts';

/** The one-time notice (一次性告知): EVERY missing or defective material, numbered, in one list. */
export function MissingList(props: { missing: readonly MissingMaterial[] }) {
  const reason = useReason();
  return (
    <ol className="applicant-missing" data-testid="missing-materials">
      {props.missing.map((m) => (
        <li key={m.id}>
          <strong>{m.name}</strong> — {reason(m.reason)}
        </li>
      ))}
    </ol>
  );
}

/** What an application came to: accepted with its date, a notice, decided on the spot, or referred elsewhere. */
export function Outcome(props: { answer: ApplyAnswer }) {
  const { t } = useTranslation('applicant');
  const { answer } = props;
  if (answer.status === 'REFERRED' && 'referral' in answer) {
    const where = answer.referral;
    return (
      <section className="card applicant-outcome" role="status" data-outcome="REFERRED">
        <h2>{t('outcome.REFERRED')}</h2>
        <p>{t('outcome.referredText')}</p>
        <p>
          <strong>{where.name}</strong>
        </p>
        <dl className="applicant-facts">
          <dt>{t('outcome.address')}</dt>
          <dd>{where.address}</dd>
          <dt>{t('outcome.phone')}</dt>
          <dd>
            <a href={`tel:${where.phone.replace(/[^0-9+]/g, '')}`}>{where.phone}</a>
          </dd>
          <dt>{t('outcome.hours')}</dt>
          <dd>{where.hours}</dd>
        </dl>
      </section>
    );
  }
  if (!('id' in answer)) return null;
  const caseLink = (
    <p>
      <Link to={`/my/cases/${answer.id}`} className="applicant-id">
        {t('outcome.openCase', { id: answer.id })}
      </Link>
    </p>
  );
  const heading = ['ACCEPTED', 'MATERIALS_REQUIRED', 'APPROVED', 'REJECTED', 'RECEIVED'].includes(answer.status)
    ? t(`outcome.${answer.status}`)
    : answer.status;
  return (
    <section className="card applicant-outcome" role="status" data-outcome={answer.status}>
      <h2>{heading}</h2>
      {answer.status === 'ACCEPTED' ? (
        <p data-testid="completion-date">
          {t('outcome.acceptedText', { date: formatDate(answer.deadlineDate), days: answer.workingDays })}
        </p>
      ) : null}
      {answer.status === 'MATERIALS_REQUIRED' ? (
        <>
          {answer.notice ? (
            <p>{t('outcome.noticeNumber', { number: answer.notice.number, date: formatDate(answer.notice.date) })}</p>
          ) : null}
          <p>{t('outcome.noticeIntro')}</p>
          <MissingList missing={answer.notice?.missing ?? answer.missingMaterials ?? []} />
        </>
      ) : null}
      {answer.status === 'RECEIVED' ? <p>{t('outcome.receivedText')}</p> : null}
      {answer.decision?.reason ? <p>{answer.decision.reason}</p> : null}
      {caseLink}
    </section>
  );
}
