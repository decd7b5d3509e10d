import type { AreaRoute, NavEntry } from '../areas.ts';

/** The public pages (placeholder until the area is built). */
export const routes: AreaRoute[] = [{ path: '/', element: <h1>public</h1> }];

export const nav: NavEntry[] = [{ to: '/', label: 'catalogue', roles: ['public'] }];
