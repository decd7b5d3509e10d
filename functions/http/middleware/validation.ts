import type { ZodMiniType } from 'zod/mini';
import { type FieldError, fieldErrors, problems } from '../../common/problem.ts';
import { type HttpMiddleware, stateOf } from './request.ts';

/**
 * Validates path, query and body against the route's schemas, all three at once: one 400 lists every field that
 * is wrong, wherever it is.
 */
export function validation(): HttpMiddleware {
  return {
    before: (request) => {
      const state = stateOf(request);
      const { route, rawBody } = state;
      const errors: FieldError[] = [];
      const path = validate(route.request?.path, request.event.pathParameters ?? {}, 'path', errors);
      const query = validate(route.request?.query, request.event.queryStringParameters ?? {}, 'query', errors);
      const body = route.request?.body ? validate(route.request.body, rawBody, 'body', errors) : undefined;
      if (errors.length) throw problems.invalid(errors);
      state.path = path;
      state.query = query;
      state.body = body;
    },
  };
}

function validate(
  schema: ZodMiniType | undefined,
  value: unknown,
  where: 'path' | 'query' | 'body',
  errors: FieldError[],
) {
  if (!schema) return undefined;
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  errors.push(...fieldErrors(result.error, where));
  return undefined;
}
