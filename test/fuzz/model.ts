import { isUtf8 } from 'node:buffer';
import { createHash } from 'node:crypto';
import type * as z from 'zod/mini';
import { type Identity, identityFromClaims, needsDepartment } from '../../functions/common/identity.ts';
import { unsafeTextIn } from '../../functions/common/text.ts';
import { computeDeadline, validateYearCalendar, WorkingCalendar } from '../../functions/domain/calendar.ts';
import { type ItemGuide, validateFormAnswers } from '../../functions/domain/guide.ts';
import { isIsoDate, parseInstant } from '../../functions/domain/time.ts';
import { type RouteSpec, routes, type Scope } from '../../functions/http/routes.ts';
import { IdempotencyKey } from '../../functions/http/schemas.ts';

/**
 * What the system must answer to a request, predicted from the request alone: the local server's own answers
 * (400 for a request target or path parameter it cannot decode, 404, 405, 413, the JWT authorizer's 401), the
 * middleware's (401/403 from the route's access policy; 415 for a body that is not JSON or declares a charset other
 * than UTF-8; 400 for bytes that are not UTF-8, an empty, oversized or unparsable body, the route's schemas), and
 * for requests that pass all of that, the handler's refusal as the fixtures and the catalogue imply it.
 * A request the model cannot prove to be refused by a non-GET route is a possible write and is never sent.
 */

/** A request as the local server receives it. */
export interface Wire {
  readonly method: string;
  /** The request target as it arrives (after the client's own URL normalisation). */
  readonly target: string;
  /** Lower-case names; repeated headers joined with ", " as Node joins them. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
}

export interface FixtureCase {
  readonly id: string;
  readonly departmentId: string;
  readonly applicantSub?: string | undefined;
  readonly status: string;
}

export interface CatalogueItem {
  readonly code: string;
  readonly departmentId: string;
  readonly materials: readonly { readonly id: string; readonly required: boolean }[];
  /** The item's form (一表通): its fields' names, types and limits (labels do not matter here). */
  readonly form: { readonly fields: readonly CatalogueFormField[] };
}

export interface CatalogueFormField {
  readonly name: string;
  readonly type: string;
  readonly required: boolean;
  readonly options?: readonly string[];
  readonly min?: number;
  readonly max?: number;
}

export interface World {
  readonly items: ReadonlyMap<string, CatalogueItem>;
  readonly cases: ReadonlyMap<string, FixtureCase>;
  /** Claims of every token that the runtime accepts (signed with its key, valid now), by token. */
  readonly claimsOf: (token: string) => Record<string, unknown> | undefined;
}

export type Stage = 'local-only' | 'site' | 'gateway' | 'app' | 'handler';

export interface Outcome {
  readonly stage: Stage;
  readonly route?: RouteSpec;
  /** The statuses allowed; undefined: any status below 500 (with the usual shape rules). */
  readonly expect?: readonly number[];
  /** One of the local server's own `about:blank` problems (400, 404, 405, 413): no field errors. */
  readonly localProblem?: boolean;
  /** Known product defects that may turn this request into a 5xx. */
  readonly defects: readonly DefectId[];
  /** For a 400 or 415 from the middleware: each pattern must match the `field` of at least one field error. */
  readonly fields?: readonly RegExp[];
  /** One field error's `reason` must match: tells apart refusals of the same field (which check refused). */
  readonly reason?: RegExp;
  /** The Idempotency table key this request claims (`sha256(sub)[0..32]#key`) when it reaches the handler. */
  readonly idempotencyKey?: string;
  /** The request may be a successful write: it must not be sent. */
  readonly mayWrite?: boolean;
  /** The declared privileged fields (routes.ts, as declared: `materials[].defect`) this request is refused for. */
  readonly privileged?: readonly string[];
  /** Why the outcome is what it is, for reports. */
  readonly why: string;
}

/**
 * Where a JSON body holds a declared field path (`a.b`, `list[].c`), as `body.a.b` / `body.list.2.c`: an own key,
 * whatever its value, `null` included. Written apart from the middleware's helper on purpose (see its use).
 */
function presentAt(body: unknown, field: string): string[] {
  let found: { at: string; value: unknown }[] = [{ at: 'body', value: body }];
  for (const step of field.split('.')) {
    const list = /^(.*)\[\]$/.exec(step);
    const key = list ? (list[1] as string) : step;
    found = found.flatMap(({ at, value }) => {
      const isRecord = typeof value === 'object' && value !== null && !Array.isArray(value);
      if (!isRecord || !Object.hasOwn(value, key)) return [];
      const next = (value as Record<string, unknown>)[key];
      if (!list) return [{ at: `${at}.${key}`, value: next }];
      return Array.isArray(next) ? next.map((element, i) => ({ at: `${at}.${key}.${i}`, value: element })) : [];
    });
  }
  return found.map((f) => f.at);
}

