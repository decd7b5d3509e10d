import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiProblem, api, useApi } from '../api.ts';
import { Loaded, ProblemView } from '../components/Status.tsx';
import { deskPathOf } from '../grievances/model.ts';
import { pick } from '../i18n.ts';
import { chinaTime } from './Timeline.tsx';

interface Notification {
  readonly id: string;
  readonly caseId: string;
  readonly kind: string;
  readonly at: string;
  readonly to: readonly string[];
  readonly subject: { readonly zh: string; readonly en: string };
  readonly detail: string | null;
  readonly actBy: string | null;
  readonly itemName: string;
}

interface Inbox {
  readonly notifications: readonly Notification[];
  readonly next: string | null;
}

/** The department's notifications (GET /v1/notifications), newest first, a page at a time. */
export function InboxPage() {
  const { t } = useTranslation('staff');
  const first = useApi<Inbox>('/v1/notifications?limit=50');
  const [more, setMore] = useState<{ items: Notification[]; next: string | null | undefined }>({
    items: [],
    next: undefined,
  });
  const [problem, setProblem] = useState<ApiProblem>();
  const loadMore = async (cursor: string) => {
    try {
      const page = await api<Inbox>(`/v1/notifications?limit=50&cursor=${encodeURIComponent(cursor)}`);
      setMore((m) => ({ items: [...m.items, ...page.notifications], next: page.next }));
    } catch (error) {
      if (error instanceof ApiProblem) setProblem(error);
    }
  };
  return (
    <>
      <h1>{t('inbox.title')}</h1>
      <p>{t('inbox.intro')}</p>
      <Loaded state={first}>
        {(data) => {
          const items = [...data.notifications, ...more.items];
          const next = more.next === undefined ? data.next : more.next;
          if (items.length === 0) return <p>{t('inbox.empty')}</p>;
          return (
            <>
              <ul className="staff-inbox">
                {items.map((n) => (
                  <li key={n.id} className="card" data-kind={n.kind}>
                    <h2 className="staff-inbox-subject">{pick(n.subject)}</h2>
                    <p className="staff-meta">
                      <time dateTime={n.at}>{chinaTime(n.at)}</time>
                      <Link to={deskPathOf('staff', n.caseId)}>{t('inbox.case', { id: n.caseId })}</Link>
                      <span>{n.itemName}</span>
                      <span>
                        {t('inbox.to', {
                          to: n.to.map((r) => t(`inbox.recipients.${r}`, { defaultValue: r })).join(', '),
                        })}
                      </span>
                    </p>
                    {n.detail ? <p>{n.detail}</p> : null}
                    {n.actBy ? <p>{t('inbox.actBy', { time: chinaTime(n.actBy) })}</p> : null}
                  </li>
                ))}
              </ul>
              {problem ? <ProblemView problem={problem} /> : null}
              {next ? (
                <button type="button" onClick={() => void loadMore(next)}>
                  {t('inbox.more')}
                </button>
              ) : null}
            </>
          );
        }}
      </Loaded>
    </>
  );
}
