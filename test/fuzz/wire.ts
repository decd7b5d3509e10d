import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import { SignJWT } from 'jose';
import { LOCAL_AUDIENCE, LOCAL_ISSUER, localKey } from '../../local/auth.ts';
import type { RuntimeProcess } from '../support/runtime.ts';

/**
 * Putting fuzz requests on the wire: tokens (signed on demand, remembered with the claims the runtime will see),
 * `fetch` for ordinary requests, a raw socket for request targets `fetch` would normalise away.
 */

/** The `Authorization` a request carries. */
export type TokenSpec =
  | { readonly kind: 'none' }
  /** A literal header value that is no valid token (garbage, other schemes, two tokens …). */
  | { readonly kind: 'literal'; readonly value: string }
  /** A token as `npm run token` makes it, possibly flawed so the authorizer must reject it. */
  | {
      readonly kind: 'signed';
      readonly role: string;
      readonly department?: string;
      readonly sub: string;
      readonly scheme: string;
      readonly flaw?:
        | 'expired'
        | 'other-key'
        | 'tampered'
        | 'alg-none'
        | 'wrong-issuer'
        | 'not-yet-valid'
        | 'no-expiry';
    }
  /** A Cognito-style token: `cognito:groups` and `custom:department` instead of `role` and `department`. */
  | { readonly kind: 'groups'; readonly groups: readonly string[]; readonly department?: string; readonly sub: string };

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

export class Tokens {
  private readonly cache = new Map<string, Promise<string>>();
  private readonly accepted = new Map<string, Record<string, unknown>>();
  private readonly otherKey = new Uint8Array(randomBytes(32));

  /** `nowMs`: the runtime's (simulated) clock, so expiry is judged as the runtime judges it. */
  constructor(
    private readonly runtime: RuntimeProcess,
    private readonly nowMs: number,
  ) {}

  /** Claims of a token the runtime accepts; undefined for anything else. */
  claimsOf = (token: string): Record<string, unknown> | undefined => this.accepted.get(token);

  async header(spec: TokenSpec): Promise<string | undefined> {
    switch (spec.kind) {
      case 'none':
        return undefined;
      case 'literal':
        return spec.value;
      case 'signed':
        return `${spec.scheme} ${await this.sign(spec)}`;
      case 'groups':
        return `Bearer ${await this.sign(spec)}`;
    }
  }

  private sign(spec: Exclude<TokenSpec, { kind: 'none' | 'literal' }>): Promise<string> {
    const id = JSON.stringify({ ...spec, scheme: undefined });
    let token = this.cache.get(id);
    if (!token) {
      token = this.make(spec);
      this.cache.set(id, token);
    }
    return token;
  }

  private async make(spec: Exclude<TokenSpec, { kind: 'none' | 'literal' }>): Promise<string> {
    const now = Math.floor(this.nowMs / 1000);
    if (spec.kind === 'groups') {
      const claims = {
        'cognito:groups': [...spec.groups],
        ...(spec.department ? { 'custom:department': spec.department } : {}),
      };
      const token = await new SignJWT(claims)
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setSubject(spec.sub)
        .setIssuer(LOCAL_ISSUER)
        .setAudience(LOCAL_AUDIENCE)
        .setIssuedAt(now)
        .setExpirationTime(now + 3600)
        .sign(localKey(this.runtime.dataDir));
      return this.remember(token);
    }
    const options = { sub: spec.sub, ...(spec.department ? { department: spec.department } : {}) };
    switch (spec.flaw) {
      case undefined:
        return this.remember(await this.runtime.token(spec.role, { ...options, issuedAt: this.nowMs }));
      case 'expired':
        return this.runtime.token(spec.role, { ...options, issuedAt: this.nowMs - 7_200_000, expiresInSeconds: 3600 });
      case 'tampered': {
        const token = await this.runtime.token(spec.role, { ...options, issuedAt: this.nowMs });
        const [h, p, s = ''] = token.split('.');
        const i = Math.floor(s.length / 2);
        return `${h}.${p}.${s.slice(0, i)}${s[i] === 'A' ? 'B' : 'A'}${s.slice(i + 1)}`;
      }
      case 'alg-none': {
        const payload = { role: spec.role, sub: spec.sub, iss: LOCAL_ISSUER, aud: LOCAL_AUDIENCE, exp: now + 3600 };
        return `${b64url({ alg: 'none', typ: 'JWT' })}.${b64url(payload)}.`;
      }
      default: {
        const jwt = new SignJWT({ role: spec.role, ...(spec.department ? { department: spec.department } : {}) })
          .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
          .setSubject(spec.sub)
          .setIssuer(spec.flaw === 'wrong-issuer' ? 'urn:evil' : LOCAL_ISSUER)
          .setAudience(LOCAL_AUDIENCE)
          .setIssuedAt(now);
        // Tokens must expire: one without `exp` is refused.
        if (spec.flaw !== 'no-expiry') jwt.setExpirationTime(now + 3600);
        if (spec.flaw === 'not-yet-valid') jwt.setNotBefore(now + 1800);
        return jwt.sign(spec.flaw === 'other-key' ? this.otherKey : localKey(this.runtime.dataDir));
      }
    }
  }

