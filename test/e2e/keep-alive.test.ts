import { Agent, request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RuntimeProcess } from '../support/runtime.ts';

// Issue 10, item 7. Under load (load average 5–7), black-box runs against `npm start -- --simulated-clock` saw a
// request fail now and then with a connection reset (`fetch failed`, ECONNRESET). The cause: the server closed an
// idle kept-alive connection (after 5 s advertised, 6 s in fact, of REAL time) while a client was reusing it in time
// (fetch reuses for 3 s, http.Agent for 4 s) — when the server process got no CPU for the last seconds of that gap,
// its timers ran before it read the request waiting in the socket, and closing a socket with unread data resets it.
// Here the runtime is paused (SIGSTOP) across that gap, as a loaded machine or a long synchronous burst would,
// while clients reuse their connections; and the simulated clock jumps again and again in between.

const START = '2026-09-28T10:00:00+08:00';
const runtime = new RuntimeProcess();
const agent = new Agent({ keepAlive: true, maxSockets: 64 });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  await runtime.start({ now: START });
});
afterAll(async () => {
  agent.destroy();
  try {
    process.kill(runtime.pid, 'SIGCONT');
  } catch {}
  await runtime.dispose();
});

/** A GET over node:http's keep-alive agent (as the bench and most Node clients do); says whether it reused a socket. */
function agentGet(path: string): Promise<{ status: number; reused: boolean }> {
  return new Promise((done, fail) => {
    const req = request({ host: '127.0.0.1', port: runtime.port, path, agent }, (res) => {
      res.resume();
      res.on('end', () => done({ status: res.statusCode ?? 0, reused: req.reusedSocket }));
      res.on('error', fail);
    });
    req.on('error', fail);
    req.end();
  });
}

/** A GET with Node's fetch (undici, keep-alive on), as the black-box runs did. */
async function fetchGet(path: string): Promise<{ status: number }> {
  const response = await fetch(`${runtime.url}${path}`);
  await response.arrayBuffer();
  return { status: response.status };
}

describe('kept-alive connections under load, across clock jumps', () => {
  // Each round waits 7 s of real time by design (the server's idle timeout, starved): 21 s of the test are sleeps, and
  // under a loaded suite (load average 10) the rest took it past the suite's 60 s once. A wait, not a limit.
  it('are never reset: requests reusing idle connections while the server is starved are all answered', {
    timeout: 120_000,
  }, async () => {
    const token = await runtime.token('applicant', { sub: 'keep-alive' });
    const application = {
      itemCode: 'SC-001',
      applicant: { type: 'PERSON', name: '张三', phone: '13800000000' },
      materials: ['application-form', 'articles', 'id-card', 'address-proof'].map((id) => ({ id })),
    };
    const failures: string[] = [];
    const settle = <T>(what: string, p: Promise<T>) =>
      p.then(
        (value) => value,
        (error: Error & { cause?: { code?: string } }) => {
          failures.push(`${what}: ${error.message} ${error.cause?.code ?? ''}`);
          return undefined;
        },
      );
    let reused = 0;
    const CONCURRENT = 12;
    for (let round = 0; round < 3; round++) {
      // Busy: concurrent requests on both clients, cases filed, and the clock moved a day at a time meanwhile.
      const busy: Promise<unknown>[] = [];
      for (let i = 0; i < CONCURRENT; i++) {
        busy.push(settle(`busy fetch ${round}.${i}`, fetchGet('/v1/catalog')));
        busy.push(settle(`busy agent ${round}.${i}`, agentGet('/v1/catalog')));
      }
      busy.push(
        settle(
          `file ${round}`,
          runtime.call('POST', '/v1/applications', { token, body: application }).then((r) => {
            if (r.status !== 201) failures.push(`file ${round}: ${r.status} ${r.text}`);
          }),
        ),
      );
      busy.push(
        settle(
          `advances ${round}`,
          (async () => {
            for (let i = 0; i < 3; i++) await runtime.advance(86_400);
          })(),
        ),
      );
      await Promise.all(busy);
      // Idle for a while (within every client's reuse window), then the server gets no CPU across its idle timeout
      // while the clients reuse their connections in time.
      const idleSince = performance.now();
      await sleep(2_000);
      process.kill(runtime.pid, 'SIGSTOP');
      const reusing: Promise<unknown>[] = [];
      for (let i = 0; i < CONCURRENT; i++) {
        reusing.push(settle(`reuse fetch ${round}.${i}`, fetchGet('/v1/catalog')));
        reusing.push(
          settle(
            `reuse agent ${round}.${i}`,
            agentGet('/v1/catalog').then((r) => {
              if (r.reused) reused++;
            }),
          ),
        );
      }
      reusing.push(settle(`reuse advance ${round}`, runtime.advance(3_600)));
      await sleep(7_000 - (performance.now() - idleSince));
      process.kill(runtime.pid, 'SIGCONT');
      await Promise.all(reusing);
    }
    expect(failures, failures.join('\n')).toEqual([]);
    expect(reused, 'the agent reused its idle connections').toBeGreaterThan(CONCURRENT);
    expect(await runtime.now()).toBe('2026-10-07T13:00:00+08:00'); // 3 × (3 days + 1 hour): every advance ran
  });
});
