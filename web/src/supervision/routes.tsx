import type { AreaRoute, NavEntry } from '../areas.ts';

/** The supervision pages (placeholder until the area is built). */
export const routes: AreaRoute[] = [{ path: '/supervision', element: <h1>supervision</h1> }];

export const nav: NavEntry[] = [{ to: '/supervision', label: 'supervision', roles: ['supervisor'] }];
