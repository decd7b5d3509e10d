import './supervision.css';
import type { AreaRoute, NavEntry } from '../areas.ts';
import { text as common } from '../common-text.ts';
import { Lazy, lazyPage } from '../components/LazyPage.tsx';
import { RequireRole } from '../components/RequireRole.tsx';
import { ActivitiesQueryPage } from './Activities.tsx';
import { CasePage } from './CasePage.tsx';

const Dashboard = lazyPage(() => import('./Dashboard.tsx').then((m) => m.Dashboard));
// The register shows the dashboard's records table (and with it the dashboard's module): loaded with it.
// Inspection visits (明察暗访): supervision's list, record form and visit page; the department's visit page.
const VisitsPage = lazyPage(() => import('./Visits.tsx').then((m) => m.VisitsPage));
const SupervisionVisitPage = lazyPage(() =>
  import('./Visits.tsx').then((m) => () => <m.VisitPage desk="supervision" />),
);
const StaffVisitPage = lazyPage(() => import('./Visits.tsx').then((m) => () => <m.VisitPage desk="staff" />));
// Law-enforcement inspections' filing desk (issue 16 item 4).
const EnforcementQueue = lazyPage(() => import('./EnforcementQueue.tsx').then((m) => m.EnforcementQueue));
const Register = lazyPage(() => import('./Register.tsx').then((m) => m.Register));
// ---- The accountability register's workflow (issue 16): a record's page, the quarter's flags ----
const RecordPage = lazyPage(() => import('./RecordPage.tsx').then((m) => m.RecordPage));
const FlagsPage = lazyPage(() => import('./FlagsPage.tsx').then((m) => m.FlagsPage));

/** The supervision pages (监察): the dashboard, the accountability register, a case with its verification. */
export const routes: AreaRoute[] = [
  {
    path: '/supervision',
    element: (
      <RequireRole roles={['supervisor']}>
        <Lazy page={Dashboard} />
      </RequireRole>
    ),
  },
  {
    path: '/supervision/accountability',
    element: (
      <RequireRole roles={['supervisor']}>
        <Lazy page={Register} />
      </RequireRole>
    ),
  },
  // ---- Law-enforcement inspections: the filing queue (issue 16 item 4, docs/enforcement.md) ----
  {
    path: '/supervision/enforcement',
    element: (
      <RequireRole roles={['supervisor']}>
        <Lazy page={EnforcementQueue} />
      </RequireRole>
    ),
  },
  {
    path: '/supervision/cases/:id',
    element: (
      <RequireRole roles={['supervisor']}>
        <CasePage />
      </RequireRole>
    ),
  },
  // ---- The accountability register's workflow (issue 16) ----
  {
    path: '/supervision/accountability/flags',
    element: (
      <RequireRole roles={['supervisor']}>
        <Lazy page={FlagsPage} />
      </RequireRole>
    ),
  },
  {
    path: '/supervision/accountability/:id',
    element: (
      <RequireRole roles={['supervisor']}>
        <Lazy page={RecordPage} />
      </RequireRole>
    ),
  },
  // Official activity registry (issue 16 item 5)
  {
    path: '/supervision/activities',
    element: (
      <RequireRole roles={['supervisor']}>
        <ActivitiesQueryPage />
      </RequireRole>
    ),
  },
  // ---- Inspection visits (明察暗访) ----
  {
    path: '/supervision/visits',
    element: (
      <RequireRole roles={['supervisor']}>
        <Lazy page={VisitsPage} />
      </RequireRole>
    ),
  },
  {
    path: '/supervision/visits/:id',
    element: (
      <RequireRole roles={['supervisor']}>
        <Lazy page={SupervisionVisitPage} />
      </RequireRole>
    ),
  },
  {
    // The department's page of a visit (its head reports each problem's rectification here), from the worklist.
    path: '/staff/visits/:id',
    element: (
      <RequireRole roles={['clerk', 'reviewer', 'head']}>
        <Lazy page={StaffVisitPage} />
      </RequireRole>
    ),
  },
];

// The header translates `nav.<label>` in the common namespace, which has no word for the register yet: its entry
// appears once common-text.ts has `nav.accountability`; meanwhile the supervision pages link to it themselves.
const registerLabelled = 'accountability' in common.zh.nav && 'accountability' in common.en.nav;

export const nav: NavEntry[] = [
  { to: '/supervision', label: 'supervision', roles: ['supervisor'] },
  ...(registerLabelled
    ? [{ to: '/supervision/accountability', label: 'accountability', roles: ['supervisor'] } as const]
    : []),
];
