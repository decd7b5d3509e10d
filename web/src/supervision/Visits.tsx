import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { ApiProblem, api, useApi } from '../api.ts';
import { Light } from '../components/Light.tsx';
import { Loaded } from '../components/Status.tsx';
import { afterDirectory, type Directory, useDirectory } from '../directory.ts';
import { usePolling, useServerNow } from '../server-time.ts';
import { useSession } from '../session.ts';
import { Countdown } from '../staff/Countdown.tsx';
import { chinaTime } from '../staff/Timeline.tsx';
import { SubNav } from './SubNav.tsx';

/** A problem found on an inspection visit (明察暗访), as GET /v1/inspections/visits answers it. */
interface VisitProblem {
  readonly id: string;
  readonly subject: string;
  readonly description: string;
  readonly status: 'AWAITING_RECTIFICATION' | 'RECTIFIED' | 'RECTIFIED_LATE' | 'OVERDUE';
  readonly workingDays: number;
  readonly rectifyBy: string;
  readonly rectifyByDate: string;
  readonly light: 'GREEN' | 'YELLOW' | 'RED' | 'RED_CARD' | null;
  readonly remainingWorkingDays: number | null;
  readonly accountable: boolean;
  readonly accountabilityId: string | null;
  readonly overdueAt: string | null;
  readonly rectification: { at: string; by: string; actions: string; late: boolean } | null;
}
interface Visit {
  readonly id: string;
  readonly departmentId: string;
  readonly kind: 'OPEN' | 'UNANNOUNCED';
  readonly at: string;
  readonly findings: string;
  readonly recordedAt: string;
  readonly recordedBy: string;
  readonly problems: readonly VisitProblem[];
  readonly timeline?: readonly { at: string; type: string; by: string; note: string | null }[];
  readonly verification?: { valid: boolean; events: number };
}

/** How often a visit is read again: its lights change as the (possibly simulated) clock moves. */
const POLL_MS = 3000;

/**
 * Supervision's inspection visits (明察暗访): the year's visits (or one department's, the filter in the address), each
 * with its problems' lights, and the form to record a visit — open or unannounced, its findings, and each problem
 * with the working days the department has to rectify it (optionally put on the accountability register at once).
 */
export function VisitsPage() {
  const { t } = useTranslation('supervision');
  const [params, setParams] = useSearchParams();
  const department = params.get('department') ?? '';
  const state = useApi<{ year: string | null; visits: Visit[] }>(
    `/v1/inspections/visits${department ? `?departmentId=${encodeURIComponent(department)}` : ''}`,
  );
  usePolling(state.reload, POLL_MS);
  const departments = useDirectory();
  return (
    <>
      <h1>{t('visits.title')}</h1>
      <SubNav />
      <p>{t('visits.intro')}</p>
      <RecordVisit departments={departments.list} />
      <fieldset className="supervision-filters">
        <legend>{t('filters')}</legend>
        <label>
          {t('department')}
          <select
            value={department}
            data-testid="visits-department"
            onChange={(e) => {
              const next = new URLSearchParams(params);
              if (e.target.value) next.set('department', e.target.value);
              else next.delete('department');
              setParams(next, { replace: true });
            }}
          >
            <option value="">{t('visits.allDepartments')}</option>
            {departments.list.map(({ id, name }) => (
              <option key={id} value={id}>
                {name}
              </option>
            ))}
          </select>
        </label>
      </fieldset>
      <Loaded state={afterDirectory(state, departments)}>
        {(data) => <VisitList visits={data.visits} name={departments.name} base="/supervision/visits" />}
      </Loaded>
    </>
  );
}

