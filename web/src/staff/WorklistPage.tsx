import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useApi } from '../api.ts';
import { Light } from '../components/Light.tsx';
import { ScrollRegion } from '../components/ScrollRegion.tsx';
import { Loaded } from '../components/Status.tsx';
import { formatDeadline } from '../grievances/model.ts';
import { useWords } from '../grievances/parts.tsx';
import { statusLabel } from '../labels.ts';
import { serverNow, usePolling, useServerNow } from '../server-time.ts';
import { useSession } from '../session.ts';
import { Countdown } from './Countdown.tsx';
import { chinaTime } from './Timeline.tsx';
import { entryLimit, limitOf, type Worklist, type WorklistEntry, type WorklistRow } from './types.ts';

/** How often the worklist is read again: lights change as the (possibly simulated) clock moves. */
export const WORKLIST_POLL_MS = 3000;

/** The page of an entry: a case's, a grievance's or a rating's (a rectification's id is its rating's). */
export function entryPath(e: Pick<WorklistEntry, 'kind' | 'id'>): string {
  const at = encodeURIComponent(e.id);
  if (e.kind === 'GRIEVANCE') return `/staff/grievances/${at}`;
  if (e.kind === 'RECTIFICATION') return `/staff/ratings/${at}`;
  // An inspection visit's problem (`<visit id>-P<n>`): the visit's page, where the head reports it.
  if (e.kind === 'VISIT_PROBLEM') return `/staff/visits/${encodeURIComponent(e.id.replace(/-P\d+$/, ''))}`;
  // A law-enforcement inspection to approve or record: the department's inspections page.
  if (e.kind === 'INSPECTION_APPROVAL' || e.kind === 'INSPECTION_RECORD') return '/enforcement';
  return `/staff/cases/${at}`;
}

/**
 * Everything the department owes, most urgent first (the API's `entries` order): its open cases, the grievances
 * assigned to it (never who filed them) and its bad reviews awaiting contact or rectification, each with its kind, its
 * light, a countdown ticking every second by the server's now and the days left in its own unit. A case's row keeps
 * what it always showed (item, applicant, the countdown to its review period, deadline or supervision deadline). Read
 * again every few seconds, so a row turns yellow here when its time comes, without reloading the page.
 */
export function WorklistPage() {
  const { t } = useTranslation('staff');
  const session = useSession();
  const worklist = useApi<Worklist>('/v1/worklist');
  usePolling(worklist.reload, WORKLIST_POLL_MS);
  // Ticks every second (a re-render); the figure is read at each render, so an answer that just moved the server's
  // now (its Date header) shows at once, not at the next tick.
  useServerNow(1000);
  const now = serverNow();
  return (
    <>
      <h1>{t('worklist.title')}</h1>
      <p>{t('worklist.intro')}</p>
      <p className="staff-meta">
        {session?.department ? <DepartmentName id={session.department} /> : null}
        <span>{t('worklist.serverNow', { time: chinaTime(new Date(now).toISOString()) })}</span>
      </p>
      <Loaded state={worklist}>
        {(data) => {
          const cases = new Map(data.cases.map((c) => [c.id, c]));
          return data.entries.length === 0 ? (
            <p>{t('worklist.empty')}</p>
          ) : (
            <ScrollRegion label={t('worklist.title')}>
              <table className="staff-worklist">
                <caption>{t('worklist.caption', { count: data.entries.length })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('worklist.light')}</th>
                    <th scope="col">{t('worklist.countdown')}</th>
                    <th scope="col">{t('worklist.remaining')}</th>
                    <th scope="col">{t('worklist.kind')}</th>
                    <th scope="col">{t('worklist.item')}</th>
                    <th scope="col">{t('worklist.applicant')}</th>
                    <th scope="col">{t('worklist.status')}</th>
                    <th scope="col">{t('worklist.caseId')}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.entries.map((entry) => (
                    <EntryRow
                      key={`${entry.kind}:${entry.id}`}
                      entry={entry}
                      row={entry.kind === 'CASE' ? cases.get(entry.id) : undefined}
                      now={now}
                    />
                  ))}
                </tbody>
              </table>
            </ScrollRegion>
          );
        }}
      </Loaded>
    </>
  );
}

