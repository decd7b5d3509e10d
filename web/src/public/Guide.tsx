import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useApi } from '../api.ts';
import { Loaded } from '../components/Status.tsx';
import { formatDate, type ItemGuide } from './model.ts';

/**
 * One item's full service guide (办事指南, Licensing Law Art.30/33): basis, conditions, procedure, limits, every
 * material with its template, fees, window, hours, phones, the result and the form. Printed, it fits one A4 page
 * (public.css `@media print`): the hall hands it out and applicants bring it to the window.
 */
export function GuidePage() {
  const { code = '' } = useParams();
  const { t } = useTranslation('public');
  const guide = useApi<ItemGuide>(`/v1/catalog/${encodeURIComponent(code)}`, { anonymous: true });
  return (
    <Loaded state={guide}>
      {(item) => (
        <article className="public-guide" data-testid="guide">
          <header className="public-guide-head">
            <h1>{item.name}</h1>
            <div className="public-guide-actions no-print">
              <button type="button" onClick={() => window.print()}>
                {t('guide.print')}
              </button>
              <Link className="button primary" to={`/apply/${item.code}`}>
                {t('guide.apply')}
              </Link>
            </div>
          </header>
          {item.fallbacks.length ? (
            <p className="public-note">
              {t('guide.fallbacks', {
                fields: item.fallbacks.map((field) => t(`guide.${field}`, { defaultValue: field })).join(', '),
              })}
            </p>
          ) : null}
          <dl className="public-facts-grid">
            <div>
              <dt>{t('guide.code')}</dt>
              <dd>{item.code}</dd>
            </div>
            <div>
              <dt>{t('guide.department')}</dt>
              <dd>
                <Link to={`/departments/${item.departmentId}`}>{item.department?.name ?? item.departmentId}</Link>
              </dd>
            </div>
            <div>
              <dt>{t('guide.handlingMode')}</dt>
              <dd>{t(`mode.${item.handlingMode}`)}</dd>
            </div>
            <div>
              <dt>{t('guide.legalLimit')}</dt>
              <dd>{t('guide.days', { count: item.legalLimitDays })}</dd>
            </div>
            <div>
              <dt>{t('guide.promisedLimit')}</dt>
              <dd>
                {item.handlingMode === 'IMMEDIATE'
                  ? t('catalogue.immediate')
                  : t('guide.days', { count: item.promisedLimitDays })}
              </dd>
            </div>
            <div>
              <dt>{t('guide.extension')}</dt>
              <dd>{t('guide.days', { count: item.legalExtensionDays })}</dd>
            </div>
            <div className="public-wide">
              <dt>{t('guide.deemed')}</dt>
              <dd>{item.deemedConsentEligible ? t('guide.deemedYes') : t('guide.deemedNo')}</dd>
            </div>
          </dl>

          <section>
            <h2>{t('guide.legalBasis')}</h2>
            <p>{item.legalBasis}</p>
          </section>
          <section>
            <h2>{t('guide.conditions')}</h2>
            <p>{item.conditions}</p>
            {item.quantityLimit ? (
              <p>
                <strong>{t('guide.quantityLimit')}</strong> {item.quantityLimit}
              </p>
            ) : null}
          </section>
          <section>
            <h2>{t('guide.procedure')}</h2>
            <ol className="public-procedure">
              {item.procedure.map((step) => (
                <li key={step}>{step}</li>
              ))}
            </ol>
          </section>
          <section>
            <h2>{t('guide.materials')}</h2>
            <div className="table-scroll">
              <table className="public-materials">
                <thead>
                  <tr>
                    <th scope="col">{t('guide.material')}</th>
                    <th scope="col">{t('guide.requirement')}</th>
                    <th scope="col" className="num">
                      {t('guide.originals')}
                    </th>
                    <th scope="col" className="num">
                      {t('guide.copies')}
                    </th>
                    <th scope="col">{t('guide.template')}</th>
                  </tr>
                </thead>
                <tbody>
                  {item.materials.map((m) => (
                    <tr key={m.id}>
                      <td>{m.name}</td>
                      <td>
                        {m.condition
                          ? t('guide.conditional', { condition: m.condition })
                          : m.required
                            ? t('guide.required')
                            : t('guide.optional')}
                      </td>
                      <td className="num">{m.originals}</td>
                      <td className="num">{m.copies}</td>
                      <td>
                        {m.template ? (
                          <a href={m.template} aria-label={`${t('guide.download')} ${m.name}`}>
                            {t('guide.download')}
                          </a>
                        ) : (
                          t('guide.noTemplate')
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
          <dl className="public-facts-grid">
            <div>
              <dt>{t('guide.fees')}</dt>
              <dd>{item.fees}</dd>
            </div>
            <div>
              <dt>{t('guide.window')}</dt>
              <dd>{item.window}</dd>
            </div>
            <div className="public-wide">
              <dt>{t('guide.hours')}</dt>
              <dd>{item.officeHours}</dd>
            </div>
            <div>
              <dt>{t('guide.phone')}</dt>
              <dd>
                <a href={`tel:${item.phone.replace(/[^\d+]/g, '')}`}>{item.phone}</a>
              </dd>
            </div>
            <div>
              <dt>{t('guide.supervisionPhone')}</dt>
              <dd>
                <a href={`tel:${item.supervisionPhone.replace(/[^\d+]/g, '')}`}>{item.supervisionPhone}</a>
              </dd>
            </div>
            <div>
              <dt>{t('guide.result')}</dt>
              <dd>{item.resultDocument}</dd>
            </div>
            {item.sampleApplication ? (
              <div>
                <dt>{t('guide.sample')}</dt>
                <dd>
                  <a href={item.sampleApplication}>{t('guide.download')}</a>
                </dd>
              </div>
            ) : null}
          </dl>
          {item.form.fields.length ? (
            <section>
              <h2>{t('guide.form')}</h2>
              <ul className="public-form-fields">
                {item.form.fields.map((f) => (
                  <li key={f.name}>
                    {f.label}（{t(`guide.types.${f.type}`)}
                    {f.required ? `，${t('guide.required')}` : ''}
                    {f.options?.length ? `：${f.options.join(' / ')}` : ''}）
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
          <p className="public-revision">
            {t('guide.revision', { revision: item.revision, date: formatDate(item.revisedAt.slice(0, 10)) })}
          </p>
        </article>
      )}
    </Loaded>
  );
}
