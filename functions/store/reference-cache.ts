import { now } from '../common/clock.ts';

/**
 * How long a warm Lambda trusts reference data it has read (catalogue items, departments, the loaded calendar
 * years) before reading it again. Reference data changes a few times a year, by an administrator; the request paths
 * that use it (intake above all) would otherwise read it on every request. What the TTL allows, in AWS, in a
 * Lambda other than the one that wrote the change (the writing one drops its copy at once, see `invalidate`):
 *  - a retired item may still take applications, and a revised item may still be applied for on its previous
 *    revision (limit, eligibility, materials), for up to the TTL after the change — as if the administrator had
 *    pressed the button that much later; the case keeps what it was accepted under, as it always did;
 *  - a calendar year loaded by an administrator takes effect within the TTL (deadlines computed in that minute
 *    use the data as it was, exactly like deadlines computed a minute before the load);
 *  - a new duty handler or head of a department is named on cases accepted from at most the TTL later.
 * Read through the one clock (`now()`), so the local simulated clock ages the cache like everything else.
 */
export const REFERENCE_TTL_MS = 60_000;

interface Entry<V> {
  readonly value: Promise<V | undefined>;
  readonly loadedAt: number;
}

/**
 * A small read-through cache with a time to live, for reference data only (bounded by the size of the catalogue:
 * misses are not kept, so unknown keys cost a read each time, as before, and use no memory).
 * Concurrent readers of a missing key share one load.
 */
export class ReferenceCache<V> {
  private readonly entries = new Map<string, Entry<V>>();

  constructor(private readonly ttlMs: number = REFERENCE_TTL_MS) {}

  get(key: string, load: () => Promise<V | undefined>): Promise<V | undefined> {
    const at = now().getTime();
    const cached = this.entries.get(key);
    // A clock that moved back (a restarted simulated clock) counts as expired too.
    if (cached && at >= cached.loadedAt && at - cached.loadedAt < this.ttlMs) return cached.value;
    const entry: Entry<V> = { value: load(), loadedAt: at };
    this.entries.set(key, entry);
    entry.value.then(
      (value) => {
        if (value === undefined) this.forget(key, entry);
      },
      () => this.forget(key, entry),
    );
    return entry.value;
  }

  /**
   * Drops the cached copies (one key, or all). Called by the store right after it writes reference data, so the
   * process that wrote it reads the new data at once (locally that is every handler: one process). A load that was
   * under way when the write completed is dropped too, so it cannot put the old data back.
   */
  invalidate(key?: string): void {
    if (key === undefined) this.entries.clear();
    else this.entries.delete(key);
  }

  private forget(key: string, entry: Entry<V>): void {
    if (this.entries.get(key) === entry) this.entries.delete(key);
  }
}
