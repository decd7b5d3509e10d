import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiProblem, api } from '../api.ts';

/**
 * A list the API gives a page at a time (`?limit=20&cursor=`, answering `{<field>: [...], next}`): the first page on
 * load and again when the language changes, then `load(next)` appends the next page. `rows` is undefined until the
 * first page has come.
 */
export function usePagedList<T, F extends string>(path: string, field: F) {
  const { i18n } = useTranslation();
  const [rows, setRows] = useState<readonly T[]>();
  const [next, setNext] = useState<string | null>(null);
  const [problem, setProblem] = useState<ApiProblem>();
  const [busy, setBusy] = useState(false);
  const load = useCallback(
    async (cursor?: string) => {
      setBusy(true);
      try {
        const page = await api<Record<F, readonly T[]> & { next: string | null }>(
          `${path}?limit=20${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        );
        setRows((old) => (cursor ? [...(old ?? []), ...page[field]] : page[field]));
        setNext(page.next);
        setProblem(undefined);
      } catch (error) {
        setProblem(error instanceof ApiProblem ? error : new ApiProblem(0, '网络错误 Network error', String(error)));
      } finally {
        setBusy(false);
      }
    },
    [path, field],
  );
  // biome-ignore lint/correctness/useExhaustiveDependencies: the first page again when the language changes
  useEffect(() => {
    void load();
  }, [load, i18n.language]);
  return { rows, next, problem, busy, load };
}
