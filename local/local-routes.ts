import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { toShanghaiIso } from '../functions/domain/time.ts';
import { LOCAL_SECRET_HEADER, verifyLocalToken } from './auth.ts';
import type { LocalClock, WorkProbe } from './clock.ts';
import { CONSOLE_PATHS, consoleRoute, type ExecutionSource } from './console.ts';
import type { LocalEventBus } from './eventbridge.ts';

/** What a `/_local/*` route answers; problems carry their own content type. */
export interface LocalAnswer {
  readonly status: number;
  readonly body: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

interface FieldError {
  readonly field: string;
  readonly reason: string;
}

const MAX_ADVANCE_SECONDS = 400 * 24 * 3600;

/** The local-only routes, each with the methods it answers (for 405's `Allow`). */
const ROUTES: Record<string, readonly string[]> = {
  '/_local/clock': ['GET'],
  '/_local/clock/advance': ['POST'],
  '/_local/events': ['GET'],
};

/**
 * `/_local/*`: the simulated clock and what was put on the event bus — the local runtime's own controls, never
 * deployed. They answer only their user: a request must come from the runtime's own origin (a web page the developer
 * visits can otherwise send a request here: a form posted to `/_local/clock/advance` would move their clock by a
 * year), carry the data folder's secret (another local user or, with `--host`, another machine knows neither the
 * secret nor the cases), and POST only JSON (what a cross-site form cannot send without a CORS preflight, which is
 * never granted here).
 *
 * `/_local/console/*` (the execution console's JSON, local/console.ts) is read by the console's pages, which hold
 * the signed-in person's token, not the data folder's secret: there a bearer token of role `admin`, signed with the
 * data folder's key, does instead of the secret. The same origin rules apply, and the routes only read.
 */
export function localRoutes(options: {
  readonly secret: string;
  readonly clock: LocalClock;
  readonly bus: LocalEventBus;
  /** The work a move of the clock waits for. */
  readonly work: WorkProbe;
  /** The console's: the local Step Functions service, and the data folder's token key. */
  readonly stepFunctions?: ExecutionSource;
  readonly key?: Uint8Array;
}): (req: IncomingMessage, body: string, tooLarge: boolean) => Promise<LocalAnswer> {
  const secret = Buffer.from(options.secret);
  return async (req, body, tooLarge) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const isConsole = url.pathname === '/_local/console' || url.pathname.startsWith('/_local/console/');
    const refused = isConsole ? await consoleGuard(req, secret, options.key) : guard(req, secret);
    if (refused) return refused;
    if (isConsole) return consoleAnswer(req, url, options.stepFunctions);
    const methods = ROUTES[url.pathname];
    if (!methods) {
      return problem(
        404,
        'not-found',
        '未找到 Not Found',
        `No local route ${url.pathname}; there are ${[...Object.keys(ROUTES), ...CONSOLE_PATHS].join(', ')}.`,
      );
    }
    const method = (req.method ?? 'GET').toUpperCase();
    if (!methods.includes(method)) {
      return {
        ...problem(
          405,
          'method-not-allowed',
          '方法不允许 Method Not Allowed',
          `${method} is not allowed on ${url.pathname}.`,
        ),
        headers: { ...PROBLEM, allow: methods.join(', ') },
      };
    }
    if (tooLarge) return problem(413, 'too-large', '请求体过大 Payload Too Large', 'The body exceeds 1 MiB.');
    if (method === 'POST') {
      const contentType = req.headers['content-type'];
      if (body.length > 0 || contentType !== undefined) {
        if (!isJson(contentType)) {
          return problem(
            415,
            'unsupported-media-type',
            '不支持的媒体类型 Unsupported Media Type',
            `A body here must be JSON, sent with content-type: application/json (got ${contentType ?? 'none'}).`,
            [{ field: 'header.content-type', reason: 'must be application/json' }],
          );
        }
      }
    }
    if (url.pathname === '/_local/clock') {
      return { status: 200, body: { now: toShanghaiIso(options.clock.now()), mode: options.clock.mode } };
    }
    if (url.pathname === '/_local/clock/advance') return advance(body, options.clock, options.work);
    return events(url, options.bus);
  };
}

