import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { type ApiProblem, api, useApi } from '../api.ts';
import { formatInstant } from '../applicant/format.ts';
import { ScrollRegion } from '../components/ScrollRegion.tsx';
import { Loaded, ProblemView } from '../components/Status.tsx';
import { afterDirectory, useDirectory } from '../directory.ts';
import { asProblem, formatDeadline } from '../grievances/model.ts';
import { Field, FormProblem, usePost } from '../grievances/parts.tsx';
import { pick } from '../i18n.ts';
import { usePolling, useServerNow } from '../server-time.ts';
import { useSession } from '../session.ts';
import { SubNav } from '../supervision/SubNav.tsx';
import { AssignOfficer, ExtendJointApproval, OpenJointApproval } from './actions.tsx';
import {
  type Desk,
  formatInvestment,
  isProjectId,
  type Project,
  type ProjectList,
  type ProjectListRow,
  projectIdOf,
  projectPath,
} from './model.ts';
import {
  Applications,
  GreenBadge,
  HigherApprovals,
  JointApprovalView,
  OneForm,
  OpinionForm,
  ProjectFacts,
  TrackingLog,
  Verification,
} from './parts.tsx';

/** How often a project's page is read again: each department's light and status change as the clock moves. */
export const PROJECT_POLL_MS = 3000;

/**
 * Projects, newest first (`GET /v1/projects`: the investor's own, the officer's, everyone's for supervision and the
 * administrators), 50 a page with "more" following `next`; each row with its green-channel flag, officer and where
 * its joint approval stands.
 */
