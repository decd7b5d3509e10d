import type { core } from 'zod/mini';

/** One thing wrong with a request: where (a dotted path, `body`, `query.from`, `path.id`, `header.…`) and why. */
export interface FieldError {
  readonly field: string;
  readonly reason: string;
}

/**
 * An RFC 9457 problem. Thrown anywhere in a handler; the HTTP middleware turns it into
 * `application/problem+json`. Titles are bilingual (Simplified Chinese first) as users read them.
 */
export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly slug: string,
    readonly title: string,
    readonly detail: string,
    readonly errors: readonly FieldError[] = [],
    readonly extra: Record<string, unknown> = {},
  ) {
    super(`${status} ${slug}: ${detail}`);
    this.name = 'HttpProblem';
  }

  toBody(instance?: string): Record<string, unknown> {
    return {
      type: `urn:xiaoneng:problem:${this.slug}`,
      title: this.title,
      status: this.status,
      detail: this.detail,
      ...(instance ? { instance } : {}),
      ...(this.errors.length ? { errors: this.errors } : {}),
      ...this.extra,
    };
  }
}

export const problems = {
  invalid: (
    errors: readonly FieldError[],
    detail = '请求中有字段无效，详见 errors The request has invalid fields; see errors.',
  ) => new HttpProblem(400, 'invalid-request', '请求无效 Invalid request', detail, errors),
  /** `why`: `missing`, `invalid` (expired, another key, another issuer…: the detail says which) or `no-role`. */
  unauthenticated: (detail: string, why: 'missing' | 'invalid' | 'no-role' = 'invalid') =>
    new HttpProblem(
      401,
      `unauthenticated`,
      '未登录或令牌无效 Not authenticated',
      detail,
      [{ field: 'header.authorization', reason: detail }],
      { reason: why },
    ),
  forbidden: (detail: string, errors: readonly FieldError[] = []) =>
    new HttpProblem(403, 'forbidden', '无权操作 Forbidden', detail, errors),
  notFound: (detail: string) => new HttpProblem(404, 'not-found', '未找到 Not found', detail),
  /** The same answer for a case that does not exist and one out of the caller's reach (no existence oracle). */
  caseNotFound: (id: string) =>
    new HttpProblem(
      404,
      'not-found',
      '未找到 Not found',
      `您可查看的范围内没有案件 ${id}（案件不存在，或既非您的也非您部门的） No case ${id} within your reach (it does not exist, or it is not yours or your department's).`,
    ),
  conflict: (slug: string, detail: string, extra: Record<string, unknown> = {}) =>
    new HttpProblem(409, slug, '状态冲突 Conflict', detail, [], extra),
  unprocessable: (
    slug: string,
    detail: string,
    errors: readonly FieldError[] = [],
    extra: Record<string, unknown> = {},
  ) => new HttpProblem(422, slug, '无法受理 Cannot be processed', detail, errors, extra),
  unsupportedMediaType: (detail: string) =>
    new HttpProblem(415, 'unsupported-media-type', '不支持的内容类型 Unsupported media type', detail, [
      { field: 'header.content-type', reason: detail },
    ]),
};

/** Field errors from a zod failure, with the path prefixed by where the value came from. */
export function fieldErrors(error: core.$ZodError, where: 'body' | 'query' | 'path'): FieldError[] {
  return error.issues.map((issue) => ({
    field: [where, ...issue.path.map(String)].join('.'),
    reason: issue.message,
  }));
}
