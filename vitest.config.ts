import { defineConfig } from 'vitest/config';
import LongestFirst from './test/setup/sequencer.ts';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/setup/each-file.ts'],
    globalSetup: [
      'test/setup/leftovers.ts',
      'test/setup/browser-notice.ts',
      'test/setup/spin-notice.ts',
      'test/setup/runtime-bundle.ts',
    ],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Test files share their worker's module cache instead of importing the AWS SDK, aws-cdk-lib and our code afresh
    // for every file: measured on the 2-core machine, the unit files took 188 CPU-s isolated and 90 shared, the
    // end-to-end and browser files 516 and 455. What a file changes must not outlive it: every runtime, browser,
    // fake timer and temporary folder is owned by the file that made it and ended in its afterAll.
    isolate: false,
    // Two files at once on the 2-core CI machine (vitest's default is cores − 1 = 1): an end-to-end file waits on its
    // runtime child most of the time, so a second worker uses the idle core — 592 s → 396 s for the suite. A third was
    // tried on 2026-12-05 (one file alone keeps about 0.8 of a core busy): beside other work on the machine the
    // simulated-clock stories then ran two to three times slower than with two and ran past their timeouts
    // (grievances' appeal story at 180 s, the evaluation's 01:00 boundary at 60 s), for no gain that could be shown.
    maxWorkers: 2,
    // Longest files first (the crash test at once), so the two workers finish together: test/setup/sequencer.ts.
    sequence: { sequencer: LongestFirst },
  },
});
