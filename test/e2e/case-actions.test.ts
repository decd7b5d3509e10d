import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RuntimeProcess } from '../support/runtime.ts';

// GET /v1/applications/{id} says, for the caller, which actions the API will carry out now and why it would refuse
// the others. This test holds it to its word over real HTTP: at each point of a case's life, for each role that can
// read the case, every action is called — allowed ⇔ 2xx, refused ⇔ 403/404/409 (never a 422: the bodies are valid).

// Monday 2 November 2026, 10:00 in Shanghai: no holiday in the next weeks.
const START = '2026-11-02T10:00:00+08:00';
const runtime = new RuntimeProcess();

type Role = 'applicant' | 'clerk' | 'reviewer' | 'head' | 'supervisor';
const tokens = {} as Record<Role, string>;
const roles: readonly Role[] = ['applicant', 'clerk', 'reviewer', 'head', 'supervisor'];

interface Answer {
  action: string;
  allowed: boolean;
  reason?: { zh: string; en: string };
}

const SC001 = ['application-form', 'articles', 'id-card', 'address-proof'];
const SC003 = ['application-form', 'business-licence', 'floor-plan', 'safety-rules'];
const person = { type: 'ENTERPRISE', name: '大连示例科技有限公司', phone: '0411-8888-0000' };

/** Each action's route and a valid body (so a refusal can only be about who or when, never the form). */
const calls: Record<string, { path: string; body?: unknown }> = {
  decide: { path: 'decision', body: { outcome: 'APPROVED' } },
  suspend: { path: 'suspend', body: { reason: 'HEARING', expectedWorkingDays: 3 } },
  resume: { path: 'resume' },
  extension: { path: 'extension', body: { workingDays: 5, reason: '需要专家论证 Expert review needed' } },
  approveExtension: { path: 'extension/approve' },
  notice: { path: 'notice', body: { defects: [{ id: 'articles', defect: '未签字 unsigned' }] } },
  accept: { path: 'accept' },
  materials: { path: 'materials', body: { materials: SC001.map((id) => ({ id })) } },
  withdraw: { path: 'withdraw', body: { reason: '不再需要 No longer needed' } },
  review: { path: 'review', body: { verdict: 'CONFIRMED', reason: '材料齐全 Complete' } },
};

async function create(token: string, itemCode: string, materials: readonly string[], extra = {}): Promise<string> {
  const r = await runtime.call('POST', '/v1/applications', {
    token,
    body: { itemCode, applicant: person, materials: materials.map((id) => ({ id })), ...extra },
  });
  expect(r.status, r.text).toBe(201);
  return r.json.id as string;
}

async function act(role: Role, action: string, id: string) {
  const call = calls[action];
  if (!call) throw new Error(`no call for ${action}`);
  return runtime.call('POST', `/v1/applications/${id}/${call.path}`, {
    token: tokens[role],
    ...(call.body ? { body: call.body } : {}),
  });
}

async function done(role: Role, action: string, id: string): Promise<string> {
  const r = await act(role, action, id);
  expect(r.status, `${role} ${action}: ${r.text}`).toBe(200);
  return id;
}

/** The actions each role that can read the case is told of (a role that cannot read it gets 404 and no actions). */
async function actionsOf(id: string): Promise<Map<Role, Answer[]>> {
  const out = new Map<Role, Answer[]>();
  for (const role of roles) {
    const r = await runtime.call('GET', `/v1/applications/${id}`, { token: tokens[role] });
    if (r.status === 404) continue;
    expect(r.status, r.text).toBe(200);
    out.set(role, r.json.actions as Answer[]);
  }
  return out;
}

const allowedOf = (answers: Map<Role, Answer[]>) =>
  Object.fromEntries(
    [...answers].map(([role, list]) => [
      role,
      list
        .filter((a) => a.allowed)
        .map((a) => a.action)
        .sort(),
    ]),
  );

/**
 * One point of the lifecycle: a case made by `make` (called again for each allowed action, each on a fresh case in
 * the same state). Every refused action is called first and must be refused and change nothing; then each allowed
 * one is called on its own case and must succeed. `expected`: the allowed actions by role, as the law says.
 */
