import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderStateMachine } from '../../lib/render.ts';
import { stateMachines } from '../../lib/state-machines.ts';
import { applicationFor } from '../support/applications.ts';
import { RuntimeProcess } from '../support/runtime.ts';

// The execution console's JSON (`/_local/console/*`, local only): what the AWS Step Functions console shows, read from
// the local Step Functions service, for a signed-in admin or whoever holds the data folder's secret — nobody else.

const START = '2026-09-28T10:00:00+08:00';
const BILINGUAL = /^\S.* [A-Z]/;
/** A whole local task token (local/stepfunctions/index.ts mintToken): never in a console answer. */
const WHOLE_TOKEN = /LSFN[A-Za-z0-9_-]{16,}/;

const runtime = new RuntimeProcess();
let admin: string;
let caseId: string;

beforeAll(async () => {
  await runtime.start({ now: START });
  admin = await runtime.token('admin', { sub: 'admin-e2e' });
  const applicant = await runtime.token('applicant', { sub: 'applicant-e2e' });
  const catalog = await runtime.call('GET', '/v1/catalog');
  const item = (catalog.json.items as { code: string }[]).find((i) => i.code === 'SC-001');
  const created = await runtime.call('POST', '/v1/applications', {
    token: applicant,
    body: applicationFor(item as Parameters<typeof applicationFor>[0]),
  });
  expect(created.status, created.text).toBe(201);
  caseId = created.json.id;
});
afterAll(async () => {
  await runtime.dispose();
});

/** A console call with the admin's token and no secret, as the console's pages make it. */
const asAdmin = (path: string, headers: Record<string, string> = {}) =>
  runtime.call('GET', path, { token: admin, localSecret: false, headers });

describe('/_local/console/* answer an admin or the secret, from their own origin only', () => {
  it('refuses a request without the secret or a token (401), a non-admin token (403), a bad token (401)', async () => {
    const path = '/_local/console/executions';
    const missing = await runtime.call('GET', path, { localSecret: false });
    expect(missing.status).toBe(401);
    expect(missing.json.title).toMatch(BILINGUAL);
    expect(missing.json.detail).toContain('admin');
    for (const role of ['applicant', 'supervisor', 'reviewer']) {
      const token = await runtime.token(role, role === 'reviewer' ? { department: 'market' } : {});
      const refused = await runtime.call('GET', path, { token, localSecret: false });
      expect(refused.status, role).toBe(403);
      expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(refused.json.errors).toEqual([{ field: 'header.authorization', reason: 'role must be admin' }]);
    }
    const forged = await runtime.call('GET', path, {
      token: `${admin.slice(0, -4)}AAAA`,
      localSecret: false,
    });
    expect(forged.status).toBe(401);
    const expired = await runtime.token('admin', { issuedAt: Date.parse(START) - 7200_000, expiresInSeconds: 3600 });
    expect((await runtime.call('GET', path, { token: expired, localSecret: false })).status).toBe(401);
    // A wrong secret is not rescued by a good token: whoever sends a secret is judged by it.
    const wrong = await runtime.call('GET', path, { token: admin, headers: { 'x-local-secret': 'nope' } });
    expect(wrong.status).toBe(401);
    expect((await runtime.call('GET', path)).status).toBe(200); // the secret alone
    expect((await asAdmin(path)).status).toBe(200); // the admin's token alone
  });

  it('refuses other origins, even with an admin token (403), as the other /_local routes do', async () => {
    const cases: Record<string, string>[] = [
      { origin: 'https://evil.example' },
      { origin: `http://localhost:${runtime.port + 1}` },
      { origin: 'null' },
      { 'sec-fetch-site': 'cross-site' },
      { 'sec-fetch-site': 'same-site' },
    ];
    for (const headers of cases) {
      const refused = await asAdmin('/_local/console/executions', headers);
      expect(refused.status, JSON.stringify(headers)).toBe(403);
      expect(refused.json.errors[0].field).toMatch(/^header\./);
    }
    const own = await asAdmin('/_local/console/executions', { origin: runtime.url, 'sec-fetch-site': 'same-origin' });
    expect(own.status).toBe(200);
  });

  it('only reads: other methods are 405 with Allow, unknown paths 404, each as bilingual problem+json', async () => {
    const post = await runtime.call('POST', '/_local/console/executions', { token: admin, localSecret: false });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET');
    const unknown = await asAdmin('/_local/console/nothing');
    expect(unknown.status).toBe(404);
    for (const answer of [post, unknown]) expect(answer.json.title).toMatch(BILINGUAL);
  });
});