const PROBLEM = { 'content-type': 'application/problem+json; charset=utf-8' };

async function consoleAnswer(
  req: IncomingMessage,
  url: URL,
  stepFunctions: ExecutionSource | undefined,
): Promise<LocalAnswer> {
  const method = (req.method ?? 'GET').toUpperCase();
  const known = CONSOLE_PATHS.some((path) => new RegExp(`^${path.replace('{name}', '[^/]+')}$`).test(url.pathname));
  if (!known || !stepFunctions)
    return problem(
      404,
      'not-found',
      '未找到 Not Found',
      `No console route ${url.pathname}; there are ${CONSOLE_PATHS.join(', ')}.`,
    );
  if (method !== 'GET' && method !== 'HEAD')
    return {
      ...problem(
        405,
        'method-not-allowed',
        '方法不允许 Method Not Allowed',
        `${method} is not allowed on ${url.pathname}: the console only reads.`,
      ),
      headers: { ...PROBLEM, allow: 'GET' },
    };
  const answer = await consoleRoute(stepFunctions, url);
  return (
    answer ??
    problem(
      404,
      'not-found',
      '未找到 Not Found',
      `No console route ${url.pathname}; there are ${CONSOLE_PATHS.join(', ')}.`,
    )
  );
}

/** Refused unless the request comes from the runtime's own origin (a web page elsewhere could otherwise ask). */
function originGuard(req: IncomingMessage): LocalAnswer | undefined {
  // Browsers say where a request comes from: `Origin` on every cross-origin request (and on same-origin POSTs),
  // `Sec-Fetch-Site` on every request. The runtime's own origin is the one the request was addressed to.
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') {
    return problem(
      403,
      'cross-site',
      '拒绝跨站请求 Cross-site request refused',
      `The local runtime's controls answer only their own origin (this request is ${site}).`,
      [{ field: 'header.sec-fetch-site', reason: `${site} requests are refused` }],
    );
  }
  const origin = req.headers.origin;
  if (origin !== undefined && !sameOrigin(origin, req.headers.host)) {
    return problem(
      403,
      'cross-origin',
      '拒绝跨源请求 Cross-origin request refused',
      `The local runtime's controls answer only their own origin, not ${origin}.`,
      [{ field: 'header.origin', reason: `must be http://${req.headers.host ?? 'the runtime'} or absent` }],
    );
  }
  return undefined;
}

function guard(req: IncomingMessage, secret: Buffer): LocalAnswer | undefined {
  return originGuard(req) ?? secretGuard(req, secret);
}

/**
 * The console's guard: its own origin, and either the data folder's secret (curl, scripts) or the bearer token of a
 * signed-in admin (the console's pages), signed with the data folder's key and valid now.
 */
async function consoleGuard(
  req: IncomingMessage,
  secret: Buffer,
  key: Uint8Array | undefined,
): Promise<LocalAnswer | undefined> {
  const origin = originGuard(req);
  if (origin) return origin;
  const given = req.headers[LOCAL_SECRET_HEADER];
  const authorization = req.headers.authorization;
  if ((typeof given === 'string' && given.length > 0) || authorization === undefined || !key)
    return secretGuard(req, secret, ' or an admin’s bearer token (sign in as admin)');
  const token = /^Bearer\s+(\S+)$/i.exec(authorization)?.[1];
  let role: unknown;
  try {
    if (!token) throw new Error('not a bearer token');
    role = (await verifyLocalToken(key, token)).role;
  } catch (error) {
    return problem(
      401,
      'token-invalid',
      '令牌无效 Invalid token',
      `The bearer token is not a valid token of this data folder now (${(error as Error).message}); sign in again.`,
      [{ field: 'header.authorization', reason: 'invalid or expired token' }],
    );
  }
  if (role !== 'admin')
    return problem(
      403,
      'forbidden',
      '无权访问 Forbidden',
      `The execution console is for administrators; this token's role is ${String(role)}.`,
      [{ field: 'header.authorization', reason: 'role must be admin' }],
    );
  return undefined;
}