/** One line: a case (with the case row's own facts when the API sent them) or a grievance or rectification. */
function EntryRow(props: { entry: WorklistEntry; row: WorklistRow | undefined; now: number }) {
  const { t } = useTranslation('staff');
  const w = useWords();
  const { entry, row } = props;
  const isCase = entry.kind === 'CASE';
  const limit = row ? limitOf(row) : entryLimit(entry);
  const kindKey = entry.kind === 'GRIEVANCE' ? (entry.grievanceKind ?? 'COMPLAINT') : entry.kind;
  const status = isCase
    ? statusLabel(entry.status)
    : entry.kind === 'GRIEVANCE'
      ? w.status(entry.status)
      : entry.kind === 'VISIT_PROBLEM'
        ? t(`worklist.visitStatuses.${entry.status}`)
        : entry.kind === 'INSPECTION_APPROVAL' || entry.kind === 'INSPECTION_RECORD'
          ? t(`worklist.inspectionStatuses.${entry.status}`)
          : w.rectStatus(entry.status);
  return (
    <tr
      data-entry={entry.id}
      data-kind={entry.kind}
      data-light={entry.light ?? 'NONE'}
      data-green={entry.greenChannel ? 'true' : undefined}
      {...(isCase ? { 'data-case': entry.id } : {})}
    >
      <td>
        <Light light={entry.light} />
      </td>
      <td>
        <Countdown until={limit.until} now={props.now} />
        {limit.until ? (
          <small className="staff-limit">
            {t(`countdown.kind.${limit.kind}`)}{' '}
            {isCase || limit.kind === 'supervision' ? chinaTime(limit.until, false) : formatDeadline(limit.until)}
          </small>
        ) : null}
      </td>
      <td className="num">
        {entry.remainingDays ?? '—'}
        {entry.remainingDays !== null && entry.unit === 'CALENDAR_DAYS' ? (
          <small className="staff-unit"> {t('worklist.units.CALENDAR_DAYS')}</small>
        ) : null}
      </td>
      <td>
        <span className={`staff-kind staff-kind-${entry.kind.toLowerCase()}`} data-testid="entry-kind">
          {t(`worklist.kinds.${kindKey}`)}
        </span>
        {entry.greenChannel ? (
          <span className="staff-green" data-testid="green-channel">
            {t('worklist.greenChannel')}
          </span>
        ) : null}
        {entry.stage && !isCase ? <small className="staff-limit">{t(`worklist.stages.${entry.stage}`)}</small> : null}
      </td>
      <td>
        {isCase ? (row?.itemName ?? entry.title) : entry.title}
        {!isCase && entry.caseId && entry.kind === 'GRIEVANCE' ? (
          <small className="staff-limit">{t('worklist.ofCase', { id: entry.caseId })}</small>
        ) : null}
        {entry.kind === 'RECTIFICATION' && entry.itemName !== entry.title ? (
          <small className="staff-limit">{entry.itemName}</small>
        ) : null}
      </td>
      <td>{isCase ? (row?.applicant ?? '—') : entry.kind === 'GRIEVANCE' ? t('worklist.protected') : '—'}</td>
      <td>{status}</td>
      <td>
        <Link to={entryPath(entry)}>{entry.id}</Link>
      </td>
    </tr>
  );
}

/** The signed-in department by its name (the token carries only its id; the id shows until the name arrives). */
function DepartmentName(props: { id: string }) {
  const { t } = useTranslation('staff');
  const department = useApi<{ name: string }>(`/v1/departments/${encodeURIComponent(props.id)}`, { anonymous: true });
  return <span>{t('worklist.department', { department: department.data?.name ?? props.id })}</span>;
}
