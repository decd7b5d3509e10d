import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { ApiProblem } from '../api.ts';
import { useApi } from '../api.ts';
import { chinaDate } from '../charts/periods.ts';
import { Light } from '../components/Light.tsx';
import { Loaded } from '../components/Status.tsx';
import { afterDirectory, useDirectory } from '../directory.ts';
import { deskPathOf } from '../grievances/model.ts';
import { Field, FormProblem, usePost } from '../grievances/parts.tsx';
import { pick } from '../i18n.ts';
import { useServerNow } from '../server-time.ts';
import { Countdown } from '../staff/Countdown.tsx';
import { chinaTime } from '../staff/Timeline.tsx';
import { dateTime } from './format.ts';
import type { AccountabilityDetail } from './model.ts';
import { SubNav } from './SubNav.tsx';
import { actionsOf, investigationLight, type Responsibility, responsibilities } from './workflow.ts';

/**
 * One accountability record as supervision handles it (issue 16, docs/supervision.md): its facts, the investigation's
 * clock, the outcome, the actions its status allows (investigate, decide, publish, dismiss) and its hash-chained
 * timeline with the chain's verdict. Every action is one POST with an Idempotency-Key (web/src/api.ts); a refusal is
 * shown as the API said it, each field's reason beside the field; a 409 (someone else acted first) says to reload.
 */
export function RecordPage() {
  const { t } = useTranslation('supervision');
  const { id = '' } = useParams();
  const state = useApi<AccountabilityDetail>(`/v1/accountability/${encodeURIComponent(id)}`);
  const departments = useDirectory();
  return (
    <>
      <h1 className="supervision-case-id">{t('acc.title', { id })}</h1>
      <SubNav />
      <p>
        <Link to="/supervision/accountability">{t('acc.backToRegister')}</Link>
      </p>
      <Loaded state={afterDirectory(state, departments)}>
        {(r) => (
          <div data-testid="accountability-record" data-status={r.status} data-id={r.id}>
            <section className="supervision-section" aria-labelledby="acc-facts">
              <h2 id="acc-facts">{t('acc.facts')}</h2>
              <Facts r={r} departmentName={departments.name(r.departmentId)} />
            </section>
            <section className="supervision-section" aria-labelledby="acc-clock">
              <h2 id="acc-clock">{t('acc.clock')}</h2>
              <InvestigationClock r={r} />
            </section>
            {r.decision || r.dismissal ? (
              <section className="supervision-section" aria-labelledby="acc-outcome">
                <h2 id="acc-outcome">{t('acc.outcome')}</h2>
                <Outcome r={r} />
              </section>
            ) : null}
            <section className="supervision-section" aria-labelledby="acc-actions">
              <h2 id="acc-actions">{t('acc.actions')}</h2>
              <Actions r={r} reload={state.reload} />
            </section>
            <section className="supervision-section" aria-labelledby="acc-timeline">
              <h2 id="acc-timeline">{t('acc.timeline')}</h2>
              <RecordTimeline r={r} />
            </section>
          </div>
        )}
      </Loaded>
    </>
  );
}

/** Where the record's subject is: a deemed agreement's project, a complaint, a rating, or a case. */
function subjectPath(r: Pick<AccountabilityDetail, 'projectId' | 'caseId'>): string {
  if (r.projectId) return `/supervision/projects/${encodeURIComponent(r.projectId)}`;
  return deskPathOf('supervision', r.caseId);
}

