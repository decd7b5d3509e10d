import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { externalTestDynamo } from '../support/dynamo.ts';
import { RuntimeProcess } from '../support/runtime.ts';
import { temporaryFolder } from '../support/temporary.ts';

// Issue 10, items 3 and 6: the local runtime's own controls (`/_local/*`) answer only their user, its services
// listen on loopback unless asked, and what a newcomer gets wrong (a second start on the same folder, a mistyped
// option, a forgotten `--`) is explained instead of a stack trace.

const repoRoot = resolve(import.meta.dirname, '../..');
const START = '2026-09-28T10:00:00+08:00';
const BILINGUAL = /\p{Script=Han}.* [A-Za-z]/u;

/** The TCP sockets listening on this machine: "address:port" (from /proc, as `ss -ltn` shows them). */
function listeners(): Set<string> {
  const out = new Set<string>();
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    if (!existsSync(file)) continue;
    for (const line of readFileSync(file, 'utf8').trim().split('\n').slice(1)) {
      const [, local, , state] = line.trim().split(/\s+/);
      if (state !== '0A' || !local) continue; // 0A = LISTEN
      const [hex, portHex] = local.split(':') as [string, string];
      const port = Number.parseInt(portHex, 16);
      const address =
        hex.length === 8
          ? (hex.match(/../g) ?? [])
              .map((b) => Number.parseInt(b, 16))
              .reverse()
              .join('.')
          : hex === '0'.repeat(32)
            ? '::'
            : hex === '00000000000000000000000001000000'
              ? '::1'
              : hex === '0000000000000000FFFF00000100007F'
                ? '::ffff:127.0.0.1'
                : hex;
      out.add(`${address}:${port}`);
    }
  }
  return out;
}

function eventsPortIn(banner: string): number {
  const port = /Event bus\s+PutEvents listening on \S+:(\d+)/.exec(banner)?.[1];
  if (!port) throw new Error(`no event bus line in the banner:\n${banner}`);
  return Number(port);
}

const runtime = new RuntimeProcess();
beforeAll(async () => {
  await runtime.start({ now: START, args: ['--host', '0.0.0.0'] });
});
afterAll(async () => {
  await runtime.dispose();
});

