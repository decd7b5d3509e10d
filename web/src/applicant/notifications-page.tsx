import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiProblem, api } from '../api.ts';
import { ProblemView } from '../components/Status.tsx';
import { NotificationList } from './case-page.tsx';
import type { Notification } from './types.ts';

interface Page {
  readonly notifications: readonly Notification[];
  readonly next: string | null;
}

/** `/my/notifications`: what the applicant's applications told them, newest first, a page at a time. */
export function NotificationsPage() {
  const { t, i18n } = useTranslation('applicant');
  const [items, setItems] = useState<readonly Notification[]>();
  const [next, setNext] = useState<string | null>(null);
  const [problem, setProblem] = useState<ApiProblem>();
  const [busy, setBusy] = useState(false);
  const load = useCallback(async (cursor?: string) => {
    setBusy(true);
    try {
      const page = await api<Page>(
        `/v1/notifications?limit=20${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      setItems((old) => (cursor ? [...(old ?? []), ...page.notifications] : page.notifications));
      setNext(page.next);
      setProblem(undefined);
    } catch (error) {
      setProblem(error instanceof ApiProblem ? error : new ApiProblem(0, '网络错误 Network error', String(error)));
    } finally {
      setBusy(false);
    }
  }, []);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the first page again when the language changes
  useEffect(() => {
    void load();
  }, [load, i18n.language]);
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
