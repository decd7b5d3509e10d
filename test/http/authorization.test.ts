import { beforeAll, describe, expect, it } from 'vitest';
import { authorization } from '../../functions/http/middleware/authorization.ts';
import { CASE_ID, harness, httpEvent, route, token, useTestTokens } from './support.ts';

beforeAll(() => useTestTokens());

describe('the authorization middleware', () => {
  const decide = route('POST', '/v1/applications/{id}/decision'); // reviewer: department
  const getCase = route('GET', '/v1/applications/{id}'); // applicant: own, staff: department, supervisor: all
  const catalog = route('GET', '/v1/catalog'); // public
  const lambda = harness([decide, getCase, catalog], [authorization()]);
  const ask = (spec = decide, bearer?: string, headers?: Record<string, string>) =>
    lambda(
      httpEvent(spec, { params: { id: CASE_ID }, ...(bearer ? { bearer } : {}), ...(headers ? { headers } : {}) }),
    );

  it('admits a role the route lists, with its scope on the route', async () => {
    const answer = await ask(decide, await token({ role: 'reviewer', sub: 'r1', department: 'market' }));
    expect(answer.status).toBe(200);
    expect(answer.state).toMatchObject({
      identity: { sub: 'r1', role: 'reviewer', department: 'market' },
      scope: 'department',
    });
    const own = await ask(getCase, await token({ role: 'applicant', sub: 'a1' }));
    expect(own.state).toMatchObject({ identity: { sub: 'a1', role: 'applicant' }, scope: 'own' });
  });

  it('answers 401 reason missing without a token, with the Bearer challenge', async () => {
    const answer = await ask();
    expect(answer.status).toBe(401);
    expect(answer.body).toMatchObject({ reason: 'missing', title: '未登录或令牌无效 Not authenticated' });
    expect(answer.body.errors).toEqual([
      { field: 'header.authorization', reason: expect.stringContaining('No token') },
    ]);
    expect(answer.headers['www-authenticate']).toBe('Bearer realm="xiaoneng"');
    expect(answer.state?.identity).toBeUndefined();
  });

  it('answers 401 reason invalid saying what is wrong: malformed header, expired, another key, another audience', async () => {
    const malformed = await ask(decide, undefined, { authorization: 'Token abc' });
    expect(malformed.body).toMatchObject({ reason: 'invalid', detail: expect.stringContaining('Bearer <token>') });
    const expired = await ask(
      decide,
      await token({ role: 'reviewer', sub: 'r1', department: 'd' }, { expiresIn: '-1m' }),
    );
    expect(expired.body).toMatchObject({ status: 401, reason: 'invalid', detail: expect.stringContaining('expired') });
    const otherKey = await ask(
      decide,
      await token(
        { role: 'reviewer', sub: 'r1', department: 'd' },
        { secret: new TextEncoder().encode('another secret of at least thirty-two bytes!') },
      ),
    );
    expect(otherKey.body).toMatchObject({ reason: 'invalid', detail: expect.stringContaining('another key') });
    const otherAudience = await ask(
      decide,
      await token({ role: 'reviewer', sub: 'r1', department: 'd' }, { audience: 'another-api' }),
    );
    expect(otherAudience.body).toMatchObject({ reason: 'invalid', detail: expect.stringContaining('audience') });
  });

  it('answers 401 reason no-role for a valid token that names no known role', async () => {
    const answer = await ask(decide, await token({ role: 'janitor', sub: 'j1' }));
    expect(answer.status).toBe(401);
    expect(answer.body.reason).toBe('no-role');
  });

  it('answers 403 to a role the route does not list, and to a staff token without a department', async () => {
    const applicant = await ask(decide, await token({ role: 'applicant', sub: 'a1' }));
    expect(applicant.status).toBe(403);
    expect(applicant.body.detail).toBe(
      '角色 applicant 无权调用 POST /v1/applications/{id}/decision Role applicant may not call POST /v1/applications/{id}/decision.',
    );
    const noDepartment = await ask(decide, await token({ role: 'reviewer', sub: 'r1' }));
    expect(noDepartment.status).toBe(403);
    expect(noDepartment.body.detail).toBe('reviewer 的令牌须注明部门 A reviewer token must name a department.');
  });

  it('lets anyone call a public route, with the identity of a valid token and ignoring a failing one', async () => {
    expect((await ask(catalog)).status).toBe(200);
    const withToken = await ask(catalog, await token({ role: 'applicant', sub: 'a1' }));
    expect(withToken.state).toMatchObject({ identity: { sub: 'a1', role: 'applicant' } });
    expect(withToken.state?.scope).toBeUndefined();
    const expired = await ask(catalog, await token({ role: 'applicant', sub: 'a1' }, { expiresIn: '-1m' }));
    expect(expired.status).toBe(200);
    expect(expired.state?.identity).toBeUndefined();
  });
});