async function checkPoint(make: () => Promise<string>, expected: Partial<Record<Role, string[]>>): Promise<void> {
  const first = await make();
  const answers = await actionsOf(first);
  expect(allowedOf(answers)).toEqual(
    Object.fromEntries([...answers.keys()].map((role) => [role, [...(expected[role] ?? [])].sort()])),
  );
  const before = (await runtime.call('GET', `/v1/applications/${first}`, { token: tokens.supervisor })).json;
  const allowed: [Role, string][] = [];
  for (const [role, list] of answers) {
    expect(list.map((a) => a.action).sort()).toEqual(Object.keys(calls).sort());
    for (const answer of list) {
      if (answer.allowed) {
        expect(answer.reason).toBeUndefined();
        allowed.push([role, answer.action]);
        continue;
      }
      expect(answer.reason?.zh, `${role} ${answer.action}`).toBeTruthy();
      expect(answer.reason?.en, `${role} ${answer.action}`).toBeTruthy();
      const r = await act(role, answer.action, first);
      expect(
        [403, 404, 409],
        `${role} ${answer.action} refused (${answer.reason?.en}) but answered ${r.text}`,
      ).toContain(r.status);
    }
  }
  const after = (await runtime.call('GET', `/v1/applications/${first}`, { token: tokens.supervisor })).json;
  expect(after.version).toBe(before.version);
  for (const [index, [role, action]] of allowed.entries()) {
    const id = index === 0 ? first : await make();
    const told = (await actionsOf(id)).get(role)?.find((a) => a.action === action);
    expect(told?.allowed, `${role} ${action} on a fresh case`).toBe(true);
    const r = await act(role, action, id);
    expect(r.status, `${role} ${action} allowed but answered ${r.text}`).toBe(200);
  }
}

beforeAll(async () => {
  await runtime.start({ now: START });
  tokens.applicant = await runtime.token('applicant', { sub: 'applicant-actions' });
  tokens.clerk = await runtime.token('clerk', { department: 'market', sub: 'clerk-actions' });
  tokens.reviewer = await runtime.token('reviewer', { department: 'market', sub: 'reviewer-actions' });
  tokens.head = await runtime.token('head', { department: 'market', sub: 'head-actions' });
  tokens.supervisor = await runtime.token('supervisor', { sub: 'supervisor-actions' });
});
afterAll(async () => {
  await runtime.dispose();
});

const accepted = () => create(tokens.applicant, 'SC-001', SC001);

describe('the actions a case offers are what the API does', () => {
  it('papers received for review: the clerk gives notice or accepts', async () => {
    await checkPoint(() => create(tokens.clerk, 'SC-001', SC001, { review: true }), {
      clerk: ['accept', 'notice'],
    });
  });

  it('waiting for materials after a notice: the applicant or the clerk resubmits, the applicant may withdraw', async () => {
    await checkPoint(() => create(tokens.applicant, 'SC-001', SC001.slice(0, 2)), {
      applicant: ['materials', 'withdraw'],
      clerk: ['materials'],
    });
  });

  it('accepted: the reviewer decides, pauses or asks the extension; the applicant may withdraw', async () => {
    await checkPoint(accepted, { reviewer: ['decide', 'extension', 'suspend'], applicant: ['withdraw'] });
  });

  it('paused: only resuming (and withdrawing)', async () => {
    await checkPoint(async () => done('reviewer', 'suspend', await accepted()), {
      reviewer: ['resume'],
      applicant: ['withdraw'],
    });
  });

  it('extension requested: the head approves it; no second request', async () => {
    await checkPoint(async () => done('reviewer', 'extension', await accepted()), {
      reviewer: ['decide', 'suspend'],
      head: ['approveExtension'],
      applicant: ['withdraw'],
    });
  });

  it('extended: the one extension is spent', async () => {
    await checkPoint(
      async () => done('head', 'approveExtension', await done('reviewer', 'extension', await accepted())),
      { reviewer: ['decide', 'suspend'], applicant: ['withdraw'] },
    );
  });

  it('decided: nothing is left to do', async () => {
    await checkPoint(async () => done('reviewer', 'decide', await accepted()), {});
  });

  it('after the deadline: an overdue case is still decided (late); a deemed approval is reviewed by supervision', async () => {
    // Two of each, made now: the first takes the refused calls and the first allowed one, the next each further one.
    const overdue = [await create(tokens.applicant, 'SC-003', SC003), await create(tokens.applicant, 'SC-003', SC003)];
    const deemed = [await accepted(), await accepted()];
    await runtime.advance(20 * 86400);
    for (const id of [...overdue, ...deemed]) {
      const c = (await runtime.call('GET', `/v1/applications/${id}`, { token: tokens.supervisor })).json;
      expect(['OVERDUE', 'DEEMED_APPROVED']).toContain(c.status);
    }
    const from = (list: string[]) => async () => list.shift() ?? Promise.reject(new Error('no case left'));
    await checkPoint(from(overdue), { reviewer: ['decide'] });
    await checkPoint(from(deemed), { supervisor: ['review'] });
  });
});
