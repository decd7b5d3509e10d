import { useTranslation } from 'react-i18next';
import { ProblemView } from '../components/Status.tsx';
import { NotificationList } from './case-page.tsx';
import { usePagedList } from './paged-list.ts';
import type { Notification } from './types.ts';

/** `/my/notifications`: what the applicant's applications told them, newest first, a page at a time. */
export function NotificationsPage() {
  const { t } = useTranslation('applicant');
  const {
    rows: items,
    next,
    problem,
    busy,
    load,
  } = usePagedList<Notification, 'notifications'>('/v1/notifications', 'notifications');
  return (
    <section className="applicant-inbox">
      <h1>{t('notifications.title')}</h1>
      {problem ? <ProblemView problem={problem} onRetry={() => void load()} /> : null}
      {items === undefined && !problem ? (
        <p className="loading" aria-live="polite">
          {t('loading', { ns: 'common' })}
        </p>
      ) : null}
      {items && items.length === 0 ? <p>{t('notifications.empty')}</p> : null}
      {items?.length ? <NotificationList notifications={items} showCase /> : null}
      {next ? (
        <p>
          <button type="button" disabled={busy} onClick={() => void load(next)}>
            {t('notifications.more')}
          </button>
        </p>
      ) : null}
    </section>
  );
}
