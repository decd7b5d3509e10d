import { type ReactNode, useCallback, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type ApiProblem, api } from '../api.ts';
import { formatDate, formatInstant } from '../applicant/format.ts';
import { ProblemView } from '../components/Status.tsx';
import { asProblem, fieldErrors, formatDeadline, type Grievance, type GrievanceEvent, type Rating } from './model.ts';

/**
 * A yes/no question answered by two radio buttons (substantiated, upheld), with the API's reason when it is at fault.
 * Left unanswered, the form sends no value (`yesNo`), and the API's own 400 names the field.
 */
export function YesNo(props: {
  name: string;
  legend: string;
  yes: string;
  no: string;
  errors: Readonly<Record<string, string>>;
}) {
  const { t } = useTranslation('grievances');
  const error = props.errors[props.name];
  return (
    <fieldset className="gv-kind-choice">
      <legend>{props.legend}</legend>
      <label>
        <input type="radio" name={props.name} value="true" />
        <span>{props.yes}</span>
      </label>
      <label>
        <input type="radio" name={props.name} value="false" />
        <span>{props.no}</span>
      </label>
      {error ? (
        <small className="gv-error" data-testid={`error-${props.name}`}>
          {t('fieldError', { reason: error })}
        </small>
      ) : null}
    </fieldset>
  );
}

/** The body member of a `YesNo` question: `{name: boolean}` when answered, nothing when not. */
export function yesNo(f: (name: string) => string, name: string): Record<string, boolean> {
  return f(name) ? { [name]: f(name) === 'true' } : {};
}

/**
 * A form field with its label, its hint and the API's reason when the field is at fault (problem+json `errors`),
 * tied to the input with `aria-describedby` and `aria-invalid` so a screen reader says both.
 */
export function Field(props: {
  name: string;
  label: string;
  hint?: string;
  errors: Readonly<Record<string, string>>;
  children: (attributes: { id: string; name: string; 'aria-invalid'?: true; 'aria-describedby'?: string }) => ReactNode;
}) {
  const { t } = useTranslation('grievances');
  const id = useId();
  const error = props.errors[props.name];
  const described = [props.hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div className={`gv-field${error ? ' gv-invalid' : ''}`} data-field={props.name}>
      <label htmlFor={id}>{props.label}</label>
      {props.children({
        id,
        name: props.name,
        ...(error ? { 'aria-invalid': true as const } : {}),
        ...(described ? { 'aria-describedby': described } : {}),
      })}
      {props.hint ? (
        <small id={`${id}-hint`} className="gv-hint">
          {props.hint}
        </small>
      ) : null}
      {error ? (
        <small id={`${id}-error`} className="gv-error" data-testid={`error-${props.name}`}>
          {t('fieldError', { reason: error })}
        </small>
      ) : null}
    </div>
  );
}

/**
 * A POST from a form: busy while it runs, the answer, or the problem with its fields at fault. `post` resolves to
 * the answer, or undefined when the API refused (the problem is then shown).
 */