describe('/_local/* answer only their user', () => {
  const advance = (headers: Record<string, string>, body = '{"seconds": 86400}') =>
    runtime.call('POST', '/_local/clock/advance', { body, headers });

  it('refuses a cross-origin request (Origin not its own, or Sec-Fetch-Site cross-site / same-site): 403', async () => {
    const json = { 'content-type': 'application/json' };
    for (const headers of [
      { ...json, origin: 'https://evil.example' },
      { ...json, origin: `http://localhost:${runtime.port + 1}` },
      { ...json, origin: 'null' },
      { ...json, 'sec-fetch-site': 'cross-site' },
      { ...json, 'sec-fetch-site': 'same-site' },
    ]) {
      const answer = await advance(headers);
      expect(answer.status, JSON.stringify(headers)).toBe(403);
      expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(answer.json.title).toMatch(BILINGUAL);
      expect(answer.json.errors[0].field).toMatch(/^header\./);
    }
    const events = await runtime.call('GET', '/_local/events', { headers: { origin: 'https://evil.example' } });
    expect(events.status).toBe(403);
    const consoleAnswer = await runtime.call('GET', '/_local/console/executions', {
      headers: { origin: 'https://evil.example' },
    });
    expect(consoleAnswer.status).toBe(403);
    expect(await runtime.now()).toBe(START); // nothing moved
    // Its own origin (a page the runtime served, or a browser's address bar) is answered.
    expect((await advance({ ...json, origin: runtime.url, 'sec-fetch-site': 'same-origin' })).status).toBe(200);
    expect((await runtime.call('GET', '/_local/clock', { headers: { 'sec-fetch-site': 'none' } })).status).toBe(200);
    await runtime.call('POST', '/_local/clock/advance', { body: { seconds: 0 } });
  });

  it('refuses a POST body that is not JSON (what a cross-site form sends): 415, clock unmoved', async () => {
    const before = await runtime.now();
    for (const contentType of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      const answer = await advance({ 'content-type': contentType });
      expect(answer.status, contentType).toBe(415);
      expect(answer.json.title).toMatch(BILINGUAL);
      expect(answer.json.errors).toEqual([{ field: 'header.content-type', reason: 'must be application/json' }]);
    }
    const bare = await fetch(`${runtime.url}/_local/clock/advance`, {
      method: 'POST',
      body: '{"seconds": 86400}', // fetch labels a string body text/plain
      headers: { 'x-local-secret': readFileSync(join(runtime.dataDir, 'local-secret'), 'utf8') },
    });
    expect(bare.status).toBe(415);
    expect(await runtime.now()).toBe(before);
  });

  it('needs the local secret: missing or wrong is 401 on every route, the right one works', async () => {
    const secret = readFileSync(join(runtime.dataDir, 'local-secret'), 'utf8').trim();
    expect(secret.length).toBeGreaterThanOrEqual(40);
    for (const [method, path] of [
      ['GET', '/_local/clock'],
      ['GET', '/_local/events'],
      ['GET', '/_local/console/executions'],
      ['POST', '/_local/clock/advance'],
      ['GET', '/_local/nothing-here'],
    ] as const) {
      const body = method === 'POST' ? { seconds: 86400 } : undefined;
      const missing = await runtime.call(method, path, { localSecret: false, ...(body ? { body } : {}) });
      expect(missing.status, `${method} ${path}`).toBe(401);
      expect(missing.json).toMatchObject({ title: '缺少本地密钥 Local secret required', status: 401 });
      expect(missing.json.detail).toContain('npm run --silent token -- --local');
      const wrong = await runtime.call(method, path, {
        localSecret: false,
        headers: { 'x-local-secret': `${secret.slice(0, -2)}xx` },
        ...(body ? { body } : {}),
      });
      expect(wrong.status, `${method} ${path}`).toBe(401);
      expect(wrong.json.title).toBe('本地密钥不符 Local secret does not match');
    }
    const before = await runtime.now();
    // The right secret, as `npm run --silent token -- --local` prints it.
    const printed = spawnSync('npm', ['run', '--silent', 'token', '--', '--local', '--data-dir', runtime.dataDir], {
      cwd: repoRoot,
      encoding: 'utf8',
    });
    expect(printed.status, printed.stderr).toBe(0);
    expect(printed.stdout.trim()).toBe(secret);
    const moved = await runtime.call('POST', '/_local/clock/advance', {
      localSecret: false,
      headers: { 'x-local-secret': printed.stdout.trim() },
      body: { seconds: 60 },
    });
    expect(moved.status).toBe(200);
    expect(Date.parse(moved.json.now) - Date.parse(before)).toBe(60_000);
    const events = await runtime.call('GET', '/_local/events?limit=5', {
      localSecret: false,
      headers: { 'x-local-secret': secret },
    });
    expect(events.status).toBe(200);
    expect(Array.isArray(events.json.events)).toBe(true);
  });

  it('answers its own errors as problem+json with a bilingual title (404, 405 with Allow, 400)', async () => {
    const missing = await runtime.call('GET', '/_local/nothing-here');
    expect(missing.status).toBe(404);
    const wrongMethod = await runtime.call('DELETE', '/_local/clock');
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('GET');
    const bad = await runtime.call('POST', '/_local/clock/advance', { body: { seconds: -1 } });
    expect(bad.status).toBe(400);
    const empty = await runtime.call('POST', '/_local/clock/advance', {
      headers: { 'content-type': 'application/json' },
    });
    expect(empty.status).toBe(400);
    expect(empty.json.errors).toEqual([{ field: 'body', reason: 'required' }]);
    for (const answer of [missing, wrongMethod, bad, empty]) {
      expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(answer.json.title).toMatch(BILINGUAL);
      expect(answer.json.detail).toBeTruthy();
    }
  });
});

