import { describe } from 'vitest';
import { spinAvailable, spinPath } from '../../tools/spin.ts';

/**
 * `describe` for the model check (test/model/): without Debian's spin it is skipped, and said so loudly (here and in
 * the summary of test/setup/spin-notice.ts) — unless XIAONENG_REQUIRE_SPIN=1 (`.ci/run` sets it after installing
 * spin), when the missing spin fails the run. SPIN_PATH overrides where it is.
 */
export function describeWithSpin(name: string, body: () => void): void {
  if (spinAvailable || process.env.XIAONENG_REQUIRE_SPIN === '1') {
    describe(name, () => {
      if (!spinAvailable)
        throw new Error(`No spin at ${spinPath}: install it (apt-get install spin) or set SPIN_PATH.`);
      body();
    });
    return;
  }
  console.warn(
    `\n*** MODEL CHECK TESTS SKIPPED: no spin at ${spinPath} (apt-get install spin, or set SPIN_PATH) ***\n`,
  );
  describe.skip(name, body);
}
