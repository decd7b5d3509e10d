import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { ApiProblem, api, useApi } from '../api.ts';
import { Light } from '../components/Light.tsx';
import { Loaded, ProblemView } from '../components/Status.tsx';
import { afterDirectory, useDirectory } from '../directory.ts';
import { statusLabel } from '../labels.ts';
import { Timeline } from '../staff/Timeline.tsx';
import { dateTime } from './format.ts';
import type { CaseAnswer, VerifyAnswer } from './model.ts';
import { SubNav } from './SubNav.tsx';

/** A case as supervision sees it: its state, its timeline, whether the record verifies, and the post-hoc review. */
export function CasePage() {
  const { t } = useTranslation('supervision');
  const { id = '' } = useParams();
  const path = `/v1/applications/${encodeURIComponent(id)}`;
  const state = useApi<CaseAnswer>(path);
  const verify = useApi<VerifyAnswer>(`${path}/verify`);
  const departments = useDirectory();
  const reload = () => {
    state.reload();
    verify.reload();
  };
  return (
    <>
      <h1 className="supervision-case-id">{t('caseTitle', { id })}</h1>
      <SubNav />
      <section className="supervision-section" aria-labelledby="verification">
        <h2 id="verification">{t('verification')}</h2>
        <Loaded state={verify}>{(v) => <Verification verdict={v} />}</Loaded>
      </section>
      <Loaded state={afterDirectory(state, departments)}>
        {(c) => (
          <>
            <section className="supervision-section" aria-labelledby="details">
              <h2 id="details">{t('caseDetails')}</h2>
              <CaseDetails c={c} departmentName={departments.name(c.departmentId)} />
            </section>
            {c.status === 'DEEMED_APPROVED' && !c.review ? <Review id={c.id} onReviewed={reload} /> : null}
            <section className="supervision-section" aria-labelledby="timeline">
              <h2 id="timeline">{t('timeline')}</h2>
              <Timeline events={c.timeline} heading={t('timeline')} />
            </section>
          </>
        )}
      </Loaded>
    </>
  );
}

function CaseDetails(props: { c: CaseAnswer; departmentName: string }) {
  const { t } = useTranslation('supervision');
  const { c } = props;
  const none = t('none');
  return (
    <dl className="supervision-details" data-testid="case-details">
      <dt>{t('item')}</dt>
      <dd>
        {c.itemName} ({c.itemCode})
      </dd>
      <dt>{t('department')}</dt>
      <dd>{props.departmentName}</dd>
      <dt>{t('status')}</dt>
      <dd data-status={c.status}>
        {statusLabel(c.status)} <code>{c.status}</code>
      </dd>
      <dt>{t('light')}</dt>
      <dd>{c.light ? <Light light={c.light} /> : none}</dd>
      <dt>{t('acceptedOn')}</dt>
      <dd>{c.acceptedOn ?? none}</dd>
      <dt>{t('deadlineDate')}</dt>
      <dd>{c.deadline ? t('deadlineEnds', { date: c.deadlineDate ?? '', at: dateTime(c.deadline) }) : none}</dd>
      <dt>{t('handler')}</dt>
      <dd>
        {c.handler.name} ({c.handler.id})
      </dd>
      <dt>{t('leader')}</dt>
      <dd>
        {c.leader.name} ({c.leader.id})
      </dd>
      <dt>{t('decision')}</dt>
      <dd>
        {c.decision
          ? `${statusLabel(c.decision.outcome)} · ${dateTime(c.decision.at)} · ${c.decision.by}${c.decision.reason ? ` · ${c.decision.reason}` : ''}`
          : none}
      </dd>
      <dt>{t('expiry')}</dt>
      <dd>{c.expiry ? `${statusLabel(c.expiry.outcome)} · ${dateTime(c.expiry.at)} · ${c.expiry.appliedBy}` : none}</dd>
      <dt>{t('supervision')}</dt>
      <dd>
        {c.supervision
          ? `${dateTime(c.supervision.since)} · ${t('supervisionDeadline', { date: c.supervision.deadlineDate })}`
          : none}
      </dd>
      <dt>{t('redCard')}</dt>
      <dd>{c.redCardAt ? dateTime(c.redCardAt) : none}</dd>
      <dt>{t('review')}</dt>
      <dd data-testid="case-review">
        {c.review
          ? `${t(`verdicts.${c.review.verdict}`)} · ${c.review.reason} · ${c.review.by} · ${dateTime(c.review.at)}`
          : none}
      </dd>
    </dl>
  );
}

type Outcome = 'pass' | 'fail' | 'neutral';

/** One line of the verification: a mark with its word (colour is never alone) and what was checked. */
function Check(props: { outcome: Outcome; text: string; testId: string }) {
  const { t } = useTranslation('supervision');
  return (
    <li data-testid={props.testId} data-outcome={props.outcome}>
      <span className={`supervision-verdict supervision-${props.outcome}`}>{t(props.outcome)}</span>
      <span>{props.text}</span>
    </li>
  );
}

