import { isUtf8 } from 'node:buffer';
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { configureTokenVerification } from '../functions/common/auth.ts';
import type { RouteSpec } from '../functions/http/routes.ts';
import { LOCAL_AUDIENCE, LOCAL_ISSUER } from './auth.ts';
import { lambdaContext } from './lambda.ts';
import { isReplayed, replayRequest, utf8TargetRepaired, wasReplayed } from './utf8-target.ts';

export type LambdaHandler = (event: unknown, context: unknown) => Promise<unknown>;

export interface LocalRoute {
  readonly spec: RouteSpec;
  readonly handler: LambdaHandler;
}

/** The local runtime's own routes (`/_local/*`: the simulated clock, the event bus's record); never deployed. */
export type LocalOnlyRoutes = (
  req: IncomingMessage,
  body: string,
  tooLarge: boolean,
) => Promise<{ status: number; body: unknown; headers?: Readonly<Record<string, string>> }>;

const MAX_BODY_BYTES = 1024 * 1024;

function problem(res: ServerResponse, status: number, title: string, detail: string): void {
  send(res, status, { type: 'about:blank', title, status, detail }, 'application/problem+json; charset=utf-8');
}

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  contentType = 'application/json; charset=utf-8',
  headers: Readonly<Record<string, string>> = {},
): void {
  res.writeHead(status, { ...headers, 'content-type': contentType, date: new Date().toUTCString() });
  res.end(JSON.stringify(body));
}

function compile(path: string): { regex: RegExp; names: string[] } {
  const names: string[] = [];
  const pattern = path.replace(/\{(\w+)\}/g, (_, name: string) => {
    names.push(name);
    return '([^/]+)';
  });
  return { regex: new RegExp(`^${pattern}$`), names };
}

/**
 * Serves the route table the way API Gateway's HTTP API does: it matches the route and calls the same handler module
 * the Lambda runs with an API Gateway v2 event. Tokens are checked by the handlers' middleware, as in AWS
 * (functions/common/auth.ts); here with the data folder's key instead of the issuer's JWKS.
 */
