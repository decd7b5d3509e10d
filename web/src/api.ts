import { useCallback, useEffect, useState } from 'react';
import { config } from './config.ts';
import { language } from './i18n.ts';
import { observeServerDate } from './server-time.ts';
import { session } from './session.ts';

/** An answer of the API that is not a success: its problem+json (bilingual title, detail, the fields at fault). */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string,
    readonly errors: readonly { field: string; reason: string }[] = [],
    /** The problem's `type` (`urn:xiaoneng:problem:<slug>`): a page may say a known refusal in its own words. */
    readonly type?: string,
  ) {
    super(`${status} ${title}: ${detail}`);
  }
}

export interface CallOptions {
  readonly method?: 'GET' | 'POST' | 'PUT';
  readonly body?: unknown;
  readonly accept?: string;
  /** Leave the token out (public pages call without it even when someone is signed in). */
  readonly anonymous?: boolean;
}

/**
 * One call of the `/v1` API, as every page makes it: the signed-in person's token, the page's language in
 * `Accept-Language` (the catalogue answers in it), and an `Idempotency-Key` on every POST so a double click or a
 * retried request never does a thing twice.
 */
export async function api<T>(path: string, options: CallOptions = {}): Promise<T> {
  const headers: Record<string, string> = {
    accept: options.accept ?? 'application/json',
    // The page's language as resolved (an English browser's `i18n.language` is 'en-US', not 'en').
    'accept-language': language() === 'en' ? 'en' : 'zh-CN',
  };
  const token = options.anonymous ? undefined : session()?.token;
  if (token) headers.authorization = `Bearer ${token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.method === 'POST') headers['idempotency-key'] = crypto.randomUUID();
  const response = await fetch(`${config().apiBase}${path}`, {
    method: options.method ?? 'GET',
    headers,
    ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
  });
  observeServerDate(response.headers.get('date'));
  const type = response.headers.get('content-type') ?? '';
  if (!response.ok) {
    if (type.includes('json')) {
      const problem = (await response.json()) as {
        type?: string;
        title?: string;
        detail?: string;
        errors?: ApiProblem['errors'];
      };
      throw new ApiProblem(
        response.status,
        problem.title ?? String(response.status),
        problem.detail ?? '',
        problem.errors,
        problem.type,
      );
    }
    throw new ApiProblem(response.status, String(response.status), await response.text());
  }
  return (type.includes('json') ? await response.json() : await response.text()) as T;
}

/** A GET as page state: the answer, or the problem, and a way to load it again. `path` undefined: nothing yet. */
export function useApi<T>(
  path: string | undefined,
  options: CallOptions = {},
): { data?: T; error?: ApiProblem; loading: boolean; reload: () => void } {
  const [state, setState] = useState<{ data?: T; error?: ApiProblem; loading: boolean }>({
    loading: path !== undefined,
  });
  const [round, setRound] = useState(0);
  const anonymous = options.anonymous ?? false;
  const lang = language();
  // biome-ignore lint/correctness/useExhaustiveDependencies: reload on the path, the language and on request
  useEffect(() => {
    if (path === undefined) return;
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    api<T>(path, { anonymous })
      .then((data) => live && setState({ data, loading: false }))
      .catch(
        (error: unknown) =>
          live &&
          setState({
            error: error instanceof ApiProblem ? error : new ApiProblem(0, '网络错误 Network error', String(error)),
            loading: false,
          }),
      );
    return () => {
      live = false;
    };
  }, [path, anonymous, round, lang]);
  const reload = useCallback(() => setRound((r) => r + 1), []);
  return { ...state, reload };
}
