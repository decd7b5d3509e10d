import { describe, expect, it } from 'vitest';
import { sitePath } from '../../web/src/site-config.ts';

// `next` after signing in (local/site.ts's /login, the /signed-in page, the Cognito sign-in): only a path of this
// site. A browser reads `\` as `/` and drops tabs and newlines, so each refused value below would leave the site.

describe('the sign-in next parameter', () => {
  it('keeps a path of this site, with its query and fragment', () => {
    for (const path of ['/', '/track', '/apply/SC-001?x=1#top', '/guide/SC-001/', '/my/cases/XN1?a=//b']) {
      expect(sitePath(path), path).toBe(path);
    }
  });

  it('refuses anything that is not a same-origin path', () => {
    for (const next of [
      null,
      undefined,
      '',
      'track',
      '//example.invalid',
      '/\\example.invalid',
      '\\\\example.invalid',
      '/\\/example.invalid',
      '/\t/example.invalid',
      '/\n/example.invalid',
      '/ /example.invalid',
      '/track\\..\\x',
      'https://example.invalid/',
      'javascript:alert(1)',
      ' /track',
    ]) {
      expect(sitePath(next), JSON.stringify(next)).toBeUndefined();
    }
  });
});
