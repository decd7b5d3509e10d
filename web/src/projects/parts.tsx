import { type FormEvent, type ReactNode, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { type ApiProblem, api, useApi } from '../api.ts';
import { formatDate, formatInstant } from '../applicant/format.ts';
import { Light } from '../components/Light.tsx';
import { ScrollRegion } from '../components/ScrollRegion.tsx';
import { Loaded, ProblemView } from '../components/Status.tsx';
import { asProblem, fieldErrors, formatDeadline } from '../grievances/model.ts';
import { Field, FormProblem, usePost } from '../grievances/parts.tsx';
import { pick } from '../i18n.ts';
import { Countdown } from '../staff/Countdown.tsx';
import {
  type Answer,
  casePath,
  type DepartmentOpinion,
  type Desk,
  formatInvestment,
  type HigherApproval,
  milestoneStatuses,
  type Opinion,
  opinions,
  type Project,
  type ProjectForm,
  type ProjectFormField,
  problemSlug,
} from './model.ts';

/** The green-channel flag as a bordered word (never colour alone). */
export function GreenBadge(props: { green: boolean }) {
  const { t } = useTranslation('projects');
  return props.green ? (
    <span className="pj-green" data-testid="green-channel">
      {t('green')}
    </span>
  ) : (
    <span className="pj-ordinary">{t('notGreen')}</span>
  );
}

/** The project's facts: investment and the green channel (with the threshold it was registered under), items, officer. */
export function ProjectFacts(props: { p: Project; departmentName: (id: string) => string }) {
  const { t } = useTranslation('projects');
  const { p } = props;
  const row = (key: string, value: ReactNode, testId?: string) => (
    <div key={key}>
      <dt>{t(`facts.${key}`)}</dt>
      <dd data-testid={testId}>{value}</dd>
    </div>
  );
  return (
    <dl className="pj-facts" data-testid="project-facts">
      {row('id', <span className="pj-id">{p.id}</span>)}
      {row('investment', formatInvestment(p.investment), 'project-investment')}
      {row(
        'greenChannel',
        <>
          <GreenBadge green={p.greenChannel} />{' '}
          <span className="pj-muted">
            {t('facts.threshold', { threshold: formatInvestment({ amount: p.threshold, currency: 'CNY' }) })}
          </span>
        </>,
      )}
      {row(
        'items',
        <ul className="pj-items">
          {p.items.map((i) => (
            <li key={i.code}>
              {i.name}（{i.code}）· {props.departmentName(i.departmentId)}
            </li>
          ))}
        </ul>,
      )}
      {row('applicant', `${p.applicant.name} · ${t(`applicantTypes.${p.applicant.type}`)} · ${p.applicant.phone}`)}
      {row('registered', formatInstant(p.createdAt))}
      {row(
        'officer',
        p.officer ? (
          <>
            <strong>{p.officer}</strong>{' '}
            <span className="pj-muted">{t('facts.assignedAt', { at: formatInstant(p.officerAssignedAt) })}</span>
          </>
        ) : (
          t('facts.noOfficer')
        ),
        'project-officer',
      )}
    </dl>
  );
}

/**
 * The joint approval (联合审批): the joint deadline and its extension, the result once every department answered or is
 * deemed, and one row per department with its status, its light and a countdown to its deadline by the server's
 * clock (while it is owed), or its opinion, reasons and conditions.
 */
export function JointApprovalView(props: { p: Project; now: number }) {
  const { t } = useTranslation('projects');
  const j = props.p.jointApproval;
  if (!j) {
    return (
      <section className="card" aria-labelledby="pj-joint-title">
        <h2 id="pj-joint-title">{t('joint.title')}</h2>
        <p data-testid="joint-none">{t('joint.none')}</p>
      </section>
    );
  }
  return (
    <section className="card pj-joint" aria-labelledby="pj-joint-title" data-testid="joint-approval">
      <h2 id="pj-joint-title">{t('joint.title')}</h2>
      {j.result ? (
        <p className={`pj-result pj-result-${j.result.toLowerCase()}`} role="status" data-testid="joint-result">
          <strong>{t(`results.${j.result}`)}</strong> · {t('joint.concludedAt', { at: formatInstant(j.concludedAt) })}
        </p>
      ) : (
        <p data-testid="joint-pending">{t('joint.pending', { count: j.pending.length })}</p>
      )}
      <dl className="pj-facts">
        <div>
          <dt>{t('joint.opened')}</dt>
          <dd>
            {formatInstant(j.openedAt)} · {j.openedBy}
          </dd>
        </div>
        <div>
          <dt>{t('joint.deadline')}</dt>
          <dd data-testid="joint-deadline">
            {t('joint.deadlineText', { date: formatDate(j.deadlineDate), limit: j.limit })}
            {j.remainingWorkingDays !== null ? ` · ${t('joint.left', { count: j.remainingWorkingDays })}` : ''}
            {j.provisional ? ` · ${t('joint.provisional')}` : ''}
          </dd>
        </div>
        <div>
          <dt>{t('joint.opinionDays')}</dt>
          <dd>{t('joint.opinionDaysText', { count: j.opinionWorkingDays })}</dd>
        </div>
        {j.extension ? (
          <div>
            <dt>{t('joint.extension')}</dt>
            <dd data-testid="joint-extension">
              {t('joint.extensionText', {
                days: j.extension.workingDays,
                reason: j.extension.reason,
                by: j.extension.approvedBy,
              })}
            </dd>
          </div>
        ) : null}
      </dl>
      <p className="pj-muted">{t('joint.silence')}</p>
      <ScrollRegion label={t('joint.departments')}>
        <table className="pj-departments" data-testid="joint-departments">
          <caption>{t('joint.departments')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('joint.department')}</th>
              <th scope="col">{t('joint.status')}</th>
              <th scope="col">{t('joint.light')}</th>
              <th scope="col">{t('joint.countdown')}</th>
              <th scope="col">{t('joint.opinionBy')}</th>
              <th scope="col">{t('joint.opinion')}</th>
            </tr>
          </thead>
          <tbody>
            {j.departments.map((d) => (
              <DepartmentRow key={d.departmentId} d={d} now={props.now} />
            ))}
          </tbody>
        </table>
      </ScrollRegion>
    </section>
  );
}

function DepartmentRow(props: { d: DepartmentOpinion; now: number }) {
  const { t } = useTranslation('projects');
  const { d } = props;
  return (
    <tr data-department={d.departmentId} data-status={d.status}>
      <th scope="row">{d.departmentName}</th>
      <td>
        <span className={`pj-status pj-status-${d.status.toLowerCase()}`} data-testid="department-status">
          {t(`statuses.${d.status}`)}
        </span>
      </td>
      <td>{d.light ? <Light light={d.light} /> : '—'}</td>
      <td>
        {d.status === 'PENDING' ? (
          <>
            <Countdown until={d.opinionBy} now={props.now} />
            {d.remainingWorkingDays !== null ? (
              <small className="pj-muted"> {t('joint.left', { count: d.remainingWorkingDays })}</small>
            ) : null}
          </>
        ) : (
          '—'
        )}
      </td>
      <td>{formatDeadline(d.opinionBy)}</td>
      <td>
        {d.status === 'PENDING' ? (
          '—'
        ) : (
          <>
            {d.reason ? <span className="pj-text">{d.reason}</span> : null}
            {d.conditions ? (
              <span className="pj-text pj-conditions">{t('joint.conditionsText', { conditions: d.conditions })}</span>
            ) : null}
            <small className="pj-muted">
              {' '}
              {formatInstant(d.at)}
              {d.by ? ` · ${d.by}` : ''}
            </small>
          </>
        )}
      </td>
    </tr>
  );
}

/**
 * A department's opinion (reviewer or head of a department asked): AGREE, AGREE_WITH_CONDITIONS with its conditions,
 * or DISAGREE, with reasons. The API decides: a second opinion or one at or after the deadline is a 409, said here
 * in words (already answered; deemed to agree) as well as the API's own problem. Once the person starts, the form
 * stays on the page even when the page, read again, finds the department no longer pending: they read why.
 */
export function OpinionForm(props: {
  p: Project;
  department: DepartmentOpinion;
  onStart: () => void;
  onDone: () => void;
}) {
  const { t } = useTranslation('projects');
  const { busy, problem, errors, post } = usePost();
  const [opinion, setOpinion] = useState<Opinion | ''>('');
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => String(form.get(name) ?? '').trim();
    const body = {
      ...(opinion ? { opinion } : {}),
      reason: text('reason'),
      ...(opinion === 'AGREE_WITH_CONDITIONS' ? { conditions: text('conditions') } : {}),
    };
    const answer = await post<Project>(`/v1/projects/${encodeURIComponent(props.p.id)}/opinions`, body);
    if (answer) props.onDone();
  };
  const slug = problemSlug(problem);
  return (
    <section className="card pj-action" aria-labelledby="pj-opinion-title" data-testid="opinion-form">
      <h2 id="pj-opinion-title">{t('opinion.title', { department: props.department.departmentName })}</h2>
      <p>{t('opinion.intro', { date: formatDeadline(props.department.opinionBy) })}</p>
      <form onSubmit={(e) => void submit(e)} onChange={props.onStart} noValidate className="pj-form">
        <fieldset className="pj-choice">
          <legend>{t('opinion.opinion')}</legend>
          {opinions.map((o) => (
            <label key={o}>
              <input type="radio" name="opinion" value={o} checked={opinion === o} onChange={() => setOpinion(o)} />
              <span>{t(`opinions.${o}`)}</span>
            </label>
          ))}
          {errors.opinion ? <small className="gv-error">{t('fieldError', { reason: errors.opinion })}</small> : null}
        </fieldset>
        <Field name="reason" label={t('opinion.reason')} errors={errors}>
          {(a) => <textarea {...a} rows={3} maxLength={2000} />}
        </Field>
        {opinion === 'AGREE_WITH_CONDITIONS' ? (
          <Field name="conditions" label={t('opinion.conditions')} hint={t('opinion.conditionsHint')} errors={errors}>
            {(a) => <textarea {...a} rows={3} maxLength={2000} />}
          </Field>
        ) : null}
        {slug === 'opinion-given' || slug === 'opinion-deemed' || slug === 'opinion-deadline-passed' ? (
          <p className="pj-refused" data-testid="opinion-refused">
            {t(`opinion.refused.${slug}`)}
          </p>
        ) : null}
        <FormProblem problem={problem} />
        <p>
          <button type="submit" className="primary" disabled={busy}>
            {busy ? t('sending') : t('opinion.submit')}
          </button>
        </p>
      </form>
    </section>
  );
}

