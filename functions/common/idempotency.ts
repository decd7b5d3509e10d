import { createHash } from 'node:crypto';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { canonicalJson } from '../domain/timeline.ts';
import { IdempotencyKey } from '../http/schemas.ts';
import { claimKey, completeKey, releaseKey } from '../store/idempotency.ts';
import { now } from './clock.ts';
import type { Identity } from './identity.ts';
import { HttpProblem, problems } from './problem.ts';

/** A first attempt that died is presumed dead after this long (above every handler's Lambda timeout). */
const LOCK_MS = 60_000;
/** How long an answer is kept for replay. */
const KEEP_SECONDS = 24 * 3600;

type Response = APIGatewayProxyStructuredResultV2 & { statusCode: number };

/**
 * `Idempotency-Key` on POST (IETF draft "The Idempotency-Key HTTP Header Field"): a retry with the same key and
 * the same request gets the first answer and writes nothing new; a retry while the first is still running gets 409;
 * the same key with another request gets 422. Keys are per caller (token subject). Without the header the request
 * simply runs.
 */
export async function idempotency(
  event: APIGatewayProxyEventV2WithJWTAuthorizer,
  identity: Identity | undefined,
  body: unknown,
  run: (key: string | undefined) => Promise<APIGatewayProxyStructuredResultV2>,
): Promise<APIGatewayProxyStructuredResultV2> {
  const header = Object.entries(event.headers ?? {}).find(([k]) => k.toLowerCase() === 'idempotency-key')?.[1];
  if (header === undefined) return run(undefined);
  const parsed = IdempotencyKey.safeParse(header);
  if (!parsed.success) {
    throw problems.invalid([{ field: 'header.idempotency-key', reason: parsed.error.issues[0]?.message ?? 'invalid' }]);
  }
  // Per caller; the subject is hashed so a long one cannot push the key past DynamoDB's 2,048-byte limit.
  const caller = createHash('sha256')
    .update(identity?.sub ?? 'anonymous')
    .digest('hex')
    .slice(0, 32);
  const key = `${caller}#${parsed.data}`;
  const fingerprint = createHash('sha256')
    .update(canonicalJson([event.requestContext.http.method, event.rawPath, body]))
    .digest('hex');
  const held = await claimKey(key, fingerprint, now().getTime(), LOCK_MS, KEEP_SECONDS);
  if (held) {
    if (held.fingerprint !== fingerprint) {
      throw problems.unprocessable(
        'idempotency-key-reused',
        'This Idempotency-Key was used for a different request; use a new key for a new request.',
        [{ field: 'header.idempotency-key', reason: 'already used with another method, path or body' }],
      );
    }
    if (held.status === 'COMPLETED' && held.response) {
      return { ...held.response, headers: { ...held.response.headers, 'idempotent-replayed': 'true' } };
    }
    throw new HttpProblem(
      409,
      'request-in-progress',
      '请求处理中 Request in progress',
      'The first request with this Idempotency-Key is still being processed; retry shortly.',
      [],
    );
  }
  let response: Response;
  try {
    response = (await run(parsed.data)) as Response;
  } catch (error) {
    if (!(error instanceof HttpProblem) || error.status >= 500) {
      await releaseKey(key);
      throw error;
    }
    // A refusal is an answer too: the same request gets the same refusal.
    response = {
      statusCode: error.status,
      headers: { 'content-type': 'application/problem+json; charset=utf-8', 'cache-control': 'no-store' },
      body: JSON.stringify(error.toBody(event.rawPath)),
    };
  }
  if (response.statusCode >= 500) {
    await releaseKey(key);
    return response;
  }
  await completeKey(key, fingerprint, {
    statusCode: response.statusCode,
    headers: (response.headers ?? {}) as Record<string, string>,
    body: typeof response.body === 'string' ? response.body : '',
  });
  return response;
}
