import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useApi } from '../api.ts';
import { Loaded } from '../components/Status.tsx';
import { afterDirectory, useDirectory } from '../directory.ts';
import { language } from '../i18n.ts';
import { formatDate } from './model.ts';

/** `GET /v1/public/accountability[?year=]` (functions/http/responses.ts `PublicAccountability`). */
export interface PublicAccountabilityAnswer {
  readonly years: readonly number[];
  readonly publishNamesFrom: string | null;
  readonly records: readonly {
    readonly ref: string;
    readonly departmentId: string;
    readonly reason: string;
    readonly reasonName: { readonly zh: string; readonly en: string };
    readonly responsibility: 'HANDLER' | 'LEADER' | 'BOTH' | 'NONE';
    readonly sanction: string;
    readonly sanctionName: { readonly zh: string; readonly en: string };
    readonly recordedAt: string;
    readonly decidedAt: string;
    readonly publishedAt: string;
    readonly answerable: readonly { readonly role: 'HANDLER' | 'LEADER'; readonly name: string | null }[];
  }[];
}

/** The four always (四个一律, the plan's supervision half): each in Chinese with English, whatever the page's language. */
const FOUR_ALWAYS = [
  { zh: '凡是投诉，一律追查到底', en: 'Every complaint is traced to the end' },
  { zh: '凡是违规，一律严肃处理', en: 'Every violation is dealt with' },
  { zh: '凡是工作不力，一律追究领导责任', en: 'Leaders are answerable for poor work' },
  { zh: '凡是造成严重影响的，一律公开曝光', en: 'Those punished for serious impact are disclosed to the public' },
] as const;

/**
 * The published outcomes of the accountability register (问责公开, issue 16): anyone, no sign-in (the call goes
 * without a token even when someone is signed in). Each outcome as a card — the department by its directory name,
 * the reason and the sanction in Chinese and English, who was found responsible by role (a name only where the
 * deployment publishes names), the dates. The year in the address (`?year=`); this year and last without it.
 */
export function AccountabilityPage() {
  const { t } = useTranslation('public');
  const [params, setParams] = useSearchParams();
  const year = params.get('year') ?? '';
  const state = useApi<PublicAccountabilityAnswer>(
    `/v1/public/accountability${year ? `?year=${encodeURIComponent(year)}` : ''}`,
    { anonymous: true },
  );
  const departments = useDirectory();
  // The picker offers the years the API answers for by default (`years`: this year and last, by the server's clock,
  // which may be simulated) and keeps the one chosen; with a year chosen, the default answer is asked for its years.
  const defaults = useApi<PublicAccountabilityAnswer>(year ? '/v1/public/accountability' : undefined, {
    anonymous: true,
  });
  const years = [...((year ? defaults.data?.years : state.data?.years) ?? [])].map(String);
  if (year && !years.includes(year)) years.push(year);
  const en = language() === 'en';
  return (
    <section className="public-accountability">
      <h1>{t('accountability.title')}</h1>
      <section className="public-four-always" aria-labelledby="four-always">
        <h2 id="four-always">{t('accountability.fourAlways')}</h2>
        <p>{t('accountability.fourAlwaysIntro')}</p>
        <ol data-testid="four-always">
          {FOUR_ALWAYS.map((a) => (
            <li key={a.zh}>
              <span lang="zh-CN">{a.zh}</span> <span lang="en">{a.en}</span>
            </li>
          ))}
        </ol>
      </section>
      <div className="public-filters">
        <label>
          {t('accountability.year')}
          <select
            value={year}
            onChange={(e) => setParams(e.target.value ? { year: e.target.value } : {}, { replace: true })}
            data-testid="filter-year"
          >
            <option value="">{years.length ? years.join(' / ') : t('accountability.recent')}</option>
            {years.map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </select>
        </label>
      </div>
      <Loaded state={afterDirectory(state, departments)}>
        {(data) => (
          <>
            <p className="public-count" aria-live="polite">
              {t('accountability.count', { count: data.records.length })}
            </p>
            {data.records.length === 0 ? (
              <p data-testid="no-outcomes">{t('accountability.none')}</p>
            ) : (
              <ol className="public-outcomes" data-testid="public-outcomes">
                {data.records.map((r) => {
                  const named = r.answerable.filter((a) => a.name);
                  return (
                    <li key={r.ref} className="card" data-ref={r.ref} data-reason={r.reason}>
                      <h2 className="public-outcome-title">{departments.name(r.departmentId)}</h2>
                      <dl className="public-outcome">
                        <div>
                          <dt>{t('accountability.reason')}</dt>
                          <dd data-testid="outcome-reason">
                            {r.reasonName.zh} <span lang="en">{r.reasonName.en}</span>
                          </dd>
                        </div>
                        <div>
                          <dt>{t('accountability.responsibility')}</dt>
                          <dd data-testid="outcome-responsibility" data-responsibility={r.responsibility}>
                            {t(`accountability.responsibilities.${r.responsibility}`)}
                          </dd>
                        </div>
                        <div>
                          <dt>{t('accountability.sanction')}</dt>
                          <dd data-testid="outcome-sanction" data-sanction={r.sanction}>
                            {r.sanctionName.zh} <span lang="en">{r.sanctionName.en}</span>
                          </dd>
                        </div>
                        {named.length ? (
                          <div>
                            <dt>{t('accountability.names')}</dt>
                            <dd data-testid="outcome-names">
                              {named
                                .map((a) => `${t(`accountability.roles.${a.role}`)} ${a.name}`)
                                .join(en ? '; ' : '；')}
                            </dd>
                          </div>
                        ) : null}
                        <div>
                          <dt>{t('accountability.dates')}</dt>
                          <dd data-testid="outcome-dates">
                            {t('accountability.datesText', {
                              recorded: formatDate(r.recordedAt),
                              decided: formatDate(r.decidedAt),
                              published: formatDate(r.publishedAt),
                            })}
                          </dd>
                        </div>
                        <div>
                          <dt>{t('accountability.ref')}</dt>
                          <dd>
                            <code>{r.ref}</code>
                          </dd>
                        </div>
                      </dl>
                    </li>
                  );
                })}
              </ol>
            )}
          </>
        )}
      </Loaded>
    </section>
  );
}
