import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type JWTPayload, jwtVerify, SignJWT } from 'jose';

/**
 * Local identity: HS256 tokens signed with a random key generated once per data folder (never committed).
 * The local HTTP server checks them the way API Gateway's JWT authorizer checks Cognito's: signature, issuer,
 * audience, expiry — and hands the claims to the handlers in the same place.
 */
export const LOCAL_ISSUER = 'urn:xiaoneng:local';
export const LOCAL_AUDIENCE = 'xiaoneng-local';

export function localKey(dataDir: string): Uint8Array {
  return new Uint8Array(Buffer.from(secretIn(dataDir, 'local-jwt-key'), 'base64'));
}

/**
 * The secret `/_local/*` (the simulated clock, the event bus's record) asks for in `x-local-secret`: whoever can read
 * the data folder is the runtime's user. A separate secret, not a token: it must not expire when the simulated clock
 * is moved past a token's `exp`, and it grants nothing on the API. `npm run --silent token -- --local` prints it.
 */
export const LOCAL_SECRET_HEADER = 'x-local-secret';

export function localSecret(dataDir: string): string {
  return secretIn(dataDir, 'local-secret');
}

/** A random secret generated once per data folder (never committed), readable by its owner only. */
function secretIn(dataDir: string, name: string): string {
  const file = join(dataDir, name);
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, randomBytes(32).toString('base64'), { mode: 0o600 });
    // Two processes creating it at once: rename is atomic, the last one wins, and both then read the winner.
    renameSync(tmp, file);
  }
  return readFileSync(file, 'utf8').trim();
}

export interface TokenRequest {
  readonly role: string;
  readonly sub: string;
  readonly department?: string;
  readonly name?: string;
  /** A representative's kind (the `kind` claim: NPC_DEPUTY, CPPCC_MEMBER, ENTERPRISE, CITIZEN). */
  readonly kind?: string;
  /** Lifetime in seconds from now (negative for an already expired token). */
  readonly expiresInSeconds: number;
}

export async function signLocalToken(
  key: Uint8Array,
  request: TokenRequest,
  nowSeconds = Math.floor(Date.now() / 1000),
): Promise<string> {
  return new SignJWT({
    role: request.role,
    ...(request.department ? { department: request.department } : {}),
    ...(request.name ? { name: request.name } : {}),
    ...(request.kind ? { kind: request.kind } : {}),
  })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(request.sub)
    .setIssuer(LOCAL_ISSUER)
    .setAudience(LOCAL_AUDIENCE)
    .setIssuedAt(nowSeconds)
    .setExpirationTime(nowSeconds + request.expiresInSeconds)
    .sign(key);
}

/** Verifies a bearer token; throws with a reason when it is not valid now (the process clock, maybe simulated). */
export async function verifyLocalToken(key: Uint8Array, token: string): Promise<JWTPayload> {
  const { payload } = await jwtVerify(token, key, {
    issuer: LOCAL_ISSUER,
    audience: LOCAL_AUDIENCE,
    algorithms: ['HS256'],
  });
  return payload;
}