export function ProjectTable(props: { desk: Desk; caption: string }) {
  const { t } = useTranslation('projects');
  const departments = useDirectory();
  const first = useApi<ProjectList>('/v1/projects?limit=50');
  const [more, setMore] = useState<{ rows: ProjectListRow[]; next: string | null | undefined }>({
    rows: [],
    next: undefined,
  });
  const [problem, setProblem] = useState<ApiProblem>();
  const loadMore = async (cursor: string) => {
    try {
      const page = await api<ProjectList>(`/v1/projects?limit=50&cursor=${encodeURIComponent(cursor)}`);
      setMore((m) => ({ rows: [...m.rows, ...page.projects], next: page.next }));
    } catch (error) {
      setProblem(asProblem(error));
    }
  };
  return (
    <Loaded state={afterDirectory(first, departments)}>
      {(data) => {
        const rows = [...data.projects, ...more.rows];
        const next = more.next === undefined ? data.next : more.next;
        if (rows.length === 0) return <p data-testid="projects-empty">{t('list.empty')}</p>;
        return (
          <>
            <ScrollRegion label={props.caption}>
              <table className="pj-list" data-testid="projects">
                <caption>{props.caption}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('list.name')}</th>
                    <th scope="col">{t('list.investment')}</th>
                    <th scope="col">{t('list.green')}</th>
                    <th scope="col">{t('list.departments')}</th>
                    <th scope="col">{t('list.officer')}</th>
                    <th scope="col">{t('list.joint')}</th>
                    <th scope="col">{t('list.registered')}</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((p) => (
                    <tr key={p.id} data-project={p.id}>
                      <th scope="row">
                        <Link to={projectPath(props.desk, p.id)}>{p.name}</Link>
                        <small className="pj-id pj-muted">{p.id}</small>
                      </th>
                      <td>{formatInvestment(p.investment)}</td>
                      <td>
                        <GreenBadge green={p.greenChannel} />
                      </td>
                      <td>{p.departments.map((d) => departments.name(d)).join('、')}</td>
                      <td>{p.officer ?? t('facts.noOfficer')}</td>
                      <td data-testid="project-joint">
                        {!p.jointApproval
                          ? t('list.notOpened')
                          : p.jointApproval.result
                            ? t(`results.${p.jointApproval.result}`)
                            : t('list.waiting', {
                                count: p.jointApproval.pending.length,
                                date: formatDeadline(p.jointApproval.deadline),
                              })}
                      </td>
                      <td>{formatInstant(p.createdAt)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </ScrollRegion>
            {problem ? <ProblemView problem={problem} /> : null}
            {next ? (
              <button type="button" onClick={() => void loadMore(next)}>
                {t('list.more')}
              </button>
            ) : null}
          </>
        );
      }}
    </Loaded>
  );
}

/** `/my/projects`: the investor's projects, and registering one. */
export function MyProjectsPage() {
  const { t } = useTranslation('projects');
  return (
    <section className="pj-page">
      <h1>{t('mine.title')}</h1>
      <p>{t('mine.intro')}</p>
      <p>
        <Link to="/my/projects/new" className="button primary">
          {t('mine.register')}
        </Link>
      </p>
      <ProjectTable desk="my" caption={t('mine.caption')} />
    </section>
  );
}

interface CatalogueRow {
  readonly code: string;
  readonly name: string;
  readonly departmentId: string;
  readonly status?: string;
}

/**
 * `/my/projects/new`: register a project — its name, the investment in yuan, the items it needs (from the published
 * catalogue, by department) and the investor. The API says whether it is a green-channel project (at or above the
 * threshold) and refuses what is wrong, each reason beside its field.
 */
export function RegisterProjectPage() {
  const { t } = useTranslation('projects');
  const navigate = useNavigate();
  const departments = useDirectory();
  const catalogue = useApi<{ items: readonly CatalogueRow[] }>('/v1/catalog');
  const { busy, problem, errors, post } = usePost();
  const [items, setItems] = useState<readonly string[]>([]);
  const [type, setType] = useState<'PERSON' | 'ENTERPRISE'>('ENTERPRISE');
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => String(form.get(name) ?? '').trim();
    const amount = text('amount');
    const answer = await post<Project>('/v1/projects', {
      name: text('name'),
      investment: { amount: amount === '' ? undefined : Number(amount), currency: 'CNY' },
      items,
      applicant: { type, name: text('applicantName'), phone: text('applicantPhone') },
    });
    if (answer) void navigate(projectPath('my', answer.id), { state: { registered: answer.id } });
  };
  const byDepartment = new Map<string, CatalogueRow[]>();
  for (const item of catalogue.data?.items ?? []) {
    byDepartment.set(item.departmentId, [...(byDepartment.get(item.departmentId) ?? []), item]);
  }
  const itemErrors = Object.entries(errors)
    .filter(([k]) => k === 'items' || k.startsWith('items.'))
    .map(([k, v]) => {
      const code = items[Number(k.split('.')[1])];
      return code ? `${code}: ${v}` : v;
    });
  return (
    <section className="pj-page">
      <p>
        <Link to="/my/projects">{t('mine.back')}</Link>
      </p>
      <h1>{t('register.title')}</h1>
      <p>{t('register.intro')}</p>
      <form onSubmit={(e) => void submit(e)} noValidate className="pj-form">
        <Field name="name" label={t('register.name')} errors={errors}>
          {(a) => <input {...a} maxLength={200} autoComplete="off" />}
        </Field>
        <Field name="investment.amount" label={t('register.amount')} hint={t('register.amountHint')} errors={errors}>
          {(a) => <input {...a} name="amount" type="number" min={1} step="any" inputMode="decimal" />}
        </Field>
        <fieldset className="pj-choice" aria-describedby={itemErrors.length ? 'pj-items-error' : undefined}>
          <legend>{t('register.items')}</legend>
          <Loaded state={afterDirectory(catalogue, departments)}>
            {() => (
              <>
                {[...byDepartment.entries()].map(([departmentId, rows]) => (
                  <div key={departmentId} className="pj-item-group">
                    <p className="pj-group-name">{departments.name(departmentId)}</p>
                    {rows.map((item) => (
                      <label key={item.code}>
                        <input
                          type="checkbox"
                          value={item.code}
                          data-item={item.code}
                          checked={items.includes(item.code)}
                          onChange={(e) =>
                            setItems((s) =>
                              e.target.checked ? [...s, item.code] : s.filter((code) => code !== item.code),
                            )
                          }
                        />
                        <span>
                          {item.name}（{item.code}）
                        </span>
                      </label>
                    ))}
                  </div>
                ))}
              </>
            )}
          </Loaded>
          {itemErrors.length ? (
            <small className="gv-error" id="pj-items-error">
              {t('fieldError', { reason: itemErrors.join('; ') })}
            </small>
          ) : null}
        </fieldset>
        <fieldset className="pj-choice">
          <legend>{t('register.applicant')}</legend>
          <label>
            <span>{t('register.type')}</span>
            <select value={type} onChange={(e) => setType(e.target.value as 'PERSON' | 'ENTERPRISE')}>
              <option value="ENTERPRISE">{t('applicantTypes.ENTERPRISE')}</option>
              <option value="PERSON">{t('applicantTypes.PERSON')}</option>
            </select>
          </label>
          <Field name="applicant.name" label={t('register.applicantName')} errors={errors}>
            {(a) => <input {...a} name="applicantName" maxLength={100} autoComplete="organization" />}
          </Field>
          <Field name="applicant.phone" label={t('register.phone')} errors={errors}>
            {(a) => <input {...a} name="applicantPhone" type="tel" maxLength={30} autoComplete="tel" />}
          </Field>
        </fieldset>
        <FormProblem problem={problem} />
        <p>
          <button type="submit" className="primary" disabled={busy}>
            {busy ? t('sending') : t('register.submit')}
          </button>
        </p>
      </form>
    </section>
  );
}

const listOf: Record<Desk, string> = {
  my: '/my/projects',
  staff: '/staff/projects',
  supervision: '/supervision/projects',
  admin: '/admin/projects',
};

/**
 * A project's page, on each desk with what that reader may do there (the route table's access: projects carry no
 * `actions` list as a case does). Everyone who reaches it reads the facts, the joint approval with each
 * department's status, light and countdown, the result, the one form, the applications, the higher approvals and
 * the tracking log. The investor fills the one form and starts the items' applications; the officer (a clerk whose
 * subject the administrator named) fills the form, opens the joint approval and tracks the higher approvals; a
 * reviewer or head of a department asked gives its opinion; the administrator names the officer, may open the joint
 * approval and approves its one extension; supervision verifies the log. Read again every few seconds.
 */
export function ProjectPage(props: { desk: Desk }) {
  const { t } = useTranslation('projects');
  const { id = '' } = useParams();
  const session = useSession();
  const location = useLocation();
  const registered = (location.state as { registered?: string } | null)?.registered;
  const departments = useDirectory();
  const project = useApi<Project>(`/v1/projects/${encodeURIComponent(id)}`);
  usePolling(project.reload, PROJECT_POLL_MS);
  const now = useServerNow(1000);
  const [opinionStarted, setOpinionStarted] = useState(false);
  return (
    <article className="pj-page">
      {props.desk === 'supervision' ? <SubNav /> : null}
      <p>
        <Link to={listOf[props.desk]}>{t('back')}</Link>
      </p>
      <Loaded state={afterDirectory(project, departments)}>
        {(p) => {
          const isOfficer = session?.role === 'clerk' && p.officer !== null && session.sub === p.officer;
          const isAdmin = session?.role === 'admin';
          const canFill = props.desk === 'my' || isOfficer;
          const asked =
            (session?.role === 'reviewer' || session?.role === 'head') && session.department
              ? p.jointApproval?.departments.find((d) => d.departmentId === session.department)
              : undefined;
          const j = p.jointApproval;
          return (
            <>
              <h1>
                {p.name} <GreenBadge green={p.greenChannel} />
              </h1>
              {registered === p.id ? (
                <p className="card pj-done" role="status" data-testid="registered">
                  {p.greenChannel ? t('register.doneGreen', { id: p.id }) : t('register.doneOrdinary', { id: p.id })}
                </p>
              ) : null}
              {isOfficer ? <p className="pj-role">{t('role.officer')}</p> : null}
              <ProjectFacts p={p} departmentName={departments.name} />
              {isAdmin && props.desk === 'admin' ? <AssignOfficer p={p} onDone={project.reload} /> : null}
              <JointApprovalView p={p} now={now} />
              {asked && (asked.status === 'PENDING' || opinionStarted) ? (
                <OpinionForm p={p} department={asked} onStart={() => setOpinionStarted(true)} onDone={project.reload} />
              ) : null}
              {!j && (isOfficer || (isAdmin && props.desk === 'admin')) ? (
                <OpenJointApproval p={p} departments={departments.list} onDone={project.reload} />
              ) : null}
              {j && !j.result && !j.extension && isAdmin && props.desk === 'admin' ? (
                <ExtendJointApproval p={p} onDone={project.reload} />
              ) : null}
              <OneForm p={p} canFill={canFill} onDone={project.reload} />
              <Applications p={p} desk={props.desk} departmentName={departments.name} />
              <HigherApprovals p={p} isOfficer={isOfficer} onDone={project.reload} />
              <TrackingLog p={p} desk={props.desk} departmentName={departments.name} />
              {props.desk === 'supervision' ? <Verification p={p} /> : null}
            </>
          );
        }}
      </Loaded>
    </article>
  );
}

interface Notification {
  readonly id: string;
  readonly caseId: string;
  readonly kind: string;
  readonly at: string;
  readonly subject: { readonly zh: string; readonly en: string };
  readonly actBy: string | null;
  readonly itemName: string;
}

/**
 * `/staff/projects`: a clerk's projects as their dedicated officer (`GET /v1/projects`, the officer's view) with the
 * officer's inbox; for every member of staff, the projects whose joint approval asked their department's opinion
 * (from the department's inbox: the API has no list of the opinions a department owes), and a project opened by its
 * number.
 */
export function StaffProjectsPage() {
  const { t } = useTranslation('projects');
  const session = useSession();
  const navigate = useNavigate();
  const [number, setNumber] = useState('');
  const clerk = session?.role === 'clerk';
  return (
    <section className="pj-page">
      <h1>{t('staff.title')}</h1>
      <p>{t('staff.intro')}</p>
      {clerk ? (
        <>
          <h2>{t('staff.mine')}</h2>
          <ProjectTable desk="staff" caption={t('staff.mine')} />
          <OfficerInbox />
        </>
      ) : null}
      <AskedOfDepartment />
      <form
        className="pj-form pj-open-by-id"
        onSubmit={(e) => {
          e.preventDefault();
          if (number.trim()) void navigate(projectPath('staff', number.trim()));
        }}
      >
        <h2>{t('staff.openTitle')}</h2>
        <label>
          <span>{t('staff.number')}</span>
          <input value={number} onChange={(e) => setNumber(e.target.value)} autoComplete="off" />
        </label>
        <p>
          <button type="submit">{t('staff.open')}</button>
        </p>
      </form>
    </section>
  );
}

/** The projects whose joint approval asked this department's opinion (its inbox's openings and extensions). */
function AskedOfDepartment() {
  const { t } = useTranslation('projects');
  const inbox = useApi<{ notifications: readonly Notification[] }>('/v1/notifications?limit=100');
  return (
    <section aria-labelledby="pj-asked-title">
      <h2 id="pj-asked-title">{t('staff.asked')}</h2>
      <Loaded state={inbox}>
        {(data) => {
          const latest = new Map<string, Notification>();
          for (const n of data.notifications) {
            const pid = projectIdOf(n.caseId);
            if (!isProjectId(pid) || !n.caseId.includes('#')) continue;
            if (n.kind !== 'JOINT_APPROVAL_OPENED' && n.kind !== 'JOINT_APPROVAL_EXTENDED') continue;
            if (!latest.has(pid)) latest.set(pid, n);
          }
          if (latest.size === 0) return <p>{t('staff.askedNone')}</p>;
          return (
            <ul className="pj-asked" data-testid="asked-projects">
              {[...latest.entries()].map(([pid, n]) => (
                <li key={pid} data-project={pid}>
                  <Link to={projectPath('staff', pid)}>{n.itemName}</Link> <span className="pj-id">{pid}</span>
                  {n.actBy ? <span> · {t('staff.actBy', { date: formatDeadline(n.actBy) })}</span> : null}
                </li>
              ))}
            </ul>
          );
        }}
      </Loaded>
    </section>
  );
}

/** The officer's inbox (`?inbox=officer`): every event of every project they follow, newest first. */
function OfficerInbox() {
  const { t } = useTranslation('projects');
  const inbox = useApi<{ notifications: readonly Notification[] }>('/v1/notifications?inbox=officer&limit=20');
  return (
    <section aria-labelledby="pj-officer-inbox-title">
      <h2 id="pj-officer-inbox-title">{t('staff.inbox')}</h2>
      <Loaded state={inbox}>
        {(data) =>
          data.notifications.length === 0 ? (
            <p>{t('staff.inboxEmpty')}</p>
          ) : (
            <ul className="pj-inbox" data-testid="officer-inbox">
              {data.notifications.map((n) => (
                <li key={n.id} data-kind={n.kind}>
                  <time dateTime={n.at}>{formatInstant(n.at)}</time> ·{' '}
                  <Link to={projectPath('staff', projectIdOf(n.caseId))}>{pick(n.subject)}</Link>
                </li>
              ))}
            </ul>
          )
        }
      </Loaded>
    </section>
  );
}

/** `/supervision/projects` and `/admin/projects`: every project. */
export function AllProjectsPage(props: { desk: 'supervision' | 'admin' }) {
  const { t } = useTranslation('projects');
  return (
    <section className="pj-page">
      <h1>{t('all.title')}</h1>
      {props.desk === 'supervision' ? <SubNav /> : null}
      <p>{t(props.desk === 'admin' ? 'all.introAdmin' : 'all.introSupervision')}</p>
      <ProjectTable desk={props.desk} caption={t('all.caption')} />
    </section>
  );
}
