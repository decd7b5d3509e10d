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
export const RUNTIME_V8_FLAGS = ['--max-semi-space-size=8', '--heap-growing-percent=15', '--v8-pool-size=1'] as const;
/*
 * `--max-semi-space-size=8` (2 until 2026-12-05's seventh session): the young generation's size is a fixed cost, not
 * one per pending clock, and the one that holds the clocks is the old space (its growth factor above). With 2 MB the
 * store's thread and the handlers' scavenged every 2 MB of garbage — a stream record's images, a request's JSON — and
 * promoted what a request still held at that moment, which the 15 % growth factor then collected in full. Measured
 * with 8 against 2 (BENCHMARKS.md, that session's entry), 10,000 cases: created 111 against 93 per second, the month
 * 247 against 298 s; RSS at 10,000 pending 250 against 234 MB, the peak 319 against 282 MB.
 */
/*
 * `--v8-pool-size=1`: one V8 platform thread (Node's default is four, whatever the cores). Those threads do the
 * garbage collector's parallel and concurrent work and the optimizing compiler's; on the 2-core machine four of them
 * beside the handlers' thread and the store's mostly added coordination. Measured with one: CPU per simulated day
 * with nothing open (the hourly reconciler, the daily evaluation) 220–224 ms against 251–267 (60-day runs), and per
 * accepted application 15.9–17.3 ms against 18.1–20.6 (800 at 16 in flight), the handlers' thread no busier. The
 * suite pays for both (it advances about 630 simulated days), and so does the bench's intake of pending clocks.
 */

/** Node's own option among them: the thread pool is made when the process starts, so only the command line sets it. */
const PROCESS_ONLY = new Set<string>(['--v8-pool-size=1']);

// Started some other way (`node --import tsx local/main.ts`): the growth factor still applies when set now; the
// semi-space size is fixed when the heap is made, so only the command line sets it.
for (const flag of RUNTIME_V8_FLAGS) {
  if (!PROCESS_ONLY.has(flag) && !process.execArgv.includes(flag)) setFlagsFromString(flag);
}
