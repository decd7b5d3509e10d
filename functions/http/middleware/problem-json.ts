import { logger } from '../../common/logger.ts';
import { HttpProblem } from '../../common/problem.ts';
import type { HttpEvent, HttpMiddleware, HttpResponse } from './request.ts';

/**
 * Every error becomes `application/problem+json` (RFC 9457): an HttpProblem as itself, anything else as a 500 that
 * tells the caller what to quote, never a bare 500. Used first, so its onError runs last.
 */
export function problemJson(): HttpMiddleware {
  return {
    onError: (request) => {
      const error = request.error;
      const problem =
        error instanceof HttpProblem
          ? error
          : new HttpProblem(
              500,
              'internal',
              '系统错误 Internal error',
              `系统内部出错，反馈时请提供请求编号或发生时间 Something failed on our side. Quote ${request.context?.awsRequestId ?? 'the time'} when reporting it.`,
            );
      if (!(error instanceof HttpProblem)) {
        logger.error('unhandled error in route handler', { routeKey: request.event?.routeKey, error: error as Error });
      }
      request.response = problemResponse(problem, request.event);
    },
  };
}

/** The response of one problem (also what the idempotency middleware keeps as the answer to a refused request). */
export function problemResponse(
  problem: HttpProblem,
  event: HttpEvent | undefined,
): HttpResponse & { statusCode: number; headers: Record<string, string>; body: string } {
  return {
    statusCode: problem.status,
    headers: {
      'content-type': 'application/problem+json; charset=utf-8',
      'cache-control': 'no-store',
      // RFC 6750: a 401 names the scheme it wants.
      ...(problem.status === 401 ? { 'www-authenticate': 'Bearer realm="xiaoneng"' } : {}),
    },
    body: JSON.stringify(problem.toBody(event?.rawPath)),
  };
}