function VisitList(props: { visits: readonly Visit[]; name: Directory['name']; base: string }) {
  const { t } = useTranslation('supervision');
  if (props.visits.length === 0) return <p>{t('visits.none')}</p>;
  return (
    <table className="supervision-table" data-testid="visits">
      <thead>
        <tr>
          <th>{t('visits.at')}</th>
          <th>{t('department')}</th>
          <th>{t('visits.kind')}</th>
          <th>{t('visits.problems')}</th>
          <th>{t('visits.visit')}</th>
        </tr>
      </thead>
      <tbody>
        {props.visits.map((v) => (
          <tr key={v.id} data-visit={v.id}>
            <td>{chinaTime(v.at, false)}</td>
            <td>{props.name(v.departmentId)}</td>
            <td>{t(`visits.kinds.${v.kind}`)}</td>
            <td>
              {v.problems.length === 0
                ? '—'
                : v.problems.map((p) => (
                    <span key={p.id} className="supervision-visit-problem" data-problem={p.id} data-status={p.status}>
                      {p.light ? <Light light={p.light} /> : null} {p.id} {t(`visits.statuses.${p.status}`)}
                    </span>
                  ))}
            </td>
            <td>
              <Link to={`${props.base}/${encodeURIComponent(v.id)}`}>{v.id}</Link>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

interface ProblemDraft {
  description: string;
  days: string;
  accountable: boolean;
}

/** The form to record a visit; on success, the visit's page. A refusal is said with the fields at fault. */
function RecordVisit(props: { departments: Directory['list'] }) {
  const { t } = useTranslation('supervision');
  const navigate = useNavigate();
  const [departmentId, setDepartment] = useState('');
  const [kind, setKind] = useState<'OPEN' | 'UNANNOUNCED'>('UNANNOUNCED');
  const [at, setAt] = useState('');
  const [findings, setFindings] = useState('');
  const [problems, setProblems] = useState<ProblemDraft[]>([{ description: '', days: '5', accountable: false }]);
  const [problem, setProblem] = useState<ApiProblem | undefined>();
  const [busy, setBusy] = useState(false);
  const change = (i: number, patch: Partial<ProblemDraft>) =>
    setProblems((list) => list.map((p, j) => (j === i ? { ...p, ...patch } : p)));
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setProblem(undefined);
    try {
      // The input is a China-local wall time (datetime-local): sent with its offset.
      const created = await api<Visit>('/v1/inspections/visits', {
        method: 'POST',
        body: {
          departmentId,
          kind,
          at: at ? `${at.length === 16 ? `${at}:00` : at}+08:00` : '',
          findings,
          problems: problems
            .filter((p) => p.description.trim() !== '')
            .map((p) => ({
              description: p.description,
              rectifyWithinWorkingDays: Number(p.days),
              ...(p.accountable ? { accountable: true } : {}),
            })),
        },
      });
      navigate(`/supervision/visits/${encodeURIComponent(created.id)}`);
    } catch (error) {
      setProblem(error instanceof ApiProblem ? error : new ApiProblem(0, String(error), ''));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="supervision-visit-form" onSubmit={submit} data-testid="record-visit">
      <fieldset>
        <legend>{t('visits.record')}</legend>
        <label>
          {t('department')}
          <select required value={departmentId} onChange={(e) => setDepartment(e.target.value)} name="departmentId">
            <option value="">—</option>
            {props.departments.map(({ id, name }) => (
              <option key={id} value={id}>
                {name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('visits.kind')}
          <select value={kind} onChange={(e) => setKind(e.target.value as 'OPEN' | 'UNANNOUNCED')} name="kind">
            <option value="UNANNOUNCED">{t('visits.kinds.UNANNOUNCED')}</option>
            <option value="OPEN">{t('visits.kinds.OPEN')}</option>
          </select>
        </label>
        <label>
          {t('visits.at')}
          <input type="datetime-local" required value={at} onChange={(e) => setAt(e.target.value)} name="at" />
        </label>
        <label>
          {t('visits.findings')}
          <textarea required value={findings} onChange={(e) => setFindings(e.target.value)} name="findings" />
        </label>
        {problems.map((p, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: the rows have no identity but their place in the form
          <fieldset key={i} className="supervision-visit-problem-draft" data-testid={`problem-${i + 1}`}>
            <legend>{t('visits.problemN', { n: i + 1 })}</legend>
            <label>
              {t('visits.description')}
              <input value={p.description} onChange={(e) => change(i, { description: e.target.value })} />
            </label>
            <label>
              {t('visits.days')}
              <input
                type="number"
                min={1}
                max={60}
                value={p.days}
                onChange={(e) => change(i, { days: e.target.value })}
              />
            </label>
            <label>
              <input
                type="checkbox"
                checked={p.accountable}
                onChange={(e) => change(i, { accountable: e.target.checked })}
              />{' '}
              {t('visits.accountable')}
            </label>
          </fieldset>
        ))}
        <button
          type="button"
          onClick={() => setProblems((list) => [...list, { description: '', days: '5', accountable: false }])}
        >
          {t('visits.addProblem')}
        </button>{' '}
        <button type="submit" disabled={busy}>
          {t('visits.submit')}
        </button>
        {problem ? <Refusal problem={problem} /> : null}
      </fieldset>
    </form>
  );
}

function Refusal(props: { problem: ApiProblem }) {
  return (
    <div role="alert" className="problem">
      <p>
        {props.problem.title}: {props.problem.detail}
      </p>
      {props.problem.errors.length ? (
        <ul>
          {props.problem.errors.map((e) => (
            <li key={e.field}>
              <code>{e.field}</code> {e.reason}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/**
 * One visit (supervision's `/supervision/visits/{id}`, the department's `/staff/visits/{id}`): its findings, each
 * problem with its light, a countdown to its deadline by the server's now and the working days left, its
 * rectification or its escalation and accountability record; the department's head reports a rectification here.
 * The timeline below, verified.
 */
export function VisitPage(props: { desk: 'supervision' | 'staff' }) {
  const { t } = useTranslation('supervision');
  const { id = '' } = useParams();
  const session = useSession();
  const state = useApi<Visit>(`/v1/inspections/visits/${encodeURIComponent(id)}`);
  usePolling(state.reload, POLL_MS);
  const now = useServerNow();
  const departments = useDirectory();
  const mayReport = session?.role === 'head';
  return (
    <>
      <h1>{t('visits.visitTitle', { id })}</h1>
      {props.desk === 'supervision' ? <SubNav /> : <Link to="/staff">{t('visits.backToWorklist')}</Link>}
      <Loaded state={afterDirectory(state, departments)}>
        {(v) => (
          <article className="supervision-visit" data-visit={v.id}>
            <dl className="supervision-facts">
              <dt>{t('department')}</dt>
              <dd>{departments.name(v.departmentId)}</dd>
              <dt>{t('visits.kind')}</dt>
              <dd data-testid="visit-kind">{t(`visits.kinds.${v.kind}`)}</dd>
              <dt>{t('visits.at')}</dt>
              <dd>{chinaTime(v.at, false)}</dd>
              <dt>{t('visits.recordedAt')}</dt>
              <dd>{chinaTime(v.recordedAt, false)}</dd>
              <dt>{t('visits.findings')}</dt>
              <dd>{v.findings}</dd>
            </dl>
            <h2>{t('visits.problems')}</h2>
            {v.problems.length === 0 ? <p>{t('visits.noProblems')}</p> : null}
            {v.problems.map((p) => (
              <section
                key={p.id}
                className="supervision-visit-problem-card"
                data-problem={p.id}
                data-status={p.status}
                data-light={p.light ?? 'NONE'}
              >
                <h3>
                  <Light light={p.light} /> {p.id} · {t(`visits.statuses.${p.status}`)}
                </h3>
                <p>{p.description}</p>
                <p>
                  {t('visits.rectifyBy', { date: p.rectifyByDate, days: p.workingDays })}{' '}
                  {p.rectification ? null : <Countdown until={p.rectifyBy} now={now} />}
                  {p.remainingWorkingDays !== null ? (
                    <small> {t('visits.remaining', { count: p.remainingWorkingDays })}</small>
                  ) : null}
                </p>
                {p.overdueAt ? (
                  <p className="supervision-overdue">{t('visits.escalated', { at: chinaTime(p.overdueAt, false) })}</p>
                ) : null}
                {p.accountabilityId ? (
                  <p>
                    {t('visits.onRegister')}{' '}
                    {props.desk === 'supervision' ? (
                      <Link to={`/supervision/accountability?reason=VISIT_FINDING`}>{p.accountabilityId}</Link>
                    ) : (
                      <code>{p.accountabilityId}</code>
                    )}
                  </p>
                ) : null}
                {p.rectification ? (
                  <p data-testid="rectification">
                    {t(p.rectification.late ? 'visits.reportedLate' : 'visits.reported', {
                      at: chinaTime(p.rectification.at, false),
                    })}
                    : {p.rectification.actions}
                  </p>
                ) : mayReport && props.desk === 'staff' ? (
                  <ReportForm visitId={v.id} problemId={p.id} onDone={state.reload} />
                ) : null}
              </section>
            ))}
            {v.timeline ? (
              <>
                <h2>{t('visits.timeline')}</h2>
                <p>{t(v.verification?.valid ? 'visits.verified' : 'visits.broken', { n: v.verification?.events })}</p>
                <ol className="supervision-visit-timeline">
                  {v.timeline.map((e, i) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: a timeline is append-only: its index is its identity
                    <li key={i}>
                      {chinaTime(e.at, false)} <code>{e.type}</code> {e.note ?? ''}
                    </li>
                  ))}
                </ol>
              </>
            ) : null}
          </article>
        )}
      </Loaded>
    </>
  );
}

/** The head's report of one problem's rectification (POST …/rectification); a refusal said in words. */
function ReportForm(props: { visitId: string; problemId: string; onDone: () => void }) {
  const { t } = useTranslation('supervision');
  const [actions, setActions] = useState('');
  const [problem, setProblem] = useState<ApiProblem | undefined>();
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setProblem(undefined);
    try {
      await api(
        `/v1/inspections/visits/${encodeURIComponent(props.visitId)}/problems/${props.problemId}/rectification`,
        { method: 'POST', body: { actions } },
      );
      props.onDone();
    } catch (error) {
      setProblem(error instanceof ApiProblem ? error : new ApiProblem(0, String(error), ''));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={submit} className="supervision-visit-report" data-testid={`report-${props.problemId}`}>
      <label>
        {t('visits.actions')}
        <textarea required value={actions} onChange={(e) => setActions(e.target.value)} />
      </label>
      <button type="submit" disabled={busy}>
        {t('visits.report')}
      </button>
      {problem ? <Refusal problem={problem} /> : null}
    </form>
  );
}
