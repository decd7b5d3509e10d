import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { problems } from '../../functions/common/problem.ts';
import { authorization } from '../../functions/http/middleware/authorization.ts';
import { idempotency } from '../../functions/http/middleware/idempotency.ts';
import { jsonBody } from '../../functions/http/middleware/json-body.ts';
import type { HttpContext, HttpResponse, HttpState } from '../../functions/http/middleware/request.ts';
import { validation } from '../../functions/http/middleware/validation.ts';
import type { LocalDynamo } from '../../local/dynamodb.ts';
import { lambdaContext } from '../../local/lambda.ts';
import { countStoreRequests, startTestDynamo } from '../support/dynamo.ts';
import { CASE_ID, harness, httpEvent, route, token, useTestTokens } from './support.ts';

let dynamo: LocalDynamo;
/** The DynamoDB requests the store sent, by operation. */
let sent: string[] = [];
beforeAll(async () => {
  dynamo = await startTestDynamo();
  sent = await countStoreRequests();
  useTestTokens();
});
afterAll(async () => {
  await dynamo?.close();
});

const decide = route('POST', '/v1/applications/{id}/decision');
const getCase = route('GET', '/v1/applications/{id}');
const reviewer = { role: 'reviewer', sub: 'reviewer-1', department: 'market' } as const;

/** A function behind the real middlewares whose handler does what `act` says, counting its runs. */
function lambdaDoing(act: (state: HttpState, run: number) => Promise<HttpResponse>) {
  const runs: (string | undefined)[] = [];
  const lambda = harness(
    [decide, getCase],
    [authorization(), jsonBody(), validation(), idempotency()],
    async (state) => {
      runs.push(state.idempotencyKey);
      return act(state, runs.length);
    },
  );
  return { lambda, runs };
}

const answered = (run: number): Promise<HttpResponse> =>
  Promise.resolve({ statusCode: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ run }) });

async function post(
  lambda: ReturnType<typeof lambdaDoing>['lambda'],
  key: string | undefined,
  body: unknown = { outcome: 'APPROVED' },
  claims: Parameters<typeof token>[0] = reviewer,
  context?: HttpContext,
) {
  return lambda(
    httpEvent(decide, {
      params: { id: CASE_ID },
      bearer: await token(claims),
      body,
      ...(key ? { headers: { 'Idempotency-Key': key } } : {}),
    }),
    context,
  );
}

