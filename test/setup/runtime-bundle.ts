// vitest globalSetup: bundles the local runtime once for the whole test run (local/bundle.ts) and names the bundle
// to the workers, which hand it on to every runtime they start (test/support/runtime.ts): a start then loads one
// file instead of compiling the sources again. Set before vitest forks its workers.
import { buildRuntimeBundle, RUNTIME_BUNDLE } from '../../local/bundle.ts';
import { RUNTIME_BUNDLE_VARIABLE } from '../support/runtime.ts';

export default async function setup(): Promise<void> {
  await buildRuntimeBundle(RUNTIME_BUNDLE);
  process.env[RUNTIME_BUNDLE_VARIABLE] = RUNTIME_BUNDLE;
}
