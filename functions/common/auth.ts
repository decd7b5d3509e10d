import { webcrypto } from 'node:crypto';
import { createRemoteJWKSet, errors, type JWTPayload, type JWTVerifyGetKey, jwtVerify } from 'jose';
import { toShanghaiIso } from '../domain/time.ts';
import { now } from './clock.ts';

/**
 * Bearer tokens are verified here, in the function, not by API Gateway's JWT authorizer: the authorizer's refusal is
 * a bare `{"message":"Unauthorized"}` that cannot be changed, and every error of this API is problem+json saying
 * what is wrong (no token, expired, signed by another key, issued for another API). One code path for AWS and the
 * local runtime: only where the key comes from differs.
 */
export interface TokenVerification {
  /** The `iss` every token must carry (Cognito: `https://cognito-idp.<region>.amazonaws.com/<pool id>`). */
  readonly issuer: string;
  /** The audiences accepted (`aud`; Cognito ID tokens: the app client ids). */
  readonly audience: readonly string[];
  /** A JWKS URL (Cognito's or your own issuer's; RS256/ES256) or a shared secret (the local runtime's HS256 key). */
  readonly key: URL | Uint8Array;
}

/** What the Authorization header amounts to. */
export type Authentication =
  | { readonly kind: 'none' }
  | { readonly kind: 'valid'; readonly claims: JWTPayload }
  | { readonly kind: 'invalid'; readonly reason: string };

interface Verifier {
  readonly verification: TokenVerification;
  readonly key: Promise<webcrypto.CryptoKey> | JWTVerifyGetKey;
  readonly algorithms: string[];
}

let verifier: Verifier | undefined;

/** Sets how tokens are verified (the local runtime calls it with its key; Lambda reads the environment). */
export function configureTokenVerification(verification: TokenVerification): void {
  const shared = verification.key instanceof Uint8Array;
  const key = shared
    ? webcrypto.subtle.importKey('raw', verification.key as Uint8Array, { name: 'HMAC', hash: 'SHA-256' }, false, [
        'verify',
      ])
    : undefined;
  // A key that cannot be imported is a configuration error, raised where a token is verified (below), not an
  // unhandled rejection while no request has come yet.
  key?.catch(() => undefined);
  verifier = {
    verification,
    // A JWKS is fetched once per warm Lambda and cached by jose (refetched when an unknown `kid` appears). A shared
    // secret is imported once: given as bytes, jose imports it on every verification (116 µs of CPU per token
    // against 50 with the key imported once, measured).
    key: key ?? createRemoteJWKSet(verification.key as URL),
    algorithms: shared ? ['HS256'] : ['RS256', 'ES256'],
  };
}

function fromEnvironment(): Verifier | undefined {
  const issuer = process.env.JWT_ISSUER;
  const audience = process.env.JWT_AUDIENCE;
  const jwks = process.env.JWT_JWKS_URL;
  if (!issuer || !audience || !jwks) return undefined;
  configureTokenVerification({
    issuer,
    audience: audience
      .split(',')
      .map((a) => a.trim())
      .filter(Boolean),
    key: new URL(jwks),
  });
  return verifier;
}

/** Where the token tooling is, for the hints of the local runtime's refusals. */
const NEW_TOKEN_HINT = 'Get a new one (locally: npm run --silent token -- --role <role> …).';

/**
 * Reads and verifies `Authorization: Bearer <JWT>`: signature, issuer, audience, expiry (required) and not-before,
 * against the one clock (so a simulated clock ages tokens too).
 */
export async function authenticate(header: string | undefined): Promise<Authentication> {
  if (header === undefined || header.trim() === '') return { kind: 'none' };
  const token = /^Bearer[ \t]+([^\s]+)[ \t]*$/i.exec(header)?.[1];
  if (!token)
    return {
      kind: 'invalid',
      reason: 'Authorization 请求头须为 "Bearer <令牌>" 格式 The Authorization header must read "Bearer <token>".',
    };
  const active = verifier ?? fromEnvironment();
  if (!active) throw new Error('token verification is not configured (JWT_ISSUER, JWT_AUDIENCE, JWT_JWKS_URL)');
  const { issuer, audience } = active.verification;
  // Outside the try: a shared key that cannot be imported is the server's fault (500), not the token's.
  const key = typeof active.key === 'function' ? active.key : await active.key;
  try {
    const options = {
      issuer,
      audience: [...audience],
      algorithms: active.algorithms,
      requiredClaims: ['exp'],
      currentDate: now(),
    };
    // Two calls: jwtVerify's overloads take a key or a key getter, not the union of them.
    const { payload } =
      typeof key === 'function' ? await jwtVerify(token, key, options) : await jwtVerify(token, key, options);
    return { kind: 'valid', claims: payload };
  } catch (error) {
    return { kind: 'invalid', reason: reasonOf(error, issuer) };
  }
}

function reasonOf(error: unknown, issuer: string): string {
  if (error instanceof errors.JWTExpired) {
    const exp = error.payload.exp;
    const when = typeof exp === 'number' ? ` at ${toShanghaiIso(new Date(exp * 1000))}` : '';
    return `令牌已过期，请重新获取 The token expired${when}. ${NEW_TOKEN_HINT}`;
  }
  if (error instanceof errors.JWSSignatureVerificationFailed || error instanceof errors.JWKSNoMatchingKey) {
    return `令牌不是由本系统的密钥签发的，请重新获取 The token is signed by another key than this API's (locally: a token made before the data folder was deleted or moved). ${NEW_TOKEN_HINT}`;
  }
  if (error instanceof errors.JWTClaimValidationFailed) {
    switch (error.claim) {
      case 'exp':
        return `令牌未设有效期（exp），令牌必须有有效期，请重新获取 The token has no expiry (exp): tokens must expire. ${NEW_TOKEN_HINT}`;
      case 'iss':
        return `令牌不是由本系统的签发方签发的 The token was issued by ${JSON.stringify(error.payload.iss ?? null)}, not by this API's issuer ${issuer}.`;
      case 'aud':
        return '令牌的受众（aud）不是本系统 The token was issued for another audience (aud) than this API.';
      case 'nbf':
        return '令牌尚未生效（nbf 在将来） The token is not valid yet (nbf is in the future).';
      case 'iat':
        return '令牌的签发时间（iat）在将来 The token was issued in the future (iat).';
      default:
        return `令牌的声明 ${error.claim} 不可接受 The token's claim ${error.claim} is not acceptable: ${error.reason}.`;
    }
  }
  if (error instanceof errors.JOSEAlgNotAllowed)
    return '令牌的签名算法不被本系统接受 The token is signed with an algorithm this API does not accept.';
  if (
    !(error instanceof errors.JOSEError) ||
    error instanceof errors.JWKSTimeout ||
    error instanceof errors.JWKSInvalid
  ) {
    // Our side (the issuer's keys could not be fetched or read), not the caller's: a 5xx, never a false 401.
    throw error;
  }
  return '令牌不是格式正确的签名 JWT The token is not a well-formed signed JWT.';
}
