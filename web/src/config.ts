/** What `/config.json` says (lib/site-build.ts SiteConfig): where the API is and how people sign in. */
export type SiteConfig =
  | { readonly apiBase: string; readonly auth: { readonly mode: 'local' }; readonly clock?: 'simulated' }
  | {
      readonly apiBase: string;
      readonly auth: {
        readonly mode: 'cognito';
        readonly domain: string;
        readonly clientId: string;
        readonly issuer: string;
      };
    };

let loaded: SiteConfig = { apiBase: '', auth: { mode: 'local' } };

export async function loadConfig(): Promise<SiteConfig> {
  const response = await fetch('/config.json', { cache: 'no-cache' });
  if (response.ok) loaded = (await response.json()) as SiteConfig;
  return loaded;
}

export function config(): SiteConfig {
  return loaded;
}
