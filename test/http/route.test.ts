import { describe, expect, it } from 'vitest';
import { CASE_ID, harness, httpEvent, route } from './support.ts';

describe('the route middleware', () => {
  const decide = route('POST', '/v1/applications/{id}/decision');
  const suspend = route('POST', '/v1/applications/{id}/suspend');

  it('finds the route by API Gateway routeKey and starts the request state with it', async () => {
    // Prepare: a function serving two routes
    const lambda = harness([decide, suspend], []);
    // Act
    const answer = await lambda(httpEvent(suspend, { params: { id: CASE_ID } }));
    // Assess
    expect(answer.status).toBe(200);
    expect(answer.state?.route).toBe(suspend);
  });

  it('answers 404 problem+json for a routeKey the function does not serve', async () => {
    const lambda = harness([decide], []);
    const answer = await lambda(httpEvent(decide, { params: { id: CASE_ID }, routeKey: 'GET /v1/nowhere' }));
    expect(answer.status).toBe(404);
    expect(answer.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(answer.body).toMatchObject({
      type: 'urn:xiaoneng:problem:not-found',
      title: '未找到 Not found',
      detail: '没有此路由 GET /v1/nowhere No route GET /v1/nowhere here.',
    });
    expect(answer.state).toBeUndefined();
  });
});