function Facts(props: { r: AccountabilityDetail; departmentName: string }) {
  const { t } = useTranslation('supervision');
  const { r } = props;
  return (
    <dl className="supervision-details" data-testid="record-facts">
      <dt>{t('acc.recordId')}</dt>
      <dd>
        <code>{r.id}</code>
      </dd>
      <dt>{t('acc.statusColumn')}</dt>
      <dd data-testid="record-status" data-status={r.status}>
        {t(`acc.statuses.${r.status}`)} <code>{r.status}</code>
      </dd>
      <dt>{t('reason')}</dt>
      <dd data-testid="record-reason">{t(`reasons.${r.reason}`)}</dd>
      <dt>{t('acc.subject')}</dt>
      <dd>
        <Link to={subjectPath(r)}>{r.caseId}</Link>
      </dd>
      <dt>{t('department')}</dt>
      <dd>{props.departmentName}</dd>
      <dt>{t('item')}</dt>
      <dd>{r.itemCode}</dd>
      <dt>{t('handler')}</dt>
      <dd>
        {r.handler.name} ({r.handler.id})
      </dd>
      <dt>{t('leader')}</dt>
      <dd>
        {r.leader.name} ({r.leader.id})
      </dd>
      <dt>{t('acc.recordedAt')}</dt>
      <dd>{dateTime(r.at)}</dd>
      <dt>{t('acc.leaderAnswerable')}</dt>
      <dd data-testid="leader-answerable" data-answerable={String(r.leaderAnswerable)}>
        {r.leaderAnswerable ? t('acc.leaderAnswerableYes') : t('acc.leaderAnswerableNo')}
      </dd>
      {r.escalation ? (
        <>
          <dt>{t('escalation')}</dt>
          <dd>{t('acc.escalated', { why: r.escalation.why })}</dd>
        </>
      ) : null}
    </dl>
  );
}

/**
 * The investigation's clock: the deadline (working days, the deployment's limit), a light and a countdown by the
 * SERVER's clock (the local one may be simulated), and the escalation once it ran out.
 */
function InvestigationClock(props: { r: AccountabilityDetail }) {
  const { t } = useTranslation('supervision');
  const now = useServerNow();
  const { r } = props;
  const inv = r.investigation;
  if (!inv) return <p data-testid="investigation-clock">{t('acc.clockNone')}</p>;
  const light = investigationLight(r, now, chinaDate(now));
  const running = r.status === 'INVESTIGATING';
  return (
    <div data-testid="investigation-clock" data-light={light ?? 'NONE'} data-overdue={String(Boolean(inv.overdueAt))}>
      <p>{t('acc.clockOpenedBy', { at: dateTime(inv.at), by: inv.by })}</p>
      <p>{t('acc.clockDeadline', { date: inv.deadlineDate, at: dateTime(inv.deadline), days: inv.workingDays })}</p>
      {running ? (
        <p className="supervision-clock">
          <Light light={light} /> <Countdown until={inv.deadline} now={now} />
        </p>
      ) : (
        <p>{t('acc.clockEnded')}</p>
      )}
      {inv.overdueAt ? (
        <p className="problem" data-testid="investigation-overdue">
          {t('acc.clockOverdue', { at: dateTime(inv.overdueAt) })}
        </p>
      ) : running && light === 'RED' ? (
        <p className="problem">{t('acc.clockLate')}</p>
      ) : null}
    </div>
  );
}

