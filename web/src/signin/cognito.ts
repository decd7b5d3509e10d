import type { SiteConfig } from '../config.ts';
import { sitePath } from '../site-config.ts';

type CognitoAuth = Extract<SiteConfig['auth'], { mode: 'cognito' }>;

/**
 * The browser half of the Cognito sign-in: the OAuth 2.0 authorization code grant with PKCE (RFC 7636, S256) against
 * the user pool's hosted UI, with the Web Crypto API — no library, no client secret (the pages cannot keep one).
 *
 * `startCognitoSignIn` keeps a fresh `state` and code verifier in sessionStorage (this tab only) and sends the browser
 * to `/oauth2/authorize`; Cognito sends it back to `/signed-in?code=…&state=…`, where `finishCognitoSignIn` checks
 * the state (a code this tab did not ask for is refused: login CSRF), spends the stored verifier once and exchanges
 * the code at `/oauth2/token`. It returns the ID token: the API checks `aud` (the app client's id), which Cognito's
 * access tokens do not carry, and reads `cognito:groups` and `custom:department` from it (functions/common/auth.ts).
 */

/** Where the pending sign-ins of this tab are kept, by state: `{ [state]: { verifier, next } }`. */
export const PENDING_KEY = 'xiaoneng.cognito.pending';
export const SCOPES = 'openid email profile';

interface Pending {
  readonly verifier: string;
  readonly next: string;
}

function base64url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** 32 random bytes → 43 characters of base64url: the verifier RFC 7636 asks for (43–128 unreserved characters). */
function randomToken(bytes = 32): string {
  return base64url(crypto.getRandomValues(new Uint8Array(bytes)));
}

/** `BASE64URL(SHA256(ASCII(verifier)))`: the S256 code challenge. */
export async function codeChallenge(verifier: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64url(new Uint8Array(digest));
}

function readPending(): Record<string, Pending> {
  try {
    const value = JSON.parse(sessionStorage.getItem(PENDING_KEY) ?? '{}') as unknown;
    return value && typeof value === 'object' ? (value as Record<string, Pending>) : {};
  } catch {
    return {};
  }
}

function writePending(pending: Record<string, Pending>): void {
  if (Object.keys(pending).length === 0) sessionStorage.removeItem(PENDING_KEY);
  else sessionStorage.setItem(PENDING_KEY, JSON.stringify(pending));
}

/** The redirect URI registered on the app client (lib/constructs/user-directory.ts): this site's `/signed-in`. */
export function redirectUri(origin: string = window.location.origin): string {
  return `${origin}/signed-in`;
}

/** The authorize URL for one sign-in (exported for the test). */
export function authorizeUrl(auth: CognitoAuth, state: string, challenge: string, origin?: string): string {
  const params = new URLSearchParams({
    response_type: 'code',
    client_id: auth.clientId,
    redirect_uri: redirectUri(origin),
    scope: SCOPES,
    state,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  });
  return `${auth.domain.replace(/\/+$/, '')}/oauth2/authorize?${params}`;
}

/** Sends the browser to the Cognito hosted UI (authorization code with PKCE). */
export async function startCognitoSignIn(auth: CognitoAuth, next: string): Promise<void> {
  const state = randomToken(16);
  const verifier = randomToken(32);
  // Several sign-ins may be started in one tab (back, sign in again): each keeps its own verifier, by state.
  writePending({ ...readPending(), [state]: { verifier, next: safeNext(next) } });
  window.location.assign(authorizeUrl(auth, state, await codeChallenge(verifier)));
}

/** Only a path of this site: never an absolute or protocol-relative URL (an open redirect); see sitePath. */
function safeNext(next: string): string {
  return sitePath(next) ?? '';
}

/** One exchange per code, however often the page asks (React may run an effect twice in development). */
const exchanges = new Map<string, Promise<{ token: string; next: string }>>();

/** Finishes a Cognito sign-in on `/signed-in?code=…`: the token, and where to go. */
export function finishCognitoSignIn(auth: CognitoAuth, url: URL): Promise<{ token: string; next: string }> {
  const refused = url.searchParams.get('error');
  if (refused) {
    const description = url.searchParams.get('error_description');
    return Promise.reject(
      new Error(`Cognito refused the sign-in: ${refused}${description ? ` (${description})` : ''}`),
    );
  }
  const code = url.searchParams.get('code');
  const state = url.searchParams.get('state');
  if (!code || !state) return Promise.reject(new Error('The sign-in answer has no code or no state.'));
  const key = `${state} ${code}`;
  let exchange = exchanges.get(key);
  if (!exchange) {
    exchange = exchangeCode(auth, code, state, url.origin);
    exchanges.set(key, exchange);
  }
  return exchange;
}

async function exchangeCode(
  auth: CognitoAuth,
  code: string,
  state: string,
  origin: string,
): Promise<{ token: string; next: string }> {
  const pending = readPending();
  const mine = pending[state];
  if (!mine) {
    throw new Error('This sign-in was not started in this tab (unknown state): please sign in again.');
  }
  // The verifier is spent whatever happens next: a code is good for one exchange only.
  delete pending[state];
  writePending(pending);

  const response = await fetch(`${auth.domain.replace(/\/+$/, '')}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirectUri(origin),
      client_id: auth.clientId,
      code_verifier: mine.verifier,
    }),
  });
  const answer = (await response.json().catch(() => ({}))) as { id_token?: unknown; error?: unknown };
  if (!response.ok) {
    throw new Error(`The code could not be exchanged for a token: ${String(answer.error ?? response.status)}`);
  }
  if (typeof answer.id_token !== 'string') throw new Error('The token endpoint sent no ID token.');
  // The API verifies the signature; here only that the token is the one this site asked for.
  const claims = claimsOf(answer.id_token);
  const audience = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (claims.iss !== auth.issuer || !audience.includes(auth.clientId)) {
    throw new Error('The ID token was issued by another user pool or for another client.');
  }
  return { token: answer.id_token, next: mine.next };
}

function claimsOf(token: string): Record<string, unknown> {
  try {
    const part = (token.split('.')[1] ?? '').replace(/-/g, '+').replace(/_/g, '/');
    const bytes = Uint8Array.from(atob(part), (c) => c.charCodeAt(0));
    return JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
  } catch {
    throw new Error('The ID token could not be read.');
  }
}

/**
 * Cognito's `/logout`: ends the hosted UI's own session (a cookie on the Cognito domain) and comes back to this
 * site's `/` (a logout URL of the app client). Without it the next person at a shared screen who presses "sign in"
 * within the hosted UI's session is signed in as the last one. Call after session.ts `signOut()`.
 */
export function cognitoLogoutUrl(auth: CognitoAuth, origin: string = window.location.origin): string {
  const params = new URLSearchParams({ client_id: auth.clientId, logout_uri: `${origin}/` });
  return `${auth.domain.replace(/\/+$/, '')}/logout?${params}`;
}
