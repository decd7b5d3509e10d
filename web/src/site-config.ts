/**
 * What the site and the servers that serve it agree on, in one file with no imports and nothing of the DOM or Node, so
 * the pages (web/src), the build (lib/site-build.ts) and the local runtime (local/site.ts) all compile it.
 */

/**
 * What the pages read at start from `/config.json`: where the API is and how people sign in. Locally the runtime's
 * own sign-in page; in AWS the Cognito hosted UI (authorization code with PKCE).
 */
export type SiteConfig =
  | {
      readonly apiBase: string;
      readonly auth: { readonly mode: 'local' };
      /** `simulated`: the runtime's clock stands still between moves, so the pages' countdowns must too. */
      readonly clock?: 'simulated';
    }
  | {
      readonly apiBase: string;
      readonly auth: {
        readonly mode: 'cognito';
        /** `https://<prefix>.auth.<region>.amazoncognito.com` */
        readonly domain: string;
        readonly clientId: string;
        /** The issuer the tokens name (`https://cognito-idp.<region>.amazonaws.com/<poolId>`). */
        readonly issuer: string;
      };
    };

/** Where each role lands after signing in (the pages' own routes): the local sign-in's redirect and the pages'. */
export const ROLE_HOMES = {
  applicant: '/my',
  clerk: '/staff',
  reviewer: '/staff',
  head: '/staff',
  supervisor: '/supervision',
  admin: '/console',
  // The year-end appraisal's rating form (docs/supervision.md).
  representative: '/appraisal/rate',
} as const;

/**
 * `next` after signing in, if it is a path of this site; otherwise undefined (the role's home is used). A browser
 * reads `\` as `/` and drops tabs and newlines anywhere in a URL, so `/\evil.example` and `/<tab>/evil.example` are
 * protocol-relative URLs to another host: only `/` followed by something other than `/` or `\`, with no backslash,
 * whitespace or control character anywhere, is taken, and it must resolve to the same origin as a last guard.
 */
export function sitePath(next: string | null | undefined): string | undefined {
  if (!next?.startsWith('/') || next.startsWith('//')) return undefined;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
  if (/[\\\s\u0000-\u001f\u007f]/.test(next)) return undefined;
  const base = 'https://site.invalid';
  try {
    const url = new URL(next, base);
    return url.origin === base ? next : undefined;
  } catch {
    return undefined;
  }
}
