import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useApi } from '../api.ts';
import { chinaDate } from '../charts/index.ts';
import { Loaded } from '../components/Status.tsx';
import { afterDirectory, useDirectory } from '../directory.ts';
import { serverNow } from '../server-time.ts';
import { RecordsTable } from './Dashboard.tsx';
import type { AccountabilityAnswer, AccountabilityReason } from './model.ts';
import { SubNav } from './SubNav.tsx';
import { accountabilityStatuses } from './workflow.ts';

const reasons: readonly AccountabilityReason[] = [
  'DEEMED_APPROVAL',
  'OVERDUE',
  'RED_CARD',
  'COMPLAINT',
  'DEEMED_AGREEMENT',
  'BAD_REVIEW',
  'VISIT_FINDING',
];

/**
 * The accountability register: every deemed approval, overdue case, substantiated complaint and deemed agreement on record (this year and last unless a year is
 * chosen), filtered by reason and department in the page; the filters live in the address, so a view can be linked.
 */
export function Register() {
  const { t } = useTranslation('supervision');
  const [params, setParams] = useSearchParams();
  const year = params.get('year') ?? '';
  const reason = params.get('reason') ?? '';
  const department = params.get('department') ?? '';
  const status = params.get('status') ?? '';
  const state = useApi<AccountabilityAnswer>(`/v1/accountability${year ? `?year=${encodeURIComponent(year)}` : ''}`);
  const departments = useDirectory();
  const set = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };
  // The server's year (its clock may be simulated), read once the first answer has set the offset.
  const serverYear = Number(chinaDate(serverNow()).slice(0, 4));
  const years = Array.from({ length: 5 }, (_, i) => String(serverYear - i));
  if (year && !years.includes(year)) years.push(year);
  return (
    <>
      <h1>{t('register')}</h1>
      <SubNav />
      <p>{t('registerIntro')}</p>
      <fieldset className="supervision-filters">
        <legend>{t('filters')}</legend>
        <label>
          {t('year')}
          <select value={year} onChange={(e) => set('year', e.target.value)} data-testid="filter-year">
            <option value="">
              {state.data && !year ? state.data.years.join(' / ') : `${serverYear} / ${serverYear - 1}`}
            </option>
            {years.map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('reason')}
          <select value={reason} onChange={(e) => set('reason', e.target.value)} data-testid="filter-reason">
            <option value="">{t('allReasons')}</option>
            {reasons.map((r) => (
              <option key={r} value={r}>
                {t(`reasons.${r}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('department')}
          <select
            value={department}
            onChange={(e) => set('department', e.target.value)}
            data-testid="filter-department"
          >
            <option value="">{t('allDepartments')}</option>
            {departments.list.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('acc.statusFilter')}
          <select value={status} onChange={(e) => set('status', e.target.value)} data-testid="filter-status">
            <option value="">{t('acc.allStatuses')}</option>
            {accountabilityStatuses.map((s) => (
              <option key={s} value={s}>
                {t(`acc.statuses.${s}`)}
              </option>
            ))}
          </select>
        </label>
      </fieldset>
      <Loaded state={afterDirectory(state, departments)}>
        {(data) => {
          const shown = data.records.filter(
            (r) =>
              (!reason || r.reason === reason) &&
              (!department || r.departmentId === department) &&
              (!status || r.status === status),
          );
          return (
            <>
              <p aria-live="polite">{t('shown', { count: shown.length })}</p>
              {shown.length ? (
                <RecordsTable records={shown} name={departments.name} testId="register" label={t('register')} />
              ) : (
                <p>{t('noRecords')}</p>
              )}
            </>
          );
        }}
      </Loaded>
    </>
  );
}