  private remember(token: string): string {
    const [, payload = ''] = token.split('.');
    this.accepted.set(token, JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>);
    return token;
  }
}

// ---------------------------------------------------------------------------------------------------------------

export interface Answer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly text: string;
}

export interface Outgoing {
  readonly method: string;
  readonly target: string;
  readonly headers: readonly (readonly [string, string])[];
  readonly body: Buffer | undefined;
}

/** The request target the server receives for what `fetch` is given (WHATWG URL parsing, fragment dropped). */
export function fetchedTarget(base: string, target: string): string {
  const url = new URL(`${base}${target}`);
  return `${url.pathname}${url.search}`;
}

export async function sendFetch(base: string, out: Outgoing, timeoutMs: number): Promise<Answer> {
  const response = await fetch(`${base}${out.target}`, {
    method: out.method,
    headers: out.headers.map(([k, v]) => [k, v] as [string, string]),
    ...(out.body ? { body: out.body } : {}),
    redirect: 'manual',
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await response.text();
  return { status: response.status, headers: Object.fromEntries(response.headers), text };
}

/** A request written byte for byte (the target is not normalised), `Connection: close`, the answer read whole. */
export function sendRaw(port: number, out: Outgoing, timeoutMs: number): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.setTimeout(timeoutMs, () => socket.destroy(new Error(`no answer in ${timeoutMs} ms`)));
    socket.on('data', (d: Buffer) => chunks.push(d));
    socket.on('error', reject);
    socket.on('close', () => {
      try {
        resolve(parseResponse(Buffer.concat(chunks)));
      } catch (error) {
        reject(error);
      }
    });
    const lines = [
      `${out.method} ${out.target} HTTP/1.1`,
      `host: 127.0.0.1:${port}`,
      'connection: close',
      ...out.headers.map(([k, v]) => `${k}: ${v}`),
      ...(out.body ? [`content-length: ${out.body.length}`] : []),
    ];
    socket.write(Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'));
    if (out.body) socket.write(out.body);
  });
}

function parseResponse(bytes: Buffer): Answer {
  const end = bytes.indexOf('\r\n\r\n');
  if (end < 0) throw new Error(`no HTTP answer: ${JSON.stringify(bytes.toString('latin1').slice(0, 200))}`);
  const [statusLine = '', ...headerLines] = bytes.subarray(0, end).toString('latin1').split('\r\n');
  const status = Number(statusLine.split(' ')[1]);
  const headers: Record<string, string> = {};
  for (const line of headerLines) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  let body = bytes.subarray(end + 4);
  if (headers['transfer-encoding']?.toLowerCase() === 'chunked') {
    const parts: Buffer[] = [];
    let at = 0;
    for (;;) {
      const lineEnd = body.indexOf('\r\n', at);
      const size = Number.parseInt(body.subarray(at, lineEnd).toString('latin1'), 16);
      if (!size) break;
      parts.push(body.subarray(lineEnd + 2, lineEnd + 2 + size));
      at = lineEnd + 2 + size + 2;
    }
    body = Buffer.concat(parts);
  }
  return { status, headers, text: body.toString('utf8') };
}