describe('the console’s answers', () => {
  it('lists the state machines with the ASL the runtime runs (lib/render.ts), each as rendered from source', async () => {
    const r = await asAdmin('/_local/console/state-machines');
    expect(r.status).toBe(200);
    expect(r.json.stateMachines.map((m: { name: string }) => m.name)).toEqual(stateMachines.map((m) => m.name));
    const approval = r.json.stateMachines[0];
    expect(approval).toMatchObject({
      name: 'ApprovalClock',
      arn: 'arn:aws:states:us-east-1:000000000000:stateMachine:ApprovalClock',
    });
    // Every one, rendered from source now: the tests' runtime is a bundle whose state machines were rendered when it
    // was built (local/bundle.ts), and must run exactly what CDK renders.
    for (const [i, spec] of stateMachines.entries()) {
      expect(r.json.stateMachines[i].definition, spec.name).toEqual(renderStateMachine(spec));
    }
    const one = await asAdmin('/_local/console/state-machines/IntakeClock');
    expect(one.json.definition.StartAt).toBe('IntakeCheckpoint');
    expect((await asAdmin('/_local/console/state-machines/Nope')).status).toBe(404);
  });

  it('finds a case’s execution by its name (prefix in any case, or exact), status and state machine', async () => {
    const byPrefix = await asAdmin(`/_local/console/executions?name=${caseId.slice(0, 14).toLowerCase()}`);
    expect(byPrefix.status).toBe(200);
    expect(byPrefix.json.executions).toEqual([
      {
        name: caseId,
        arn: `arn:aws:states:us-east-1:000000000000:execution:ApprovalClock:${caseId}`,
        stateMachine: 'ApprovalClock',
        status: 'RUNNING',
        startDate: START,
      },
    ]);
    const exact = await asAdmin(`/_local/console/executions?name=${caseId}&match=exact`);
    expect(exact.json.executions).toHaveLength(1);
    expect(
      (await asAdmin(`/_local/console/executions?name=${caseId.slice(0, 14)}&match=exact`)).json.executions,
    ).toEqual([]);
    expect((await asAdmin('/_local/console/executions?status=RUNNING')).json.total).toBe(1);
    expect((await asAdmin('/_local/console/executions?status=SUCCEEDED')).json.executions).toEqual([]);
    expect((await asAdmin('/_local/console/executions?stateMachine=IntakeClock')).json.executions).toEqual([]);
    const bad = await asAdmin('/_local/console/executions?status=DONE&limit=0');
    expect(bad.status).toBe(400);
    expect(bad.json.errors).toEqual([
      { field: 'query.status', reason: 'must be one of RUNNING, SUCCEEDED, FAILED, TIMED_OUT, ABORTED' },
    ]);
    expect((await asAdmin('/_local/console/executions?limit=101')).status).toBe(400);
    expect((await asAdmin('/_local/console/executions?cursor=zz')).status).toBe(400);
    expect((await asAdmin('/_local/console/executions?stateMachine=Nope')).status).toBe(400);
  });

  it('pages newest first', async () => {
    const applicant = await runtime.token('applicant', { sub: 'applicant-2' });
    const catalog = await runtime.call('GET', '/v1/catalog');
    const item = (catalog.json.items as { code: string }[]).find((i) => i.code === 'SC-001');
    const second = await runtime.call('POST', '/v1/applications', {
      token: applicant,
      body: applicationFor(item as Parameters<typeof applicationFor>[0]),
    });
    await runtime.advance(1); // a later start
    const first = await asAdmin('/_local/console/executions?limit=1&stateMachine=ApprovalClock');
    expect(first.json.total).toBe(2);
    expect(first.json.executions.map((e: { name: string }) => e.name)).toEqual([second.json.id]);
    const rest = await asAdmin(
      `/_local/console/executions?limit=1&stateMachine=ApprovalClock&cursor=${first.json.next}`,
    );
    expect(rest.json.executions.map((e: { name: string }) => e.name)).toEqual([caseId]);
    expect(rest.json.next).toBeUndefined();
  });

  it('describes an execution: status, dates, input, its machine, the whole history, the states it is in', async () => {
    const r = await asAdmin(`/_local/console/executions/${caseId}`);
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({
      name: caseId,
      status: 'RUNNING',
      startDate: START,
      input: JSON.stringify({ caseId }),
      stateMachine: { name: 'ApprovalClock' },
      finalState: 'RaceDeadlineAgainstDecision',
    });
    expect(r.json.stopDate).toBeUndefined();
    expect(r.json.stateMachine.definition.StartAt).toBe('RaceDeadlineAgainstDecision');
    // Waiting: the clock's branch sleeps until the next checkpoint, the decision's waits for its task token.
    expect(r.json.current.sort()).toEqual(['AwaitDecision', 'RaceDeadlineAgainstDecision', 'WaitUntilCheckpoint']);
    expect(r.json.states).toMatchObject({ Checkpoint: 'succeeded', AfterCheckpoint: 'succeeded' });
    expect(r.json.transitions).toEqual(
      expect.arrayContaining([
        ['#start', 'RaceDeadlineAgainstDecision'],
        ['AfterCheckpoint', 'WaitUntilCheckpoint'],
      ]),
    );
    const events = r.json.events as { id: number; type: string; timestamp: string; stateName?: string }[];
    expect(events.map((e) => e.id)).toEqual(events.map((_, i) => i + 1));
    expect(events[0]).toMatchObject({ type: 'ExecutionStarted', timestamp: START });
    expect(events.find((e) => e.type === 'WaitStateEntered')?.stateName).toBe('WaitUntilCheckpoint');
    // The task token is shortened wherever it appears (here in the TaskScheduled parameters).
    const scheduled = events.find((e) => e.type === 'TaskScheduled') as unknown as {
      details: { taskScheduledEventDetails: { parameters: string } };
    };
    const payload = JSON.parse(scheduled.details.taskScheduledEventDetails.parameters).Payload;
    expect(payload.taskToken).toMatch(/^LSFN.{4}…$/);
    expect(r.text).not.toMatch(WHOLE_TOKEN);
    // The raw history does hold the whole token: the console shortened it.
    expect(JSON.stringify((await runtime.clockOf(caseId)).events)).toMatch(WHOLE_TOKEN);
    expect((await asAdmin(`/_local/console/executions/${caseId}-intake`)).status).toBe(404);
    expect((await asAdmin('/_local/console/executions/bad%20name')).status).toBe(400);
  });
});
