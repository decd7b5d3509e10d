import type { ZodMiniType } from 'zod/mini';
import type { Role } from '../common/roles.ts';
import type { FunctionName } from '../manifest.ts';
import type * as Responses from './responses.ts';

/*
 * What a route is (its type, who may call it, who may set which field), apart from the route table itself
 * (functions/http/routes.ts and its areas in functions/http/routes/): the middleware reads these without loading
 * every route's schemas.
 */

/**
 * How far a role reaches on a route: `all` (anything the route serves), `own` (an applicant's own cases),
 * `department` (the cases and items of the department named in the caller's token), `officer` (the green-channel
 * projects whose dedicated officer is the caller: a staff token whose subject an administrator named, whatever its
 * department; docs/green-channel.md).
 */
export type Scope = 'all' | 'own' | 'department' | 'officer';

/** Who may call a route: anyone, or the listed roles, each with its scope. A role not listed gets 403. */
export type Access = { readonly public: true } | { readonly roles: Readonly<Partial<Record<Role, Scope>>> };

/**
 * A body field only some of the route's roles may send. Anyone else who sends it (whatever its value) gets 403
 * naming the field, before anything is read or written. The authorization matrix and the fuzz model derive their
 * expectations from these declarations: a new privileged field is declared here, not checked in a handler.
 */
export interface PrivilegedField {
  /** Dotted path in the JSON body; `[]` stands for every element of a list (`materials[].defect`). */
  readonly field: string;
  /** The roles (of those the route admits) that may set it. */
  readonly roles: readonly Role[];
  /** Why only they may, told to whoever is refused. */
  readonly because: string;
}

/**
 * A response schema of functions/http/responses.ts, by its export name, which is also its id in the registry and
 * in the document (`#/components/schemas/<name>`). A route names its answers rather than holding the schemas: a
 * Lambda bundle then neither loads nor builds the response schemas, which only the OpenAPI document and the contract
 * test read (issue 17 item 3: building them was about a fifth of an HTTP function's cold start).
 */
export type ResponseName = {
  [K in keyof typeof Responses]: (typeof Responses)[K] extends ZodMiniType ? K : never;
}[keyof typeof Responses];

export interface RouteSpec {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** API Gateway path syntax: `{name}` for a path parameter. */
  readonly path: string;
  readonly function: FunctionName;
  readonly access: Access;
  readonly summary: string;
  /**
   * Schemas every request must satisfy before the handler runs (and the OpenAPI document shows): zod/mini schemas
   * (functions/http/schemas/), which a Lambda bundle loads without zod classic (issue 17 item 3).
   */
  readonly request?: {
    readonly path?: ZodMiniType;
    readonly query?: ZodMiniType;
    readonly body?: ZodMiniType;
  };
  /**
   * Success status, what it means, and the schema of its JSON body (its name in functions/http/responses.ts), for the OpenAPI
   * document and the contract test. `html`: the same answer is also served as a printable page (`Accept: text/html`);
   * `csv`: as a spreadsheet (`Accept: text/csv`, functions/http/csv.ts), what its rows are.
   */
  readonly success: {
    readonly status: number;
    readonly description: string;
    readonly body: ResponseName;
    readonly html?: true;
    readonly csv?: string;
  };
  /**
   * What a `department`-scoped caller gets for a target of another department, when it is an answer rather than a
   * refusal (first-inquiry responsibility: a window refers, it never just refuses). Absent: 403.
   */
  readonly outsideScope?: { readonly status: number; readonly description: string; readonly body: ResponseName };
  /**
   * Refusals this route gives beyond those its shape implies (the OpenAPI document derives 400 from a request
   * schema, 401/403 from a role policy, 404 from a path parameter, 413/415 from a body, 409/422 from POST; a 404
   * of a route without a path parameter is declared).
   */
  readonly refusals?: readonly (404 | 409 | 422)[];
  /** Body fields only some of the route's roles may set (who may set what). */
  readonly privileged?: readonly PrivilegedField[];
}

export const staffOfDepartment = { clerk: 'department', reviewer: 'department', head: 'department' } as const;

/** Only the receiving clerk judges a paper defective (一次性告知 lists what the clerk found); an applicant submits. */
export const defectsByClerk: PrivilegedField = {
  field: 'materials[].defect',
  roles: ['clerk'],
  because: 'only the receiving clerk records a defect in a paper',
};

/** The privileged fields of a route that a role may not set (every one of them for a role the route does not list). */
export function fieldsForbiddenTo(route: RouteSpec, role: Role): readonly PrivilegedField[] {
  return (route.privileged ?? []).filter((p) => !p.roles.includes(role));
}

/**
 * Where a body sets a field path (`a.b`, `list[].c`): the concrete paths present (`body.list.2.c`), in order. A key
 * is set when the body has it as an own property, whatever its value (`null` too).
 */
export function fieldsSetIn(body: unknown, field: string): string[] {
  const found: string[] = [];
  const walk = (value: unknown, steps: readonly string[], at: string): void => {
    if (steps.length === 0) {
      found.push(at);
      return;
    }
    const [step, ...rest] = steps as [string, ...string[]];
    const list = step.endsWith('[]');
    const key = list ? step.slice(0, -2) : step;
    if (value === null || typeof value !== 'object' || Array.isArray(value) || !Object.hasOwn(value, key)) return;
    const next = (value as Record<string, unknown>)[key];
    if (!list) walk(next, rest, `${at}.${key}`);
    else if (Array.isArray(next)) for (const [i, element] of next.entries()) walk(element, rest, `${at}.${key}.${i}`);
  };
  walk(body, field.split('.'), 'body');
  return found;
}

/** The roles a route admits (none for a public route: anyone may call it). */
export function rolesOf(access: Access): Role[] {
  return 'public' in access ? [] : (Object.keys(access.roles) as Role[]);
}