/** One input of the one form, by the field's type (as the apply page's), with the API's reason when it is at fault. */
function OneFormInput(props: {
  field: ProjectFormField;
  value: string | boolean;
  errors: Readonly<Record<string, string>>;
  itemNames: (code: string) => string;
  onChange: (value: string | boolean) => void;
}) {
  const { t } = useTranslation('projects');
  const { field } = props;
  const label = `${pick(field.label)}${field.required ? ' *' : ''}`;
  const hint = t('form.usedBy', { items: field.items.map(props.itemNames).join('、') });
  if (field.type === 'boolean') {
    return (
      <div className="gv-field" data-field={field.name}>
        <label className="pj-check">
          <input type="checkbox" checked={props.value === true} onChange={(e) => props.onChange(e.target.checked)} />
          <span>{label}</span>
        </label>
        <small className="gv-hint">{hint}</small>
      </div>
    );
  }
  return (
    <Field name={field.name} label={label} hint={hint} errors={props.errors}>
      {(a) =>
        field.type === 'enum' ? (
          <select {...a} value={String(props.value)} onChange={(e) => props.onChange(e.target.value)}>
            <option value="">{t('form.none')}</option>
            {(field.options ?? []).map((o) => (
              <option key={o} value={o}>
                {o}
              </option>
            ))}
          </select>
        ) : (
          <input
            {...a}
            type={field.type === 'number' ? 'number' : field.type === 'date' ? 'date' : 'text'}
            value={String(props.value)}
            {...(field.type === 'number' ? { step: 'any' } : {})}
            {...(field.type === 'number' && field.min !== null ? { min: field.min } : {})}
            {...(field.type === 'number' && field.max !== null ? { max: field.max } : {})}
            onChange={(e) => props.onChange(e.target.value)}
          />
        )
      }
    </Field>
  );
}