describe('where the local runtime listens', () => {
  // About where our dynalite listens: on an external endpoint (npm run test:dynamodb-local) none of ours does.
  it.skipIf(externalTestDynamo())(
    '--host 0.0.0.0 exposes the API only: the services stay on loopback, and the banner says so, loudly',
    async () => {
      const listening = listeners();
      const events = eventsPortIn(runtime.output);
      expect(listening).toContain(`0.0.0.0:${runtime.port}`);
      for (const port of [runtime.dynamoPort, runtime.stepFunctionsPort, events]) {
        expect(listening, `port ${port}`).toContain(`127.0.0.1:${port}`);
        expect(listening, `port ${port}`).not.toContain(`0.0.0.0:${port}`);
        expect(listening, `port ${port}`).not.toContain(`:::${port}`);
      }
      expect(runtime.output).toContain(`listening on 0.0.0.0:${runtime.port} = EVERY network interface`);
      expect(runtime.output).toContain(`(dynalite, listening on 127.0.0.1:${runtime.dynamoPort})`);
      expect(runtime.output).toContain(`listening on 127.0.0.1:${runtime.stepFunctionsPort}`);
      expect(runtime.output).toMatch(/WARNING 警告: the API \(listening on 0\.0\.0\.0:\d+ = EVERY network interface\)/);
      expect(runtime.output).not.toContain('take NO credentials');
    },
  );

  // A local sign-in trusts whoever reaches it (as `npm run token` trusts whoever reads the data folder): with
  // --host 0.0.0.0 the network sees the public pages, never a sign-in. Needs an address of this machine that is
  // not loopback (every CI machine of this kind has one).
  const external = Object.values(networkInterfaces())
    .flat()
    .find((a) => a && a.family === 'IPv4' && !a.internal)?.address;
  it.skipIf(!external)(
    '--host 0.0.0.0: the network gets the public pages, the local sign-in only this machine',
    async () => {
      const fromNetwork = `http://${external}:${runtime.port}`;
      const page = await fetch(`${fromNetwork}/guide/SC-001`);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toContain('text/html');
      const signIn = await fetch(`${fromNetwork}/login?role=admin&sub=intruder`, { redirect: 'manual' });
      expect(signIn.status).toBe(403);
      expect(signIn.headers.get('location')).toBeNull();
      expect(((await signIn.json()) as { detail: string }).detail).toContain('this machine only');
      const local = await fetch(`http://127.0.0.1:${runtime.port}/login?role=admin&sub=operator`, {
        redirect: 'manual',
      });
      expect(local.status).toBe(302);
    },
  );

  // About where our dynalite listens, as above.
  it.skipIf(externalTestDynamo())(
    '--services-host 0.0.0.0 exposes the services where asked, and the banner warns they take no credentials',
    async () => {
      const exposed = new RuntimeProcess();
      try {
        // A lock left by a process that no longer runs (killed): taken over, and said so.
        const dead = spawnSync(process.execPath, ['-e', '']).pid;
        writeFileSync(
          join(exposed.dataDir, 'runtime.lock'),
          JSON.stringify({ pid: dead, startedAt: '2026-01-01T00:00:00.000Z' }),
        );
        await exposed.start({ now: START, args: ['--services-host', '0.0.0.0'] });
        expect(exposed.output).toContain(`the data folder's lock of pid ${dead}, which no longer runs, was taken over`);
        const listening = listeners();
        expect(listening).toContain(`127.0.0.1:${exposed.port}`);
        for (const port of [exposed.dynamoPort, exposed.stepFunctionsPort, eventsPortIn(exposed.output)]) {
          expect(listening, `port ${port}`).toContain(`0.0.0.0:${port}`);
        }
        expect(exposed.output).toContain(
          `(dynalite, listening on 0.0.0.0:${exposed.dynamoPort} = EVERY network interface)`,
        );
        expect(exposed.output).toMatch(/WARNING 警告: DynamoDB .*Step Functions .*the event bus/);
        expect(exposed.output).toContain('take NO credentials');
        // The handlers still reach them (through loopback): a case can be filed.
        expect((await exposed.call('GET', '/v1/catalog')).status).toBe(200);
      } finally {
        await exposed.dispose();
      }
    },
  );
});

