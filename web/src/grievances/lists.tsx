import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { type ApiProblem, api } from '../api.ts';
import { Light } from '../components/Light.tsx';
import { ScrollRegion } from '../components/ScrollRegion.tsx';
import { ProblemView } from '../components/Status.tsx';
import type { Directory } from '../directory.ts';
import { pick } from '../i18n.ts';
import { asProblem, formatDeadline, type GrievanceListRow, type RatingListRow } from './model.ts';
import { useWords } from './parts.tsx';

/**
 * A list route read a page at a time (`GET /v1/grievances` → `{grievances, next}`, `GET /v1/ratings` →
 * `{ratings, next}`), 50 rows a page, "more" following `next`. Any problem is shown as the API said it.
 */
export function usePagedList<T>(path: string, field: 'grievances' | 'ratings') {
  const [state, setState] = useState<{
    rows?: readonly T[];
    next?: string | null;
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
        const rows = page[field] ?? [];
        setState((s) => ({
          rows: cursor ? [...(s.rows ?? []), ...rows] : rows,
          next: page.next ?? null,
          busy: false,
        }));
      } catch (error) {
        setState({ problem: asProblem(error), busy: false });
      }
    },
    [path, field],
  );
  useEffect(() => {
    void load();
  }, [load]);
  return { ...state, load };
}

function Loading() {
  const { t } = useTranslation('grievances');
  return (
    <p className="loading" aria-live="polite">
      {t('loading', { ns: 'common' })}
    </p>
  );
}

/**
 * Grievances as a table: number (a link to `base/id`), kind, what about, the department, status, the stage owed with
 * its deadline (its last day) and light. An overdue one (督办) is marked in words and its row set apart, with the
 * supervision deadline; the page says how many on it are overdue.
 */
