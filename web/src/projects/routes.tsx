import './projects.css';
import type { AreaRoute, NavEntry } from '../areas.ts';
import { RequireRole } from '../components/RequireRole.tsx';
import { AllProjectsPage, MyProjectsPage, ProjectPage, RegisterProjectPage, StaffProjectsPage } from './pages.tsx';

const applicant = ['applicant'] as const;
const staff = ['clerk', 'reviewer', 'head'] as const;
const supervisor = ['supervisor'] as const;
const admin = ['admin'] as const;

const only = (roles: Parameters<typeof RequireRole>[0]['roles'], page: AreaRoute['element']) => (
  <RequireRole roles={roles}>{page}</RequireRole>
);

/**
 * The green channel for major projects (issue 15, docs/green-channel.md), one folder for every audience: the
 * investor registers a project, fills its one form and starts its items' applications; the officer (a clerk an
 * administrator named) follows their projects, opens the joint approval and tracks the higher approvals; a
 * department asked gives its opinion; the administrator names the officer and approves the one extension;
 * supervision reads every project and verifies its tracking log.
 */
export const routes: AreaRoute[] = [
  { path: '/my/projects', element: only(applicant, <MyProjectsPage />) },
  { path: '/my/projects/new', element: only(applicant, <RegisterProjectPage />) },
  { path: '/my/projects/:id', element: only(applicant, <ProjectPage desk="my" />) },
  { path: '/staff/projects', element: only(staff, <StaffProjectsPage />) },
  { path: '/staff/projects/:id', element: only(staff, <ProjectPage desk="staff" />) },
  { path: '/supervision/projects', element: only(supervisor, <AllProjectsPage desk="supervision" />) },
  { path: '/supervision/projects/:id', element: only(supervisor, <ProjectPage desk="supervision" />) },
  { path: '/admin/projects', element: only(admin, <AllProjectsPage desk="admin" />) },
  { path: '/admin/projects/:id', element: only(admin, <ProjectPage desk="admin" />) },
];

export const nav: NavEntry[] = [
  { to: '/my/projects', label: 'myProjects', roles: applicant },
  { to: '/staff/projects', label: 'projects', roles: staff },
  { to: '/supervision/projects', label: 'projects', roles: supervisor },
  { to: '/admin/projects', label: 'projects', roles: admin },
];