function Outcome(props: { r: AccountabilityDetail }) {
  const { t } = useTranslation('supervision');
  const { decision, publication, dismissal } = props.r;
  return (
    <dl className="supervision-details" data-testid="record-outcome">
      {decision ? (
        <>
          <dt>{t('acc.responsibilityLabel')}</dt>
          <dd data-testid="outcome-responsibility" data-responsibility={decision.responsibility}>
            {t(`acc.responsibilities.${decision.responsibility}`)}
          </dd>
          <dt>{t('acc.sanctionLabel')}</dt>
          <dd data-testid="outcome-sanction" data-sanction={decision.sanction}>
            {pick(decision.sanctionName)} <code>{decision.sanction}</code>
          </dd>
          <dt>{t('acc.answerable')}</dt>
          <dd>
            {decision.answerable.length
              ? decision.answerable.map((a) => `${t(`acc.roles.${a.role}`)} ${a.name} (${a.id})`).join('；')
              : t('none')}
          </dd>
          <dt>{t('acc.findingsLabel')}</dt>
          <dd>{decision.findings}</dd>
          <dt>{t('decision')}</dt>
          <dd>
            {t('acc.decidedAt', { at: dateTime(decision.at), by: decision.by })}
            {decision.late ? t('acc.late') : ''}
          </dd>
        </>
      ) : null}
      {publication ? (
        <>
          <dt>{t('acc.statuses.PUBLISHED')}</dt>
          <dd data-testid="outcome-published">
            {t('acc.publishedAt', { at: dateTime(publication.at), by: publication.by })}
          </dd>
        </>
      ) : null}
      {dismissal ? (
        <>
          <dt>{t('acc.statuses.DISMISSED')}</dt>
          <dd>
            {t('acc.dismissedAt', { at: dateTime(dismissal.at), by: dismissal.by, reason: dismissal.reason })}
            {dismissal.late ? t('acc.late') : ''}
          </dd>
        </>
      ) : null}
    </dl>
  );
}

/** The actions the record's status allows, each a form of its own; nothing once published or dismissed. */
function Actions(props: { r: AccountabilityDetail; reload: () => void }) {
  const { t } = useTranslation('supervision');
  const [done, setDone] = useState<string>();
  const allowed = actionsOf(props.r.status);
  const after = (answer: AccountabilityDetail) => {
    setDone(t('acc.done', { status: t(`acc.statuses.${answer.status}`) }));
    props.reload();
  };
  return (
    <>
      <p aria-live="polite" data-testid="action-done">
        {done ?? ''}
      </p>
      {allowed.length === 0 ? <p>{t('acc.noActions')}</p> : null}
      {allowed.includes('investigate') ? <Investigate r={props.r} onDone={after} reload={props.reload} /> : null}
      {allowed.includes('decide') ? <Decide r={props.r} onDone={after} reload={props.reload} /> : null}
      {allowed.includes('publish') ? <Publish r={props.r} onDone={after} reload={props.reload} /> : null}
      {allowed.includes('dismiss') ? <Dismiss r={props.r} onDone={after} reload={props.reload} /> : null}
    </>
  );
}

interface ActionProps {
  readonly r: AccountabilityDetail;
  readonly onDone: (answer: AccountabilityDetail) => void;
  readonly reload: () => void;
}

/** A POST to one of the record's actions; the answer (the record as it now stands) or undefined when refused. */
function useAction(r: AccountabilityDetail, action: 'investigate' | 'decide' | 'publish' | 'dismiss') {
  const { busy, problem, errors, post } = usePost();
  const send = (body: unknown) =>
    post<AccountabilityDetail>(`/v1/accountability/${encodeURIComponent(r.id)}/${action}`, body);
  return { busy, problem, errors, send };
}

/**
 * The API's refusal: a 409 means the record moved on under us (another supervisor acted, or the clock escalated it):
 * said in our words with a reload; anything else as the API said it.
 */
function ActionProblem(props: { problem: ApiProblem | undefined; reload: () => void }) {
  const { t } = useTranslation('supervision');
  const p = props.problem;
  if (!p) return null;
  if (p.status !== 409) return <FormProblem problem={p} />;
  const slug = p.type?.replace(/^urn:xiaoneng:problem:/, '') ?? '';
  const status = slug.startsWith('record-') ? slug.slice('record-'.length).toUpperCase() : '';
  return (
    <div className="problem" role="alert" data-testid="action-conflict">
      <strong>
        {status
          ? t('acc.conflict', { status: t(`acc.statuses.${status}`, { defaultValue: status }) })
          : t('acc.conflictConcurrent')}
      </strong>
      {p.detail ? <p>{p.detail}</p> : null}
      <button type="button" onClick={props.reload}>
        {t('acc.reload')}
      </button>
    </div>
  );
}

