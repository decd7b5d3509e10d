import { useSyncExternalStore } from 'react';
import { ROLE_HOMES } from './site-config.ts';

/** The signed-in person as the token says: role, department (staff), subject, name. */
export interface Session {
  readonly token: string;
  readonly role: 'applicant' | 'clerk' | 'reviewer' | 'head' | 'supervisor' | 'admin' | 'representative';
  readonly sub: string;
  readonly department?: string;
  readonly name?: string;
  /** A representative's kind (NPC_DEPUTY, CPPCC_MEMBER, ENTERPRISE, CITIZEN). */
  readonly kind?: string;
  /** Seconds since the epoch. */
  readonly exp?: number;
}

const KEY = 'xiaoneng.session';
const listeners = new Set<() => void>();

/**
 * The token lives in sessionStorage: it ends with the tab (a shared touch screen in the hall must not stay signed in)
 * and is never in a cookie, so no other site can make the browser send it. The API checks it on every call; the
 * pages only read its claims to show the right menu.
 */
function decode(token: string): Session | undefined {
  try {
    const part = token.split('.')[1] ?? '';
    const json = atob(part.replace(/-/g, '+').replace(/_/g, '/'));
    const bytes = Uint8Array.from(json, (c) => c.charCodeAt(0));
    const claims = JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
    const groups = claims['cognito:groups'];
    const role = (claims.role ?? (Array.isArray(groups) ? groups[0] : undefined)) as Session['role'] | undefined;
    if (!role || typeof claims.sub !== 'string') return undefined;
    const department = (claims.department ?? claims['custom:department']) as string | undefined;
    const name = claims.name as string | undefined;
    const kind = (claims.kind ?? claims['custom:kind']) as string | undefined;
    return {
      token,
      role,
      sub: claims.sub,
      ...(department ? { department } : {}),
      ...(name ? { name } : {}),
      ...(typeof kind === 'string' ? { kind } : {}),
      ...(typeof claims.exp === 'number' ? { exp: claims.exp } : {}),
    };
  } catch {
    return undefined;
  }
}

let current: Session | undefined;
let read = false;

export function session(): Session | undefined {
  if (!read) {
    read = true;
    const token = sessionStorage.getItem(KEY);
    current = token ? decode(token) : undefined;
  }
  return current;
}

export function signInWith(token: string): Session | undefined {
  const decoded = decode(token);
  if (!decoded) return undefined;
  sessionStorage.setItem(KEY, token);
  current = decoded;
  read = true;
  for (const listener of listeners) listener();
  return decoded;
}

export function signOut(): void {
  sessionStorage.removeItem(KEY);
  current = undefined;
  read = true;
  for (const listener of listeners) listener();
}

export function useSession(): Session | undefined {
  return useSyncExternalStore((listener) => {
    listeners.add(listener);
    return () => listeners.delete(listener);
  }, session);
}

/** Where each role lands after signing in (site-config.ts, which the local sign-in reads too). */
export const roleHome: Readonly<Record<Session['role'], string>> = ROLE_HOMES;
