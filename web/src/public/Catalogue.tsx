import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useApi } from '../api.ts';
import { Loaded } from '../components/Status.tsx';
import { afterDirectory, useDirectory } from '../directory.ts';
import type { Item } from './model.ts';

/**
 * The catalogue (`/`): every published item, searchable (`q`) and filtered by department (`department`), both kept
 * in the address so a search can be bookmarked, shared, or shown on the hall's screens. The API answers in the
 * page's language (Accept-Language), so an English browser reads English names.
 */
export function CataloguePage() {
  const { t } = useTranslation('public');
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const department = params.get('department') ?? '';
  const query = new URLSearchParams({ ...(q ? { q } : {}), ...(department ? { departmentId: department } : {}) });
  const items = useApi<{ items: Item[]; total: number }>(`/v1/catalog${query.size ? `?${query}` : ''}`, {
    anonymous: true,
  });
  const departments = useDirectory();

  const change = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next);
  };
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    change('q', String(new FormData(event.currentTarget).get('q') ?? '').trim());
  };

  return (
    <section className="public-catalogue">
      <h1>{t('catalogue.title')}</h1>
      <p>{t('catalogue.intro')}</p>
      <div className="public-filters">
        <search className="public-search">
          <form onSubmit={submit}>
            <label>
              {t('catalogue.search')}
              <span className="public-search-row">
                <input
                  type="search"
                  name="q"
                  defaultValue={q}
                  key={q}
                  placeholder={t('catalogue.searchPlaceholder')}
                  maxLength={100}
                />
                <button type="submit" className="primary">
                  {t('catalogue.searchButton')}
                </button>
              </span>
            </label>
          </form>
        </search>
        <label className="public-department-filter">
          {t('catalogue.department')}
          <select value={department} onChange={(e) => change('department', e.target.value)}>
            <option value="">{t('catalogue.allDepartments')}</option>
            {departments.list.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name}
              </option>
            ))}
          </select>
        </label>
      </div>
      <Loaded state={afterDirectory(items, departments)}>
        {(data) => (
          <>
            <p aria-live="polite" className="public-count">
              {t('catalogue.count', { count: data.total })}
            </p>
            {data.items.length === 0 ? <p>{t('catalogue.none')}</p> : null}
            <ul className="public-tiles" data-testid="catalogue">
              {data.items.map((item) => (
                <li key={item.code} className="card public-tile">
                  <h2>
                    <Link to={`/guide/${item.code}`}>{item.name}</Link>
                  </h2>
                  <p className="public-meta">
                    <span>{item.code}</span>
                    <span>{departments.name(item.departmentId)}</span>
                  </p>
                  <ul className="public-facts">
                    <li className={`public-mode public-mode-${item.handlingMode.toLowerCase()}`}>
                      {t(`mode.${item.handlingMode}`)}
                    </li>
                    <li>
                      {item.handlingMode === 'IMMEDIATE'
                        ? t('catalogue.immediate')
                        : t('catalogue.promised', { days: item.promisedLimitDays })}
                    </li>
                    <li>{item.deemedConsentEligible ? t('catalogue.deemedYes') : t('catalogue.deemedNo')}</li>
                  </ul>
                </li>
              ))}
            </ul>
          </>
        )}
      </Loaded>
    </section>
  );
}