// ---------------------------------------------------------------------------------------------------------------
// Known product defects (found by this fuzzer; see the report in the test). Each one names the code at fault and a
// minimal reproduction. A 5xx is tolerated only where the model says the defect applies; FUZZ_STRICT=1 fails them.

export interface Defect {
  /** The code at fault. */
  readonly summary: string;
  /** What goes wrong. */
  readonly effect: string;
  /** A minimal reproduction. */
  readonly repro: string;
}

// The defects this fuzzer found first (url-crash, uri-malformed, year-range, deadline-range, fingerprint-depth,
// key-size, profile-key-size) are fixed: their requests are sent and must be answered as the model says.
/** None known today; add one (with its repro) when the fuzzer finds a bug that cannot be fixed at once. */
export const DEFECTS: Readonly<Record<string, Defect>> = {};

export type DefectId = string;

// ---------------------------------------------------------------------------------------------------------------
// The local server (local/http-server.ts), as API Gateway's HTTP API would behave

const LOCAL_MAX_BODY = 1024 * 1024;
const APP_MAX_BODY = 256 * 1024;

const compiled = routes.map((route: RouteSpec) => {
  const names: string[] = [];
  const pattern = route.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    names.push(name);
    return '([^/]+)';
  });
  return { route, names, regex: new RegExp(`^${pattern}$`) };
});

export function predict(wire: Wire, world: World): Outcome {
  const local = (status: number, why: string, route?: RouteSpec): Outcome => ({
    stage: 'gateway',
    ...(route ? { route } : {}),
    expect: [status],
    localProblem: true,
    defects: [],
    why,
  });
  // The server reads the whole body first, then parses the target (before its own routes, the size limit, routing).
  let url: URL;
  try {
    url = new URL(wire.target, 'http://localhost');
  } catch {
    return local(400, 'the server cannot parse the request target');
  }
  if (url.pathname.startsWith('/_local/')) return { stage: 'local-only', defects: [], why: 'the local clock routes' };
  // Outside /v1/ are the web pages (local/site.ts; CloudFront and S3 in AWS): every GET is the application's page
  // (or an asset), whatever the path; other methods 405; the body is never read.
  if (!url.pathname.startsWith('/v1/') && url.pathname !== '/v1') {
    if (wire.method !== 'GET' && wire.method !== 'HEAD')
      return { ...local(405, 'the web pages are GET only'), stage: 'site' };
    if (url.pathname === '/login' && url.searchParams.has('role'))
      return { stage: 'site', expect: [302, 400], localProblem: true, defects: [], why: 'the local sign-in' };
    if (url.pathname.startsWith('/assets/')) return { ...local(404, 'no such asset'), stage: 'site' };
    return { stage: 'site', expect: [200], localProblem: true, defects: [], why: 'a web page' };
  }
  if (wire.body.length > LOCAL_MAX_BODY) return local(413, 'body over 1 MiB');
  const candidates = compiled.filter((c) => c.regex.test(url.pathname));
  if (candidates.length === 0) return local(404, 'no route for the path');
  const match = candidates.find((c) => c.route.method === wire.method);
  if (!match) return local(405, 'no route for the method');
  const { route } = match;

  // Tokens are checked by the middleware (functions/common/auth.ts), after the server's own checks below.
  const bearer = wire.headers.authorization?.match(/^Bearer[ \t]+([^\s]+)[ \t]*$/i)?.[1];
  const claims = bearer ? world.claimsOf(bearer) : undefined;
  const values = match.regex.exec(url.pathname)?.slice(1) ?? [];
  const pathParameters: Record<string, string> = {};
  for (const [i, name] of match.names.entries()) {
    try {
      pathParameters[name] = decodeURIComponent(values[i] ?? '');
    } catch {
      return local(400, `path parameter ${name} with a bad %-escape`, route);
    }
  }
  // The same (quirky) query folding as the local server: `k in query` also sees Object.prototype's names.
  const query: Record<string, string> = {};
  for (const [k, v] of url.searchParams) query[k] = k in query ? `${query[k]},${v}` : v;

  return middleware(route, wire, world, claims, pathParameters, Object.keys(query).length ? query : undefined);
}

// ---------------------------------------------------------------------------------------------------------------
// The middlewares (functions/http/middleware/) and the handlers' refusals

