import { setFlagsFromString } from 'node:v8';

/**
 * The V8 options the local runtime runs with (package.json's `start` passes them on the command line, and so does
 * the tests' and the bench's RuntimeProcess; test/local/memory-flags.test.ts keeps the three equal).
 *
 * The runtime holds a year of pending clocks in one process (issue 17: 100,000 in 1 GB), and what it keeps alive
 * is small — about 4 KB per pending clock, most of it the parked execution's JSON. What made its RSS large was V8's
 * slack: by default the old space grows to a multiple of what survived the last full collection before the next
 * one, and the young generation's semi-spaces to 16 MB each. Under a burst of applications that is hundreds of
 * megabytes of garbage held as resident memory (1,500 pending clocks: 367 MB; with these, 200 MB, at the same
 * rate of accepted applications). Measured with `npm run bench -- --only precision,memory`.
 */
export const RUNTIME_V8_FLAGS = ['--max-semi-space-size=2', '--heap-growing-percent=15'] as const;

// Started some other way (`node --import tsx local/main.ts`): the growth factor still applies when set now; the
// semi-space size is fixed when the heap is made, so only the command line sets it.
for (const flag of RUNTIME_V8_FLAGS) if (!process.execArgv.includes(flag)) setFlagsFromString(flag);
