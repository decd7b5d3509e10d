import type { AreaRoute, NavEntry } from '../areas.ts';

/** The staff pages (placeholder until the area is built). */
export const routes: AreaRoute[] = [{ path: '/staff', element: <h1>staff</h1> }];

export const nav: NavEntry[] = [{ to: '/staff', label: 'staff', roles: ['clerk', 'reviewer', 'head'] }];