function flattenClaims(claims: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(claims)) out[k] = Array.isArray(v) ? `[${v.join(' ')}]` : String(v);
  return out;
}

function middleware(
  route: RouteSpec,
  wire: Wire,
  world: World,
  claims: Record<string, unknown> | undefined,
  pathParameters: Record<string, string>,
  query: Record<string, string> | undefined,
): Outcome {
  const app = (status: number, why: string, fields?: RegExp[], reason?: RegExp): Outcome => ({
    stage: 'app',
    route,
    expect: [status],
    defects: [],
    ...(fields ? { fields } : {}),
    ...(reason ? { reason } : {}),
    why,
  });
  const identity = identityFromClaims(
    claims ? (flattenClaims(claims) as Parameters<typeof identityFromClaims>[0]) : undefined,
  );
  let scope: Scope | undefined;
  if (!('public' in route.access)) {
    const authorization = wire.headers.authorization;
    if (authorization === undefined || authorization.trim() === '') {
      return app(401, 'no bearer token', [/^header\.authorization$/], /No token/);
    }
    if (!claims) return app(401, 'a token the middleware rejects', [/^header\.authorization$/]);
    if (!identity) return app(401, 'token without a known role or subject');
    scope = route.access.roles[identity.role];
    if (!scope) return app(403, `role ${identity.role} not admitted`);
    if (needsDepartment(identity.role) && !identity.department) return app(403, 'staff token without a department');
  }

  let rawBody: unknown;
  // Only routes that declare a body read one (a POST that is a pure action, like /accept, takes none).
  // In this order: the media type, its charset, the bytes (the local server hands a body that is not UTF-8 to the
  // Lambda base64-encoded, as API Gateway does), then presence, size and syntax.
  // A POST whose fields are all optional may come with no body (and no content type): it means `{}`.
  const optionalBody = route.request?.body?.safeParse({}).success === true;
  if (route.request?.body && optionalBody && wire.body.length === 0) {
    rawBody = {};
  } else if (route.request?.body) {
    const contentType = wire.headers['content-type'] ?? '';
    if (!/^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i.test(contentType))
      return app(415, 'not a JSON content type', [/^header\.content-type$/], /application\/json/);
    const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(contentType)?.[1];
    if (charset && !/^utf-?8$/i.test(charset))
      return app(415, `JSON declared in charset ${charset}`, [/^header\.content-type$/], /UTF-8/);
    if (!isUtf8(wire.body)) return app(400, 'body bytes are not UTF-8', [/^body$/], /UTF-8/);
    const raw = wire.body.toString('utf8');
    if (raw.length === 0) return app(400, 'empty body', [/^body$/], /required/);
    if (Buffer.byteLength(raw) > APP_MAX_BODY) return app(400, 'body over 256 KiB', [/^body$/], /exceeds/);
    try {
      rawBody = JSON.parse(raw);
    } catch {
      return app(400, 'body is not JSON', [/^body$/], /not valid JSON/);
    }
    const unsafe = unsafeTextIn(rawBody);
    if (unsafe.length) return app(400, 'text with control or bidi characters', [/^body/], /invisible or control/);
  }
  // Who may set what: the route's declared privileged fields (routes.ts), refused to other roles before the schema.
  // Read from the declaration here, not with the middleware's own helpers, so a bug in those shows as a wrong answer.
  if (identity) {
    const forbidden = (route.privileged ?? []).filter((p) => !p.roles.includes(identity.role));
    const refused = forbidden.flatMap((p) => presentAt(rawBody, p.field));
    if (refused.length) {
      return {
        ...app(
          403,
          `a ${identity.role} setting ${refused.join(', ')}`,
          refused.map((f) => new RegExp(`^${f.replaceAll('.', '\\.')}$`)),
        ),
        privileged: forbidden.filter((p) => presentAt(rawBody, p.field).length).map((p) => p.field),
      };
    }
  }
  const request = route.request as { path?: z.ZodMiniType; query?: z.ZodMiniType; body?: z.ZodMiniType } | undefined;
  const parse = (schema: z.ZodMiniType | undefined, value: unknown) => (schema ? schema.safeParse(value) : undefined);
  const path = parse(request?.path, pathParameters);
  const q = parse(request?.query, query ?? {});
  const body = request?.body ? request.body.safeParse(rawBody) : undefined;
  const failed = [
    ...(path?.success === false ? [/^path(\.|$)/] : []),
    ...(q?.success === false ? [/^query(\.|$)/] : []),
    ...(body?.success === false ? [/^body(\.|$)/] : []),
  ];
  if (failed.length) return app(400, 'fails the route schema', failed);

  let idempotencyKey: string | undefined;
  if (route.method === 'POST') {
    const header = wire.headers['idempotency-key'];
    if (header !== undefined) {
      if (!IdempotencyKey.safeParse(header).success) {
        return app(400, 'malformed Idempotency-Key', [/^header\.idempotency-key$/]);
      }
      // Per caller, the caller hashed (any `sub` fits the key); the fingerprint covers the validated body only.
      const caller = createHash('sha256')
        .update(identity?.sub ?? 'anonymous')
        .digest('hex')
        .slice(0, 32);
      idempotencyKey = `${caller}#${header}`;
    }
  }

  const verdict = handlerVerdict(route, world, {
    identity,
    scope,
    path: path?.success ? path.data : undefined,
    query: q?.success ? q.data : undefined,
    body: body?.success ? body.data : undefined,
  });
  return {
    stage: 'handler',
    route,
    ...(verdict.expect ? { expect: verdict.expect } : {}),
    ...(verdict.fields ? { fields: verdict.fields } : {}),
    defects: verdict.defects ?? [],
    ...(idempotencyKey ? { idempotencyKey } : {}),
    ...(verdict.mayWrite ? { mayWrite: true } : {}),
    why: verdict.why,
  };
}

