import { configDefaults, defineConfig } from 'vitest/config';
import base from './vitest.config.ts';

// `npm run test:dynamodb-local`: the store tests and the end-to-end suite against AWS's own DynamoDB Local (one JVM
// for the run, test/setup/dynamodb-local.ts) instead of dynalite: real concurrency, real transactions, real streams
// (docs/dynamodb-local.md). Left out, each for a reason about dynalite or our emulation of what it lacks, not about
// the system (single tests are skipped in their files on `externalTestDynamo()`, saying why):
const aboutDynalite: string[] = [];

export default defineConfig({
  ...base,
  test: {
    ...base.test,
    include: ['test/store/**/*.test.ts', 'test/e2e/**/*.test.ts'],
    exclude: [...configDefaults.exclude, ...aboutDynalite],
    globalSetup: [...((base.test?.globalSetup as string[] | undefined) ?? []), 'test/setup/dynamodb-local.ts'],
    // A request costs more here than on dynalite (a JVM behind HTTP, the stream read by polling, every advance step
    // waiting for a poll): on the loaded 2-core machine the restart test's three starts and nine simulated days took
    // over the 60 s that fit dynalite. Three times the time, for every test alike.
    testTimeout: 180_000,
    hookTimeout: 360_000,
  },
});