function toAnswer(field: ProjectFormField, value: string | boolean | undefined): Answer | undefined {
  if (field.type === 'boolean') return value === true;
  if (value === undefined || value === '') return undefined;
  if (field.type === 'number') return Number(value);
  return String(value);
}

/**
 * The one form (一表通): every field of the project's items once, each with the items that use it; filled once by the
 * investor or the officer (`canFill`) and reused by each item's application. Others read the answers.
 */
export function OneForm(props: { p: Project; canFill: boolean; onDone: () => void }) {
  const { t } = useTranslation('projects');
  const path = `/v1/projects/${encodeURIComponent(props.p.id)}/form`;
  const form = useApi<ProjectForm>(path);
  const itemNames = (code: string) => props.p.items.find((i) => i.code === code)?.name ?? code;
  return (
    <section className="card" aria-labelledby="pj-form-title" data-testid="one-form">
      <h2 id="pj-form-title">{t('form.title')}</h2>
      <p>{t('form.intro')}</p>
      <Loaded state={form}>
        {(f) =>
          props.canFill ? (
            <OneFormEditor f={f} path={path} itemNames={itemNames} onDone={props.onDone} />
          ) : (
            <OneFormAnswers f={f} itemNames={itemNames} />
          )
        }
      </Loaded>
    </section>
  );
}

