import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RuntimeProcess } from '../support/runtime.ts';

// Monday 2026-09-28 10:00 in Shanghai: SC-001 (3 working days, deemed consent) is due by the end of 10-08.
const runtime = new RuntimeProcess();
const SC001 = ['application-form', 'articles', 'id-card', 'address-proof'].map((id) => ({ id }));
const until = async (instant: string) => (Date.parse(instant) - Date.parse(await runtime.now())) / 1000;

let applicant: string;
let other: string;
let reviewer: string;
let head: string;
let supervisor: string;

beforeAll(async () => {
  await runtime.start({ now: '2026-09-28T10:00:00+08:00' });
  applicant = await runtime.token('applicant', { sub: 'told-applicant' });
  other = await runtime.token('applicant', { sub: 'someone-else' });
  reviewer = await runtime.token('reviewer', { department: 'market' });
  head = await runtime.token('head', { department: 'market' });
  supervisor = await runtime.token('supervisor');
});
afterAll(async () => {
  await runtime.dispose();
});

type Notification = { id: string; caseId: string; kind: string; to: string[]; at: string; actBy: string | null };
const inbox = async (token: string) => {
  const r = await runtime.call('GET', '/v1/notifications?limit=100', { token });
  expect(r.status, r.text).toBe(200);
  return r.json.notifications as Notification[];
};
const ofCase = async (id: string, token = supervisor) => {
  const r = await runtime.call('GET', `/v1/applications/${id}/notifications`, { token });
  expect(r.status, r.text).toBe(200);
  return r.json.notifications as Notification[];
};

/** The notifications of one case in an inbox. */
const toldOf = async (token: string, caseId: string) => (await inbox(token)).filter((n) => n.caseId === caseId);

/** Files an SC-001 with every material for `applicant`: the case as answered. */
async function fileCompanyRegistration(name: string, phone: string) {
  const filed = await runtime.call('POST', '/v1/applications', {
    token: applicant,
    body: { itemCode: 'SC-001', applicant: { type: 'ENTERPRISE', name, phone }, materials: SC001 },
  });
  expect(filed.status, filed.text).toBe(201);
  return filed.json as { id: string; status: string };
}

// One case's life, step by step: the `it`s run in order on the shared clock.
describe('notifications of a case that is deemed approved and then revoked', () => {
  let c: { id: string; status: string };

  it('tells the applicant of acceptance, and no other applicant', async () => {
    // Act
    c = await fileCompanyRegistration('通知公司', '0411-1234-5678');
    // Assess
    expect(c.status).toBe('ACCEPTED');
    expect(await toldOf(applicant, c.id)).toEqual([
      expect.objectContaining({ kind: 'ACCEPTED', to: ['APPLICANT'], actBy: '2026-10-09T00:00:00+08:00' }),
    ]);
    expect(await toldOf(other, c.id)).toEqual([]);
  });

  it('tells no one of a yellow light a second before the clock raises it', async () => {
    // Act
    await runtime.advance((await until('2026-10-01T00:00:00+08:00')) - 1);
    // Assess
    expect(await toldOf(reviewer, c.id)).toEqual([]);
  });

  it('tells the handler and the head of the yellow light raised at 00:00 on 10-01, not the applicant', async () => {
    // Act
    await runtime.advance(1);
    // Assess
    const warning = expect.objectContaining({
      kind: 'YELLOW_WARNING',
      to: ['HANDLER', 'HEAD'],
      at: '2026-10-01T00:00:00+08:00',
    });
    expect(await toldOf(reviewer, c.id)).toEqual([warning]);
    expect(await toldOf(head, c.id)).toEqual([warning]);
    expect((await inbox(applicant)).map((n) => n.kind)).not.toContain('YELLOW_WARNING');
  });

  it('tells the applicant, the handler, the head and supervision of deemed approval at the deadline', async () => {
    // Act
    await runtime.advance(await until('2026-10-09T00:00:00+08:00'));
    // Assess
    const deemed = expect.objectContaining({
      kind: 'DEEMED_APPROVED',
      to: ['APPLICANT', 'HANDLER', 'HEAD', 'SUPERVISION'],
    });
    expect(await toldOf(supervisor, c.id)).toEqual([deemed]);
    expect((await toldOf(applicant, c.id)).map((n) => n.kind)).toEqual(['DEEMED_APPROVED', 'ACCEPTED']);
  });

  it('tells the applicant when a supervisor revokes the deemed approval', async () => {
    // Prepare: the next morning
    await runtime.advance(9 * 3600);
    // Act
    const revoked = await runtime.call('POST', `/v1/applications/${c.id}/review`, {
      token: supervisor,
      body: {
        verdict: 'WRONGFUL',
        reason: '涉及公共安全 touches public safety',
        publicInterestNote: '消防 fire safety',
      },
    });
    // Assess
    expect(revoked.status, revoked.text).toBe(200);
    expect((await toldOf(applicant, c.id))[0]).toMatchObject({ kind: 'REVOKED' });
  });

  it('lists them per case, one per timeline event in timeline order, to the applicant and to no one else', async () => {
    // Act
    const all = await ofCase(c.id, applicant);
    const timeline = (await runtime.call('GET', `/v1/applications/${c.id}`, { token: applicant })).json.timeline as {
      type: string;
      hash: string;
    }[];
    const another = await runtime.call('GET', `/v1/applications/${c.id}/notifications`, { token: other });
    // Assess
    expect(all.map((n) => n.kind)).toEqual(['ACCEPTED', 'YELLOW_WARNING', 'DEEMED_APPROVED', 'REVOKED']);
    for (const n of all as (Notification & { eventHash: string })[]) {
      expect(timeline[Number(n.id.split('#')[1])]).toMatchObject({ type: n.kind, hash: n.eventHash });
    }
    expect(another.status).toBe(404); // another's case answers as a missing one
  });

  it('puts each on the event bus too (what SMS or mail would subscribe to), with no personal data', async () => {
    // Act
    const events = (await runtime.call('GET', `/_local/events?caseId=${c.id}`)).json.events as {
      source: string;
      'detail-type': string;
      detail: { id: string; kind: string };
    }[];
    // Assess
    expect(events.map((e) => e.detail.kind)).toEqual(['ACCEPTED', 'YELLOW_WARNING', 'DEEMED_APPROVED', 'REVOKED']);
    const all = await ofCase(c.id, applicant);
    expect(new Set(events.map((e) => e.detail.id))).toEqual(new Set(all.map((n) => n.id)));
    expect(events.every((e) => e.source === 'xiaoneng' && e['detail-type'] === 'Notification')).toBe(true);
    expect(JSON.stringify(events)).not.toContain('0411-1234-5678');
  });
});

