import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useApi } from '../api.ts';
import { Loaded } from '../components/Status.tsx';
import type { Department, DepartmentWithItems } from './model.ts';

function Contact(props: { department: Department }) {
  const { t } = useTranslation('public');
  const d = props.department;
  const tel = (phone: string) => `tel:${phone.replace(/[^\d+]/g, '')}`;
  return (
    <dl className="public-contact">
      <div>
        <dt>{t('departments.address')}</dt>
        <dd>{d.address}</dd>
      </div>
      <div>
        <dt>{t('departments.phone')}</dt>
        <dd>
          <a href={tel(d.phone)}>{d.phone}</a>
        </dd>
      </div>
      <div>
        <dt>{t('departments.hours')}</dt>
        <dd>{d.hours}</dd>
      </div>
      <div>
        <dt>{t('departments.supervisionPhone')}</dt>
        <dd>
          <a href={tel(d.supervisionPhone)}>{d.supervisionPhone}</a>
        </dd>
      </div>
    </dl>
  );
}

/** The department directory (`/departments`). */
export function DepartmentsPage() {
  const { t } = useTranslation('public');
  const list = useApi<{ departments: Department[] }>('/v1/departments', { anonymous: true });
  return (
    <section>
      <h1>{t('departments.title')}</h1>
      <p>{t('departments.intro')}</p>
      <Loaded state={list}>
        {(data) => (
          <ul className="public-tiles" data-testid="departments">
            {data.departments.map((d) => (
              <li key={d.id} className="card public-tile">
                <h2>
                  <Link to={`/departments/${d.id}`}>{d.name}</Link>
                </h2>
                <Contact department={d} />
              </li>
            ))}
          </ul>
        )}
      </Loaded>
    </section>
  );
}

/** One department (`/departments/:id`): contact, windows and its published items. */
export function DepartmentPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation('public');
  const department = useApi<DepartmentWithItems>(`/v1/departments/${encodeURIComponent(id)}`, { anonymous: true });
  return (
    <Loaded state={department}>
      {(d) => (
        <section>
          <p className="no-print">
            <Link to="/departments">{t('departments.all')}</Link>
          </p>
          <h1>{d.name}</h1>
          <Contact department={d} />
          <h2>{t('departments.windows')}</h2>
          <ul>
            {d.windows.map((w) => (
              <li key={w.id}>
                {w.name}
                {w.comprehensive ? `（${t('departments.comprehensive')}）` : ''}
              </li>
            ))}
          </ul>
          <h2>{t('departments.items')}</h2>
          {d.items.length === 0 ? <p>{t('departments.noItems')}</p> : null}
          <ul className="public-tiles">
            {d.items.map((item) => (
              <li key={item.code} className="card public-tile">
                <h3>
                  <Link to={`/guide/${item.code}`}>{item.name}</Link>
                </h3>
                <p className="public-meta">
                  <span>{item.code}</span>
                  <span>
                    {item.handlingMode === 'IMMEDIATE'
                      ? t('catalogue.immediate')
                      : t('catalogue.promised', { days: item.promisedLimitDays })}
                  </span>
                </p>
              </li>
            ))}
          </ul>
        </section>
      )}
    </Loaded>
  );
}
