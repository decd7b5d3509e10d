import type { AreaRoute, NavEntry } from '../areas.ts';

/** The console pages (placeholder until the area is built). */
export const routes: AreaRoute[] = [{ path: '/console', element: <h1>console</h1> }];

export const nav: NavEntry[] = [{ to: '/console', label: 'console', roles: ['admin'], localOnly: true }];