/** Runs a command as a newcomer would and collects what they see. */
function run(command: string, args: string[], env: Record<string, string> = {}) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((done) => {
    const child = spawn(command, args, { cwd: repoRoot, env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

const STACK = /\n\s+at |ERR_PARSE_ARGS|LEVEL_|TypeError/;

describe('what a newcomer gets wrong is explained', () => {
  it('a second start on a data folder in use names the process holding it and how to use another folder', async () => {
    const second = await run(process.execPath, ['--import', 'tsx', 'local/main.ts', '--data-dir', runtime.dataDir], {
      PORT: String(runtime.port), // the same ports too: the folder is what is said, not a port in use
    });
    expect(second.code).toBe(2);
    expect(second.stderr).toContain(
      `The data folder ${runtime.dataDir} is in use by another local runtime (pid ${runtime.pid}`,
    );
    expect(second.stderr).toContain('--data-dir');
    expect(second.stderr).not.toMatch(STACK);
    expect(second.stdout).not.toContain('ready');
    // The first one is untouched.
    expect((await runtime.call('GET', '/_local/clock')).status).toBe(200);
  });

  it('a mistyped option prints the usage and the option meant, not a parse error', async () => {
    const typo = await run(process.execPath, ['--import', 'tsx', 'local/main.ts', '--simulated-clok']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('unknown or incomplete option --simulated-clok — did you mean --simulated-clock?');
    expect(typo.stderr).toContain('usage: npm start [-- <options>]');
    expect(typo.stderr).not.toMatch(STACK);
    // An external DynamoDB endpoint that is not a URL is refused before anything starts.
    const endpoint = await run(process.execPath, ['--import', 'tsx', 'local/main.ts', '--dynamodb-endpoint', '8000']);
    expect(endpoint.code).toBe(2);
    expect(endpoint.stderr).toContain('--dynamodb-endpoint must be an http(s) URL such as http://127.0.0.1:8000');
    expect(endpoint.stderr).not.toMatch(STACK);
    const stray = await run(process.execPath, ['--import', 'tsx', 'local/main.ts', 'simulated-clock']);
    expect(stray.code).toBe(2);
    expect(stray.stderr).toContain('unexpected argument: simulated-clock');
    expect(stray.stderr).not.toMatch(STACK);
    // `npm start --simulated-clock`: npm keeps the option, the runtime would have started on the real clock.
    const swallowed = await run('npm', ['start', '--simulated-clock'], {
      XIAONENG_DATA_DIR: temporaryFolder('npm-start'),
      PORT: '0', // were it to start anyway, not on a port in use, and not for long
    });
    expect(swallowed.code).toBe(2);
    expect(swallowed.stderr).toContain('npm took --simulated-clock for itself: put -- before the runtime');
    expect(swallowed.stderr).toContain('npm start -- --simulated-clock');
    expect(swallowed.stdout).not.toContain('ready');
  });

  it('verify-timelines with no runtime to read says so in one line, and --help prints its usage', async () => {
    const tool = ['--import', 'tsx', 'tools/verify-timelines.ts'];
    const alone = await run(process.execPath, tool, {
      PORT: '9', // the discard port: nothing local answers on 10 either
      XIAONENG_DATA_DIR: temporaryFolder('verify'),
      AWS_MAX_ATTEMPTS: '1',
    });
    expect(alone.code).toBe(2);
    expect(alone.stderr).toContain(
      'verify-timelines: nothing answers at http://127.0.0.1:10: is the local runtime running',
    );
    expect(alone.stderr).not.toMatch(STACK);
    const help = await run(process.execPath, [...tool, '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('usage: npm run verify-timelines');
  });

  it('a token asked for without `--` (npm swallows the options) says to put `--` before them', async () => {
    const dataDir = temporaryFolder('token');
    const env = { XIAONENG_DATA_DIR: dataDir };
    const swallowed = await run('npm', ['run', '--silent', 'token', '--role', 'applicant'], env);
    expect(swallowed.code).toBe(2);
    expect(swallowed.stderr).toContain('npm took --role for itself: put -- before the token');
    expect(swallowed.stderr).toContain('npm run --silent token -- --role applicant');
    expect(swallowed.stderr).toContain('usage: npm run --silent token --');
    expect(swallowed.stderr).not.toMatch(STACK);
    const nothing = await run('npm', ['run', '--silent', 'token', '--role=reviewer', '--department=market'], env);
    expect(nothing.code).toBe(2);
    expect(nothing.stderr).toContain('npm run --silent token -- --role reviewer --department market');
    expect(nothing.stderr).not.toMatch(STACK);
    const typo = await run('npm', ['run', '--silent', 'token', '--', '--rol', 'applicant'], env);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('usage: npm run --silent token --');
    expect(typo.stderr).not.toMatch(STACK);
    // The `--` was there: the hint about it would send the user in circles (it suggested the same typo back).
    expect(typo.stderr).toContain("token: Unknown option '--rol'");
    expect(typo.stderr).not.toContain('put -- before');
    const incomplete = await run('npm', ['run', '--silent', 'token', '--', '--role', 'reviewer'], env);
    expect(incomplete.code).toBe(2);
    expect(incomplete.stderr).toContain('token: --department is required for reviewer');
    expect(incomplete.stderr).not.toContain('put -- before');
    const right = await run('npm', ['run', '--silent', 'token', '--', '--role', 'applicant'], env);
    expect(right.code, right.stderr).toBe(0);
    expect(right.stdout.trim()).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
  });
});
