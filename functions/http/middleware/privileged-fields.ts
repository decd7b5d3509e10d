import { problems } from '../../common/problem.ts';
import { fieldsForbiddenTo, fieldsSetIn } from '../route-spec.ts';
import { type HttpMiddleware, stateOf } from './request.ts';

/**
 * Who may set what: a privileged field (declared on the route in functions/http/routes.ts) sent by a role not
 * declared for it is refused with 403 naming the field, whatever its value, before anything is validated or written.
 */
export function privilegedFields(): HttpMiddleware {
  return {
    before: (request) => {
      const { route, identity, rawBody } = stateOf(request);
      if (!identity) return;
      const role = identity.role;
      const refused = fieldsForbiddenTo(route, role).flatMap((p) =>
        fieldsSetIn(rawBody, p.field).map((field) => ({
          field,
          reason: `${role} 无权设置此项 ${p.because}; ${role}s may not set it`,
        })),
      );
      if (refused.length) {
        throw problems.forbidden(
          `角色 ${role} 无权在 ${route.method} ${route.path} 中设置 ${refused.map((r) => r.field).join(', ')} Role ${role} may not set ${refused.map((r) => r.field).join(', ')} on ${route.method} ${route.path}.`,
          refused,
        );
      }
    },
  };
}
