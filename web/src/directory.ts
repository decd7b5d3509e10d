import { useMemo } from 'react';
import { useApi } from './api.ts';

/** One entry of `GET /v1/departments` (public), its name in the page's language. */
export interface DirectoryEntry {
  readonly id: string;
  readonly name: string;
}

/** The department directory as pages use it: the list, a name by id, and whether it has answered yet. */
export interface Directory {
  readonly list: readonly DirectoryEntry[];
  /** The directory's name; the id itself only when the directory could not be read. */
  readonly name: (id: string | undefined) => string;
  /** The directory answered, or failed for good (then ids stand in for names). */
  readonly settled: boolean;
}

/**
 * The directory's names by id (`GET /v1/departments`, public, in the page's language). A page that shows names
 * holds what it shows until `settled` (`afterDirectory`): otherwise a reader first sees a department's id
 * (`market`) and then its name, and a form offers an empty list of departments.
 */
export function useDirectory(): Directory {
  const answer = useApi<{ departments: readonly DirectoryEntry[] }>('/v1/departments', { anonymous: true });
  return useMemo(() => {
    const list = answer.data?.departments ?? [];
    const byId = new Map(list.map((d) => [d.id, d.name]));
    return {
      list,
      name: (id: string | undefined) => (id ? (byId.get(id) ?? id) : ''),
      settled: answer.data !== undefined || answer.error !== undefined,
    };
  }, [answer.data, answer.error]);
}

/** `state` as `Loaded` should see it: still loading until the directory has settled, so names never arrive late. */
export function afterDirectory<S extends { readonly data?: unknown }>(state: S, directory: Directory): S {
  return directory.settled ? state : { ...state, data: undefined };
}
