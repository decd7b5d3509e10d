// vitest globalSetup: bundles the local runtime once for the whole test run (local/bundle.ts) and names the bundle
// to the workers, which hand it on to every runtime they start (test/support/runtime.ts): a start then loads one
// file instead of compiling the sources again. Set before vitest forks its workers. The web site is built once too,
// into a folder of this run's, which every runtime serves its pages from (local/site.ts) instead of building it again.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { buildSite, writeSite } from '../../lib/site-build.ts';
import { buildRuntimeBundle, RUNTIME_BUNDLE } from '../../local/bundle.ts';
import { PREBUILT_SITE_VARIABLE } from '../../local/site.ts';
import { RUNTIME_BUNDLE_VARIABLE } from '../support/runtime.ts';

export default async function setup(): Promise<() => void> {
  // Beside the bundle, not in the run's temporary folder (test/setup/leftovers.ts fails a run that leaves anything
  // there); a folder per run, as two runs in one checkout may overlap.
  mkdirSync(dirname(RUNTIME_BUNDLE), { recursive: true });
  const site = mkdtempSync(join(dirname(RUNTIME_BUNDLE), 'site-'));
  const [, files] = await Promise.all([buildRuntimeBundle(RUNTIME_BUNDLE), buildSite()]);
  writeSite(files, site);
  process.env[RUNTIME_BUNDLE_VARIABLE] = RUNTIME_BUNDLE;
  process.env[PREBUILT_SITE_VARIABLE] = site;
  return () => rmSync(site, { recursive: true, force: true });
}
