import type { ReactElement } from 'react';
import type { Session } from './session.ts';

/** A page of an area: its path (react-router syntax, `/guide/:code`) and what it shows. */
export interface AreaRoute {
  readonly path: string;
  readonly element: ReactElement;
}

/**
 * A link in the header: shown to the roles listed (`public` to everyone, signed in or not); `label` is a key of the
 * common namespace's `nav`. Local-only entries (the execution console) say so.
 */
export interface NavEntry {
  readonly to: string;
  readonly label: string;
  readonly roles: readonly (Session['role'] | 'public')[];
  readonly localOnly?: boolean;
}
