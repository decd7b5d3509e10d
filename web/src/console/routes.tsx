import './console.css';
import type { AreaRoute, NavEntry } from '../areas.ts';
import { ConsolePage, ExecutionPage, StateMachinePage } from './pages.tsx';

/** The execution console (local only, admins): executions, a state machine's graph, an execution's graph and history. */
export const routes: AreaRoute[] = [
  { path: '/console', element: <ConsolePage /> },
  { path: '/console/state-machines/:name', element: <StateMachinePage /> },
  { path: '/console/executions/:name', element: <ExecutionPage /> },
];

export const nav: NavEntry[] = [{ to: '/console', label: 'console', roles: ['admin'], localOnly: true }];
