import type { AreaRoute, NavEntry } from '../areas.ts';
import { RequireRole } from '../components/RequireRole.tsx';
import { ActivitiesPage } from './activities.tsx';
import { AppraisalSummaryPage, RatePage } from './pages.tsx';

const staff = ['clerk', 'reviewer', 'head'] as const;

/**
 * The year-end appraisal (公开评议: the public summary, the representative's form) and the staff's official activity
 * registry (公务活动登记); supervision's query page is in the supervision area (web/src/supervision/Activities.tsx).
 */
export const routes: AreaRoute[] = [
  { path: '/appraisal', element: <AppraisalSummaryPage /> },
  {
    path: '/appraisal/rate',
    element: (
      <RequireRole roles={['representative']}>
        <RatePage />
      </RequireRole>
    ),
  },
  {
    path: '/staff/activities',
    element: (
      <RequireRole roles={staff}>
        <ActivitiesPage />
      </RequireRole>
    ),
  },
];

export const nav: NavEntry[] = [
  { to: '/appraisal', label: 'appraisal', roles: ['public'] },
  { to: '/appraisal/rate', label: 'rate', roles: ['representative'] },
  { to: '/staff/activities', label: 'activities', roles: staff },
];
