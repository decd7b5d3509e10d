import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { type ApiProblem, api } from '../api.ts';
import { formatInstant } from '../applicant/format.ts';
import { ProblemView } from '../components/Status.tsx';
import { pick } from '../i18n.ts';
import {
  asProblem,
  formatDeadline,
  type Grievance,
  isGrievanceId,
  isMissingRoute,
  isRatingId,
  nextDeadline,
  type Rating,
} from './model.ts';
import { useWords } from './parts.tsx';

/** A row of a list: from the list route (the whole grievance or rating), or from a notification (what it said). */
export type Listed<T> =
  | { readonly from: 'list'; readonly item: T }
  | {
      readonly from: 'inbox';
      readonly id: string;
      readonly title: string;
      readonly kind: string;
      readonly at: string;
      readonly subject: { zh: string; en: string };
    };

interface InboxNotification {
  readonly id: string;
  readonly caseId: string;
  readonly kind: string;
  readonly at: string;
  readonly itemName: string;
  readonly subject: { readonly zh: string; readonly en: string };
}

/**
 * A list from its route (`GET /v1/grievances` → `{grievances, next}`, `GET /v1/ratings` → `{ratings}`), or — while
 * this version of the API has no such route (404 or 405) — the same things as the caller's inbox names them: the
 * newest notification of each grievance or rating (`caseId` carries its id), said so on the page. Any other problem
 * is shown as it is.
 */
