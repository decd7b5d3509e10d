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
    // Three files at once on the 2-core CI machine (vitest's default is cores − 1 = 1). A file is a pipeline — the test
    // waits on its runtime child, the runtime's main thread on its store thread, a page on the API — so one file keeps
    // about 0.8 of a core busy (staff, approval-clock and pauses one at a time: 136 CPU-s in 171 s), and two leave a
    // good part of the two cores idle; a third fills it. (One worker → two took the suite from 592 s to 396 s.)
    maxWorkers: 3,
    // Longest files first (the crash test at once), so the two workers finish together: test/setup/sequencer.ts.
    sequence: { sequencer: LongestFirst },
  },
});
