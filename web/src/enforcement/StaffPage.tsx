import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiProblem, api, useApi } from '../api.ts';
import { Loaded, ProblemView } from '../components/Status.tsx';
import { useSession } from '../session.ts';
import type { Inspection, InspectionList } from './model.ts';
import { type Act, InspectionTable } from './parts.tsx';

/**
 * The department's inspections (`/enforcement`, clerk, reviewer, head): the year's plans with their status and code;
 * the plan form (a reviewer or the head); the head's approve and reject; recording a filed inspection's findings.
 */
export function StaffPage() {
  const { t } = useTranslation('enforcement');
  const session = useSession();
  const list = useApi<InspectionList>('/v1/enforcement/inspections');
  const role = session?.role;
  const acts: Act[] = role === 'head' ? ['approve', 'reject', 'record'] : role === 'reviewer' ? ['record'] : [];
  return (
    <section className="enforcement-staff">
      <h1>{t('staffTitle')}</h1>
      <p>{t('staffIntro')}</p>
      {role === 'reviewer' || role === 'head' ? (
        <PlanForm limit={list.data?.yearlyLimitPerEnterprise ?? 2} onPlanned={list.reload} />
      ) : null}
      <Loaded state={list}>
        {(data) => (
          <InspectionTable inspections={data.inspections} acts={acts} onChanged={list.reload} testId="inspections" />
        )}
      </Loaded>
    </section>
  );
}

function PlanForm(props: { limit: number; onPlanned: () => void }) {
  const { t } = useTranslation('enforcement');
  const [state, setState] = useState<{ busy: boolean; planned?: Inspection; problem?: ApiProblem }>({ busy: false });
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const text = (name: string) => String(form.get(name) ?? '').trim();
    const inspectors = text('inspectors')
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean)
      .map((line) => {
        const [name, certificateNo] = line.split(/[\s,，]+/);
        return certificateNo ? { name: name ?? line, certificateNo } : { name: name ?? line };
      });
    setState({ busy: true });
    try {
      const planned = await api<Inspection>('/v1/enforcement/inspections', {
        method: 'POST',
        body: {
          enterprise: { name: text('enterpriseName'), creditCode: text('creditCode') },
          purpose: text('purpose'),
          legalBasis: text('legalBasis'),
          plannedAt: text('plannedDate'),
          inspectors,
          ...(text('cause') ? { cause: text('cause') } : {}),
        },
      });
      setState({ busy: false, planned });
      formElement.reset();
      props.onPlanned();
    } catch (error) {
      setState({
        busy: false,
        problem: error instanceof ApiProblem ? error : new ApiProblem(0, '网络错误 Network error', String(error)),
      });
    }
  };
  return (
    <details className="card enforcement-plan" open>
      <summary>{t('newPlan')}</summary>
      <form onSubmit={submit}>
        <label>
          {t('enterpriseName')}
          <input name="enterpriseName" required maxLength={200} />
        </label>
        <label>
          {t('creditCode')}
          <input name="creditCode" required maxLength={18} autoCapitalize="characters" spellCheck={false} />
        </label>
        <label>
          {t('purpose')}
          <input name="purpose" required maxLength={2000} />
        </label>
        <label>
          {t('legalBasis')}
          <input name="legalBasis" required maxLength={2000} />
        </label>
        <label>
          {t('plannedDate')}
          <input name="plannedDate" type="date" required />
        </label>
        <label>
          {t('inspectorsField')}
          <textarea name="inspectors" required rows={2} />
        </label>
        <label>
          {t('cause')}
          <input name="cause" maxLength={2000} aria-describedby="plan-cause-hint" />
          <small id="plan-cause-hint">{t('causeHint', { limit: props.limit })}</small>
        </label>
        <button type="submit" className="primary" disabled={state.busy}>
          {t('submitPlan')}
        </button>
      </form>
      <div aria-live="polite">
        {state.planned ? <p data-testid="planned">{t('planned')}</p> : null}
        {state.problem ? <ProblemView problem={state.problem} /> : null}
      </div>
    </details>
  );
}
