import { beforeAll, describe, expect, it } from 'vitest';
import { type HttpEvent, httpHandler } from '../../functions/http/handler.ts';
import type { HttpContext } from '../../functions/http/middleware/request.ts';
import { applicationsCreateRoute, applicationsDecideRoute } from '../../functions/http/routes/applications.ts';
import { lambdaContext } from '../../local/lambda.ts';
import { CASE_ID, httpEvent, route, token, useTestTokens } from './support.ts';

beforeAll(() => useTestTokens());

/** The middlewares composed as every route uses them: what order the refusals come in, and what a handler sees. */
describe('httpHandler', () => {
  const decide = route('POST', '/v1/applications/{id}/decision');
  const create = route('POST', '/v1/applications');
  const seen: unknown[] = [];
  const decideHandler = httpHandler(applicationsDecideRoute, async (request) => {
    seen.push({ path: request.path, body: request.body, identity: request.identity, scope: request.scope });
    return { status: 200, body: { outcome: request.body.outcome } };
  });
  const createHandler = httpHandler(applicationsCreateRoute, async () => ({ status: 201, body: {} }));
  const call = async (lambda: typeof decideHandler, event: HttpEvent) => {
    const response = await lambda(event, lambdaContext('test') as unknown as HttpContext);
    return { status: response.statusCode, headers: response.headers ?? {}, body: JSON.parse(response.body || '{}') };
  };
  const reviewer = () => token({ role: 'reviewer', sub: 'r1', department: 'market' });

  it('hands the handler the validated request and answers its result as JSON', async () => {
    const answer = await call(
      decideHandler,
      httpEvent(decide, { params: { id: CASE_ID }, bearer: await reviewer(), body: { outcome: 'APPROVED' } }),
    );
    expect(answer).toMatchObject({ status: 200, body: { outcome: 'APPROVED' } });
    expect(answer.headers).toEqual({ 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
    expect(seen.at(-1)).toEqual({
      path: { id: CASE_ID },
      body: { outcome: 'APPROVED' },
      identity: { sub: 'r1', role: 'reviewer', department: 'market' },
      scope: 'department',
    });
  });

  it('authenticates before it reads the body: no token and a text body → 401', async () => {
    const answer = await call(
      decideHandler,
      httpEvent(decide, { params: { id: CASE_ID }, body: 'x', headers: { 'content-type': 'text/plain' } }),
    );
    expect(answer.status).toBe(401);
  });

  it('refuses a privileged field before validating: an applicant’s receivedBy in an invalid body → 403', async () => {
    const answer = await call(
      createHandler,
      httpEvent(create, { bearer: await token({ role: 'applicant', sub: 'a1' }), body: { receivedBy: 1 } }),
    );
    expect(answer.status).toBe(403);
    expect(answer.body.errors).toEqual([{ field: 'body.receivedBy', reason: expect.any(String) }]);
  });

  it('validates before the Idempotency-Key: an invalid body and a malformed key → 400 about the body only', async () => {
    const answer = await call(
      decideHandler,
      httpEvent(decide, {
        params: { id: CASE_ID },
        bearer: await reviewer(),
        body: { outcome: 'MAYBE' },
        headers: { 'idempotency-key': 'bad' },
      }),
    );
    expect(answer.status).toBe(400);
    expect(answer.body.errors.map((e: { field: string }) => e.field)).toEqual(['body.outcome']);
  });
});
