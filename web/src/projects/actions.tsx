import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Field, FormProblem, usePost } from '../grievances/parts.tsx';
import type { Project } from './model.ts';

/**
 * The administrator names the project's dedicated officer (专人负责): the subject of a staff token (a clerk of any
 * department), who then acts as the officer with that token. Naming another replaces the first; the same again is
 * the API's 409.
 */
export function AssignOfficer(props: { p: Project; onDone: () => void }) {
  const { t } = useTranslation('projects');
  const { busy, problem, errors, post } = usePost();
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const officer = String(new FormData(event.currentTarget).get('officer') ?? '').trim();
    const answer = await post<Project>(`/v1/projects/${encodeURIComponent(props.p.id)}/officer`, { officer });
    if (answer) props.onDone();
  };
  return (
    <section className="card pj-action" aria-labelledby="pj-officer-title" data-testid="assign-officer">
      <h2 id="pj-officer-title">{props.p.officer ? t('officer.replace') : t('officer.assign')}</h2>
      <p>{t('officer.intro')}</p>
      <form onSubmit={(e) => void submit(e)} noValidate className="pj-form">
        <Field name="officer" label={t('officer.sub')} hint={t('officer.hint')} errors={errors}>
          {(a) => <input {...a} maxLength={128} autoComplete="off" defaultValue={props.p.officer ?? ''} />}
        </Field>
        <FormProblem problem={problem} />
        <p>
          <button type="submit" className="primary" disabled={busy}>
            {busy ? t('sending') : t('officer.submit')}
          </button>
        </p>
      </form>
    </section>
  );
}

/**
 * The officer (or an administrator) opens the joint approval once: the departments asked (those of the project's
 * items preset; any department of the directory may be added) and the working days each has for its opinion.
 */
export function OpenJointApproval(props: {
  p: Project;
  departments: readonly { readonly id: string; readonly name: string }[];
  onDone: () => void;
}) {
  const { t } = useTranslation('projects');
  const { busy, problem, errors, post } = usePost();
  const [chosen, setChosen] = useState<ReadonlySet<string>>(() => new Set(props.p.departments));
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const days = String(new FormData(event.currentTarget).get('opinionWorkingDays') ?? '').trim();
    const answer = await post<Project>(`/v1/projects/${encodeURIComponent(props.p.id)}/joint-approval`, {
      // In the directory's order: the order the departments are listed on the project's page.
      departments: props.departments.map((d) => d.id).filter((id) => chosen.has(id)),
      opinionWorkingDays: days === '' ? undefined : Number(days),
    });
    if (answer) props.onDone();
  };
  // The project's own departments first, then the rest of the directory.
  const listed = [
    ...props.departments.filter((d) => props.p.departments.includes(d.id)),
    ...props.departments.filter((d) => !props.p.departments.includes(d.id)),
  ];
  return (
    <section className="card pj-action" aria-labelledby="pj-open-title" data-testid="open-joint-approval">
      <h2 id="pj-open-title">{t('open.title')}</h2>
      <p>{t('open.intro')}</p>
      <form onSubmit={(e) => void submit(e)} noValidate className="pj-form">
        <fieldset className="pj-choice pj-departments-choice">
          <legend>{t('open.departments')}</legend>
          {listed.map((d) => (
            <label key={d.id}>
              <input
                type="checkbox"
                name="departments"
                value={d.id}
                checked={chosen.has(d.id)}
                onChange={(e) =>
                  setChosen((s) => {
                    const next = new Set(s);
                    if (e.target.checked) next.add(d.id);
                    else next.delete(d.id);
                    return next;
                  })
                }
              />
              <span>
                {d.name}
                {props.p.departments.includes(d.id) ? <small className="pj-muted"> {t('open.concerned')}</small> : null}
              </span>
            </label>
          ))}
          {errors.departments ? (
            <small className="gv-error">{t('fieldError', { reason: errors.departments })}</small>
          ) : null}
        </fieldset>
        <Field name="opinionWorkingDays" label={t('open.days')} hint={t('open.daysHint')} errors={errors}>
          {(a) => <input {...a} type="number" min={1} max={45} step={1} defaultValue={10} inputMode="numeric" />}
        </Field>
        <FormProblem problem={problem} />
        <p>
          <button type="submit" className="primary" disabled={busy}>
            {busy ? t('sending') : t('open.submit')}
          </button>
        </p>
      </form>
    </section>
  );
}

/**
 * The one extension of the joint approval (+15 working days at most), approved by the government's head — an
 * administrator here — with its reason. A second one, or one after the result or the joint deadline, is the API's 409.
 */
export function ExtendJointApproval(props: { p: Project; onDone: () => void }) {
  const { t } = useTranslation('projects');
  const { busy, problem, errors, post } = usePost();
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const reason = String(form.get('reason') ?? '').trim();
    const days = String(form.get('workingDays') ?? '').trim();
    const answer = await post<Project>(`/v1/projects/${encodeURIComponent(props.p.id)}/joint-approval/extension`, {
      reason,
      ...(days ? { workingDays: Number(days) } : {}),
    });
    if (answer) props.onDone();
  };
  return (
    <section className="card pj-action" aria-labelledby="pj-extend-title" data-testid="extend-joint-approval">
      <h2 id="pj-extend-title">{t('extend.title')}</h2>
      <p>{t('extend.intro')}</p>
      <form onSubmit={(e) => void submit(e)} noValidate className="pj-form">
        <Field name="reason" label={t('extend.reason')} errors={errors}>
          {(a) => <textarea {...a} rows={2} maxLength={1000} />}
        </Field>
        <Field name="workingDays" label={t('extend.days')} hint={t('extend.daysHint')} errors={errors}>
          {(a) => <input {...a} type="number" min={1} max={15} step={1} defaultValue={15} inputMode="numeric" />}
        </Field>
        <FormProblem problem={problem} />
        <p>
          <button type="submit" className="primary" disabled={busy}>
            {busy ? t('sending') : t('extend.submit')}
          </button>
        </p>
      </form>
    </section>
  );
}