function Investigate(props: ActionProps) {
  const { t } = useTranslation('supervision');
  const { busy, problem, errors, send } = useAction(props.r, 'investigate');
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const note = String(new FormData(event.currentTarget).get('note') ?? '').trim();
    const answer = await send(note ? { note } : {});
    if (answer) props.onDone(answer);
  };
  return (
    <section className="card supervision-action" aria-labelledby="acc-investigate" data-testid="action-investigate">
      <h3 id="acc-investigate">{t('acc.investigateTitle')}</h3>
      <p>{t('acc.investigateHelp')}</p>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Field name="note" label={t('acc.note')} errors={errors}>
          {(a) => <textarea {...a} rows={2} maxLength={2000} />}
        </Field>
        <ActionProblem problem={problem} reload={props.reload} />
        <p>
          <button type="submit" className="primary" disabled={busy}>
            {busy ? t('acc.sending') : t('acc.investigateSubmit')}
          </button>
        </p>
      </form>
    </section>
  );
}

/**
 * The decision: responsibility (HANDLER is disabled, with why, where the leader is answerable — 领导责任), a sanction of
 * the configured list (only NONE with nobody responsible), the findings. The API checks the same rules and names the
 * field it refuses (a form built elsewhere, or an older page, is refused the same way).
 */