export function useListOrInbox<T extends { id: string }>(
  path: string,
  field: 'grievances' | 'ratings',
  belongs: (id: string) => boolean,
) {
  const [state, setState] = useState<{
    rows?: readonly Listed<T>[];
    next?: string | null;
    fallback?: boolean;
    problem?: ApiProblem;
    busy: boolean;
  }>({ busy: true });
  const load = useCallback(
    async (cursor?: string) => {
      setState((s) => ({ ...s, busy: true }));
      try {
        const join = path.includes('?') ? '&' : '?';
        const page = await api<Record<string, readonly T[]> & { next?: string | null }>(
          `${path}${join}limit=50${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        );
        const rows = (page[field] ?? []).map((item) => ({ from: 'list' as const, item }));
        setState((s) => ({
          rows: cursor ? [...(s.rows ?? []), ...rows] : rows,
          next: page.next ?? null,
          busy: false,
        }));
      } catch (error) {
        const problem = asProblem(error);
        if (!isMissingRoute(problem)) {
          setState({ problem, busy: false });
          return;
        }
        try {
          const inbox = await api<{ notifications: readonly InboxNotification[] }>('/v1/notifications?limit=100');
          const seen = new Set<string>();
          const rows: Listed<T>[] = [];
          for (const n of inbox.notifications) {
            if (!belongs(n.caseId) || seen.has(n.caseId)) continue;
            seen.add(n.caseId);
            rows.push({ from: 'inbox', id: n.caseId, title: n.itemName, kind: n.kind, at: n.at, subject: n.subject });
          }
          setState({ rows, next: null, fallback: true, busy: false });
        } catch (inboxError) {
          setState({ problem: asProblem(inboxError), busy: false });
        }
      }
    },
    [path, field, belongs],
  );
  useEffect(() => {
    void load();
  }, [load]);
  return { ...state, load };
}

/** Grievances as a table: number (a link to `base/id`), kind, what about, status, the next time limit. */
export function GrievanceTable(props: { path: string; base: string; caption: string; missingText: string }) {
  const { t } = useTranslation('grievances');
  const w = useWords();
  const list = useListOrInbox<Grievance>(props.path, 'grievances', isGrievanceId);
  if (list.problem) return <ProblemView problem={list.problem} onRetry={() => void list.load()} />;
  if (!list.rows)
    return (
      <p className="loading" aria-live="polite">
        {t('loading', { ns: 'common' })}
      </p>
    );
  return (
    <>
      {list.fallback ? (
        <p className="card gv-note" data-testid="list-missing">
          {props.missingText}
        </p>
      ) : null}
      {list.rows.length === 0 ? (
        <p data-testid="list-empty">{t('list.empty')}</p>
      ) : (
        <div className="table-scroll">
          <table className="gv-table" data-testid="grievance-list">
            <caption>{props.caption}</caption>
            <thead>
              <tr>
                <th scope="col">{t('list.id')}</th>
                <th scope="col">{t('list.kind')}</th>
                <th scope="col">{t('list.summary')}</th>
                <th scope="col">{t('list.status')}</th>
                <th scope="col">{t('list.deadline')}</th>
              </tr>
            </thead>
            <tbody>
              {list.rows.map((row) => {
                const id = row.from === 'list' ? row.item.id : row.id;
                return (
                  <tr key={id} data-grievance={id}>
                    <td>
                      <Link to={`${props.base}/${encodeURIComponent(id)}`} className="gv-id">
                        {id}
                      </Link>
                    </td>
                    {row.from === 'list' ? (
                      <>
                        <td>{w.kind(row.item.kind)}</td>
                        <td>{row.item.summary ?? ''}</td>
                        <td data-status={row.item.status}>{w.status(row.item.status)}</td>
                        <td>{formatDeadline(nextDeadline(row.item))}</td>
                      </>
                    ) : (
                      <>
                        <td>—</td>
                        <td>{row.title}</td>
                        <td>
                          {w.event(row.kind)}
                          <div className="gv-muted">{pick(row.subject)}</div>
                        </td>
                        <td>{formatInstant(row.at)}</td>
                      </>
                    )}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {list.next ? (
        <button type="button" disabled={list.busy} onClick={() => void list.load(list.next ?? undefined)}>
          {t('list.more')}
        </button>
      ) : null}
    </>
  );
}

/** Ratings as a table (bad reviews first): rating id (a link to `base/id`), item, level, rectification status. */
export function RatingTable(props: { base: string }) {
  const { t } = useTranslation('grievances');
  const w = useWords();
  const list = useListOrInbox<Rating>('/v1/ratings', 'ratings', isRatingId);
  if (list.problem) return <ProblemView problem={list.problem} onRetry={() => void list.load()} />;
  if (!list.rows)
    return (
      <p className="loading" aria-live="polite">
        {t('loading', { ns: 'common' })}
      </p>
    );
  const rows = [...list.rows].sort(
    (a, b) => Number(b.from === 'list' && b.item.bad) - Number(a.from === 'list' && a.item.bad),
  );
  return (
    <>
      {list.fallback ? (
        <p className="card gv-note" data-testid="ratings-missing">
          {t('list.ratingsMissing')}
        </p>
      ) : null}
      {rows.length === 0 ? (
        <p>{t('list.ratingsEmpty')}</p>
      ) : (
        <div className="table-scroll">
          <table className="gv-table" data-testid="rating-list">
            <caption>{t('list.ratingsCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('list.rating')}</th>
                <th scope="col">{t('list.item')}</th>
                <th scope="col">{t('list.level')}</th>
                <th scope="col">{t('list.rectification')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => {
                const id = row.from === 'list' ? row.item.id : row.id;
                return (
                  <tr key={id} data-rating={id}>
                    <td>
                      <Link to={`${props.base}/${encodeURIComponent(id)}`} className="gv-id">
                        {id}
                      </Link>
                    </td>
                    {row.from === 'list' ? (
                      <>
                        <td>{row.item.itemName}</td>
                        <td>
                          {row.item.level} · {w.level(row.item.level)}
                        </td>
                        <td>{row.item.rectification ? w.rectStatus(row.item.rectification.status) : '—'}</td>
                      </>
                    ) : (
                      <>
                        <td>{row.title}</td>
                        <td>{w.event(row.kind)}</td>
                        <td>{pick(row.subject)}</td>
                      </>
                    )}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
