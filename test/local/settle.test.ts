import { afterEach, describe, expect, it, vi } from 'vitest';
import { settle } from '../../local/clock.ts';

// The simulated clock waits for the work each instant starts (local/clock.ts `settle`) and gives up on work that
// makes no progress, so a task that hangs cannot stop time for good — but a long burst that is getting through its
// backlog must not be cut off in the middle (what is still queued would run late in simulated time).
describe('settle: waiting for the work an instant started', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  const stderr = () => vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  const msSince = (t: number) => performance.now() - t;

  it('gives up on work whose busy count makes no progress, and says so', async () => {
    const said = stderr();
    const t = performance.now();
    await settle({ running: () => 3, completed: () => 0 }, 200);
    expect(msSince(t)).toBeGreaterThanOrEqual(200);
    expect(msSince(t)).toBeLessThan(2000);
    expect(said.mock.calls.map((c) => String(c[0])).join('')).toMatch(/without progress; moving on/);
  });

  it('waits out a backlog that keeps shrinking, however long it takes in all', async () => {
    const said = stderr();
    const t = performance.now();
    // 8 → 0, one less every 100 ms: 800 ms in all, four times the cap, never 200 ms without a new low.
    const busy = () => Math.max(0, 8 - Math.floor(msSince(t) / 100));
    await settle({ running: busy, completed: () => 0 }, 200);
    expect(busy()).toBe(0);
    expect(msSince(t)).toBeGreaterThanOrEqual(800);
    expect(said).not.toHaveBeenCalled();
  });

  it('waits while work completes with the busy count above its low (a burst moving from timers into queues)', async () => {
    const said = stderr();
    const t = performance.now();
    // For 800 ms (four times the cap) the count stays at 12 after a first look at 10 — each unit done is replaced by
    // the records it wrote — and one unit completes every 50 ms; then everything ends at once.
    const running = () => (msSince(t) < 5 ? 10 : msSince(t) < 800 ? 12 : 0);
    const completed = () => Math.floor(msSince(t) / 50);
    await settle({ running, completed }, 200);
    expect(running()).toBe(0);
    expect(msSince(t)).toBeGreaterThanOrEqual(800);
    expect(said).not.toHaveBeenCalled();
  });

  it('gives up when nothing completes any more, even though something once did', async () => {
    const said = stderr();
    const t = performance.now();
    // Units complete for 300 ms, then the work hangs with the count unchanged.
    const completed = () => Math.floor(Math.min(msSince(t), 300) / 50);
    await settle({ running: () => 4, completed }, 200);
    expect(msSince(t)).toBeGreaterThanOrEqual(500);
    expect(msSince(t)).toBeLessThan(2000);
    expect(said.mock.calls.map((c) => String(c[0])).join('')).toMatch(/without progress; moving on/);
  });

  it('does not take work going in and out of flight for progress', async () => {
    const said = stderr();
    const t = performance.now();
    // A poller: 1, 2, 1, 2… for ever; no new low after the first look.
    let n = 0;
    await settle({ running: () => 1 + (n++ % 2), completed: () => 0 }, 200);
    expect(msSince(t)).toBeLessThan(2000);
    expect(said.mock.calls.map((c) => String(c[0])).join('')).toMatch(/without progress/);
  });
});
