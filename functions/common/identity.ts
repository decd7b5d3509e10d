import { departmentRoles, isRole, type Role } from './roles.ts';

/** Who is calling, from the verified JWT claims (API Gateway's JWT authorizer, or the local runtime's check). */
export interface Identity {
  readonly sub: string;
  readonly role: Role;
  readonly department?: string;
  /** A representative's kind (NPC_DEPUTY, CPPCC_MEMBER, ENTERPRISE, CITIZEN): the `kind` claim, as given. */
  readonly kind?: string;
}

type Claims = Record<string, string | number | boolean | string[] | undefined>;

/**
 * Reads the role and department from claims. Local tokens carry `role` and `department`; Cognito ID tokens carry
 * `cognito:groups` (API Gateway renders a list claim as "[a b]") and `custom:department`.
 * @returns undefined when the claims name no known role (treated as not authenticated for protected routes).
 */
export function identityFromClaims(claims: Claims | undefined): Identity | undefined {
  if (!claims) return undefined;
  const sub = typeof claims.sub === 'string' ? claims.sub : undefined;
  if (!sub) return undefined;
  const role = [claims.role, ...listClaim(claims['cognito:groups'])].find(isRole);
  if (!role) return undefined;
  const departmentClaim = claims.department ?? claims['custom:department'];
  const department = typeof departmentClaim === 'string' && departmentClaim.length > 0 ? departmentClaim : undefined;
  // A representative's kind: local tokens `kind`, Cognito `custom:kind` (docs/supervision.md).
  const kindClaim = claims.kind ?? claims['custom:kind'];
  const kind = typeof kindClaim === 'string' && kindClaim.length > 0 ? kindClaim : undefined;
  return { sub, role, ...(department ? { department } : {}), ...(kind ? { kind } : {}) };
}

function listClaim(value: Claims[string]): string[] {
  if (Array.isArray(value)) return value;
  if (typeof value !== 'string') return [];
  return value
    .replace(/^\[|\]$/g, '')
    .split(/[\s,]+/)
    .filter(Boolean);
}

export function needsDepartment(role: Role): boolean {
  return departmentRoles.includes(role);
}
