import './console.css';
import type { AreaRoute, NavEntry } from '../areas.ts';
import { Lazy, lazyPage } from '../components/LazyPage.tsx';

const pages = () => import('./pages.tsx');
const ConsolePage = lazyPage(() => pages().then((m) => m.ConsolePage));
const StateMachinePage = lazyPage(() => pages().then((m) => m.StateMachinePage));
const ExecutionPage = lazyPage(() => pages().then((m) => m.ExecutionPage));

/** The execution console (local only, admins): executions, a state machine's graph, an execution's graph and history. */
export const routes: AreaRoute[] = [
  { path: '/console', element: <Lazy page={ConsolePage} /> },
  { path: '/console/state-machines/:name', element: <Lazy page={StateMachinePage} /> },
  { path: '/console/executions/:name', element: <Lazy page={ExecutionPage} /> },
];

export const nav: NavEntry[] = [{ to: '/console', label: 'console', roles: ['admin'], localOnly: true }];
