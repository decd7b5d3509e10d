import './public.css';
import type { AreaRoute, NavEntry } from '../areas.ts';
import { Lazy, lazyPage } from '../components/LazyPage.tsx';
import { CataloguePage } from './Catalogue.tsx';
import { DepartmentPage, DepartmentsPage } from './Departments.tsx';
import { GuidePage } from './Guide.tsx';
import { TrackPage } from './Track.tsx';

const DisclosurePage = lazyPage(() => import('./Disclosure.tsx').then((m) => m.DisclosurePage));
// The published accountability outcomes (问责公开, issue 16).
const AccountabilityPage = lazyPage(() => import('./Accountability.tsx').then((m) => m.AccountabilityPage));

/** The public pages: no sign-in, the same for everyone (and on the hall's touch screens, `?kiosk=1`). */
export const routes: AreaRoute[] = [
  { path: '/', element: <CataloguePage /> },
  { path: '/guide/:code', element: <GuidePage /> },
  { path: '/departments', element: <DepartmentsPage /> },
  { path: '/departments/:id', element: <DepartmentPage /> },
  { path: '/track', element: <TrackPage /> },
  { path: '/disclosure', element: <Lazy page={DisclosurePage} /> },
  // ---- The published accountability outcomes (issue 16) ----
  { path: '/accountability', element: <Lazy page={AccountabilityPage} /> },
];

export const nav: NavEntry[] = [
  { to: '/', label: 'catalogue', roles: ['public'] },
  { to: '/departments', label: 'departments', roles: ['public'] },
  { to: '/track', label: 'track', roles: ['public'] },
  { to: '/disclosure', label: 'disclosure', roles: ['public'] },
  // ---- The published accountability outcomes (issue 16) ----
  { to: '/accountability', label: 'publicAccountability', roles: ['public'] },
];
