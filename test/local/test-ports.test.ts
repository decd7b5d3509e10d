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