export function usePost() {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<ApiProblem>();
  const post = useCallback(async <T,>(path: string, body: unknown, anonymous = false): Promise<T | undefined> => {
    setBusy(true);
    setProblem(undefined);
    try {
      return await api<T>(path, { method: 'POST', body, anonymous });
    } catch (error) {
      setProblem(asProblem(error));
      return undefined;
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, problem, errors: fieldErrors(problem), post };
}

/** The problem of a form, as the API said it; the fields' reasons are also shown next to each field. */
export function FormProblem(props: { problem: ApiProblem | undefined }) {
  return props.problem ? <ProblemView problem={props.problem} /> : null;
}

/** A `{zh, en}` word of this namespace by key, for a value the API sends (status, kind, event, level). */
export function useWords() {
  const { t } = useTranslation('grievances');
  return {
    kind: (k: string) => t(`kinds.${k}`, { defaultValue: k }),
    status: (s: string) => t(`statuses.${s}`, { defaultValue: s }),
    event: (e: string) => t(`events.${e}`, { defaultValue: e }),
    level: (l: number) => t(`levels.${l}`, { defaultValue: String(l) }),
    rectStatus: (s: string) => t(`rectStatuses.${s}`, { defaultValue: s }),
    unit: (u: string) => t(`units.${u}`, { defaultValue: u }),
  };
}

/**
 * A grievance's facts: kind, status, what it is about, the department, the stage deadlines (with their unit), the
 * extension, referral, the written answer. The contact is shown only when the API sent it (the complainant's own
 * view, supervision): the department's answer never carries it.
 */
export function GrievanceFacts(props: { g: Grievance; departmentName: (id: string | undefined) => string }) {
  const { t } = useTranslation('grievances');
  const w = useWords();
  const { g } = props;
  const row = (key: string, value: ReactNode, testId?: string) => (
    <div key={key}>
      <dt>{t(`facts.${key}`)}</dt>
      <dd data-testid={testId}>{value}</dd>
    </div>
  );
  return (
    <dl className="gv-facts" data-testid="grievance-facts">
      {row('id', <span className="gv-id">{g.id}</span>)}
      {row('kind', w.kind(g.kind), 'grievance-kind')}
      {row('status', <span data-status={g.status}>{w.status(g.status)}</span>, 'grievance-status')}
      {g.summary ? row('summary', g.summary) : null}
      {g.detail ? row('detail', <span className="gv-text">{g.detail}</span>) : null}
      {g.departmentId ? row('department', props.departmentName(g.departmentId)) : null}
      {g.assignedTo ? row('assignedTo', props.departmentName(g.assignedTo), 'grievance-assigned') : null}
      {g.caseId ? row('caseId', <span className="gv-id">{g.caseId}</span>) : null}
      {g.officer ? row('officer', g.officer) : null}
      {g.contact && (g.contact.name || g.contact.phone)
        ? row('contact', [g.contact.name, g.contact.phone].filter(Boolean).join(' · '))
        : null}
      {row('unit', w.unit(g.unit))}
      {row('acceptBy', formatDeadline(g.acceptBy), 'grievance-accept-by')}
      {g.handleBy ? row('handleBy', formatDeadline(g.handleBy), 'grievance-handle-by') : null}
      {g.reviewWindowBy ? row('reviewWindowBy', formatDeadline(g.reviewWindowBy)) : null}
      {g.reviewBy
        ? row('reviewBy', `${formatDeadline(g.reviewBy)} · ${t(`rounds.${g.reviewRound ?? 1}`)}`, 'grievance-review-by')
        : null}
      {g.supervision ? row('supervision', formatDate(g.supervision.deadlineDate), 'grievance-supervision') : null}
      {g.reviewRound
        ? row(
            'reviewRound',
            t('facts.reviewRoundText', { round: g.reviewRound, stage: t(`rounds.${g.reviewRound}`) }),
            'grievance-round',
          )
        : null}
      {g.overdueStage ? row('overdueStage', t(`stages.${g.overdueStage}`), 'grievance-overdue-stage') : null}
      {(['extension', 'reviewExtension', 'rereviewExtension'] as const).map((field) => {
        const e = g[field];
        return e
          ? row(
              field,
              t(e.status === 'PENDING' ? 'facts.extensionPending' : 'facts.extensionApproved', {
                days: e.days,
                reason: e.reason,
              }),
              field === 'extension' ? 'grievance-extension' : `grievance-${field}`,
            )
          : null;
      })}
      {g.referral
        ? row('referral', t('facts.referralText', { agency: g.referral.agency, reason: g.referral.reason }))
        : null}
      {g.reviewRequest ? row('reviewRequest', g.reviewRequest.reason) : null}
    </dl>
  );
}

/** The written answer (书面答复): substantiated or not, the findings and the actions taken. */
export function Findings(props: { g: Grievance }) {
  const { t } = useTranslation('grievances');
  const f = props.g.findings;
  if (!f) return null;
  return (
    <section className="card gv-findings" aria-labelledby="gv-findings-title" data-testid="grievance-findings">
      <h2 id="gv-findings-title">{t('facts.findings')}</h2>
      <dl className="gv-facts">
        <div>
          <dt>{t('facts.substantiated')}</dt>
          <dd data-substantiated={String(f.substantiated)}>
            {f.substantiated ? t('facts.substantiatedYes') : t('facts.substantiatedNo')}
            {f.late ? t('facts.late') : ''} · <time dateTime={f.at}>{formatInstant(f.at)}</time>
          </dd>
        </div>
        <div>
          <dt>{t('facts.findingsText')}</dt>
          <dd className="gv-text">{f.findings}</dd>
        </div>
        <div>
          <dt>{t('facts.actions')}</dt>
          <dd className="gv-text">{f.actions}</dd>
        </div>
      </dl>
    </section>
  );
}

/**
 * Supervision's decisions on the review (复查) and the re-review (复核), in order: upheld or overturned, the finding
 * it leaves, the findings and the actions taken, when (and whether late).
 */
export function ReviewDecisions(props: { g: Grievance }) {
  const { t } = useTranslation('grievances');
  const decisions = props.g.reviewDecisions ?? [];
  if (decisions.length === 0) return null;
  return (
    <section className="card gv-findings" aria-labelledby="gv-decisions-title" data-testid="review-decisions">
      <h2 id="gv-decisions-title">{t('facts.reviewDecisions')}</h2>
      {decisions.map((d) => (
        <dl className="gv-facts" key={d.round} data-round={d.round}>
          <div>
            <dt>{t(`rounds.${d.round}`)}</dt>
            <dd data-upheld={String(d.upheld)}>
              {d.upheld ? t('facts.decisionUpheld') : t('facts.decisionOverturned')} ·{' '}
              {d.substantiated ? t('facts.substantiatedYes') : t('facts.substantiatedNo')}
              {d.late ? t('facts.late') : ''} · <time dateTime={d.at}>{formatInstant(d.at)}</time>
            </dd>
          </div>
          <div>
            <dt>{t('facts.findingsText')}</dt>
            <dd className="gv-text">{d.findings}</dd>
          </div>
          <div>
            <dt>{t('facts.actions')}</dt>
            <dd className="gv-text">{d.actions}</dd>
          </div>
        </dl>
      ))}
    </section>
  );
}

/**
 * The steps of a grievance or a rating, oldest first. `showBy` for staff and supervision (who acted); the public and
 * the complainant see the steps and their notes. A complainant's own steps are written as `complainant`, never
 * their account, so no view can name them.
 */
export function Steps(props: { events: readonly GrievanceEvent[]; heading: string; showBy?: boolean }) {
  const { t } = useTranslation('grievances');
  const w = useWords();
  return (
    <section aria-labelledby="gv-steps-title">
      <h2 id="gv-steps-title">{props.heading}</h2>
      <ol className="gv-steps" data-testid="steps">
        {props.events.map((e) => (
          <li key={e.hash} data-type={e.type}>
            <p>
              <strong>{w.event(e.type)}</strong> <time dateTime={e.at}>{formatInstant(e.at)}</time>
              {props.showBy ? (
                <span className="gv-muted">
                  {' '}
                  · {t('facts.stepBy')} {e.by}
                </span>
              ) : null}
            </p>
            {e.note ? <p className="gv-note">{e.note}</p> : null}
          </li>
        ))}
      </ol>
    </section>
  );
}

/** A rating and its rectification: the level in words, the deadlines (working days), what the department did. */
export function RatingFacts(props: { r: Rating; departmentName?: (id: string | undefined) => string }) {
  const { t } = useTranslation('grievances');
  const w = useWords();
  const { r } = props;
  const rect = r.rectification;
  const row = (key: string, value: ReactNode, testId?: string) => (
    <div key={key}>
      <dt>{t(`rating.${key}`)}</dt>
      <dd data-testid={testId}>{value}</dd>
    </div>
  );
  const overdue = rect?.contactOverdue ?? rect?.rectifyOverdue;
  return (
    <dl className="gv-facts" data-testid="rating-facts">
      {row('level', `${r.level} · ${w.level(r.level)}`, 'rating-level')}
      {r.bad ? row('bad', t('yes')) : null}
      {r.comment ? row('comment', <span className="gv-text">{r.comment}</span>) : null}
      {row('ratedAt', formatInstant(r.ratedAt))}
      {props.departmentName ? row('department', props.departmentName(r.departmentId)) : null}
      {row('item', `${r.itemName}（${r.itemCode}）`)}
      {rect ? (
        <>
          {row('rectStatus', <span data-status={rect.status}>{w.rectStatus(rect.status)}</span>, 'rect-status')}
          {row('contactBy', `${formatDate(rect.contactByDate)} ${t('rating.workingDays')}`)}
          {row('rectifyBy', `${formatDate(rect.rectifyByDate)} ${t('rating.workingDays')}`)}
          {overdue ? (
            <div key="overdue">
              <dt>{t('facts.supervision')}</dt>
              <dd data-testid="rect-overdue">
                {t('rating.overdue', { date: formatDate(overdue.supervisionDeadlineDate) })}
              </dd>
            </div>
          ) : null}
          {rect.contactedAt ? row('contactedAt', formatInstant(rect.contactedAt)) : null}
          {rect.contactNote ? row('contactNote', rect.contactNote) : null}
          {rect.rectifiedAt ? row('rectifiedAt', formatInstant(rect.rectifiedAt)) : null}
          {rect.actions ? row('actions', <span className="gv-text">{rect.actions}</span>, 'rect-actions') : null}
          {rect.rectifiedAt ? row('onTime', rect.onTime ? t('yes') : t('no')) : null}
        </>
      ) : null}
      {r.followUp ? row('followUp', `${r.followUp.level} · ${w.level(r.followUp.level)}`, 'follow-up') : null}
      {r.appeal ? row('appeal', r.appeal.reason) : null}
      {r.appeal?.decision
        ? row(
            'appealDecision',
            `${r.appeal.decision.upheld ? t('rating.upheld') : t('rating.rejected')}: ${r.appeal.decision.reason}`,
            'appeal-decision',
          )
        : null}
    </dl>
  );
}

/** The five levels as radio buttons, each with its number and its name (never a colour or stars alone). */
export function LevelChoice(props: {
  name: string;
  legend: string;
  value: number | undefined;
  onChange: (level: number) => void;
  error?: string;
}) {
  const { t } = useTranslation('grievances');
  const w = useWords();
  const id = useId();
  return (
    <fieldset className="gv-levels" aria-describedby={props.error ? `${id}-error` : undefined}>
      <legend>{props.legend}</legend>
      {[5, 4, 3, 2, 1].map((level) => (
        <label key={level} className={`gv-level${level <= 2 ? ' gv-bad' : ''}`}>
          <input
            type="radio"
            name={props.name}
            value={level}
            checked={props.value === level}
            onChange={() => props.onChange(level)}
          />
          <span>
            {level} · {w.level(level)}
          </span>
        </label>
      ))}
      {props.error ? (
        <small id={`${id}-error`} className="gv-error">
          {t('fieldError', { reason: props.error })}
        </small>
      ) : null}
    </fieldset>
  );
}
