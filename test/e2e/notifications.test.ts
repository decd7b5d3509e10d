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

describe('notifications: every change someone must be told of, as records and as events on the bus', () => {
  it('tells the applicant of acceptance, the handler and the head of the yellow light, everyone of deemed approval', async () => {
    const c = (
      await runtime.call('POST', '/v1/applications', {
        token: applicant,
        body: {
          itemCode: 'SC-001',
          applicant: { type: 'ENTERPRISE', name: '通知公司', phone: '0411-1234-5678' },
          materials: SC001,
        },
      })
    ).json;
    expect(c.status).toBe('ACCEPTED');
    const accepted = (await inbox(applicant)).filter((n) => n.caseId === c.id);
    expect(accepted).toEqual([
      expect.objectContaining({ kind: 'ACCEPTED', to: ['APPLICANT'], actBy: '2026-10-09T00:00:00+08:00' }),
    ]);
    expect((await inbox(other)).filter((n) => n.caseId === c.id)).toEqual([]);

    // The yellow warning, raised by the clock at 00:00 on 10-01, goes to the handler and the head — not before.
    await runtime.advance((await until('2026-10-01T00:00:00+08:00')) - 1);
    expect((await inbox(reviewer)).filter((n) => n.caseId === c.id)).toEqual([]);
    await runtime.advance(1);
    const warning = expect.objectContaining({
      kind: 'YELLOW_WARNING',
      to: ['HANDLER', 'HEAD'],
      at: '2026-10-01T00:00:00+08:00',
    });
    expect((await inbox(reviewer)).filter((n) => n.caseId === c.id)).toEqual([warning]);
    expect((await inbox(head)).filter((n) => n.caseId === c.id)).toEqual([warning]);
    expect((await inbox(applicant)).map((n) => n.kind)).not.toContain('YELLOW_WARNING');

    // Deemed approval at the deadline: applicant, handler, head and supervision.
    await runtime.advance(await until('2026-10-09T00:00:00+08:00'));
    const deemed = expect.objectContaining({
      kind: 'DEEMED_APPROVED',
      to: ['APPLICANT', 'HANDLER', 'HEAD', 'SUPERVISION'],
    });
    expect((await inbox(supervisor)).filter((n) => n.caseId === c.id)).toEqual([deemed]);
    expect((await inbox(applicant)).filter((n) => n.caseId === c.id).map((n) => n.kind)).toEqual([
      'DEEMED_APPROVED',
      'ACCEPTED',
    ]);

    // Revoked by a supervisor the next morning: the applicant is told.
    await runtime.advance(9 * 3600);
    const revoked = await runtime.call('POST', `/v1/applications/${c.id}/review`, {
      token: supervisor,
      body: {
        verdict: 'WRONGFUL',
        reason: '涉及公共安全 touches public safety',
        publicInterestNote: '消防 fire safety',
      },
    });
    expect(revoked.status, revoked.text).toBe(200);
    expect((await inbox(applicant)).filter((n) => n.caseId === c.id)[0]).toMatchObject({ kind: 'REVOKED' });

    // Per case, in timeline order, one per event, each tied to its timeline event; the applicant reads their own.
    const all = await ofCase(c.id, applicant);
    expect(all.map((n) => n.kind)).toEqual(['ACCEPTED', 'YELLOW_WARNING', 'DEEMED_APPROVED', 'REVOKED']);
    const timeline = (await runtime.call('GET', `/v1/applications/${c.id}`, { token: applicant })).json.timeline as {
      type: string;
      hash: string;
    }[];
    for (const n of all as (Notification & { eventHash: string })[]) {
      expect(timeline[Number(n.id.split('#')[1])]).toMatchObject({ type: n.kind, hash: n.eventHash });
    }
    // Another's case answers as a missing one.
    expect((await runtime.call('GET', `/v1/applications/${c.id}/notifications`, { token: other })).status).toBe(404);

    // Each is on the event bus too (what SMS or mail would subscribe to), with no personal data.
    const events = (await runtime.call('GET', `/_local/events?caseId=${c.id}`)).json.events as {
      source: string;
      'detail-type': string;
      detail: { id: string; kind: string };
    }[];
    expect(events.map((e) => e.detail.kind)).toEqual(['ACCEPTED', 'YELLOW_WARNING', 'DEEMED_APPROVED', 'REVOKED']);
    expect(new Set(events.map((e) => e.detail.id))).toEqual(new Set(all.map((n) => n.id)));
    expect(events.every((e) => e.source === 'xiaoneng' && e['detail-type'] === 'Notification')).toBe(true);
    expect(JSON.stringify(events)).not.toContain('0411-1234-5678');
  });

  it('tells the applicant of a pause, its end with the new deadline, and the extension with its reason', async () => {
    const c = (
      await runtime.call('POST', '/v1/applications', {
        token: applicant,
        body: {
          itemCode: 'SC-001',
          applicant: { type: 'ENTERPRISE', name: '暂停通知公司', phone: '0411-1234-0000' },
          materials: SC001,
        },
      })
    ).json;
    const suspend = await runtime.call('POST', `/v1/applications/${c.id}/suspend`, {
      token: reviewer,
      body: { reason: 'INSPECTION', expectedWorkingDays: 2 },
    });
    expect(suspend.status, suspend.text).toBe(200);
    await runtime.advance(86400);
    expect((await runtime.call('POST', `/v1/applications/${c.id}/resume`, { token: reviewer })).status).toBe(200);
    const requested = await runtime.call('POST', `/v1/applications/${c.id}/extension`, {
      token: reviewer,
      body: { workingDays: 2, reason: '需专家论证 expert opinion needed' },
    });
    expect(requested.status, requested.text).toBe(200);
    expect((await inbox(head)).filter((n) => n.caseId === c.id).map((n) => n.kind)).toContain('EXTENSION_REQUESTED');
    expect((await inbox(reviewer)).filter((n) => n.caseId === c.id).map((n) => n.kind)).not.toContain(
      'EXTENSION_REQUESTED',
    );
    const approved = await runtime.call('POST', `/v1/applications/${c.id}/extension/approve`, { token: head });
    expect(approved.status, approved.text).toBe(200);
    // Events of the same instant (accepted and paused at once) sort by their place on the timeline.
    const seq = (n: Notification) => Number(n.id.split('#')[1]);
    const told = (await inbox(applicant)).filter((n) => n.caseId === c.id).sort((a, b) => seq(a) - seq(b));
    expect(told.map((n) => n.kind)).toEqual(['ACCEPTED', 'SUSPENDED', 'RESUMED', 'EXTENDED']);
    expect(told.at(-1)).toMatchObject({ actBy: approved.json.deadline });
    expect(JSON.stringify(told.at(-1))).toContain('expert opinion needed');
  });

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