function Decide(props: ActionProps) {
  const { t } = useTranslation('supervision');
  const { busy, problem, errors, send } = useAction(props.r, 'decide');
  const [responsibility, setResponsibility] = useState<Responsibility | ''>('');
  const [sanction, setSanction] = useState('');
  const hintId = useId();
  const handlerBarred = props.r.leaderAnswerable;
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const findings = String(new FormData(event.currentTarget).get('findings') ?? '').trim();
    const answer = await send({
      ...(responsibility ? { responsibility } : {}),
      ...(sanction ? { sanction } : {}),
      findings,
    });
    if (answer) props.onDone(answer);
  };
  const chooseResponsibility = (value: Responsibility) => {
    setResponsibility(value);
    if (value === 'NONE') setSanction('NONE');
  };
  return (
    <section className="card supervision-action" aria-labelledby="acc-decide" data-testid="action-decide">
      <h3 id="acc-decide">{t('acc.decideTitle')}</h3>
      <p>{t('acc.decideHelp')}</p>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <fieldset className="gv-kind-choice" data-field="responsibility">
          <legend>{t('acc.responsibility')}</legend>
          {responsibilities.map((value) => {
            const barred = value === 'HANDLER' && handlerBarred;
            return (
              <label key={value}>
                <input
                  type="radio"
                  name="responsibility"
                  value={value}
                  checked={responsibility === value}
                  disabled={barred}
                  aria-describedby={barred ? hintId : undefined}
                  onChange={() => chooseResponsibility(value)}
                />
                <span>{t(`acc.responsibilities.${value}`)}</span>
              </label>
            );
          })}
          {handlerBarred ? (
            <small id={hintId} className="gv-hint" data-testid="handler-refused">
              {t('acc.handlerRefused')}
            </small>
          ) : null}
          {errors.responsibility ? (
            <small className="gv-error" data-testid="error-responsibility">
              {t('fieldError', { ns: 'grievances', reason: errors.responsibility })}
            </small>
          ) : null}
        </fieldset>
        <Field
          name="sanction"
          label={t('acc.sanction')}
          hint={responsibility === 'NONE' ? t('acc.sanctionNoneOnly') : undefined}
          errors={errors}
        >
          {(a) => (
            <select {...a} value={sanction} onChange={(e) => setSanction(e.target.value)}>
              <option value="">—</option>
              {props.r.sanctions.map((s) => (
                <option key={s.code} value={s.code} disabled={responsibility === 'NONE' && s.code !== 'NONE'}>
                  {pick(s)} ({s.code})
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field name="findings" label={t('acc.findings')} errors={errors}>
          {(a) => <textarea {...a} rows={4} maxLength={4000} />}
        </Field>
        <ActionProblem problem={problem} reload={props.reload} />
        <p>
          <button type="submit" className="primary" disabled={busy}>
            {busy ? t('acc.sending') : t('acc.decideSubmit')}
          </button>
        </p>
      </form>
    </section>
  );
}

function Publish(props: ActionProps) {
  const { t } = useTranslation('supervision');
  const { busy, problem, errors, send } = useAction(props.r, 'publish');
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const note = String(new FormData(event.currentTarget).get('note') ?? '').trim();
    const answer = await send(note ? { note } : {});
    if (answer) props.onDone(answer);
  };
  return (
    <section className="card supervision-action" aria-labelledby="acc-publish" data-testid="action-publish">
      <h3 id="acc-publish">{t('acc.publishTitle')}</h3>
      <p>{t('acc.publishHelp')}</p>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Field name="note" label={t('acc.note')} errors={errors}>
          {(a) => <textarea {...a} rows={2} maxLength={2000} />}
        </Field>
        <ActionProblem problem={problem} reload={props.reload} />
        <p>
          <button type="submit" className="primary" disabled={busy}>
            {busy ? t('acc.sending') : t('acc.publishSubmit')}
          </button>
        </p>
      </form>
    </section>
  );
}

function Dismiss(props: ActionProps) {
  const { t } = useTranslation('supervision');
  const { busy, problem, errors, send } = useAction(props.r, 'dismiss');
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const reason = String(new FormData(event.currentTarget).get('reason') ?? '').trim();
    const answer = await send({ reason });
    if (answer) props.onDone(answer);
  };
  return (
    <section className="card supervision-action" aria-labelledby="acc-dismiss" data-testid="action-dismiss">
      <h3 id="acc-dismiss">{t('acc.dismissTitle')}</h3>
      <p>{t('acc.dismissHelp')}</p>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Field name="reason" label={t('acc.dismissReason')} errors={errors}>
          {(a) => <textarea {...a} rows={2} maxLength={2000} />}
        </Field>
        <ActionProblem problem={problem} reload={props.reload} />
        <p>
          <button type="submit" disabled={busy}>
            {busy ? t('acc.sending') : t('acc.dismissSubmit')}
          </button>
        </p>
      </form>
    </section>
  );
}

/** The record's own timeline, oldest first, each event with its hash; the chain's verdict above it. */
function RecordTimeline(props: { r: AccountabilityDetail }) {
  const { t } = useTranslation('supervision');
  const { timeline, verification } = props.r;
  const outcome = !verification.valid ? 'fail' : timeline.length ? 'pass' : 'neutral';
  return (
    <>
      <p
        className={`supervision-verdict supervision-${outcome}`}
        data-testid="record-verification"
        data-valid={String(verification.valid)}
      >
        {t(outcome)}{' '}
        {!verification.valid
          ? t('acc.chainBroken', { index: verification.firstBrokenAt ?? '?' })
          : timeline.length
            ? t('acc.chainOk', { events: verification.events })
            : t('acc.chainEmpty')}
      </p>
      {timeline.length ? (
        <section className="staff-timeline" aria-label={t('acc.timeline')}>
          <ol data-testid="record-timeline">
            {timeline.map((event) => (
              <li key={event.hash} data-type={event.type}>
                <time dateTime={event.at}>{chinaTime(event.at)}</time>
                <strong className="staff-event-type">
                  {t(`acc.events.${event.type}`, { defaultValue: event.type })}
                </strong>
                <code className="staff-event-code">{event.type}</code>
                <span className="staff-event-by">{event.by}</span>
                {event.note ? <span className="staff-event-note">{event.note}</span> : null}
                <code className="staff-event-hash" title={event.hash}>
                  {event.hash.slice(0, 12)}
                </code>
              </li>
            ))}
          </ol>
        </section>
      ) : (
        <p>{t('acc.noEvents')}</p>
      )}
    </>
  );
}
