import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ActivityTable } from '../appraisal/activities.tsx';
import { SubNav } from './SubNav.tsx';

/**
 * `/supervision/activities` (supervisor): the official activity registry (公务活动登记) queried per enterprise (name or
 * unified social credit code), per officer or per department, newest activity first (docs/supervision.md).
 */
export function ActivitiesQueryPage() {
  const { t } = useTranslation('appraisal');
  const [query, setQuery] = useState('');
  const search = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const params = new URLSearchParams();
    for (const name of ['enterprise', 'officer', 'departmentId']) {
      const value = String(form.get(name) ?? '').trim();
      if (value) params.set(name, value);
    }
    setQuery(params.toString());
  };
  return (
    <section className="appraisal">
      <SubNav />
      <h1>{t('query.title')}</h1>
      <p>{t('query.intro')}</p>
      <form className="narrow" onSubmit={search}>
        <label>
          {t('query.enterprise')}
          <input name="enterprise" />
        </label>
        <label>
          {t('query.officer')}
          <input name="officer" />
        </label>
        <label>
          {t('query.department')}
          <input name="departmentId" />
        </label>
        <button type="submit">{t('query.search')}</button>
      </form>
      <h2>{t('query.results')}</h2>
      <ActivityTable
        key={query}
        path={`/v1/official-activities${query ? `?${query}` : ''}`}
        label={t('query.results')}
      />
    </section>
  );
}