interface Verdict {
  readonly expect?: readonly number[];
  /** For a 400 from the handler: each pattern must match the `field` of at least one field error. */
  readonly fields?: readonly RegExp[];
  readonly defects?: readonly DefectId[];
  readonly mayWrite?: boolean;
  readonly why: string;
}

interface Valid {
  readonly identity: Identity | undefined;
  readonly scope: Scope | undefined;
  // biome-ignore lint/suspicious/noExplicitAny: validated request parts, typed by each route's schema
  readonly path: any;
  // biome-ignore lint/suspicious/noExplicitAny: idem
  readonly query: any;
  // biome-ignore lint/suspicious/noExplicitAny: idem
  readonly body: any;
}

/** What each handler answers to a request that passed the middleware. Routes not listed: GET any, others unsent. */
function handlerVerdict(route: RouteSpec, world: World, v: Valid): Verdict {
  const fn: string = route.function;
  switch (fn) {
    case 'applicationsCreate':
      return applicationVerdict(world, v);
    case 'applicationsAccept':
    case 'applicationsNotice':
    case 'applicationsMaterials': {
      // The fixtures are ACCEPTED or decided: none is received for review or awaiting materials.
      const found = world.cases.get(v.path.id);
      if (!found) return { expect: [404], why: 'unknown case' };
      if (!inScope(v, found)) return { expect: [404], why: 'a case out of scope answers as a missing one' };
      const wanted = fn === 'applicationsMaterials' ? 'MATERIALS_REQUIRED' : 'RECEIVED';
      if (found.status !== wanted) return { expect: [409], why: `a case ${found.status}, not ${wanted}` };
      return { mayWrite: true, why: `a case ${wanted}` };
    }
    case 'applicationsDecide': {
      const found = world.cases.get(v.path.id);
      if (!found) return { expect: [404], why: 'unknown case' };
      if (v.scope === 'department' && v.identity?.department !== found.departmentId) {
        return { expect: [404], why: 'reviewer of another department: the case answers as a missing one' };
      }
      if (found.status !== 'ACCEPTED' && found.status !== 'OVERDUE') return { expect: [409], why: 'already decided' };
      return { mayWrite: true, why: 'a decision in time' };
    }
    case 'applicationsGet': {
      const found = world.cases.get(v.path.id);
      if (!found) return { expect: [404], why: 'unknown case' };
      const mine = inScope(v, found);
      return {
        expect: [mine ? 200 : 404],
        why: mine ? 'a case in scope' : 'a case out of scope answers as a missing one',
      };
    }
    case 'applicationsVerify':
      return world.cases.has(v.path.id) ? { expect: [200], why: 'a case' } : { expect: [404], why: 'unknown case' };
    case 'calendarYearPut':
      return validateYearCalendar({ ...v.body, year: v.path.year }).ok
        ? { mayWrite: true, why: 'a valid year' }
        : { expect: [400], why: 'a year the domain rejects' };
    case 'calendarYearGet':
      // The schema admits 1900–2100 only: every year it admits has a calendar.
      return { expect: [200], why: `the year ${v.path.year}` };
    case 'calendarDeadline': {
      // The schema admits dates and instants of the years 1900–2099 only; a deadline from any of them is computable
      // (the model checks that on the domain code itself, so a 500 here would be the handler's own doing).
      const from: string = v.query.from;
      try {
        computeDeadline(
          new WorkingCalendar(),
          isIsoDate(from) ? from : (parseInstant(from) as Date),
          v.query.workingDays,
        );
        return { expect: [200], why: 'a deadline' };
      } catch (error) {
        return { expect: [200], why: `a deadline the domain cannot compute (${String(error)}): the schema let it in` };
      }
    }
    case 'catalogGet':
      return world.items.has(v.path.code) ? { expect: [200], why: 'an item' } : { expect: [404], why: 'unknown item' };
    case 'catalogTemplate':
      return world.items.has(v.path.code)
        ? { expect: [200, 404], why: 'an item: the form of its material, or 404 for an id it does not list' }
        : { expect: [404], why: 'unknown item' };
    case 'catalogList':
    case 'departmentsList':
    case 'openapi':
    case 'accountabilityList':
    case 'accountabilityFlags':
    case 'accountabilityPublic':
    // The year-end appraisal's reads (issue 16 item 6): any year the schema admits has criteria and a summary (an
    // empty one), and a representative's own list.
    case 'appraisalsCriteria':
    case 'appraisalsGet':
    case 'appraisalsMine':
      return { expect: [200], why: 'a list' };
    // Inspection visits (明察暗访): a department's staff naming another department is refused; any other list is 200.
    case 'visitsList': {
      const named: string | undefined = v.query.departmentId;
      return v.scope === 'department' && named !== undefined && named !== v.identity?.department
        ? { expect: [403], why: "another department's visits" }
        : { expect: [200], why: 'a list of visits' };
    }
    // The public tracker reads only (its Idempotency-Key record is predicted like any POST's): a fixture case with
    // the phone it was filed with is 200; any other id, or a wrong phone, the same 404.
    case 'track':
      return world.cases.has(v.body.caseId)
        ? { expect: [200, 404], why: 'a fixture case: 200 with its phone, 404 with another' }
        : { expect: [404], why: 'an unknown case (answered as a wrong phone)' };
    default:
      return route.method === 'GET'
        ? { why: `a valid request to ${route.method} ${route.path} (no oracle)` }
        : { mayWrite: true, why: `a valid request to ${route.method} ${route.path} (no oracle: not sent)` };
  }
}

