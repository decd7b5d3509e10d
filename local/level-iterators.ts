// dynalite reads LevelDB through iterators it never closes: its value streams push the end without closing the
// iterator, and destroying a stream calls `iterator.return`, which abstract-level iterators do not have. Each open
// iterator pins a LevelDB snapshot and its read buffers, so memory grows with every query served: about a thousand
// iterators per thousand pending clocks, most of the runtime's native memory (measured with heap snapshots and
// /proc/<pid>/status; see BENCHMARKS.md, memory). This closes each iterator dynalite opens when it reaches its end,
// when its stream is destroyed, and when it has been left idle — a query that stopped early at its `Limit`.
import { createRequire } from 'node:module';

// Captured at load, before a simulated clock replaces timers: the idle close runs on real time.
const realSetTimeout = globalThis.setTimeout;
const realClearTimeout = globalThis.clearTimeout;

/** An iterator nobody has read for this long (real time) is done: dynalite reads a query's items in one go. */
const IDLE_MS = 10_000;

interface LevelIterator {
  next(): Promise<unknown>;
  close(): Promise<void>;
  return?: () => Promise<unknown>;
}

let patched = false;

/** Patches the abstract-level that dynalite's LevelDB uses (once per process). */
export function closeDynaliteIterators(): void {
  if (patched) return;
  patched = true;
  const fromDynalite = createRequire(createRequire(import.meta.url).resolve('dynalite'));
  const fromLevel = createRequire(fromDynalite.resolve('level'));
  const fromClassic = createRequire(fromLevel.resolve('classic-level'));
  const { AbstractLevel } = fromClassic('abstract-level') as {
    AbstractLevel: { prototype: Record<'keys' | 'values', (options?: unknown) => LevelIterator> };
  };
  for (const method of ['keys', 'values'] as const) {
    const original = AbstractLevel.prototype[method];
    AbstractLevel.prototype[method] = function (this: unknown, options?: unknown) {
      const iterator = original.call(this, options);
      let timer: ReturnType<typeof realSetTimeout> | undefined;
      let closed = false;
      const close = async () => {
        if (timer) realClearTimeout(timer);
        if (closed) return;
        closed = true;
        await iterator.close().catch(() => undefined);
      };
      const arm = () => {
        if (timer) realClearTimeout(timer);
        if (closed) return;
        timer = realSetTimeout(() => void close(), IDLE_MS);
        timer.unref?.();
      };
      const next = iterator.next.bind(iterator);
      iterator.next = async () => {
        arm();
        const value = await next();
        if (value === undefined) await close();
        return value;
      };
      iterator.return = async () => {
        await close();
        return undefined;
      };
      arm();
      return iterator;
    };
  }
}
