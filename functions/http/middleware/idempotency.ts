import { createHash } from 'node:crypto';
import { now } from '../../common/clock.ts';
import { logger } from '../../common/logger.ts';
import { HttpProblem, problems } from '../../common/problem.ts';
import { canonicalJson } from '../../domain/timeline.ts';
import { claimKey, completeKey, releaseKey } from '../../store/idempotency.ts';
import { IdempotencyKey } from '../schemas/shared.ts';
import { problemResponse } from './problem-json.ts';
import { type HttpMiddleware, type HttpState, headerOf, stateOf } from './request.ts';

/** A first attempt that died is presumed dead after this long (above every handler's Lambda timeout). */
const LOCK_MS = 60_000;
/** How long an answer is kept for replay. */
const KEEP_SECONDS = 24 * 3600;

/** The key this request claimed, and whether its answer is being stored (then a failure no longer frees it). */
interface Claim {
  readonly key: string;
  readonly fingerprint: string;
  answered: boolean;
}

/** By request state (a fresh object per request, whatever the runtime does with its context objects). */
const claims = new WeakMap<HttpState, Claim>();

/**
 * `Idempotency-Key` on POST (IETF draft "The Idempotency-Key HTTP Header Field"): a retry with the same key and
 * the same request gets the first answer and writes nothing new; a retry while the first is still running gets 409;
 * the same key with another request gets 422. Keys are per caller (token subject). Without the header the request
 * simply runs. Used last, so it runs after validation (the fingerprint covers what the request means, the validated
 * body, not whatever else it carried) and its after/onError see the handler's answer first.
 */
export function idempotency(): HttpMiddleware {
  return {
    before: async (request) => {
      const state = stateOf(request);
      if (state.route.method !== 'POST') return;
      const header = headerOf(request.event, 'idempotency-key');
      if (header === undefined) return;
      const parsed = IdempotencyKey.safeParse(header);
      if (!parsed.success) {
        throw problems.invalid([
          { field: 'header.idempotency-key', reason: parsed.error.issues[0]?.message ?? 'invalid' },
        ]);
      }
      // Per caller; the subject is hashed so a long one cannot push the key past DynamoDB's 2,048-byte limit.
      const caller = createHash('sha256')
        .update(state.identity?.sub ?? 'anonymous')
        .digest('hex')
        .slice(0, 32);
      const key = `${caller}#${parsed.data}`;
      const fingerprint = createHash('sha256')
        .update(canonicalJson([request.event.requestContext.http.method, request.event.rawPath, state.body]))
        .digest('hex');
      const held = await claimKey(key, fingerprint, now().getTime(), LOCK_MS, KEEP_SECONDS);
      if (held) {
        if (held.fingerprint !== fingerprint) {
          throw problems.unprocessable(
            'idempotency-key-reused',
            '此 Idempotency-Key 已用于另一个请求，新请求请使用新的键 This Idempotency-Key was used for a different request; use a new key for a new request.',
            [
              {
                field: 'header.idempotency-key',
                reason: '已用于不同的方法、路径或请求体 already used with another method, path or body',
              },
            ],
          );
        }
        if (held.status === 'COMPLETED' && held.response) {
          // Returned from `before`: middy answers with it and neither the handler nor any `after` runs.
          return { ...held.response, headers: { ...held.response.headers, 'idempotent-replayed': 'true' } };
        }
        throw new HttpProblem(
          409,
          'request-in-progress',
          '请求处理中 Request in progress',
          '使用此 Idempotency-Key 的首个请求仍在处理中，请稍后重试 The first request with this Idempotency-Key is still being processed; retry shortly.',
          [],
        );
      }
      claims.set(state, { key, fingerprint, answered: false });
      state.idempotencyKey = parsed.data;
      return undefined;
    },
    after: async (request) => {
      const claim = request.context.http && claims.get(request.context.http);
      const response = request.response;
      if (!claim || !response) return;
      if ((response.statusCode ?? 200) >= 500) {
        await releaseKey(claim.key);
        return;
      }
      // From here a failure (storing the answer) keeps the claim: the handler's writes are done, so a retry waits
      // for the lock to lapse rather than running again at once.
      claim.answered = true;
      await completeKey(claim.key, claim.fingerprint, {
        statusCode: response.statusCode ?? 200,
        headers: (response.headers ?? {}) as Record<string, string>,
        body: typeof response.body === 'string' ? response.body : '',
      });
    },
    onError: async (request) => {
      const claim = request.context.http && claims.get(request.context.http);
      if (!claim || claim.answered) return;
      const error = request.error;
      if (error instanceof HttpProblem && error.status < 500) {
        // A refusal is an answer too: the same request gets the same refusal (problem-json renders it alike).
        claim.answered = true;
        try {
          await completeKey(claim.key, claim.fingerprint, problemResponse(error, request.event));
        } catch (storeError) {
          // Not stored: answer 500 (problem-json renders it), as for any failure on our side.
          request.error = storeError as Error;
        }
        return;
      }
      try {
        await releaseKey(claim.key);
      } catch (releaseError) {
        // The request still answers 500; the claim lapses with its lock.
        logger.error('could not free an Idempotency-Key', { error: releaseError as Error });
      }
    },
  };
}
