// vitest globalSetup: a run without spin skips the model check tests (test/support/spin.ts); say so at the very end
// of the run, where nobody scrolls past it.
import { spinAvailable, spinPath } from '../../tools/spin.ts';

export default function setup(): () => void {
  return () => {
    if (spinAvailable) return;
    console.warn(
      `\n${'!'.repeat(100)}\n!!! The model check tests (test/model/) were SKIPPED: no spin at ${spinPath}.\n` +
        '!!! Install it as root: apt-get update && apt-get install -y spin gcc   (or set SPIN_PATH).\n' +
        `!!! .ci/run installs it and fails without it.\n${'!'.repeat(100)}\n`,
    );
  };
}