export function GrievanceTable(props: {
  path: string;
  base: string;
  caption: string;
  /** Supervision's view, with a department column (the rows wait for the directory). */
  directory?: Directory;
}) {
  const { t } = useTranslation('grievances');
  const w = useWords();
  const list = usePagedList<GrievanceListRow>(props.path, 'grievances');
  if (list.problem) return <ProblemView problem={list.problem} onRetry={() => void list.load()} />;
  if (!list.rows || (props.directory && !props.directory.settled)) return <Loading />;
  const overdue = list.rows.filter((g) => g.status === 'OVERDUE').length;
  return (
    <>
      {overdue > 0 ? (
        <p className="card gv-overdue-note" data-testid="overdue-count">
          {t('list.overdueCount', { count: overdue })}
        </p>
      ) : null}
      {list.rows.length === 0 ? (
        <p data-testid="list-empty">{t('list.empty')}</p>
      ) : (
        <ScrollRegion label={props.caption}>
          <table className="gv-table" data-testid="grievance-list">
            <caption>{props.caption}</caption>
            <thead>
              <tr>
                <th scope="col">{t('list.id')}</th>
                <th scope="col">{t('list.kind')}</th>
                <th scope="col">{t('list.summary')}</th>
                {props.directory ? <th scope="col">{t('list.department')}</th> : null}
                <th scope="col">{t('list.status')}</th>
                <th scope="col">{t('list.deadline')}</th>
              </tr>
            </thead>
            <tbody>
              {list.rows.map((g) => (
                <tr
                  key={g.id}
                  data-grievance={g.id}
                  data-status={g.status}
                  className={g.status === 'OVERDUE' ? 'gv-row-overdue' : undefined}
                >
                  <td>
                    <Link to={`${props.base}/${encodeURIComponent(g.id)}`} className="gv-id">
                      {g.id}
                    </Link>
                  </td>
                  <td>{w.kind(g.kind)}</td>
                  <td>{g.summary}</td>
                  {props.directory ? <td>{props.directory.name(g.departmentId ?? undefined) || '—'}</td> : null}
                  <td>
                    {g.status === 'OVERDUE' ? (
                      <strong className="gv-overdue-tag">{w.status(g.status)}</strong>
                    ) : (
                      w.status(g.status)
                    )}
                    {g.substantiated !== null ? (
                      <div className="gv-muted">
                        {g.substantiated ? t('facts.substantiatedYes') : t('facts.substantiatedNo')}
                      </div>
                    ) : null}
                  </td>
                  <td>
                    <Light light={g.light} />
                    {g.stage ? (
                      <div>
                        {t(`stages.${g.stage}`)} · {formatDeadline(g.deadline)}
                        {g.remainingDays !== null
                          ? ` · ${t('list.daysLeft', { count: g.remainingDays, unit: w.unit(g.unit) })}`
                          : ''}
                      </div>
                    ) : (
                      '—'
                    )}
                    {g.supervisionDeadline ? (
                      <div className="gv-overdue-tag">
                        {t('list.supervisionBy', { date: formatDeadline(g.supervisionDeadline) })}
                      </div>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
      {list.next ? (
        <button type="button" disabled={list.busy} onClick={() => void list.load(list.next ?? undefined)}>
          {t('list.more')}
        </button>
      ) : null}
    </>
  );
}

/**
 * Ratings as a table: rating (a link to `base/id`), item, department, level in words, the rectification's status
 * with the stage owed, its deadline and light. Staff and supervision are sent bad reviews only; an applicant all theirs.
 */
export function RatingTable(props: {
  path: string;
  base: string;
  /** Supervision's view, with a department column (the rows wait for the directory). */
  directory?: Directory;
}) {
  const { t } = useTranslation('grievances');
  const w = useWords();
  const list = usePagedList<RatingListRow>(props.path, 'ratings');
  if (list.problem) return <ProblemView problem={list.problem} onRetry={() => void list.load()} />;
  if (!list.rows || (props.directory && !props.directory.settled)) return <Loading />;
  return (
    <>
      {list.rows.length === 0 ? (
        <p data-testid="ratings-empty">{t('list.ratingsEmpty')}</p>
      ) : (
        <ScrollRegion label={t('list.ratingsCaption')}>
          <table className="gv-table" data-testid="rating-list">
            <caption>{t('list.ratingsCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('list.rating')}</th>
                <th scope="col">{t('list.item')}</th>
                {props.directory ? <th scope="col">{t('list.department')}</th> : null}
                <th scope="col">{t('list.level')}</th>
                <th scope="col">{t('list.rectification')}</th>
              </tr>
            </thead>
            <tbody>
              {list.rows.map((r) => (
                <tr
                  key={r.id}
                  data-rating={r.id}
                  data-status={r.status ?? 'NONE'}
                  className={r.status === 'OVERDUE' ? 'gv-row-overdue' : undefined}
                >
                  <td>
                    <Link to={`${props.base}/${encodeURIComponent(r.id)}`} className="gv-id">
                      {r.id}
                    </Link>
                  </td>
                  <td>{r.itemName}</td>
                  {props.directory ? <td>{props.directory.name(r.departmentId)}</td> : null}
                  <td>
                    {r.level} · {pick(r.levelName)}
                  </td>
                  <td>
                    {r.status ? (
                      r.status === 'OVERDUE' ? (
                        <strong className="gv-overdue-tag">{w.rectStatus(r.status)}</strong>
                      ) : (
                        w.rectStatus(r.status)
                      )
                    ) : (
                      '—'
                    )}
                    {r.stage ? (
                      <div>
                        <Light light={r.light} /> {t(`stages.${r.stage}`)} · {formatDeadline(r.deadline)}
                      </div>
                    ) : null}
                    {r.supervisionDeadline ? (
                      <div className="gv-overdue-tag">
                        {t('list.supervisionBy', { date: formatDeadline(r.supervisionDeadline) })}
                      </div>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
      {list.next ? (
        <button type="button" disabled={list.busy} onClick={() => void list.load(list.next ?? undefined)}>
          {t('list.more')}
        </button>
      ) : null}
    </>
  );
}