describe('notifications of a paused and extended case', () => {
  let c: { id: string; status: string };

  beforeAll(async () => {
    // Prepare: accepted, paused for a day and resumed.
    c = await fileCompanyRegistration('暂停通知公司', '0411-1234-0000');
    const suspend = await runtime.call('POST', `/v1/applications/${c.id}/suspend`, {
      token: reviewer,
      body: { reason: 'INSPECTION', expectedWorkingDays: 2 },
    });
    expect(suspend.status, suspend.text).toBe(200);
    await runtime.advance(86400);
    expect((await runtime.call('POST', `/v1/applications/${c.id}/resume`, { token: reviewer })).status).toBe(200);
  });

  it('tells the head, not the reviewer who asked, of an extension request', async () => {
    // Act
    const requested = await runtime.call('POST', `/v1/applications/${c.id}/extension`, {
      token: reviewer,
      body: { workingDays: 2, reason: '需专家论证 expert opinion needed' },
    });
    // Assess
    expect(requested.status, requested.text).toBe(200);
    expect((await toldOf(head, c.id)).map((n) => n.kind)).toContain('EXTENSION_REQUESTED');
    expect((await toldOf(reviewer, c.id)).map((n) => n.kind)).not.toContain('EXTENSION_REQUESTED');
  });

  it('tells the applicant of the pause, its end, and the extension with its new deadline and reason', async () => {
    // Act
    const approved = await runtime.call('POST', `/v1/applications/${c.id}/extension/approve`, { token: head });
    // Assess: events of the same instant (accepted and paused at once) sort by their place on the timeline.
    const seq = (n: Notification) => Number(n.id.split('#')[1]);
    expect(approved.status, approved.text).toBe(200);
    const told = (await toldOf(applicant, c.id)).sort((a, b) => seq(a) - seq(b));
    expect(told.map((n) => n.kind)).toEqual(['ACCEPTED', 'SUSPENDED', 'RESUMED', 'EXTENDED']);
    expect(told.at(-1)).toMatchObject({ actBy: approved.json.deadline });
    expect(JSON.stringify(told.at(-1))).toContain('expert opinion needed');
  });
});

describe('inboxes', () => {
  it('pages an inbox and refuses a cursor it did not hand out', async () => {
    const first = await runtime.call('GET', '/v1/notifications?limit=1', { token: applicant });
    expect(first.status).toBe(200);
    expect(first.json.notifications).toHaveLength(1);
    const second = await runtime.call('GET', `/v1/notifications?limit=1&cursor=${first.json.next}`, {
      token: applicant,
    });
    expect(second.status, second.text).toBe(200);
    expect(second.json.notifications[0].id).not.toBe(first.json.notifications[0].id);
    const forged = Buffer.from(JSON.stringify({ applicantInbox: 'someone-else', at: 'x', caseId: 'y' })).toString(
      'base64url',
    );
    const refused = await runtime.call('GET', `/v1/notifications?cursor=${forged}`, { token: applicant });
    expect(refused.status).toBe(400);
    expect(refused.json.errors).toEqual([expect.objectContaining({ field: 'query.cursor' })]);
    // A real cursor of someone else's inbox opens nothing: it is not a cursor of this inbox.
    const borrowed = await runtime.call('GET', `/v1/notifications?cursor=${first.json.next}`, { token: other });
    expect(borrowed.status, borrowed.text).toBe(400);
    expect(borrowed.json.errors).toEqual([expect.objectContaining({ field: 'query.cursor' })]);
  });
});
