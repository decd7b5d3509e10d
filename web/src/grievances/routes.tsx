import './grievances.css';
import type { AreaRoute, NavEntry } from '../areas.ts';
import { RequireRole } from '../components/RequireRole.tsx';
import { FileGrievancePage, MyGrievancePage, MyGrievancesPage } from './applicant-pages.tsx';
import { DeskListPage, GrievanceDeskPage, RatingDeskPage, RatingListPage } from './desk-pages.tsx';
import { ComplaintsPage, FollowPage, RatingSummaryPage } from './public-pages.tsx';

const applicant = ['applicant'] as const;
const staff = ['clerk', 'reviewer', 'head'] as const;
const supervisor = ['supervisor'] as const;

const only = (roles: Parameters<typeof RequireRole>[0]['roles'], page: AreaRoute['element']) => (
  <RequireRole roles={roles}>{page}</RequireRole>
);

/**
 * Complaints, reports, appeals and satisfaction reviews (issue 14), one folder for every audience: the public pages
 * (filing an anonymous report, following it by code, the monthly 好差评 summary), the applicant's (filing a complaint
 * or appeal, following it, asking a review; rating a closed case is on the case page), the department's and
 * supervision's (a grievance or rating with the actions the role may take).
 */
export const routes: AreaRoute[] = [
  { path: '/complaints', element: <ComplaintsPage /> },
  { path: '/complaints/follow', element: <FollowPage /> },
  { path: '/disclosure/ratings', element: <RatingSummaryPage /> },
  { path: '/my/grievances', element: only(applicant, <MyGrievancesPage />) },
  { path: '/my/grievances/new', element: only(applicant, <FileGrievancePage />) },
  { path: '/my/grievances/:id', element: only(applicant, <MyGrievancePage />) },
  { path: '/staff/grievances', element: only(staff, <DeskListPage desk="staff" />) },
  { path: '/staff/grievances/:id', element: only(staff, <GrievanceDeskPage desk="staff" />) },
  { path: '/staff/ratings', element: only(staff, <RatingListPage desk="staff" />) },
  { path: '/staff/ratings/:id', element: only(staff, <RatingDeskPage desk="staff" />) },
  { path: '/supervision/grievances', element: only(supervisor, <DeskListPage desk="supervision" />) },
  { path: '/supervision/grievances/:id', element: only(supervisor, <GrievanceDeskPage desk="supervision" />) },
  { path: '/supervision/ratings', element: only(supervisor, <RatingListPage desk="supervision" />) },
  { path: '/supervision/ratings/:id', element: only(supervisor, <RatingDeskPage desk="supervision" />) },
];

export const nav: NavEntry[] = [
  { to: '/complaints', label: 'complaints', roles: ['public'] },
  { to: '/my/grievances', label: 'myGrievances', roles: applicant },
  { to: '/staff/grievances', label: 'grievances', roles: staff },
  { to: '/supervision/grievances', label: 'grievances', roles: supervisor },
];