/** Whether a caller reaches a fixture case with their scope on the route (functions/http/middleware/request.ts inScope). */
function inScope(v: Valid, found: FixtureCase): boolean {
  switch (v.scope) {
    case 'all':
      return true;
    case 'own':
      return found.applicantSub !== undefined && found.applicantSub === v.identity?.sub;
    case 'department':
      return v.identity?.department === found.departmentId;
    default:
      return false;
  }
}

/**
 * Intake (functions/http/applications-create.ts). For an applicant applying online (no `receivedBy`), every refusal
 * before anything is recorded is predictable: an unknown item (422), a material marked defective, a decision on the
 * spot or papers taken in for review (400: clerks only), materials the item does not list (422), and form answers
 * given that do not fit the item's form (400 — whatever the applicant's profile fills in, the answers given stay).
 * A clerk's intake (windows, referrals) and anything that passes all of that counts as a possible write.
 */
function applicationVerdict(world: World, v: Valid): Verdict {
  const body = v.body as {
    itemCode: string;
    materials: { id: string; defect?: string }[];
    form?: Record<string, unknown>;
    receivedBy?: unknown;
    review?: boolean;
    onTheSpot?: unknown;
  };
  const item = world.items.get(body.itemCode);
  if (!item) return { expect: [422], why: 'unknown item' };
  // receivedBy, onTheSpot, review and defects are clerks' fields: refused to an applicant by the middleware, above.
  if (v.identity?.role !== 'applicant') {
    return { mayWrite: true, why: 'an application for a catalogue item (intake may record it)' };
  }
  const known = new Set(item.materials.map((m) => m.id));
  if (body.materials.some((m) => !known.has(m.id))) return { expect: [422], why: 'materials the item does not list' };
  if (!body.form) return { mayWrite: true, why: 'a complete or incomplete application online' };
  // The profile is read (keyed by a hash of the caller's sub, so any sub fits) before the answers are checked.
  const defects: DefectId[] = [];
  const given = new Set(Object.keys(body.form));
  const wrong = validateFormAnswers(item.form as ItemGuide['form'], body.form).filter((e) =>
    given.has(e.field.slice('form.'.length)),
  );
  if (wrong.length === 0) return { mayWrite: true, defects, why: 'an application online with fitting answers' };
  return {
    expect: [400],
    fields: [/^body\.form\./],
    defects,
    why: `form answers that do not fit (${wrong.map((e) => e.field).join(', ')})`,
  };
}
