import { describe, expect, it } from 'vitest';
import type * as z from 'zod/mini';
import { jsonBody } from '../../functions/http/middleware/json-body.ts';
import { validation } from '../../functions/http/middleware/validation.ts';
import { type RouteSpec, routes } from '../../functions/http/routes.ts';
import { CASE_ID, harness, httpEvent, route } from './support.ts';

describe('the validation middleware', () => {
  const decide = route('POST', '/v1/applications/{id}/decision');
  const catalog = route('GET', '/v1/catalog');
  const lambda = harness([decide, catalog], [jsonBody(), validation()]);

  it('hands the handler the parsed path, query and body (with the schemas’ transforms applied)', async () => {
    const answer = await lambda(httpEvent(decide, { params: { id: CASE_ID }, body: { outcome: 'APPROVED' } }));
    expect(answer.status).toBe(200);
    expect(answer.state).toMatchObject({ path: { id: CASE_ID }, body: { outcome: 'APPROVED' } });
    const page = await lambda(httpEvent(catalog, { query: { page: '2' } }));
    expect(page.state?.query).toMatchObject({ page: 2 });
  });

  it('answers one 400 listing every wrong field of path and body together', async () => {
    const answer = await lambda(httpEvent(decide, { params: { id: 'nope' }, body: { outcome: 'REJECTED' } }));
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({
      type: 'urn:xiaoneng:problem:invalid-request',
      title: '请求无效 Invalid request',
    });
    expect(answer.body.errors).toEqual([
      { field: 'path.id', reason: 'must be a case id such as XN20260928-01K…' },
      { field: 'body.reason', reason: 'required when the outcome is REJECTED (the applicant must be told why)' },
    ]);
    expect(answer.state).toBeUndefined();
  });

  it('names query fields as query.<name>', async () => {
    const answer = await lambda(httpEvent(catalog, { query: { page: '0' } }));
    expect(answer.status).toBe(400);
    expect(answer.body.errors).toEqual([{ field: 'query.page', reason: 'must be from 1 to 99999' }]);
  });
});

// A number in the URL that is out of range is told its range, whatever the parameter (README: "a value out of range is
// told its range"). Derived from the route table: every query and path parameter that takes a small whole number
// (one of these candidates, alone) is sent far too large.
describe('numbers in the URL out of range', () => {
  const cells = (routes as readonly RouteSpec[]).flatMap((r) =>
    (['query', 'path'] as const).flatMap((where) => {
      const schema = r.request?.[where] as { shape?: Record<string, z.ZodMiniType> } | undefined;
      return Object.entries(schema?.shape ?? {}).flatMap(([key, field]) =>
        ['1', '5', '2026'].some((v) => typeof field.safeParse(v).data === 'number')
          ? [{ route: r, where, key, field }]
          : [],
      );
    }),
  );

  it('finds the numeric parameters (workingDays, page, pageSize, limit, year among them)', () => {
    const keys = new Set(cells.map((c) => c.key));
    for (const key of ['workingDays', 'page', 'pageSize', 'limit', 'year']) expect(keys).toContain(key);
  });

  for (const { route: r, where, key, field } of cells) {
    it(`${r.method} ${r.path} ${where}.${key}=100000 is told its range`, () => {
      for (const value of ['100000', '9'.repeat(40)]) {
        const result = field.safeParse(value);
        expect(result.success, value).toBe(false);
        const reasons = result.success ? [] : result.error.issues.map((i) => i.message);
        expect(reasons, value).toEqual([
          expect.stringMatching(/\bfrom -?\d+ to \d+|\bat most \d+|\bfrom \d{4} to \d{4}/),
        ]);
      }
    });
  }
});
