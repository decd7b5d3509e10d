import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useApi } from '../api.ts';
import { chinaDate } from '../charts/periods.ts';
import { Loaded } from '../components/Status.tsx';
import { afterDirectory, useDirectory } from '../directory.ts';
import { serverNow } from '../server-time.ts';
import { ScrollTable } from './Dashboard.tsx';
import type { FlagsAnswer } from './model.ts';
import { SubNav } from './SubNav.tsx';
import { recentQuarters } from './workflow.ts';

/**
 * The departments and officers flagged for public handling in a quarter (GET /v1/accountability/flags): the quarter
 * in the address (`?quarter=2026-Q4`; the server's current one without it), each flag's records linked.
 */
export function FlagsPage() {
  const { t } = useTranslation('supervision');
  const [params, setParams] = useSearchParams();
  const quarter = params.get('quarter') ?? '';
  const state = useApi<FlagsAnswer>(
    `/v1/accountability/flags${quarter ? `?quarter=${encodeURIComponent(quarter)}` : ''}`,
  );
  const departments = useDirectory();
  const quarters = recentQuarters(chinaDate(serverNow()));
  if (quarter && !quarters.includes(quarter)) quarters.push(quarter);
  const shown = state.data?.quarter ?? quarter;
  return (
    <>
      <h1>{t('acc.flagsTitle')}</h1>
      <SubNav />
      <fieldset className="supervision-filters">
        <legend>{t('filters')}</legend>
        <label>
          {t('acc.quarter')}
          <select
            value={shown}
            onChange={(e) => setParams(new URLSearchParams({ quarter: e.target.value }), { replace: true })}
            data-testid="filter-quarter"
          >
            {quarters.map((q) => (
              <option key={q} value={q}>
                {q}
              </option>
            ))}
          </select>
        </label>
      </fieldset>
      <Loaded state={afterDirectory(state, departments)}>
        {(data) => (
          <>
            <p>{t('acc.flagsIntro', { threshold: data.threshold })}</p>
            <p data-testid="flags-range">
              {t('acc.quarterRange', { quarter: data.quarter, from: data.from, to: data.to })}
            </p>
            {data.flags.length === 0 ? (
              <p data-testid="no-flags">{t('acc.noFlags', { threshold: data.threshold })}</p>
            ) : (
              <ScrollTable label={t('acc.flagsTitle')}>
                <table data-testid="flags">
                  <thead>
                    <tr>
                      <th scope="col">{t('acc.kind')}</th>
                      <th scope="col">{t('acc.who')}</th>
                      <th scope="col">{t('acc.records')}</th>
                      <th scope="col">{t('acc.ids')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.flags.map((f) => (
                      <tr
                        key={`${f.kind}:${f.departmentId}:${f.officer?.id ?? ''}`}
                        data-kind={f.kind}
                        data-department={f.departmentId}
                        data-officer={f.officer?.id ?? ''}
                      >
                        <td>{t(`acc.kinds.${f.kind}`)}</td>
                        <td>
                          {f.officer
                            ? `${f.officer.name} (${f.officer.id}) · ${departments.name(f.departmentId)}`
                            : departments.name(f.departmentId)}
                        </td>
                        <td>{f.records}</td>
                        <td>
                          <ul className="supervision-ids">
                            {f.ids.map((id) => (
                              <li key={id}>
                                <Link to={`/supervision/accountability/${encodeURIComponent(id)}`}>{id}</Link>
                              </li>
                            ))}
                          </ul>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </ScrollTable>
            )}
          </>
        )}
      </Loaded>
    </>
  );
}