/** The answer of `/verify` as pass/fail lines: the chain, the bound state, the anchor checkpoints, the clocks. */
function Verification(props: { verdict: VerifyAnswer }) {
  const { t } = useTranslation('supervision');
  const v = props.verdict;
  const state = v.state;
  const anchor = v.anchor;
  const clocks = v.clocks ?? [];
  const chainOk = v.firstBrokenAt === null || v.firstBrokenAt === undefined;
  return (
    <div data-testid="verification" data-valid={String(v.valid)}>
      <p
        className={`supervision-overall supervision-verdict supervision-${v.valid ? 'pass' : 'fail'}`}
        data-testid="verification-overall"
      >
        {v.valid ? `✓ ${t('overallOk')}` : `✗ ${t('overallBad')}`}
      </p>
      {v.deleted ? <p className="problem">{t('deleted')}</p> : null}
      <ul className="supervision-checks">
        {v.deleted ? null : (
          <Check
            testId="check-chain"
            outcome={chainOk ? 'pass' : 'fail'}
            text={
              chainOk
                ? t('chainOk', { events: v.events ?? 0 })
                : t('chainBroken', { index: (v.firstBrokenAt ?? 0) + 1 })
            }
          />
        )}
        {state ? (
          <Check
            testId="check-state"
            outcome={!state.bound ? 'neutral' : state.valid ? 'pass' : 'fail'}
            text={
              !state.bound
                ? t('stateUnbound')
                : state.valid
                  ? t('stateOk')
                  : t('stateBad', { fields: state.changed?.join(', ') ?? t('stateUnknownFields') })
            }
          />
        ) : null}
        {v.editsRecorded?.length ? (
          <Check
            testId="check-edits"
            outcome="fail"
            text={t('editsRecorded', {
              list: v.editsRecorded.map((e) => `#${e.event + 1}: ${e.fields.join(', ')}`).join('; '),
            })}
          />
        ) : null}
        <Check
          testId="check-anchor"
          outcome={!anchor || anchor.checkpoints === 0 ? 'neutral' : anchor.valid ? 'pass' : 'fail'}
          text={
            !anchor || anchor.checkpoints === 0
              ? anchor && !anchor.valid
                ? t('anchorBad', {
                    rewritten: anchor.rewritten.length,
                    invalid: anchor.invalidCheckpoints.length,
                    alerts: anchor.alerts.length,
                  })
                : t('anchorNone')
              : anchor.valid
                ? t('anchorOk', { checkpoints: anchor.checkpoints, events: anchor.anchoredEvents ?? 0 })
                : t('anchorBad', {
                    rewritten: anchor.rewritten.length,
                    invalid: anchor.invalidCheckpoints.length,
                    alerts: anchor.alerts.length,
                  })
          }
        />
        {v.deleted ? null : (
          <Check
            testId="check-clocks"
            outcome={clocks.length === 0 ? 'neutral' : clocks.every((c) => c.agrees) ? 'pass' : 'fail'}
            text={
              clocks.length === 0
                ? t('clocksNone')
                : clocks.every((c) => c.agrees)
                  ? t('clocksOk', { duties: clocks.map((c) => `${c.duty} ${c.phase ?? '—'}`).join(', ') })
                  : t('clocksBad', {
                      list: clocks
                        .filter((c) => !c.agrees)
                        .map((c) => `${c.duty}: ${c.disagreements.join(', ')}`)
                        .join('; '),
                    })
            }
          />
        )}
      </ul>
    </div>
  );
}

/** The supervisor's post-hoc review of a deemed approval: confirm it, or find it wrongful (revoked, escalated). */
function Review(props: { id: string; onReviewed: () => void }) {
  const { t } = useTranslation('supervision');
  const [verdict, setVerdict] = useState<'CONFIRMED' | 'WRONGFUL'>('CONFIRMED');
  const [reason, setReason] = useState('');
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<ApiProblem>();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setProblem(undefined);
    try {
      await api(`/v1/applications/${encodeURIComponent(props.id)}/review`, {
        method: 'POST',
        body: { verdict, reason, ...(note.trim() ? { publicInterestNote: note } : {}) },
      });
      props.onReviewed();
    } catch (error) {
      setProblem(error instanceof ApiProblem ? error : new ApiProblem(0, '网络错误 Network error', String(error)));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="supervision-section card" aria-labelledby="review">
      <h2 id="review">{t('reviewTitle')}</h2>
      <p>{t('reviewHelp')}</p>
      <form onSubmit={(e) => void submit(e)}>
        <fieldset>
          <legend>{t('reviewVerdict')}</legend>
          {(['CONFIRMED', 'WRONGFUL'] as const).map((v) => (
            <label key={v} style={{ flexDirection: 'row', alignItems: 'center' }}>
              <input type="radio" name="verdict" value={v} checked={verdict === v} onChange={() => setVerdict(v)} />
              {t(v === 'CONFIRMED' ? 'confirmed' : 'wrongful')}
            </label>
          ))}
        </fieldset>
        <label>
          {t('reviewReason')}
          <textarea required rows={3} value={reason} onChange={(e) => setReason(e.target.value)} maxLength={2000} />
        </label>
        <label>
          {t('publicInterest')}
          <textarea
            rows={2}
            value={note}
            required={verdict === 'WRONGFUL'}
            onChange={(e) => setNote(e.target.value)}
            maxLength={2000}
          />
        </label>
        <div>
          <button type="submit" className="primary" disabled={busy}>
            {t('submitReview')}
          </button>
        </div>
        {problem ? <ProblemView problem={problem} /> : null}
      </form>
    </section>
  );
}
