import { describe, expect, it } from 'vitest';
import { jsonBody } from '../../functions/http/middleware/json-body.ts';
import { validation } from '../../functions/http/middleware/validation.ts';
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
    expect(answer.body.errors).toEqual([{ field: 'query.page', reason: 'must be a page number from 1' }]);
  });
});