function OneFormAnswers(props: { f: ProjectForm; itemNames: (code: string) => string }) {
  const { t } = useTranslation('projects');
  const { f } = props;
  return (
    <>
      <p>{f.filledAt ? t('form.filledAt', { at: formatInstant(f.filledAt) }) : t('form.notFilled')}</p>
      <dl className="pj-facts">
        {f.fields.map((field) => (
          <div key={field.name} data-field={field.name}>
            <dt>
              {pick(field.label)}
              <small className="pj-muted"> {field.items.map(props.itemNames).join('、')}</small>
            </dt>
            <dd>{show(f.answers[field.name], t)}</dd>
          </div>
        ))}
      </dl>
    </>
  );
}

const show = (value: Answer | undefined, t: (key: string) => string) =>
  value === undefined || value === null || value === ''
    ? '—'
    : typeof value === 'boolean'
      ? t(value ? 'yes' : 'no')
      : String(value);

function OneFormEditor(props: {
  f: ProjectForm;
  path: string;
  itemNames: (code: string) => string;
  onDone: () => void;
}) {
  const { t } = useTranslation('projects');
  const { f } = props;
  const initial = () =>
    Object.fromEntries(
      f.fields.map((field) => {
        const v = f.answers[field.name];
        return [field.name, field.type === 'boolean' ? v === true : v === undefined || v === null ? '' : String(v)];
      }),
    ) as Record<string, string | boolean>;
  const [values, setValues] = useState(initial);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<ApiProblem>();
  const [saved, setSaved] = useState<ProjectForm>();
  const errors = Object.fromEntries(
    Object.entries(fieldErrors(problem)).map(([k, v]) => [k.replace(/^answers\./, ''), v]),
  );
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setProblem(undefined);
    setSaved(undefined);
    try {
      const answers = Object.fromEntries(
        f.fields
          .map((field) => [field.name, toAnswer(field, values[field.name])] as const)
          .filter(([, v]) => v !== undefined),
      );
      setSaved(await api<ProjectForm>(props.path, { method: 'PUT', body: { answers } }));
      props.onDone();
    } catch (error) {
      setProblem(asProblem(error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={(e) => void submit(e)} noValidate className="pj-form">
      <p>{f.filledAt ? t('form.filledAt', { at: formatInstant(f.filledAt) }) : t('form.notFilled')}</p>
      {f.conflicts.length ? (
        <p className="pj-muted">
          {t('form.conflicts', { names: f.conflicts.map((c) => `${c.name}（${c.items.join('、')}）`).join('；') })}
        </p>
      ) : null}
      {f.fields.map((field) => (
        <OneFormInput
          key={field.name}
          field={field}
          value={values[field.name] ?? ''}
          errors={errors}
          itemNames={props.itemNames}
          onChange={(value) => setValues((v) => ({ ...v, [field.name]: value }))}
        />
      ))}
      {saved ? (
        <p className="card pj-done" role="status" data-testid="form-saved">
          {saved.missing?.length
            ? t('form.savedMissing', {
                fields: saved.missing
                  .map((name) => pick(f.fields.find((x) => x.name === name)?.label) || name)
                  .join('、'),
              })
            : t('form.saved')}
        </p>
      ) : null}
      {problem ? <ProblemView problem={problem} /> : null}
      <p>
        <button type="submit" className="primary" disabled={busy}>
          {busy ? t('sending') : t('form.submit')}
        </button>
      </p>
    </form>
  );
}

/**
 * The items and their applications: each application filed for the project (a link to it on the desk's case page);
 * the investor may start the others here, with the one form's answers reused.
 */
export function Applications(props: { p: Project; desk: Desk; departmentName: (id: string) => string }) {
  const { t } = useTranslation('projects');
  const { p } = props;
  return (
    <section className="card" aria-labelledby="pj-apps-title" data-testid="project-applications">
      <h2 id="pj-apps-title">{t('apps.title')}</h2>
      <ul className="pj-apps">
        {p.items.map((item) => {
          const filed = p.applications.filter((a) => a.itemCode === item.code);
          return (
            <li key={item.code} data-item={item.code}>
              <strong>
                {item.name}（{item.code}）
              </strong>{' '}
              <span className="pj-muted">{props.departmentName(item.departmentId)}</span>
              {filed.map((a) => {
                const to = casePath(props.desk, a.caseId);
                return (
                  <span key={a.caseId} className="pj-app">
                    {' · '}
                    {to ? <Link to={to}>{a.caseId}</Link> : <span className="pj-id">{a.caseId}</span>}{' '}
                    <small className="pj-muted">{formatInstant(a.at)}</small>
                  </span>
                );
              })}
              {filed.length === 0 ? (
                props.desk === 'my' ? (
                  <>
                    {' · '}
                    <Link to={`/apply/${encodeURIComponent(item.code)}?project=${encodeURIComponent(p.id)}`}>
                      {t('apps.apply')}
                    </Link>
                  </>
                ) : (
                  <span className="pj-muted"> · {t('apps.notYet')}</span>
                )
              ) : null}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

/**
 * The matters waiting on a higher authority (上级审批): expected date, status, overdue (the officer was reminded), the
 * milestones; the officer records new ones and their news.
 */
export function HigherApprovals(props: { p: Project; isOfficer: boolean; onDone: () => void }) {
  const { t } = useTranslation('projects');
  const { p } = props;
  return (
    <section className="card" aria-labelledby="pj-higher-title" data-testid="higher-approvals">
      <h2 id="pj-higher-title">{t('higher.title')}</h2>
      {p.higherApprovals.length === 0 ? <p>{t('higher.none')}</p> : null}
      {p.higherApprovals.map((h) => (
        <HigherApprovalEntry key={h.id} p={p} h={h} isOfficer={props.isOfficer} onDone={props.onDone} />
      ))}
      {props.isOfficer ? <TrackHigherApproval p={p} onDone={props.onDone} /> : null}
    </section>
  );
}

function HigherApprovalEntry(props: { p: Project; h: HigherApproval; isOfficer: boolean; onDone: () => void }) {
  const { t } = useTranslation('projects');
  const { h } = props;
  const settled = h.status === 'APPROVED' || h.status === 'REJECTED' || h.status === 'WITHDRAWN';
  return (
    <article className={`pj-higher${h.overdue ? ' pj-overdue' : ''}`} data-higher={h.id} data-status={h.status}>
      <h3>
        {h.id} · {h.matter}
      </h3>
      <p>
        {h.authority} · <span data-testid="higher-status">{t(`higherStatuses.${h.status}`)}</span> ·{' '}
        {t('higher.expectedBy', { date: formatDate(h.expectedBy) })}
        {h.overdue ? (
          <strong className="pj-overdue-word" data-testid="higher-overdue">
            {' '}
            · {t('higher.overdue')}
          </strong>
        ) : null}
      </p>
      {h.milestones.length ? (
        <ol className="pj-milestones">
          {h.milestones.map((m) => (
            <li key={`${m.at}-${m.note}`}>
              <time dateTime={m.at}>{formatInstant(m.at)}</time> · {t(`higherStatuses.${m.status}`)} · {m.note}
              {m.expectedBy ? ` · ${t('higher.expectedBy', { date: formatDate(m.expectedBy) })}` : ''}
            </li>
          ))}
        </ol>
      ) : null}
      {props.isOfficer && !settled ? <MilestoneForm p={props.p} h={h} onDone={props.onDone} /> : null}
    </article>
  );
}

function TrackHigherApproval(props: { p: Project; onDone: () => void }) {
  const { t } = useTranslation('projects');
  const { busy, problem, errors, post } = usePost();
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const target = event.currentTarget;
    const form = new FormData(target);
    const text = (name: string) => String(form.get(name) ?? '').trim();
    const answer = await post<Project>(`/v1/projects/${encodeURIComponent(props.p.id)}/higher-approvals`, {
      authority: text('authority'),
      matter: text('matter'),
      expectedBy: text('expectedBy'),
    });
    if (answer) {
      target.reset();
      props.onDone();
    }
  };
  return (
    <form onSubmit={(e) => void submit(e)} noValidate className="pj-form pj-subform">
      <h3>{t('higher.track')}</h3>
      <Field name="authority" label={t('higher.authority')} errors={errors}>
        {(a) => <input {...a} maxLength={200} autoComplete="off" />}
      </Field>
      <Field name="matter" label={t('higher.matter')} errors={errors}>
        {(a) => <input {...a} maxLength={200} autoComplete="off" />}
      </Field>
      <Field name="expectedBy" label={t('higher.expected')} errors={errors}>
        {(a) => <input {...a} type="date" />}
      </Field>
      <FormProblem problem={problem} />
      <p>
        <button type="submit" disabled={busy}>
          {busy ? t('sending') : t('higher.trackSubmit')}
        </button>
      </p>
    </form>
  );
}

function MilestoneForm(props: { p: Project; h: HigherApproval; onDone: () => void }) {
  const { t } = useTranslation('projects');
  const { busy, problem, errors, post } = usePost();
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const target = event.currentTarget;
    const form = new FormData(target);
    const text = (name: string) => String(form.get(name) ?? '').trim();
    const answer = await post<Project>(
      `/v1/projects/${encodeURIComponent(props.p.id)}/higher-approvals/${encodeURIComponent(props.h.id)}/milestones`,
      { note: text('note'), status: text('status'), ...(text('expectedBy') ? { expectedBy: text('expectedBy') } : {}) },
    );
    if (answer) {
      target.reset();
      props.onDone();
    }
  };
  return (
    <form onSubmit={(e) => void submit(e)} noValidate className="pj-form pj-subform">
      <h4>{t('higher.milestone', { id: props.h.id })}</h4>
      <Field name="note" label={t('higher.note')} errors={errors}>
        {(a) => <input {...a} maxLength={500} autoComplete="off" />}
      </Field>
      <Field name="status" label={t('higher.status')} errors={errors}>
        {(a) => (
          <select {...a} defaultValue="IN_PROGRESS">
            {milestoneStatuses.map((s) => (
              <option key={s} value={s}>
                {t(`higherStatuses.${s}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field name="expectedBy" label={t('higher.newExpected')} errors={errors}>
        {(a) => <input {...a} type="date" />}
      </Field>
      <FormProblem problem={problem} />
      <p>
        <button type="submit" disabled={busy}>
          {busy ? t('sending') : t('higher.milestoneSubmit')}
        </button>
      </p>
    </form>
  );
}

/**
 * The tracking log: every step of the project and of each department's application in one timeline, oldest first,
 * each with who, the department and the case it came from.
 */
export function TrackingLog(props: { p: Project; desk: Desk; departmentName: (id: string) => string }) {
  const { t } = useTranslation('projects');
  return (
    <section className="card" aria-labelledby="pj-log-title">
      <h2 id="pj-log-title">{t('log.title')}</h2>
      <p className="pj-muted">{t('log.intro')}</p>
      <ol className="pj-log" data-testid="tracking-log">
        {props.p.timeline.map((e) => {
          const to = e.caseId ? casePath(props.desk, e.caseId) : undefined;
          return (
            <li key={e.hash} data-type={e.type}>
              <p>
                <strong>{t(`events.${e.type}`, { defaultValue: e.type })}</strong>{' '}
                <time dateTime={e.at}>{formatInstant(e.at)}</time>
                <span className="pj-muted">
                  {' '}
                  · {t('log.by', { by: e.by })}
                  {e.departmentId ? ` · ${props.departmentName(e.departmentId)}` : ''}
                </span>
                {e.caseId ? (
                  <>
                    {' · '}
                    {to ? <Link to={to}>{e.caseId}</Link> : <span className="pj-id">{e.caseId}</span>}
                  </>
                ) : null}
              </p>
              {e.note ? <p className="pj-text">{e.note}</p> : null}
            </li>
          );
        })}
      </ol>
    </section>
  );
}

/** Supervision's check of the tracking log: the hash chain and the state bound to its head. */
export function Verification(props: { p: Project }) {
  const { t } = useTranslation('projects');
  const verdict = useApi<{ valid: boolean; events: number; firstBrokenAt: number | null }>(
    `/v1/projects/${encodeURIComponent(props.p.id)}/verify`,
  );
  const reload = verdict.reload;
  const head = useRef(props.p.timelineHead);
  // Verify again when the log grows (the page reads the project every few seconds), not at every reading.
  useEffect(() => {
    if (head.current === props.p.timelineHead) return;
    head.current = props.p.timelineHead;
    reload();
  }, [props.p.timelineHead, reload]);
  return (
    <section className="card" aria-labelledby="pj-verify-title">
      <h2 id="pj-verify-title">{t('verify.title')}</h2>
      <Loaded state={verdict}>
        {(v) => (
          <p data-testid="project-verified" data-valid={String(v.valid)}>
            {v.valid
              ? t('verify.valid', { count: v.events })
              : t('verify.broken', { at: v.firstBrokenAt ?? '?', count: v.events })}
          </p>
        )}
      </Loaded>
    </section>
  );
}
