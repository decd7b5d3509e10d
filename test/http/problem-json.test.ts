import { describe, expect, it } from 'vitest';
import { problems } from '../../functions/common/problem.ts';
import { CASE_ID, harness, httpEvent, route } from './support.ts';

describe('the problem+json middleware', () => {
  const decide = route('POST', '/v1/applications/{id}/decision');
  const event = () => httpEvent(decide, { params: { id: CASE_ID } });

  it('renders a thrown HttpProblem as itself, with the request path as its instance', async () => {
    const lambda = harness([decide], [], async () => {
      throw problems.conflict('already-decided', 'Case is already decided.', { caseStatus: 'APPROVED' });
    });
    const answer = await lambda(event());
    expect(answer.status).toBe(409);
    expect(answer.headers).toMatchObject({
      'content-type': 'application/problem+json; charset=utf-8',
      'cache-control': 'no-store',
    });
    expect(answer.body).toEqual({
      type: 'urn:xiaoneng:problem:already-decided',
      title: '状态冲突 Conflict',
      status: 409,
      detail: 'Case is already decided.',
      instance: `/v1/applications/${CASE_ID}/decision`,
      caseStatus: 'APPROVED',
    });
  });

  it('turns any other error into a 500 that names the request id to quote, never a bare 500', async () => {
    const lambda = harness([decide], [], async () => {
      throw new TypeError('x is undefined');
    });
    const answer = await lambda(event());
    expect(answer.status).toBe(500);
    expect(answer.body.type).toBe('urn:xiaoneng:problem:internal');
    expect(answer.body.title).toBe('系统错误 Internal error');
    expect(String(answer.body.detail)).toMatch(
      /^系统内部出错，反馈时请提供请求编号或发生时间 Something failed on our side\. Quote [0-9a-f-]{36} when reporting it\.$/,
    );
    expect(JSON.stringify(answer.body)).not.toContain('x is undefined');
  });

  it('names the Bearer scheme on a 401 (RFC 6750)', async () => {
    const lambda = harness([decide], [], async () => {
      throw problems.unauthenticated('No token.', 'missing');
    });
    const answer = await lambda(event());
    expect(answer.status).toBe(401);
    expect(answer.headers['www-authenticate']).toBe('Bearer realm="xiaoneng"');
  });
});
