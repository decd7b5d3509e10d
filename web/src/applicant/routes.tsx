import './applicant.css';
import type { AreaRoute, NavEntry } from '../areas.ts';
import { RequireRole } from '../components/RequireRole.tsx';
import { ApplyPage } from './apply-page.tsx';
import { CasePage } from './case-page.tsx';
import { MyApplicationsPage } from './my-page.tsx';
import { NotificationsPage } from './notifications-page.tsx';

const applicant = ['applicant'] as const;

/** The applicant pages: apply, my applications, one application, my notifications — signed in as an applicant. */
export const routes: AreaRoute[] = [
  {
    path: '/apply/:code',
    element: (
      <RequireRole roles={applicant}>
        <ApplyPage />
      </RequireRole>
    ),
  },
  {
    path: '/my',
    element: (
      <RequireRole roles={applicant}>
        <MyApplicationsPage />
      </RequireRole>
    ),
  },
  {
    path: '/my/cases/:id',
    element: (
      <RequireRole roles={applicant}>
        <CasePage />
      </RequireRole>
    ),
  },
  {
    path: '/my/notifications',
    element: (
      <RequireRole roles={applicant}>
        <NotificationsPage />
      </RequireRole>
    ),
  },
];

export const nav: NavEntry[] = [
  { to: '/my', label: 'my', roles: ['applicant'] },
  { to: '/my/notifications', label: 'notifications', roles: ['applicant'] },
];
