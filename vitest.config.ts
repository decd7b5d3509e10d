import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/setup/each-file.ts'],
    globalSetup: ['test/setup/leftovers.ts', 'test/setup/browser-notice.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Two files at once on the 2-core CI machine (vitest's default is cores − 1 = 1): an end-to-end file waits on its
    // runtime child most of the time, so a second worker uses the idle core — 592 s → 396 s for the suite.
    maxWorkers: 2,
  },
});
