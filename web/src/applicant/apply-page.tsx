import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { ApiProblem, api, useApi } from '../api.ts';
import { Loaded, ProblemView } from '../components/Status.tsx';
import { Outcome } from './outcome.tsx';
import type { ApplyAnswer, Guide, GuideField } from './types.ts';

type Answers = Record<string, string | boolean>;

/** The part of a project (`GET /v1/projects/{id}`) an application started from it reads. */
interface ProjectOfApplication {
  readonly name: string;
  readonly applicant: { readonly type: 'PERSON' | 'ENTERPRISE'; readonly name: string; readonly phone: string };
}

/** A form answer as the API takes it: numbers as numbers, booleans as booleans, nothing for an empty field. */
function answerOf(field: GuideField, value: string | boolean | undefined): string | number | boolean | undefined {
  if (field.type === 'boolean') return value === true;
  if (value === undefined || value === '' || value === false) return undefined;
  if (field.type === 'number') return Number(value);
  return String(value);
}

function FieldInput(props: {
  field: GuideField;
  value: string | boolean | undefined;
  onChange: (value: string | boolean) => void;
}) {
  const { t } = useTranslation('applicant');
  const { field } = props;
  const id = `form-${field.name}`;
  const label = (
    <>
      {field.label}
      {field.required ? <span className="applicant-required"> *</span> : null}
    </>
  );
  if (field.type === 'boolean') {
    return (
      <label className="applicant-check" htmlFor={id}>
        <input
          id={id}
          type="checkbox"
          checked={props.value === true}
          onChange={(e) => props.onChange(e.target.checked)}
        />
        <span>{label}</span>
      </label>
    );
  }
  if (field.type === 'enum') {
    return (
      <label htmlFor={id}>
        <span>{label}</span>
        <select
          id={id}
          required={field.required}
          value={typeof props.value === 'string' ? props.value : ''}
          onChange={(e) => props.onChange(e.target.value)}
        >
          <option value="">{t('apply.none')}</option>
          {(field.options ?? []).map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      </label>
    );
  }
  return (
    <label htmlFor={id}>
      <span>{label}</span>
      <input
        id={id}
        type={field.type === 'number' ? 'number' : field.type === 'date' ? 'date' : 'text'}
        required={field.required}
        value={typeof props.value === 'string' ? props.value : ''}
        {...(field.type === 'number' && field.min !== undefined ? { min: field.min } : {})}
        {...(field.type === 'number' && field.max !== undefined ? { max: field.max } : {})}
        {...(field.type === 'number' ? { step: 'any' } : {})}
        {...(field.type === 'string' && field.max !== undefined ? { maxLength: field.max } : {})}
        onChange={(e) => props.onChange(e.target.value)}
      />
    </label>
  );
}

/** `/apply/:code`: the item's form and materials, the applicant block; the outcome shown as the API gave it. */
export function ApplyPage() {
  const { code = '' } = useParams();
  const { t } = useTranslation('applicant');
  const guide = useApi<Guide>(`/v1/catalog/${encodeURIComponent(code)}`);
  // Started from a green-channel project (`?project=`): the API reuses the one form's answers for this item's fields
  // (they are shown, not asked again) and the investor as the project names them.
  const [params] = useSearchParams();
  const projectId = params.get('project') ?? undefined;
  const project = useApi<ProjectOfApplication>(projectId ? `/v1/projects/${encodeURIComponent(projectId)}` : undefined);
  const oneForm = useApi<{ answers: Readonly<Record<string, string | number | boolean | null>> }>(
    projectId ? `/v1/projects/${encodeURIComponent(projectId)}/form` : undefined,
  );
  const reused = oneForm.data?.answers ?? {};
  const fromProject = (name: string) => reused[name] !== undefined && reused[name] !== null && reused[name] !== '';
  const [type, setType] = useState<'PERSON' | 'ENTERPRISE'>('PERSON');
  const [name, setName] = useState('');
  const [phone, setPhone] = useState('');
  const [idNumber, setIdNumber] = useState('');
  const [answers, setAnswers] = useState<Answers>({});
  const [bring, setBring] = useState<ReadonlySet<string>>(new Set());
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<ApiProblem>();
  const [answer, setAnswer] = useState<ApplyAnswer>();
  const result = useRef<HTMLDivElement>(null);
  const investor = project.data?.applicant;
  useEffect(() => {
    if (!investor) return;
    setType(investor.type);
    setName(investor.name);
    setPhone(investor.phone);
  }, [investor]);
  useEffect(() => {
    if (answer || problem) result.current?.focus();
  }, [answer, problem]);

  const submit = async (event: FormEvent, item: Guide) => {
    event.preventDefault();
    setBusy(true);
    setProblem(undefined);
    try {
      const form = Object.fromEntries(
        item.form.fields
          .filter((f) => !fromProject(f.name))
          .map((f) => [f.name, answerOf(f, answers[f.name])] as const)
          .filter(([, v]) => v !== undefined),
      );
      const body = {
        itemCode: item.code,
        applicant: { type, name, phone, ...(idNumber.trim() ? { idNumber: idNumber.trim() } : {}) },
        materials: item.materials.filter((m) => bring.has(m.id)).map((m) => ({ id: m.id })),
        ...(item.form.fields.length ? { form } : {}),
        ...(projectId ? { projectId } : {}),
      };
      setAnswer(await api<ApplyAnswer>('/v1/applications', { method: 'POST', body }));
    } catch (error) {
      setProblem(error instanceof ApiProblem ? error : new ApiProblem(0, '网络错误 Network error', String(error)));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Loaded state={guide}>
      {(item) => (
        <article className="applicant-apply">
          <h1>{t('apply.title', { name: item.name })}</h1>
          <p>
            {t('apply.intro')} <Link to={`/guide/${encodeURIComponent(item.code)}`}>{t('apply.guide')}</Link>
          </p>
          {projectId ? (
            <p className="card applicant-project" data-testid="apply-project">
              {t('apply.project', { name: project.data?.name ?? projectId })}{' '}
              <Link to={`/my/projects/${encodeURIComponent(projectId)}`}>{t('apply.projectLink')}</Link>
            </p>
          ) : null}
          <div ref={result} tabIndex={-1} className="applicant-result">
            {answer ? (
              <>
                <Outcome answer={answer} />
                <p>
                  <button
                    type="button"
                    onClick={() => {
                      setAnswer(undefined);
                      setBring(new Set());
                    }}
                  >
                    {t('outcome.applyAgain')}
                  </button>
                </p>
              </>
            ) : null}
            {problem ? <ProblemView problem={problem} /> : null}
          </div>
          {answer ? null : (
            <form onSubmit={(e) => void submit(e, item)} noValidate>
              <fieldset className="card">
                <legend>{t('apply.applicant')}</legend>
                <label htmlFor="applicant-type">
                  <span>{t('apply.type')}</span>
                  <select
                    id="applicant-type"
                    value={type}
                    onChange={(e) => setType(e.target.value as 'PERSON' | 'ENTERPRISE')}
                  >
                    <option value="PERSON">{t('apply.types.PERSON')}</option>
                    <option value="ENTERPRISE">{t('apply.types.ENTERPRISE')}</option>
                  </select>
                </label>
                <label htmlFor="applicant-name">
                  <span>{t('apply.name')}</span>
                  <input
                    id="applicant-name"
                    required
                    maxLength={100}
                    autoComplete="name"
                    value={name}
                    onChange={(e) => setName(e.target.value)}
                  />
                </label>
                <label htmlFor="applicant-phone">
                  <span>{t('apply.phone')}</span>
                  <input
                    id="applicant-phone"
                    type="tel"
                    required
                    autoComplete="tel"
                    value={phone}
                    onChange={(e) => setPhone(e.target.value)}
                  />
                </label>
                <label htmlFor="applicant-id-number">
                  <span>{t('apply.idNumber')}</span>
                  <input
                    id="applicant-id-number"
                    maxLength={18}
                    value={idNumber}
                    onChange={(e) => setIdNumber(e.target.value.toUpperCase())}
                  />
                </label>
              </fieldset>
              {item.form.fields.length ? (
                <fieldset className="card">
                  <legend>{t('apply.form')}</legend>
                  {item.form.fields.map((field) =>
                    fromProject(field.name) ? (
                      <p key={field.name} className="applicant-reused" data-reused={field.name}>
                        <span>{field.label}</span> <strong>{String(reused[field.name])}</strong>{' '}
                        <span className="applicant-muted">{t('apply.fromOneForm')}</span>
                      </p>
                    ) : (
                      <FieldInput
                        key={field.name}
                        field={field}
                        value={answers[field.name]}
                        onChange={(value) => setAnswers((a) => ({ ...a, [field.name]: value }))}
                      />
                    ),
                  )}
                </fieldset>
              ) : null}
              <fieldset className="card">
                <legend>{t('apply.materials')}</legend>
                <ul className="applicant-materials">
                  {item.materials.map((m) => (
                    <li key={m.id}>
                      <label className="applicant-check" htmlFor={`bring-${m.id}`}>
                        <input
                          id={`bring-${m.id}`}
                          type="checkbox"
                          data-material={m.id}
                          checked={bring.has(m.id)}
                          onChange={(e) =>
                            setBring((s) => {
                              const next = new Set(s);
                              if (e.target.checked) next.add(m.id);
                              else next.delete(m.id);
                              return next;
                            })
                          }
                        />
                        <span>
                          <strong>{m.name}</strong>
                          <span className="applicant-muted">
                            {' '}
                            ·{' '}
                            {m.condition
                              ? t('apply.conditional', { condition: m.condition })
                              : m.required
                                ? t('apply.required')
                                : t('apply.optional')}{' '}
                            · {t('apply.copies', { originals: m.originals, copies: m.copies })} · {t('apply.bring')}
                          </span>
                        </span>
                      </label>
                    </li>
                  ))}
                </ul>
              </fieldset>
              <p>
                <button type="submit" className="primary" disabled={busy}>
                  {busy ? t('apply.submitting') : t('apply.submit')}
                </button>
              </p>
            </form>
          )}
        </article>
      )}
    </Loaded>
  );
}