function secretGuard(req: IncomingMessage, secret: Buffer, orElse = ''): LocalAnswer | undefined {
  const given = req.headers[LOCAL_SECRET_HEADER];
  if (typeof given !== 'string' || given.length === 0) {
    return problem(
      401,
      'secret-required',
      '缺少本地密钥 Local secret required',
      `Send the data folder's local secret in ${LOCAL_SECRET_HEADER}${orElse}; print it with: npm run --silent token -- --local`,
      [{ field: `header.${LOCAL_SECRET_HEADER}`, reason: 'required' }],
    );
  }
  const bytes = Buffer.from(given);
  if (bytes.length !== secret.length || !timingSafeEqual(bytes, secret)) {
    return problem(
      401,
      'secret-mismatch',
      '本地密钥不符 Local secret does not match',
      `${LOCAL_SECRET_HEADER} is not this data folder's local secret (a secret from another data folder, or one deleted and generated again?); print it with: npm run --silent token -- --local`,
      [{ field: `header.${LOCAL_SECRET_HEADER}`, reason: 'does not match' }],
    );
  }
  return undefined;
}

function sameOrigin(origin: string, host: string | undefined): boolean {
  try {
    const url = new URL(origin);
    return url.protocol === 'http:' && host !== undefined && url.host === new URL(`http://${host}`).host;
  } catch {
    return false; // `null` (a sandboxed frame, a file:// page) and anything unreadable
  }
}

function isJson(contentType: string | undefined): boolean {
  const type = contentType?.split(';')[0]?.trim().toLowerCase();
  return type === 'application/json' || (type?.startsWith('application/') === true && type.endsWith('+json'));
}

/** `POST /_local/clock/advance {"seconds": N}`: moves the simulated clock and runs everything due meanwhile. */
async function advance(body: string, clock: LocalClock, work: WorkProbe): Promise<LocalAnswer> {
  if (clock.mode !== 'simulated') {
    return problem(
      409,
      'clock-real',
      '时钟为真实时间 The clock is real',
      'The clock is real; start with `npm start -- --simulated-clock` to move it.',
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return problem(400, 'invalid-body', '请求体无效 Invalid body', 'The body must be JSON: {"seconds": N}.', [
      { field: 'body', reason: body ? 'not valid JSON' : 'required' },
    ]);
  }
  const seconds = (parsed as { seconds?: unknown } | null)?.seconds;
  if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0 || seconds > MAX_ADVANCE_SECONDS) {
    return problem(
      400,
      'invalid-body',
      '请求体无效 Invalid body',
      'seconds must be a number from 0 to 34,560,000 (400 days).',
      [
        {
          field: 'body.seconds',
          reason: seconds === undefined ? 'required' : 'must be a number from 0 to 34560000',
        },
      ],
    );
  }
  const now = await clock.advance(Math.round(seconds * 1000), work);
  return { status: 200, body: { now: toShanghaiIso(now), mode: clock.mode } };
}

/** `GET /_local/events[?caseId=…&limit=…]`: what was put on the event bus (in AWS, rules route it to SMS or mail). */
function events(url: URL, bus: LocalEventBus): LocalAnswer {
  const limit = Number(url.searchParams.get('limit') ?? 200);
  if (!Number.isInteger(limit) || limit < 1 || limit > 5000) {
    return problem(400, 'invalid-query', '查询参数无效 Invalid query', 'limit must be a whole number from 1 to 5000.', [
      { field: 'query.limit', reason: 'must be from 1 to 5000' },
    ]);
  }
  const caseId = url.searchParams.get('caseId') ?? undefined;
  return { status: 200, body: { events: bus.events({ ...(caseId ? { caseId } : {}), limit }) } };
}

function problem(
  status: number,
  slug: string,
  title: string,
  detail: string,
  errors: readonly FieldError[] = [],
): LocalAnswer {
  return {
    status,
    headers: PROBLEM,
    body: {
      type: `urn:xiaoneng:problem:local-${slug}`,
      title,
      status,
      detail,
      ...(errors.length ? { errors } : {}),
    },
  };
}
