import { authenticate } from '../../common/auth.ts';
import { identityFromClaims, needsDepartment } from '../../common/identity.ts';
import { problems } from '../../common/problem.ts';
import { type HttpMiddleware, headerOf, stateOf } from './request.ts';

/**
 * The route's access policy: verifies the bearer token and admits the caller's role with its scope on the route
 * (functions/http/routes.ts). 401 says what is wrong with the token, 403 what the role may not do.
 */
export function authorization(): HttpMiddleware {
  return {
    before: async (request) => {
      const state = stateOf(request);
      const { route } = state;
      const token = await authenticate(headerOf(request.event, 'authorization'));
      const claims = token.kind === 'valid' ? token.claims : undefined;
      const identity = identityFromClaims(claims as Parameters<typeof identityFromClaims>[0]);
      // Public: a token is optional, and one that fails is ignored (the answer is the same for everyone).
      if ('public' in route.access) {
        state.identity = identity;
        return;
      }
      if (token.kind === 'none') {
        throw problems.unauthenticated(
          '未提供令牌，请发送 Authorization: Bearer <token> No token: send Authorization: Bearer <token>.',
          'missing',
        );
      }
      if (token.kind === 'invalid') throw problems.unauthenticated(token.reason, 'invalid');
      if (!identity)
        throw problems.unauthenticated(
          '令牌未注明有效角色或用户（sub） The token names no known role or no subject (sub).',
          'no-role',
        );
      const scope = route.access.roles[identity.role];
      if (!scope)
        throw problems.forbidden(
          `角色 ${identity.role} 无权调用 ${route.method} ${route.path} Role ${identity.role} may not call ${route.method} ${route.path}.`,
        );
      if (needsDepartment(identity.role) && !identity.department) {
        throw problems.forbidden(`${identity.role} 的令牌须注明部门 A ${identity.role} token must name a department.`);
      }
      state.identity = identity;
      state.scope = scope;
    },
  };
}
