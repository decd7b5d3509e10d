import { type FormEvent, type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { useApi } from '../api.ts';
import { Loaded } from '../components/Status.tsx';
import { afterDirectory, useDirectory } from '../directory.ts';
import { type Session, useSession } from '../session.ts';
import { SubNav } from '../supervision/SubNav.tsx';
import { GrievanceTable, RatingTable } from './lists.tsx';
import {
  extendableStageOf,
  extensionFields,
  type Grievance,
  grievanceKinds,
  grievanceStatuses,
  type Rating,
  rectificationStatuses,
  reviewStageOf,
} from './model.ts';
import {
  Field,
  Findings,
  FormProblem,
  GrievanceFacts,
  RatingFacts,
  ReviewDecisions,
  Steps,
  usePost,
  YesNo,
  yesNo,
} from './parts.tsx';

/** Where an area's grievance and rating pages live: `/staff/…` or `/supervision/…`. */
export type Desk = 'staff' | 'supervision';

/**
 * `/staff/grievances`, `/supervision/grievances`: the grievances the caller may see (the department's assigned ones,
 * or all for supervision) from `GET /v1/grievances`, filtered by `?status=` and `?kind=` kept in the address, overdue
 * ones set apart; each a link to its page. The bad reviews have their own page (`…/ratings`).
 */
export function DeskListPage(props: { desk: Desk }) {
  const { t } = useTranslation('grievances');
  const departments = useDirectory();
  const [params, setParams] = useSearchParams();
  const filters = { status: params.get('status') ?? '', kind: params.get('kind') ?? '' };
  const query = new URLSearchParams(Object.entries(filters).filter(([, v]) => v)).toString();
  return (
    <section className="gv-desk">
      {props.desk === 'supervision' ? <SubNav /> : null}
      <h1>{t('staff.listTitle')}</h1>
      <p>{props.desk === 'staff' ? t('staff.listIntro') : t('staff.supervisionListIntro')}</p>
      <p>
        <Link to={`/${props.desk}/ratings`}>{t('list.toRatings')}</Link>
      </p>
      <Filters
        value={filters}
        fields={[
          { name: 'status', label: t('list.filterStatus'), options: grievanceStatuses, words: 'statuses' },
          { name: 'kind', label: t('list.filterKind'), options: grievanceKinds, words: 'kinds' },
        ]}
        onChange={(v) => setParams(new URLSearchParams(Object.entries(v).filter(([, x]) => x)))}
      />
      <GrievanceTable
        key={query}
        path={`/v1/grievances${query ? `?${query}` : ''}`}
        base={`/${props.desk}/grievances`}
        caption={t('list.caption')}
        directory={props.desk === 'supervision' ? departments : undefined}
      />
    </section>
  );
}

/**
 * `/staff/ratings`, `/supervision/ratings`: the bad reviews (差评) from `GET /v1/ratings` — the department's, or all
 * for supervision — filtered by the rectification's `?status=` kept in the address; each a link to its page.
 */
export function RatingListPage(props: { desk: Desk }) {
  const { t } = useTranslation('grievances');
  const departments = useDirectory();
  const [params, setParams] = useSearchParams();
  const filters = { status: params.get('status') ?? '' };
  const query = filters.status ? `?status=${encodeURIComponent(filters.status)}` : '';
  return (
    <section className="gv-desk">
      {props.desk === 'supervision' ? <SubNav /> : null}
      <h1>{t('list.ratingsTitle')}</h1>
      <p>{props.desk === 'staff' ? t('list.ratingsIntroStaff') : t('list.ratingsIntroSupervision')}</p>
      <p>
        <Link to={`/${props.desk}/grievances`}>{t('list.toGrievances')}</Link>
      </p>
      <Filters
        value={filters}
        fields={[
          { name: 'status', label: t('list.filterRect'), options: rectificationStatuses, words: 'rectStatuses' },
        ]}
        onChange={(v) => setParams(new URLSearchParams(Object.entries(v).filter(([, x]) => x)))}
      />
      <RatingTable
        key={query}
        path={`/v1/ratings${query}`}
        base={`/${props.desk}/ratings`}
        directory={props.desk === 'supervision' ? departments : undefined}
      />
    </section>
  );
}

function Filters<K extends string>(props: {
  value: Record<K, string>;
  fields: readonly { name: K; label: string; options: readonly string[]; words: string }[];
  onChange: (v: Record<K, string>) => void;
}) {
  const { t } = useTranslation('grievances');
  const [draft, setDraft] = useState(props.value);
  return (
    <form
      className="gv-filters"
      onSubmit={(e) => {
        e.preventDefault();
        props.onChange(draft);
      }}
    >
      {props.fields.map((f) => (
        <label key={f.name}>
          {f.label}
          <select value={draft[f.name]} onChange={(e) => setDraft({ ...draft, [f.name]: e.target.value })}>
            <option value="">{t('list.all')}</option>
            {f.options.map((o) => (
              <option key={o} value={o}>
                {t(`${f.words}.${o}`)}
              </option>
            ))}
          </select>
        </label>
      ))}
      <button type="submit">{t('list.filter')}</button>
    </form>
  );
}

/** A form card of an action: its title, what it does, and the API's answer or problem. */
function ActionCard(props: { action: string; title: string; intro?: string; children: ReactNode }) {
  return (
    <section className="card gv-action" data-action={props.action} aria-label={props.title}>
      <h3>{props.title}</h3>
      {props.intro ? <p>{props.intro}</p> : null}
      {props.children}
    </section>
  );
}

/**
 * `/staff/grievances/:id`, `/supervision/grievances/:id`: the grievance's substance (the API never sends the
 * department who filed it) with the actions the caller's role may take in its state. The grievance answer carries no
 * `actions` list as a case does, so the page offers what the routes allow the role (routes.ts) in the states the
 * handlers take; the API decides, and a refusal is shown as it said it.
 */
export function GrievanceDeskPage(props: { desk: Desk }) {
  const { t } = useTranslation('grievances');
  const { id = '' } = useParams();
  const session = useSession();
  const departments = useDirectory();
  const g = useApi<Grievance>(`/v1/grievances/${encodeURIComponent(id)}`);
  const [done, setDone] = useState<string>();
  const after = (action: string) => {
    setDone(action);
    g.reload();
  };
  return (
    <article className="gv-grievance">
      <p>
        <Link to={`/${props.desk}/grievances`}>{t('staff.back')}</Link>
      </p>
      <Loaded state={afterDirectory(g, departments)}>
        {(found) => (
          <>
            <h1>
              {t(`kinds.${found.kind}`)} <span className="gv-id">{found.id}</span>
            </h1>
            {props.desk === 'staff' ? <p className="card gv-protect">{t('staff.protection')}</p> : null}
            <GrievanceFacts g={found} departmentName={departments.name} />
            <Findings g={found} />
            <ReviewDecisions g={found} />
            <section aria-labelledby="gv-actions-title" className="gv-actions">
              <h2 id="gv-actions-title">{t('staff.actions')}</h2>
              <p>{t('staff.actionsIntro')}</p>
              <div role="status" data-testid="action-done">
                {done ? <p className="gv-done">{t('staff.done', { action: done })}</p> : null}
              </div>
              <GrievanceActions g={found} role={session?.role} departments={departments.list} onDone={after} />
            </section>
            <Steps events={found.timeline} heading={t('facts.timeline')} showBy />
          </>
        )}
      </Loaded>
    </article>
  );
}

function GrievanceActions(props: {
  g: Grievance;
  role: Session['role'] | undefined;
  departments: readonly { id: string; name: string }[];
  onDone: (action: string) => void;
}) {
  const { t } = useTranslation('grievances');
  const { g, role } = props;
  const path = (action: string) => `/v1/grievances/${encodeURIComponent(g.id)}/${action}`;
  const cards: ReactNode[] = [];
  const awaitingAcceptance = g.status === 'RECEIVED' || (g.status === 'OVERDUE' && g.overdueStage === 'ACCEPT');
  const handling = g.status === 'ACCEPTED' || (g.status === 'OVERDUE' && g.overdueStage === 'HANDLE');
  if (role === 'supervisor' && awaitingAcceptance) {
    cards.push(
      <ActionCard key="accept" action="accept" title={t('staff.acceptTitle')}>
        <ActionForm
          path={path('accept')}
          submit={t('staff.acceptSubmit')}
          onDone={() => props.onDone(t('staff.acceptTitle'))}
          body={(f) => ({ assignTo: f('assignTo') })}
          fields={(errors) => (
            <Field name="assignTo" label={t('staff.assignTo')} errors={errors}>
              {(a) => (
                // Mounted again once the directory has arrived: a default value only selects an option present then.
                <select {...a} key={props.departments.length} defaultValue={g.departmentId ?? ''} required>
                  <option value="" disabled>
                    —
                  </option>
                  {props.departments.map((d) => (
                    <option key={d.id} value={d.id}>
                      {d.name}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          )}
        />
      </ActionCard>,
      <ActionCard key="refer" action="refer" title={t('staff.referTitle')}>
        <ActionForm
          path={path('refer')}
          submit={t('staff.referSubmit')}
          onDone={() => props.onDone(t('staff.referTitle'))}
          body={(f) => ({ agency: f('agency'), reason: f('reason') })}
          fields={(errors) => (
            <>
              <Field name="agency" label={t('staff.agency')} errors={errors}>
                {(a) => <input {...a} maxLength={200} required />}
              </Field>
              <Field name="reason" label={t('staff.referReason')} errors={errors}>
                {(a) => <textarea {...a} rows={3} maxLength={2000} required />}
              </Field>
            </>
          )}
        />
      </ActionCard>,
    );
  }
  const pending = [g.extension, g.reviewExtension, g.rereviewExtension].find((e) => e?.status === 'PENDING');
  if (role === 'supervisor' && pending) {
    cards.push(
      <ActionCard
        key="approve"
        action="approveExtension"
        title={t('staff.approveTitle')}
        intro={t('staff.approveIntro', { days: pending.days, reason: pending.reason })}
      >
        <ActionForm
          path={path('extension/approve')}
          submit={t('staff.approveSubmit')}
          onDone={() => props.onDone(t('staff.approveTitle'))}
          body={() => ({})}
          fields={() => null}
        />
      </ActionCard>,
    );
  }
  const reviewStage = reviewStageOf(g.reviewRound);
  const reviewing =
    g.reviewRound !== undefined &&
    (g.status === 'UNDER_REVIEW' || (g.status === 'OVERDUE' && g.overdueStage === reviewStage));
  if (role === 'supervisor' && reviewing) {
    const stageName = t(`stages.${reviewStage}`);
    cards.push(
      <ActionCard
        key="review-decision"
        action="reviewDecision"
        title={t('staff.decisionTitle', { stage: stageName })}
        intro={`${t('staff.decisionIntro', { stage: stageName })}${t(
          g.reviewRound === 2 ? 'staff.decisionIntro2' : 'staff.decisionIntro1',
        )}`}
      >
        <ActionForm
          path={path('review-decision')}
          submit={t('staff.decisionSubmit')}
          onDone={() => props.onDone(t('staff.decisionTitle', { stage: stageName }))}
          body={(f) => ({
            ...yesNo(f, 'upheld'),
            ...yesNo(f, 'substantiated'),
            findings: f('findings'),
            actions: f('actions'),
          })}
          fields={(errors) => (
            <>
              <YesNo
                name="upheld"
                legend={t('staff.decisionLegend')}
                yes={t('staff.decisionUpheld')}
                no={t('staff.decisionOverturned')}
                errors={errors}
              />
              <YesNo
                name="substantiated"
                legend={t('staff.decisionSubstantiated')}
                yes={t('facts.substantiatedYes')}
                no={t('facts.substantiatedNo')}
                errors={errors}
              />
              <Field name="findings" label={t('staff.findings')} errors={errors}>
                {(a) => <textarea {...a} rows={4} maxLength={2000} required />}
              </Field>
              <Field name="actions" label={t('staff.actionsTaken')} errors={errors}>
                {(a) => <textarea {...a} rows={3} maxLength={2000} required />}
              </Field>
            </>
          )}
        />
      </ActionCard>,
    );
  }
  if ((role === 'reviewer' || role === 'head') && handling) {
    cards.push(
      <ActionCard key="findings" action="findings" title={t('staff.findingsTitle')}>
        <ActionForm
          path={path('findings')}
          submit={t('staff.findingsSubmit')}
          onDone={() => props.onDone(t('staff.findingsTitle'))}
          body={(f) => ({
            ...yesNo(f, 'substantiated'),
            findings: f('findings'),
            actions: f('actions'),
          })}
          fields={(errors) => (
            <>
              <YesNo
                name="substantiated"
                legend={t('staff.substantiated')}
                yes={t('facts.substantiatedYes')}
                no={t('facts.substantiatedNo')}
                errors={errors}
              />
              <Field name="findings" label={t('staff.findings')} errors={errors}>
                {(a) => <textarea {...a} rows={4} maxLength={2000} required />}
              </Field>
              <Field name="actions" label={t('staff.actionsTaken')} errors={errors}>
                {(a) => <textarea {...a} rows={3} maxLength={2000} required />}
              </Field>
            </>
          )}
        />
      </ActionCard>,
    );
  }
  const extendable = extendableStageOf(g);
  if (role === 'head' && extendable && !g[extensionFields[extendable]]) {
    const title =
      extendable === 'HANDLE'
        ? t('staff.extensionTitle')
        : t('staff.extensionStageTitle', { stage: t(`stages.${extendable}`) });
    cards.push(
      <ActionCard key="extension" action="extension" title={title} intro={t('staff.extensionIntro')}>
        <ActionForm
          path={path('extension')}
          submit={t('staff.extensionSubmit')}
          onDone={() => props.onDone(title)}
          body={(f) => ({ days: Number(f('days')), reason: f('reason') })}
          fields={(errors) => (
            <>
              <Field name="days" label={t('staff.extensionDays')} errors={errors}>
                {(a) => <input {...a} type="number" min={1} max={30} defaultValue={30} required />}
              </Field>
              <Field name="reason" label={t('staff.extensionReason')} errors={errors}>
                {(a) => <textarea {...a} rows={3} maxLength={2000} required />}
              </Field>
            </>
          )}
        />
      </ActionCard>,
    );
  }
  if (cards.length === 0) return <p data-testid="no-actions">{t('staff.nothing')}</p>;
  return <div className="gv-action-grid">{cards}</div>;
}

/** One action's form: its fields, the POST, the problem (with each field's reason by its field). */
function ActionForm(props: {
  path: string;
  submit: string;
  body: (field: (name: string) => string) => unknown;
  fields: (errors: Readonly<Record<string, string>>) => ReactNode;
  onDone: () => void;
}) {
  const { t } = useTranslation('grievances');
  const { busy, problem, errors, post } = usePost();
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const body = props.body((name) => String(form.get(name) ?? '').trim());
    if (await post(props.path, body)) props.onDone();
  };
  return (
    <form onSubmit={(e) => void submit(e)} noValidate>
      {props.fields(errors)}
      <FormProblem problem={problem} />
      <p>
        <button type="submit" className="primary" disabled={busy}>
          {busy ? t('sending') : props.submit}
        </button>
      </p>
    </form>
  );
}

/**
 * `/staff/ratings/:id`, `/supervision/ratings/:id`: a rating and its rectification. Staff of the department record the
 * contact and report the rectification; the head may appeal the review once; supervision decides an appeal.
 */
export function RatingDeskPage(props: { desk: Desk }) {
  const { t } = useTranslation('grievances');
  const { id = '' } = useParams();
  const session = useSession();
  const departments = useDirectory();
  const r = useApi<Rating>(`/v1/ratings/${encodeURIComponent(id)}`);
  const [done, setDone] = useState<string>();
  const after = (action: string) => {
    setDone(action);
    r.reload();
  };
  return (
    <article className="gv-rating-page">
      <p>
        <Link to={`/${props.desk}/ratings`}>{t('rating.back')}</Link>
      </p>
      <h1>
        {t('list.rating')} <span className="gv-id">{id}</span>
      </h1>
      <Loaded state={afterDirectory(r, departments)}>
        {(found) => (
          <>
            <p>
              {t('rating.case')}{' '}
              <Link to={`/${props.desk}/cases/${encodeURIComponent(found.caseId)}`} className="gv-id">
                {found.caseId}
              </Link>
            </p>
            <RatingFacts r={found} departmentName={departments.name} />
            {found.verification ? (
              <p className="gv-muted" data-testid="rating-verification">
                {t('rating.verification', {
                  verdict: found.verification.valid ? t('rating.verifyOk') : t('rating.verifyBroken'),
                })}
              </p>
            ) : null}
            <section aria-labelledby="gv-actions-title" className="gv-actions">
              <h2 id="gv-actions-title">{t('staff.actions')}</h2>
              <div role="status" data-testid="action-done">
                {done ? <p className="gv-done">{t('staff.done', { action: done })}</p> : null}
              </div>
              <RatingActions r={found} role={session?.role} onDone={after} />
            </section>
            <Steps events={found.timeline} heading={t('rating.timeline')} showBy />
          </>
        )}
      </Loaded>
    </article>
  );
}

function RatingActions(props: { r: Rating; role: Session['role'] | undefined; onDone: (action: string) => void }) {
  const { t } = useTranslation('grievances');
  const { r, role } = props;
  const rect = r.rectification;
  const path = (action: string) => `/v1/ratings/${encodeURIComponent(r.id)}/${action}`;
  const staff = role === 'clerk' || role === 'reviewer' || role === 'head';
  const cards: ReactNode[] = [];
  if (staff && rect && !r.excluded && !rect.contactedAt) {
    cards.push(
      <ActionCard key="contact" action="contact" title={t('rating.contactTitle')} intro={t('rating.contactIntro')}>
        <ActionForm
          path={path('contact')}
          submit={t('rating.contactSubmit')}
          onDone={() => props.onDone(t('rating.contactTitle'))}
          body={(f) => (f('note') ? { note: f('note') } : {})}
          fields={(errors) => (
            <Field name="note" label={t('rating.contactNoteLabel')} errors={errors}>
              {(a) => <textarea {...a} rows={3} maxLength={2000} />}
            </Field>
          )}
        />
      </ActionCard>,
    );
  }
  if (staff && rect && !r.excluded && rect.contactedAt && !rect.rectifiedAt) {
    cards.push(
      <ActionCard
        key="rectify"
        action="rectification"
        title={t('rating.rectifyTitle')}
        intro={t('rating.rectifyIntro')}
      >
        <ActionForm
          path={path('rectification')}
          submit={t('rating.rectifySubmit')}
          onDone={() => props.onDone(t('rating.rectifyTitle'))}
          body={(f) => ({ actions: f('actions') })}
          fields={(errors) => (
            <Field name="actions" label={t('rating.rectifyActions')} errors={errors}>
              {(a) => <textarea {...a} rows={4} maxLength={4000} required />}
            </Field>
          )}
        />
      </ActionCard>,
    );
  }
  if (role === 'head' && rect && !r.excluded && !r.appeal) {
    cards.push(
      <ActionCard key="appeal" action="appeal" title={t('rating.appealTitle')} intro={t('rating.appealIntro')}>
        <ActionForm
          path={path('appeal')}
          submit={t('rating.appealSubmit')}
          onDone={() => props.onDone(t('rating.appealTitle'))}
          body={(f) => ({ reason: f('reason') })}
          fields={(errors) => (
            <Field name="reason" label={t('rating.appealReason')} errors={errors}>
              {(a) => <textarea {...a} rows={3} maxLength={2000} required />}
            </Field>
          )}
        />
      </ActionCard>,
    );
  }
  if (role === 'supervisor' && r.appeal && !r.appeal.decision) {
    cards.push(
      <ActionCard key="decide" action="decide" title={t('rating.decideTitle')} intro={r.appeal.reason}>
        <ActionForm
          path={path('appeal/decide')}
          submit={t('rating.decideSubmit')}
          onDone={() => props.onDone(t('rating.decideTitle'))}
          body={(f) => ({
            ...yesNo(f, 'upheld'),
            reason: f('reason'),
          })}
          fields={(errors) => (
            <>
              <YesNo
                name="upheld"
                legend={t('rating.decideTitle')}
                yes={t('rating.decideUpheld')}
                no={t('rating.decideRejected')}
                errors={errors}
              />
              <Field name="reason" label={t('rating.decideReason')} errors={errors}>
                {(a) => <textarea {...a} rows={3} maxLength={2000} required />}
              </Field>
            </>
          )}
        />
      </ActionCard>,
    );
  }
  if (cards.length === 0) return <p data-testid="no-actions">{t('staff.nothing')}</p>;
  return <div className="gv-action-grid">{cards}</div>;
}
