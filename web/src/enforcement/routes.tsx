import './enforcement.css';
import type { AreaRoute, NavEntry } from '../areas.ts';
import { RequireRole } from '../components/RequireRole.tsx';
import { StaffPage } from './StaffPage.tsx';
import { VerifyPage } from './VerifyPage.tsx';

/**
 * Law-enforcement inspections (执法检查审批备案, issue 16 item 4, docs/enforcement.md): the enterprise's public check of
 * an inspector's code (no sign-in), and the department's plans with the head's approval. Supervision's filing queue
 * is on the supervision desk (web/src/supervision/EnforcementQueue.tsx).
 */
export const routes: AreaRoute[] = [
  { path: '/enforcement/verify', element: <VerifyPage /> },
  {
    path: '/enforcement',
    element: (
      <RequireRole roles={['clerk', 'reviewer', 'head']}>
        <StaffPage />
      </RequireRole>
    ),
  },
];

export const nav: NavEntry[] = [
  { to: '/enforcement/verify', label: 'verifyInspection', roles: ['public'] },
  { to: '/enforcement', label: 'enforcement', roles: ['clerk', 'reviewer', 'head'] },
];
