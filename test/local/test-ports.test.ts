import { createServer, type Server } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { ephemeralRange, freePort } from '../support/dynamo.ts';
import { RuntimeProcess } from '../support/runtime.ts';

// A CI run failed with "Port 34629 is already in use": the test helper found a port free with listen(0), released
// it, and before the runtime bound it the port was taken — ports from the kernel's ephemeral range are also the
// source ports of every outgoing connection. These tests hold the helper to the two halves of the fix.

describe('ports for test runtimes', () => {
  it('are never from the range the kernel gives outgoing connections', async () => {
    const [low, high] = ephemeralRange();
    for (let i = 0; i < 200; i++) {
      const port = await freePort();
      expect(port < low || port > high, `port ${port} is in ${low}–${high}`).toBe(true);
    }
  });

  /** A runtime whose first port is one the test holds: as if another worker took it between the check and the bind. */
  class RacedRuntime extends RuntimeProcess {
    taken: Server | undefined;
    handedOut: number[] = [];
    protected override async pickPort(): Promise<number> {
      const port = await super.pickPort();
      if (!this.taken) {
        const server = createServer();
        await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
        this.taken = server;
      }
      this.handedOut.push(port);
      return port;
    }
  }
  const runtime = new RacedRuntime();
  afterAll(async () => {
    await runtime.dispose();
    runtime.taken?.close();
  });

  it('a start whose port was taken meanwhile starts again on other ports', async () => {
    await runtime.start({ now: '2026-09-28T10:00:00+08:00' });
    expect(runtime.handedOut.length).toBeGreaterThan(3); // a second round of ports was picked
    expect(runtime.port).not.toBe(runtime.handedOut[0]);
    const clock = await fetch(`${runtime.url}/v1/calendar/years/2026`);
    expect(clock.status).toBe(200);
  }, 120_000);
});

describe('a test runtime killed while it starts', () => {
  const runtime = new RuntimeProcess();
  afterAll(() => runtime.dispose());

  // A runtime killed by a signal during its start (once, by a pkill meant for another runtime) was reported only
  // after the whole ready timeout, as "not ready in 60 s", with nothing to say it had been killed.
  it('is reported as killed, by its signal, at once', async () => {
    const started = runtime.start({ now: '2026-09-28T10:00:00+08:00' });
    const outcome = started.then(
      () => 'ready',
      (error: Error) => error.message,
    );
    const t = Date.now();
    let pid: number | undefined;
    while (pid === undefined && Date.now() - t < 10_000) {
      try {
        pid = runtime.pid;
      } catch {
        await new Promise((r) => setTimeout(r, 5));
      }
    }
    expect(pid).toBeDefined();
    process.kill(pid as number, 'SIGKILL');
    expect(await outcome).toMatch(/^the local runtime was killed by SIGKILL before it was ready/);
    expect(Date.now() - t).toBeLessThan(20_000);
  }, 60_000);
});
