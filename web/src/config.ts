import type { SiteConfig } from './site-config.ts';

export type { SiteConfig };

let loaded: SiteConfig = { apiBase: '', auth: { mode: 'local' } };

export async function loadConfig(): Promise<SiteConfig> {
  const response = await fetch('/config.json', { cache: 'no-cache' });
  if (response.ok) loaded = (await response.json()) as SiteConfig;
  return loaded;
}

export function config(): SiteConfig {
  return loaded;
}
