import type { SiteConfig } from '../config.ts';

type CognitoAuth = Extract<SiteConfig['auth'], { mode: 'cognito' }>;

/** Sends the browser to the Cognito hosted UI (authorization code with PKCE). */
export async function startCognitoSignIn(_auth: CognitoAuth, _next: string): Promise<void> {
  throw new Error('Cognito sign-in is not built yet');
}

/** Finishes a Cognito sign-in on `/signed-in?code=…`: the token, and where to go. */
export async function finishCognitoSignIn(_auth: CognitoAuth, _url: URL): Promise<{ token: string; next: string }> {
  throw new Error('Cognito sign-in is not built yet');
}
