import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type ApiProblem, api, useApi } from '../api.ts';
import { ScrollRegion } from '../components/ScrollRegion.tsx';
import { Loaded, ProblemView } from '../components/Status.tsx';
import { useSession } from '../session.ts';
import { type Activity, type ActivityList, shortInstant } from './model.ts';

/** A page of activities as a table, with "more" following the API's `next`. */
export function ActivityTable(props: { path: string; label: string }) {
  const { t } = useTranslation('appraisal');
  const [cursor, setCursor] = useState<string>();
  const [earlier, setEarlier] = useState<Activity[]>([]);
  const sep = props.path.includes('?') ? '&' : '?';
  const state = useApi<ActivityList>(`${props.path}${cursor ? `${sep}cursor=${cursor}` : ''}`);
  const rows = [...earlier, ...(state.data?.activities ?? [])];
  return (
    <Loaded state={state}>
      {(page) =>
        rows.length === 0 ? (
          <p>{t('activities.empty')}</p>
        ) : (
          <>
            <ScrollRegion label={props.label}>
              <table>
                <caption>{props.label}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('activities.when')}</th>
                    <th scope="col">{t('activities.enterprise')}</th>
                    <th scope="col">{t('activities.purpose')}</th>
                    <th scope="col">{t('activities.participants')}</th>
                    <th scope="col">{t('activities.who')}</th>
                    <th scope="col">ID</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((a) => (
                    <tr key={a.id}>
                      <td>{shortInstant(a.at)}</td>
                      <td>
                        {a.enterprise ? (
                          <>
                            {a.enterprise.name ?? ''}
                            {a.enterprise.creditCode ? <div className="code">{a.enterprise.creditCode}</div> : null}
                          </>
                        ) : (
                          '—'
                        )}
                      </td>
                      <td>
                        {a.purpose}
                        {a.corrects ? <div>{t('activities.correctsShort', { id: a.corrects })}</div> : null}
                      </td>
                      <td>{a.participants.join('、')}</td>
                      <td>
                        {a.registeredBy} ({a.departmentId})
                      </td>
                      <td className="code">{a.id}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </ScrollRegion>
            {page.next ? (
              <button
                type="button"
                onClick={() => {
                  setEarlier(rows);
                  setCursor(page.next ?? undefined);
                }}
              >
                {t('activities.more')}
              </button>
            ) : null}
          </>
        )
      }
    </Loaded>
  );
}

/** `/staff/activities` (clerk, reviewer, head): register an official activity, and the department's list. */
export function ActivitiesPage() {
  const { t } = useTranslation('appraisal');
  const session = useSession();
  const [problem, setProblem] = useState<ApiProblem>();
  const [done, setDone] = useState<string>();
  const [round, setRound] = useState(0);
  const [onlyMine, setOnlyMine] = useState(false);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const element = event.currentTarget;
    const form = new FormData(element);
    const text = (name: string) => String(form.get(name) ?? '').trim();
    const name = text('enterpriseName');
    const creditCode = text('creditCode');
    // The datetime-local field is China-local time; the API takes the offset.
    const at = text('at') ? `${text('at')}:00+08:00` : '';
    setProblem(undefined);
    setDone(undefined);
    try {
      const answer = await api<Activity>('/v1/official-activities', {
        method: 'POST',
        body: {
          at,
          purpose: text('purpose'),
          participants: text('participants')
            .split('\n')
            .map((p) => p.trim())
            .filter(Boolean),
          ...(name || creditCode
            ? { enterprise: { ...(name ? { name } : {}), ...(creditCode ? { creditCode } : {}) } }
            : {}),
          ...(text('corrects') ? { corrects: text('corrects') } : {}),
        },
      });
      setDone(t('activities.done', { id: answer.id }));
      element.reset();
      setRound((r) => r + 1);
    } catch (error) {
      setProblem(error as ApiProblem);
    }
  };

  const path =
    onlyMine && session
      ? `/v1/official-activities?officer=${encodeURIComponent(session.sub)}`
      : '/v1/official-activities';
  return (
    <section className="appraisal">
      <h1>{t('activities.title')}</h1>
      <p>{t('activities.intro')}</p>
      <form className="narrow" onSubmit={(e) => void submit(e)}>
        <label>
          {t('activities.at')}
          <input type="datetime-local" name="at" required />
        </label>
        <label>
          {t('activities.purpose')}
          <textarea name="purpose" required maxLength={2000} />
        </label>
        <label>
          {t('activities.participants')}
          <textarea name="participants" required />
        </label>
        <label>
          {t('activities.enterpriseName')}
          <input name="enterpriseName" maxLength={200} />
        </label>
        <label>
          {t('activities.creditCode')}
          <input name="creditCode" maxLength={18} autoCapitalize="characters" />
        </label>
        <label>
          {t('activities.corrects')}
          <input name="corrects" placeholder="OA-…" />
        </label>
        <button type="submit">{t('activities.submit')}</button>
      </form>
      {done ? <p role="status">{done}</p> : null}
      {problem ? <ProblemView problem={problem} /> : null}
      <h2>{t('activities.list')}</h2>
      <label>
        <input type="checkbox" checked={onlyMine} onChange={(e) => setOnlyMine(e.target.checked)} />
        {t('activities.mine')}
      </label>
      <ActivityTable key={`${path}#${round}`} path={path} label={t('activities.list')} />
    </section>
  );
}
