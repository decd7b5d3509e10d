/** Nearest-rank percentile of `values` (0–100); undefined for an empty list. */
export function percentile(values: readonly number[], p: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1];
}

export function median(values: readonly number[]): number | undefined {
  return percentile(values, 50);
}

/** p50, p99 and max of a list, rounded to `digits` decimals. */
export function summary(values: readonly number[], digits = 1) {
  const round = (v: number | undefined) => (v === undefined ? null : Number(v.toFixed(digits)));
  return {
    count: values.length,
    p50: round(percentile(values, 50)),
    p99: round(percentile(values, 99)),
    max: round(values.length ? Math.max(...values) : undefined),
  };
}

export const round = (value: number, digits = 1): number => Number(value.toFixed(digits));

export const mb = (bytes: number): number => round(bytes / 1024 / 1024, 1);

export const kb = (bytes: number): number => round(bytes / 1024, 1);

/** Runs `worker` over `items` with at most `concurrency` at a time, in order of the list. */
export async function pool<T, R>(
  items: readonly T[],
  concurrency: number,
  worker: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    for (;;) {
      const index = next++;
      if (index >= items.length) return;
      results[index] = await worker(items[index] as T, index);
    }
  });
  await Promise.all(lanes);
  return results;
}

export const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));
