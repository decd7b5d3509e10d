import type { AreaRoute, NavEntry } from '../areas.ts';

/** The applicant pages (placeholder until the area is built). */
export const routes: AreaRoute[] = [{ path: '/my', element: <h1>applicant</h1> }];

export const nav: NavEntry[] = [{ to: '/my', label: 'my', roles: ['applicant'] }];
