import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate, useParams, useSearchParams } from 'react-router';
import { api, useApi } from '../api.ts';
import { Loaded } from '../components/Status.tsx';
import { afterDirectory, useDirectory } from '../directory.ts';
import { serverNow } from '../server-time.ts';
import { GrievanceTable } from './lists.tsx';
import { formatDeadline, type Grievance, type Rating, ratingIdOf } from './model.ts';
import {
  Field,
  Findings,
  FormProblem,
  GrievanceFacts,
  LevelChoice,
  RatingFacts,
  ReviewDecisions,
  Steps,
  usePost,
} from './parts.tsx';

/** The case statuses a case is rated in (functions/domain/rating.ts `ratableStatuses`): closed (办结). */
const RATABLE = ['APPROVED', 'REJECTED', 'DEEMED_APPROVED', 'REVOKED'];

/**
 * `/my/grievances/new` (提出投诉或申诉): a COMPLAINT or an APPEAL about a case of "my applications" (`?caseId=` from
 * the case page), a department, an officer. The API's reasons appear next to each field at fault.
 */
export function FileGrievancePage() {
  const { t } = useTranslation('grievances');
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const departments = useDirectory();
  const mine = useApi<{ applications: readonly { id: string; itemName: string; status: string }[] }>(
    '/v1/applications?limit=50',
  );
  const { busy, problem, errors, post } = usePost();
  const [kind, setKind] = useState(params.get('kind') === 'APPEAL' ? 'APPEAL' : 'COMPLAINT');
  const [caseId, setCaseId] = useState(params.get('caseId') ?? '');
  const [departmentId, setDepartmentId] = useState('');
  // A case chosen names its department (the API keeps the department the complainant gives): preset, changeable.
  useEffect(() => {
    if (!caseId) return;
    let live = true;
    api<{ departmentId: string }>(`/v1/applications/${encodeURIComponent(caseId)}`)
      .then((c) => live && setDepartmentId(c.departmentId))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [caseId]);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => String(form.get(name) ?? '').trim();
    const contact = {
      ...(text('contactName') ? { name: text('contactName') } : {}),
      ...(text('contactPhone') ? { phone: text('contactPhone') } : {}),
    };
    const body = {
      kind,
      summary: text('summary'),
      detail: text('detail'),
      ...(text('caseId') ? { caseId: text('caseId') } : {}),
      ...(text('departmentId') ? { departmentId: text('departmentId') } : {}),
      ...(text('officer') ? { officer: text('officer') } : {}),
      ...(Object.keys(contact).length ? { contact } : {}),
    };
    const answer = await post<Grievance>('/v1/grievances', body);
    if (answer) void navigate(`/my/grievances/${encodeURIComponent(answer.id)}`, { state: { filed: answer } });
  };

  const contactErrors = { contactName: errors['contact.name'] ?? '', contactPhone: errors['contact.phone'] ?? '' };
  return (
    <section className="gv-file">
      <p>
        <Link to="/my/grievances">{t('mine.back')}</Link>
      </p>
      <h1>{t('file.title')}</h1>
      <p>{t('file.intro')}</p>
      <form onSubmit={(e) => void submit(e)} className="gv-form" noValidate>
        <fieldset className="gv-kind-choice">
          <legend>{t('file.kind')}</legend>
          {(['COMPLAINT', 'APPEAL'] as const).map((k) => (
            <label key={k}>
              <input type="radio" name="kind" value={k} checked={kind === k} onChange={() => setKind(k)} />
              <span>
                <strong>{t(`kinds.${k}`)}</strong> — {t(`kindHints.${k}`)}
              </span>
            </label>
          ))}
          {errors.kind ? <small className="gv-error">{t('fieldError', { reason: errors.kind })}</small> : null}
        </fieldset>
        <Field name="caseId" label={t('file.case')} hint={t('file.caseHint')} errors={errors}>
          {(a) => (
            <select {...a} value={caseId} onChange={(e) => setCaseId(e.target.value)}>
              <option value="">{t('file.noCase')}</option>
              {params.get('caseId') && !mine.data?.applications.some((c) => c.id === params.get('caseId')) ? (
                <option value={params.get('caseId') ?? ''}>{params.get('caseId')}</option>
              ) : null}
              {(mine.data?.applications ?? []).map((c) => (
                <option key={c.id} value={c.id}>
                  {c.id} · {c.itemName}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field name="departmentId" label={t('file.department')} hint={t('file.departmentHint')} errors={errors}>
          {(a) => (
            <select {...a} value={departmentId} onChange={(e) => setDepartmentId(e.target.value)}>
              <option value="">{t('complaints.noDepartment')}</option>
              {departments.list.map((d) => (
                <option key={d.id} value={d.id}>
                  {d.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field name="officer" label={t('file.officer')} hint={t('file.officerHint')} errors={errors}>
          {(a) => <input {...a} maxLength={100} autoComplete="off" />}
        </Field>
        <Field name="summary" label={t('file.summary')} errors={errors}>
          {(a) => <input {...a} maxLength={200} required autoComplete="off" />}
        </Field>
        <Field name="detail" label={t('file.detail')} hint={t('complaints.detailHint')} errors={errors}>
          {(a) => <textarea {...a} rows={6} maxLength={2000} required />}
        </Field>
        <Field name="contactName" label={t('file.contactName')} hint={t('file.contactHint')} errors={contactErrors}>
          {(a) => <input {...a} maxLength={100} autoComplete="name" />}
        </Field>
        <Field name="contactPhone" label={t('file.contactPhone')} errors={contactErrors}>
          {(a) => <input {...a} type="tel" maxLength={30} autoComplete="tel" />}
        </Field>
        <FormProblem problem={problem} />
        <p>
          <button type="submit" className="primary" disabled={busy}>
            {busy ? t('sending') : t('file.submit')}
          </button>
        </p>
      </form>
    </section>
  );
}

/** `/my/grievances`: the applicant's own grievances (the list route, or the inbox while there is none). */
export function MyGrievancesPage() {
  const { t } = useTranslation('grievances');
  return (
    <section className="gv-mine">
      <h1>{t('mine.title')}</h1>
      <p>{t('mine.intro')}</p>
      <p>
        <Link to="/my/grievances/new" className="button primary">
          {t('mine.file')}
        </Link>
      </p>
      <GrievanceTable path="/v1/grievances" base="/my/grievances" caption={t('mine.caption')} />
    </section>
  );
}

/**
 * `/my/grievances/:id`: the complainant follows their grievance — status, deadlines, the written answer, the steps —
 * and may ask for a review within the review period.
 */
export function MyGrievancePage() {
  const { t } = useTranslation('grievances');
  const { id = '' } = useParams();
  const location = useLocation();
  const filed = (location.state as { filed?: Grievance } | null)?.filed;
  const departments = useDirectory();
  const g = useApi<Grievance>(`/v1/grievances/${encodeURIComponent(id)}`);
  return (
    <article className="gv-grievance">
      <p>
        <Link to="/my/grievances">{t('mine.back')}</Link>
      </p>
      <Loaded state={afterDirectory(g, departments)}>
        {(found) => (
          <>
            <h1>
              {t(`kinds.${found.kind}`)} <span className="gv-id">{found.id}</span>
            </h1>
            {filed?.id === found.id ? (
              <p className="card gv-done" role="status" data-testid="filed">
                {t('file.filed', { id: found.id, date: formatDeadline(found.acceptBy) })}
              </p>
            ) : null}
            <GrievanceFacts g={found} departmentName={departments.name} />
            <Findings g={found} />
            <ReviewDecisions g={found} />
            {found.status === 'ANSWERED' ? <ReviewRequest g={found} onDone={g.reload} /> : null}
            <Steps events={found.timeline} heading={t('facts.timeline')} />
          </>
        )}
      </Loaded>
    </article>
  );
}

/** Asking for the review (复查) after the answer, or the re-review (复核) after the review's decision, in its period. */
function ReviewRequest(props: { g: Grievance; onDone: () => void }) {
  const { t } = useTranslation('grievances');
  const { busy, problem, errors, post } = usePost();
  const open = !props.g.reviewWindowBy || Date.parse(props.g.reviewWindowBy) > serverNow();
  const rereview = (props.g.reviewRound ?? 0) >= 1;
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const reason = String(new FormData(event.currentTarget).get('reason') ?? '').trim();
    if (await post(`/v1/grievances/${encodeURIComponent(props.g.id)}/review-request`, { reason })) props.onDone();
  };
  if ((props.g.reviewRound ?? 0) >= 2) return <p className="card">{t('mine.noFurtherReview')}</p>;
  return (
    <section className="card" aria-labelledby="gv-review-title">
      <h2 id="gv-review-title">{rereview ? t('mine.rereviewTitle') : t('mine.reviewTitle')}</h2>
      {open ? (
        <form onSubmit={(e) => void submit(e)} className="narrow" noValidate>
          <p>
            {t(rereview ? 'mine.rereviewIntro' : 'mine.reviewIntro', { date: formatDeadline(props.g.reviewWindowBy) })}
          </p>
          <Field name="reason" label={t('mine.reviewReason')} errors={errors}>
            {(a) => <textarea {...a} rows={4} maxLength={2000} required />}
          </Field>
          <FormProblem problem={problem} />
          <p>
            <button type="submit" className="primary" disabled={busy}>
              {rereview ? t('mine.rereviewSubmit') : t('mine.reviewSubmit')}
            </button>
          </p>
        </form>
      ) : (
        <p>{t('mine.reviewClosed')}</p>
      )}
    </section>
  );
}

/**
 * On a closed case's page: rate it once (5 levels, each with its name), then follow a bad review's rectification
 * (`GET /v1/ratings/RT-<case id>`) and give the one follow-up rating once the department has reported it.
 */
export function CaseRating(props: { caseId: string; status: string }) {
  const { t } = useTranslation('grievances');
  const ratable = RATABLE.includes(props.status);
  const rating = useApi<Rating>(ratable ? `/v1/ratings/${encodeURIComponent(ratingIdOf(props.caseId))}` : undefined);
  if (!ratable) return null;
  const notRated = rating.error?.status === 404;
  return (
    <section className="card gv-rating no-print" aria-labelledby="gv-rate-title" data-testid="case-rating">
      <h2 id="gv-rate-title">{t('rate.title')}</h2>
      {notRated ? (
        <RateForm caseId={props.caseId} onDone={rating.reload} />
      ) : (
        <Loaded state={rating}>{(r) => <RatingFollow r={r} onDone={rating.reload} />}</Loaded>
      )}
      <p>
        <Link to={`/my/grievances/new?caseId=${encodeURIComponent(props.caseId)}`}>{t('rate.complain')}</Link>
      </p>
    </section>
  );
}

function RateForm(props: { caseId: string; onDone: () => void }) {
  const { t } = useTranslation('grievances');
  const { busy, problem, errors, post } = usePost();
  const [level, setLevel] = useState<number>();
  const [comment, setComment] = useState('');
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const body = { ...(level !== undefined ? { level } : {}), ...(comment.trim() ? { comment: comment.trim() } : {}) };
    if (await post(`/v1/applications/${encodeURIComponent(props.caseId)}/rating`, body)) props.onDone();
  };
  return (
    <form onSubmit={(e) => void submit(e)} noValidate>
      <p>{t('rate.intro')}</p>
      <LevelChoice name="level" legend={t('rate.level')} value={level} onChange={setLevel} error={errors.level} />
      <Field name="comment" label={t('rate.comment')} errors={errors}>
        {(a) => (
          <textarea {...a} rows={3} maxLength={2000} value={comment} onChange={(e) => setComment(e.target.value)} />
        )}
      </Field>
      <FormProblem problem={problem} />
      <p>
        <button type="submit" className="primary" disabled={busy}>
          {t('rate.submit')}
        </button>
      </p>
    </form>
  );
}

function RatingFollow(props: { r: Rating; onDone: () => void }) {
  const { t } = useTranslation('grievances');
  const { busy, problem, errors, post } = usePost();
  const [level, setLevel] = useState<number>();
  const { r } = props;
  const followUp = r.rectification?.status === 'RECTIFIED' && !r.followUp;
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (await post(`/v1/ratings/${encodeURIComponent(r.id)}/follow-up`, level !== undefined ? { level } : {}))
      props.onDone();
  };
  return (
    <>
      {r.rectification ? <h3>{t('rate.badFollow')}</h3> : null}
      <RatingFacts r={r} />
      {followUp ? (
        <form onSubmit={(e) => void submit(e)} noValidate className="gv-follow-up" aria-labelledby="gv-follow-title">
          <h3 id="gv-follow-title">{t('rate.followUpTitle')}</h3>
          <p>{t('rate.followUpIntro')}</p>
          <LevelChoice
            name="followUp"
            legend={t('rate.level')}
            value={level}
            onChange={setLevel}
            error={errors.level}
          />
          <FormProblem problem={problem} />
          <p>
            <button type="submit" className="primary" disabled={busy}>
              {t('rate.followUpSubmit')}
            </button>
          </p>
        </form>
      ) : null}
    </>
  );
}
