// vitest globalSetup: a run without a browser skips the browser tests (test/support/browser.ts); say so at the very
// end of the run, where nobody scrolls past it.
import { browserAvailable, chromiumPath } from '../support/browser.ts';

export default function setup(): () => void {
  return () => {
    if (browserAvailable) return;
    console.warn(
      `\n${'!'.repeat(100)}\n!!! The browser tests (test/browser/) were SKIPPED: no Chromium at ${chromiumPath}.\n` +
        '!!! Install it as root: apt-get update && apt-get install -y chromium   (or set CHROMIUM_PATH).\n' +
        `!!! .ci/run installs it and fails without it.\n${'!'.repeat(100)}\n`,
    );
  };
}