describe('the idempotency middleware (against dynalite)', () => {
  it('replays the first answer to a retry with the same key and request, and runs the handler once', async () => {
    // Prepare
    const { lambda, runs } = lambdaDoing(async (_s, run) => answered(run));
    // Act
    const first = await post(lambda, 'replay-key-0001');
    const retry = await post(lambda, 'replay-key-0001');
    // Assess
    expect(runs).toEqual(['replay-key-0001']);
    expect(first).toMatchObject({ status: 200, body: { run: 1 } });
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    expect(retry).toMatchObject({ status: 200, body: { run: 1 } });
    expect(retry.headers['idempotent-replayed']).toBe('true');
  });

  it('runs without a key, and reads nothing from the table', async () => {
    const { lambda, runs } = lambdaDoing(async (_s, run) => answered(run));
    sent.length = 0;
    await post(lambda, undefined);
    await post(lambda, undefined);
    expect(runs).toEqual([undefined, undefined]);
    expect(sent).toEqual([]);
  });

  it('ignores the header on a route that is not a POST', async () => {
    const { lambda, runs } = lambdaDoing(async (_s, run) => answered(run));
    sent.length = 0;
    const event = httpEvent(getCase, {
      params: { id: CASE_ID },
      bearer: await token(reviewer),
      headers: { 'idempotency-key': 'get-key-0001' },
    });
    await lambda(event);
    await lambda(event);
    expect(runs).toEqual([undefined, undefined]);
    expect(sent).toEqual([]);
  });

  it('answers 422 to the same key with another body, and keeps keys per caller', async () => {
    const { lambda, runs } = lambdaDoing(async (_s, run) => answered(run));
    await post(lambda, 'reused-key-0001', { outcome: 'APPROVED' });
    const other = await post(lambda, 'reused-key-0001', { outcome: 'REJECTED', reason: '材料不实' });
    expect(other.status).toBe(422);
    expect(other.body).toMatchObject({
      type: 'urn:xiaoneng:problem:idempotency-key-reused',
      errors: [
        {
          field: 'header.idempotency-key',
          reason: '已用于不同的方法、路径或请求体 already used with another method, path or body',
        },
      ],
    });
    // What the request means counts, not how it was written: the same fields in another order replay.
    const reordered = await post(lambda, 'reused-key-0001', JSON.parse('{"outcome":"APPROVED"}'));
    expect(reordered.headers['idempotent-replayed']).toBe('true');
    const otherCaller = await post(
      lambda,
      'reused-key-0001',
      { outcome: 'APPROVED' },
      { ...reviewer, sub: 'reviewer-2' },
    );
    expect(otherCaller.headers['idempotent-replayed']).toBeUndefined();
    expect(runs).toHaveLength(2);
  });

  it('answers 400 to a malformed key before anything is claimed', async () => {
    const { lambda, runs } = lambdaDoing(async (_s, run) => answered(run));
    sent.length = 0;
    const answer = await post(lambda, 'short');
    expect(answer.status).toBe(400);
    expect(answer.body.errors).toEqual([
      { field: 'header.idempotency-key', reason: 'must be 8–128 letters, digits or _.:-' },
    ]);
    expect(runs).toEqual([]);
    expect(sent).toEqual([]);
  });

  it('answers 409 to a retry while the first request is still running', async () => {
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const { lambda, runs } = lambdaDoing(async (_s, run) => {
      await held;
      return answered(run);
    });
    const first = post(lambda, 'running-key-0001');
    // The first one has claimed the key once its handler runs.
    await expect.poll(() => runs.length).toBe(1);
    const retry = await post(lambda, 'running-key-0001');
    expect(retry.status).toBe(409);
    expect(retry.body).toMatchObject({ type: 'urn:xiaoneng:problem:request-in-progress' });
    release();
    expect((await first).status).toBe(200);
  });

  it('keeps a refusal as the answer: the retry gets the same problem without running the handler', async () => {
    const { lambda, runs } = lambdaDoing(async () => {
      throw problems.conflict('already-decided', 'Case is already decided.');
    });
    const first = await post(lambda, 'refused-key-0001');
    const retry = await post(lambda, 'refused-key-0001');
    expect(runs).toHaveLength(1);
    expect(first.status).toBe(409);
    expect(first.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(retry).toMatchObject({ status: 409, body: first.body });
    expect(retry.headers['idempotent-replayed']).toBe('true');
  });

  it('frees the key when the request failed on our side, so the retry runs again', async () => {
    const { lambda, runs } = lambdaDoing(async (_s, run) => {
      if (run === 1) throw new Error('DynamoDB throttled');
      if (run === 2) return { statusCode: 503, body: '' };
      return answered(run);
    });
    expect((await post(lambda, 'failed-key-0001')).status).toBe(500);
    expect((await post(lambda, 'failed-key-0001')).status).toBe(503);
    const third = await post(lambda, 'failed-key-0001');
    expect(third).toMatchObject({ status: 200, body: { run: 3 } });
    expect(runs).toHaveLength(3);
  });

  it('claims and completes in two requests, and a replay costs two (a failed claim, a read)', async () => {
    const { lambda } = lambdaDoing(async (_s, run) => answered(run));
    sent.length = 0;
    await post(lambda, 'counted-key-0001');
    expect(sent).toEqual(['PutItem', 'UpdateItem']);
    sent.length = 0;
    await post(lambda, 'counted-key-0001');
    expect(sent).toEqual(['PutItem', 'GetItem']);
  });

  it('carries nothing from one request to the next when the runtime hands the same context object again', async () => {
    const { lambda, runs } = lambdaDoing(async (_s, run) => answered(run));
    const context = lambdaContext('reused') as unknown as HttpContext;
    await post(lambda, 'context-key-0001', undefined, undefined, context);
    sent.length = 0;
    const next = await post(lambda, undefined, undefined, undefined, context);
    expect(next.status).toBe(200);
    expect(runs).toEqual(['context-key-0001', undefined]);
    expect(sent).toEqual([]);
  });
});
