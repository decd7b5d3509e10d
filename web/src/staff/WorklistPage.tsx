import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useApi } from '../api.ts';
import { Light } from '../components/Light.tsx';
import { Loaded } from '../components/Status.tsx';
import { deskPathOf } from '../grievances/model.ts';
import { statusLabel } from '../labels.ts';
import { serverNow, usePolling, useServerNow } from '../server-time.ts';
import { useSession } from '../session.ts';
import { Countdown } from './Countdown.tsx';
import { chinaTime } from './Timeline.tsx';
import { limitOf, type Worklist } from './types.ts';

/** How often the worklist is read again: lights change as the (possibly simulated) clock moves. */
export const WORKLIST_POLL_MS = 3000;

/**
 * The department's open cases, most urgent first (the API's order): each with its light, a countdown ticking every
 * second by the server's now, the working days left, item, applicant and status. Read again every few seconds, so a
 * case turns yellow here when its time comes, without reloading the page.
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
        {(data) =>
          data.cases.length === 0 ? (
            <p>{t('worklist.empty')}</p>
          ) : (
            <div className="table-scroll">
              <table className="staff-worklist">
                <caption>{t('worklist.caption', { count: data.cases.length })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('worklist.light')}</th>
                    <th scope="col">{t('worklist.countdown')}</th>
                    <th scope="col">{t('worklist.remaining')}</th>
                    <th scope="col">{t('worklist.item')}</th>
                    <th scope="col">{t('worklist.applicant')}</th>
                    <th scope="col">{t('worklist.status')}</th>
                    <th scope="col">{t('worklist.caseId')}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.cases.map((row) => {
                    const limit = limitOf(row);
                    return (
                      <tr key={row.id} data-case={row.id} data-light={row.light ?? 'NONE'}>
                        <td>
                          <Light light={row.light} />
                        </td>
                        <td>
                          <Countdown until={limit.until} now={now} />
                          {limit.until ? (
                            <small className="staff-limit">
                              {t(`countdown.kind.${limit.kind}`)} {chinaTime(limit.until, false)}
                            </small>
                          ) : null}
                        </td>
                        <td className="num">{row.remainingWorkingDays ?? '—'}</td>
                        <td>{row.itemName}</td>
                        <td>{row.applicant}</td>
                        <td>{statusLabel(row.status)}</td>
                        <td>
                          <Link to={deskPathOf('staff', row.id)}>{row.id}</Link>
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )
        }
      </Loaded>
    </>
  );
}

/** The signed-in department by its name (the token carries only its id; the id shows until the name arrives). */
function DepartmentName(props: { id: string }) {
  const { t } = useTranslation('staff');
  const department = useApi<{ name: string }>(`/v1/departments/${encodeURIComponent(props.id)}`, { anonymous: true });
  return <span>{t('worklist.department', { department: department.data?.name ?? props.id })}</span>;
}
