import type { AreaRoute, NavEntry } from '../areas.ts';
import { RequireRole } from '../components/RequireRole.tsx';
import { CasePage } from './CasePage.tsx';
import { InboxPage } from './InboxPage.tsx';
import { WorklistPage } from './WorklistPage.tsx';
import './staff.css';

const staff = ['clerk', 'reviewer', 'head'] as const;

/** The staff pages: the worklist, a case with its actions, the inbox (clerks, reviewers and heads of a department). */
export const routes: AreaRoute[] = [
  {
    path: '/staff',
    element: (
      <RequireRole roles={staff}>
        <WorklistPage />
      </RequireRole>
    ),
  },
  {
    path: '/staff/cases/:id',
    element: (
      <RequireRole roles={staff}>
        <CasePage />
      </RequireRole>
    ),
  },
  {
    path: '/staff/inbox',
    element: (
      <RequireRole roles={staff}>
        <InboxPage />
      </RequireRole>
    ),
  },
];

export const nav: NavEntry[] = [
  { to: '/staff', label: 'staff', roles: staff },
  { to: '/staff/inbox', label: 'inbox', roles: staff },
];