export function createApiServer(options: {
  routes: readonly LocalRoute[];
  key: Uint8Array;
  /** Answers every `/_local/*` request (they never reach the route table). */
  localRoutes?: LocalOnlyRoutes;
  /** The web pages: every path outside `/v1/` and `/_local/` (local/site.ts). */
  site?: { serve(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> };
  onError: (error: unknown) => void;
  /**
   * Waited for after a route's handler returned, before its answer is sent (an external DynamoDB endpoint: until the
   * stream records of its writes have been read and handled, local/runtime.ts).
   */
  beforeAnswer?: () => Promise<void>;
}): { server: Server; inFlight: () => number } {
  configureTokenVerification({ issuer: LOCAL_ISSUER, audience: [LOCAL_AUDIENCE], key: options.key });
  // Literal segments win over parameters (`/v1/catalog/disclosure` before `/v1/catalog/{code}`), as in API Gateway.
  const compiled = options.routes
    .map((route) => ({ route, ...compile(route.spec.path) }))
    .sort((a, b) => a.names.length - b.names.length);
  let active = 0;

  const server = createServer(async (req, res) => {
    // A request replayed with its raw UTF-8 target encoded is the only one its connection carries.
    if (isReplayed(req.socket)) res.setHeader('connection', 'close');
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) tooLarge = true;
      else chunks.push(chunk);
    });
    await new Promise<void>((resolve) => req.on('end', () => resolve()));
    const bytes = Buffer.concat(chunks);
    const rawBody = bytes.toString('utf8');
    // Bytes that are not UTF-8 travel base64-encoded, as API Gateway sends a body it cannot pass as text; the
    // middleware then refuses them instead of storing replacement characters.
    const utf8 = isUtf8(bytes);
    const method = (req.method ?? 'GET').toUpperCase();
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://localhost');
    } catch {
      return problem(res, 400, '请求无效 Bad Request', 'The request target is not a valid URL path.');
    }
    try {
      if (url.pathname.startsWith('/_local/') && options.localRoutes) {
        const answer = await options.localRoutes(req, rawBody, tooLarge);
        return send(res, answer.status, answer.body, answer.headers?.['content-type'], answer.headers);
      }
      if (options.site && !url.pathname.startsWith('/v1/') && url.pathname !== '/v1')
        return await options.site.serve(req, res, url);
      if (tooLarge)
        return problem(res, 413, '请求体过大 Payload Too Large', `The body exceeds ${MAX_BODY_BYTES} bytes.`);
      const candidates = compiled.filter((c) => c.regex.test(url.pathname));
      if (candidates.length === 0) return problem(res, 404, '未找到 Not Found', `No route for ${url.pathname}.`);
      const match = candidates.find((c) => c.route.spec.method === method);
      if (!match) {
        const allow = [...new Set(candidates.map((c) => c.route.spec.method))].join(', ');
        res.setHeader('allow', allow);
        return problem(
          res,
          405,
          '方法不允许 Method Not Allowed',
          `${method} is not allowed on ${url.pathname} (allowed: ${allow}).`,
        );
      }
      active++;
      try {
        await serve(match, method, url, req, utf8 ? rawBody : bytes.toString('base64'), !utf8, res);
      } finally {
        active--;
      }
    } catch (error) {
      options.onError(error);
      if (!res.headersSent)
        problem(res, 500, '系统错误 Internal Server Error', 'The local runtime failed to serve this request.');
    }
  });

  async function serve(
    match: (typeof compiled)[number],
    method: string,
    url: URL,
    req: IncomingMessage,
    rawBody: string,
    base64: boolean,
    res: ServerResponse,
  ): Promise<void> {
    const { route } = match;
    const pathParameters: Record<string, string> = {};
    const values = match.regex.exec(url.pathname)?.slice(1) ?? [];
    for (const [i, name] of match.names.entries()) {
      try {
        pathParameters[name] = decodeURIComponent(values[i] ?? '');
      } catch {
        return problem(res, 400, '请求无效 Bad Request', `The path parameter ${name} is not valid percent-encoding.`);
      }
    }
    const query: Record<string, string> = {};
    for (const [k, v] of url.searchParams) query[k] = k in query ? `${query[k]},${v}` : v;
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers[k] = v;
    const nowMs = Date.now();
    const event = {
      version: '2.0',
      routeKey: `${route.spec.method} ${route.spec.path}`,
      rawPath: url.pathname,
      rawQueryString: url.search.slice(1),
      headers,
      ...(Object.keys(query).length ? { queryStringParameters: query } : {}),
      ...(Object.keys(pathParameters).length ? { pathParameters } : {}),
      requestContext: {
        accountId: '000000000000',
        apiId: 'local',
        domainName: req.headers.host ?? 'localhost',
        domainPrefix: 'local',
        http: {
          method,
          path: url.pathname,
          protocol: 'HTTP/1.1',
          sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
          userAgent: req.headers['user-agent'] ?? '',
        },
        requestId: randomUUID(),
        routeKey: `${route.spec.method} ${route.spec.path}`,
        stage: '$default',
        time: new Date(nowMs).toUTCString(),
        timeEpoch: nowMs,
      },
      ...(rawBody ? { body: rawBody } : {}),
      isBase64Encoded: base64,
    };
    const result = (await match.route.handler(
      event,
      lambdaContext(route.spec.function),
    )) as APIGatewayProxyStructuredResultV2;
    await options.beforeAnswer?.();
    res.writeHead(result.statusCode ?? 200, {
      ...(result.headers as Record<string, string>),
      date: new Date().toUTCString(),
    });
    res.end(result.body ?? '');
  }

  // A request Node's parser refuses never reaches the handler above: Node would answer a bare 400 and close. Say why,
  // as API Gateway's problem+json would (raw UTF-8 or spaces in the target are the usual cause: curl sends `?q=营业`
  // as is unless told to encode it).
  server.on('clientError', (error: NodeJS.ErrnoException & { rawPacket?: Buffer }, socket) => {
    if (wasReplayed(socket as Socket)) return; // its request is being answered (local/utf8-target.ts)
    const repaired = error.code === 'HPE_INVALID_URL' ? utf8TargetRepaired(error.rawPacket) : undefined;
    if (repaired && socket.writable) {
      replayRequest(server, socket as Socket, repaired);
      return;
    }
    if (!socket.writable || (error.code !== 'HPE_INVALID_URL' && error.code !== 'HPE_INVALID_METHOD')) {
      socket.destroy();
      return;
    }
    const detail =
      error.code === 'HPE_INVALID_URL'
        ? 'The request target holds characters that must be percent-encoded (non-ASCII text or spaces, e.g. in ?q=). With curl: curl -G --data-urlencode "q=营业执照" …'
        : 'The request method is not a valid HTTP method.';
    const body = JSON.stringify({ type: 'about:blank', title: '请求无效 Bad Request', status: 400, detail });
    socket.end(
      `HTTP/1.1 400 Bad Request\r\ncontent-type: application/problem+json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
    );
  });

  // Never close an idle kept-alive connection: leave that to the client. Node closes one after keepAliveTimeout
  // (5 s advertised, 6 s in fact) of REAL time, checked in the event loop's timers phase — which runs BEFORE the poll
  // phase reads what arrived meanwhile. A client may reuse the connection until the advertised time less its margin
  // (fetch/undici: 3 s; http.Agent: 4 s); when this process gets no CPU for longer than the gap (a loaded machine, a
  // clock advance firing thousands of timers), the request the client sent in time sits unread in the socket when the
  // timer destroys it, and the kernel answers it with a reset: `fetch failed`, ECONNRESET (test/e2e/keep-alive.test.ts
  // stops this process mid-gap to show it). The simulated clock plays no part: sockets' timers are Node's internal
  // ones, on real time. The internal servers (dynalite, Step Functions, the event bus) do the same, for the same race.
  server.keepAliveTimeout = 0;
  return { server, inFlight: () => active };
}
