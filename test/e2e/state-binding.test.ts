import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chainEvent, genesisHash, type TimelineEventType } from '../../functions/domain/timeline.ts';
import { RuntimeProcess } from '../support/runtime.ts';

// Monday 2026-09-28 10:00 in Shanghai, before National Day (10/1–7 off; 10/10 Saturday a working day).
const runtime = new RuntimeProcess();
const TABLE = 'xiaoneng-local-Cases';
let applicant: string;
let reviewer: string;
let head: string;
let supervisor: string;
let clerk: string;

beforeAll(async () => {
  await runtime.start({ now: '2026-09-28T10:00:00+08:00' });
  applicant = await runtime.token('applicant', { sub: 'bound-applicant' });
  reviewer = await runtime.token('reviewer', { department: 'market' });
  head = await runtime.token('head', { department: 'market' });
  supervisor = await runtime.token('supervisor', { sub: 'inspector-li' });
  clerk = await runtime.token('clerk', { department: 'planning' });
});
afterAll(async () => {
  await runtime.dispose();
});

const SC001 = ['application-form', 'articles', 'id-card', 'address-proof'].map((id) => ({ id }));
const SC003 = ['application-form', 'business-licence', 'floor-plan', 'safety-rules'].map((id) => ({ id }));
const PL001 = ['application-form', 'land-certificate', 'design-scheme'].map((id) => ({ id }));
const until = async (instant: string) => (Date.parse(instant) - Date.parse(await runtime.now())) / 1000;

async function apply(itemCode: string, name: string, materials = itemCode === 'SC-003' ? SC003 : SC001) {
  const r = await runtime.call('POST', '/v1/applications', {
    token: applicant,
    body: { itemCode, applicant: { type: 'ENTERPRISE', name, phone: '0411-8888-0000' }, materials },
  });
  expect(r.status, r.text).toBe(201);
  return r.json as { id: string; deadline: string; status: string };
}

async function post(path: string, token: string, body?: unknown) {
  const r = await runtime.call('POST', path, { token, ...(body === undefined ? {} : { body }) });
  expect(r.status, r.text).toBe(200);
  return r.json;
}

async function verify(id: string) {
  const r = await runtime.call('GET', `/v1/applications/${id}/verify`, { token: supervisor });
  expect(r.status, r.text).toBe(200);
  return r.json;
}

/** Every step of a lifecycle must verify: the chain, and the state bound to its head. */
const lifecycleCases = new Set<string>();
async function expectSound(id: string, step: string) {
  lifecycleCases.add(id);
  const v = await verify(id);
  expect(v, step).toMatchObject({ valid: true, firstBrokenAt: null, state: { bound: true, valid: true, changed: [] } });
  expect(v.editsRecorded, step).toEqual([]);
}

const item = async (id: string) =>
  (await runtime.documents().send(new GetCommand({ TableName: TABLE, Key: { id }, ConsistentRead: true })))
    .Item as Record<string, unknown>;

// Cases left in each end state by the lifecycles, edited below.
const ended: Record<string, string> = {};

describe('every write path binds the state it produces', () => {
  it('deemed approval, then revocation on review', async () => {
    const c = await apply('SC-001', '默认通过公司');
    await expectSound(c.id, 'accepted');
    await runtime.advance(await until(c.deadline));
    expect((await item(c.id)).status).toBe('DEEMED_APPROVED');
    await expectSound(c.id, 'deemed approved');
    await post(`/v1/applications/${c.id}/review`, supervisor, {
      verdict: 'WRONGFUL',
      reason: '住所证明系伪造 forged address proof',
      publicInterestNote: '虚假登记损害交易安全 false registration harms trade',
    });
    await expectSound(c.id, 'revoked');
    ended.revoked = c.id;
  });

  it('pause, resume, extension requested and approved, yellow warning, decision', async () => {
    const c = await apply('SC-003', '暂停延期餐饮');
    await runtime.advance(86400);
    await post(`/v1/applications/${c.id}/suspend`, reviewer, { reason: 'INSPECTION', expectedWorkingDays: 2 });
    await expectSound(c.id, 'suspended');
    await runtime.advance(86400);
    await post(`/v1/applications/${c.id}/resume`, reviewer);
    await expectSound(c.id, 'resumed');
    await post(`/v1/applications/${c.id}/extension`, reviewer, { workingDays: 5, reason: '需专家论证 expert review' });
    await expectSound(c.id, 'extension requested');
    await post(`/v1/applications/${c.id}/extension/approve`, head);
    await expectSound(c.id, 'extension approved');
    // Up to the yellow light (the clock's warning is an event of its own).
    const deadline = (await item(c.id)).deadline as string;
    await runtime.advance((await until(deadline)) - 3600);
    expect(((await item(c.id)).timeline as { type: string }[]).map((e) => e.type)).toContain('YELLOW_WARNING');
    await expectSound(c.id, 'yellow warning');
    await post(`/v1/applications/${c.id}/decision`, reviewer, { outcome: 'APPROVED' });
    await expectSound(c.id, 'approved');
    ended.extended = c.id;
  });

  it('overdue, red card, late decision', async () => {
    const c = await apply('SC-003', '超期餐饮');
    await runtime.advance(await until(c.deadline));
    const overdue = await item(c.id);
    expect(overdue.status).toBe('OVERDUE');
    await expectSound(c.id, 'overdue');
    await runtime.advance(await until((overdue.supervision as { deadline: string }).deadline));
    expect((await item(c.id)).redCardAt).toBeDefined();
    await expectSound(c.id, 'red card');
    ended.redCard = c.id;
    const other = await apply('SC-003', '超期后决定餐饮');
    await runtime.advance(await until(other.deadline));
    await post(`/v1/applications/${other.id}/decision`, reviewer, { outcome: 'REJECTED', reason: '布局不符 layout' });
    await expectSound(other.id, 'late decision');
  });

  it('withdrawal while accepted and while paused', async () => {
    const a = await apply('SC-001', '撤回公司');
    await post(`/v1/applications/${a.id}/withdraw`, applicant, {});
    await expectSound(a.id, 'withdrawn while accepted');
    const b = await apply('SC-003', '暂停后撤回');
    await post(`/v1/applications/${b.id}/suspend`, reviewer, { reason: 'TESTING', expectedWorkingDays: 1 });
    await post(`/v1/applications/${b.id}/withdraw`, applicant, {});
    await expectSound(b.id, 'withdrawn while paused');
    ended.suspended = b.id;
  });

  it('notice, resubmission, review intake accepted by the clerk and deemed accepted by the intake clock', async () => {
    const n = await apply('SC-001', '补正公司', SC001.slice(0, 2));
    expect(n.status).toBe('MATERIALS_REQUIRED');
    await expectSound(n.id, 'notice at receipt');
    await post(`/v1/applications/${n.id}/materials`, applicant, { materials: SC001.slice(2) });
    await expectSound(n.id, 'accepted on resubmission');
    const received = async () => {
      const r = await runtime.call('POST', '/v1/applications', {
        token: clerk,
        body: {
          itemCode: 'PL-001',
          applicant: { type: 'ENTERPRISE', name: '收件公司', phone: '0411-8888-0000' },
          materials: PL001,
          review: true,
        },
      });
      expect(r.status, r.text).toBe(201);
      return r.json as { id: string; reviewDeadline: string };
    };
    const a = await received();
    await expectSound(a.id, 'received for review');
    await post(`/v1/applications/${a.id}/accept`, clerk);
    await expectSound(a.id, 'accepted by the clerk');
    const b = await received();
    await post(`/v1/applications/${b.id}/notice`, clerk, {
      defects: [{ id: 'design-scheme', defect: '缺少设计单位盖章 unstamped' }],
    });
    await expectSound(b.id, 'notice after review');
    const d = await received();
    await runtime.advance(await until(d.reviewDeadline));
    expect((await item(d.id)).status).toBe('ACCEPTED');
    await expectSound(d.id, 'deemed accepted');
    ended.deemedAccepted = d.id;
  });
});

describe('the anchor, after every lifecycle above', () => {
  it('anchored each final head and saw nothing happen outside the API (no false alarm)', async () => {
    for (const id of lifecycleCases) {
      const events = ((await item(id)).timeline as unknown[]).length;
      let v = await verify(id);
      for (let i = 0; i < 200 && v.anchor.anchoredEvents !== events; i++) {
        await new Promise((r) => setTimeout(r, 25));
        v = await verify(id);
      }
      expect(v, id).toMatchObject({ valid: true, anchor: { valid: true, anchoredEvents: events, alerts: [] } });
    }
    expect(lifecycleCases.size).toBeGreaterThanOrEqual(10);
  });
});

describe('a direct edit of the table', () => {
  /** Edits one attribute in DynamoDB, checks /verify names it, and puts the item back as it was. */
  async function expectNamed(id: string, set: Record<string, unknown>, named: string[]) {
    const original = await item(id);
    const names = Object.fromEntries(Object.keys(set).map((k, i) => [`#f${i}`, k]));
    const values = Object.fromEntries(Object.values(set).map((v, i) => [`:v${i}`, v]));
    await runtime.documents().send(
      new UpdateCommand({
        TableName: TABLE,
        Key: { id },
        UpdateExpression: `SET ${Object.keys(set)
          .map((_, i) => `#f${i} = :v${i}`)
          .join(', ')}`,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      }),
    );
    const v = await verify(id);
    expect(v, named.join()).toMatchObject({
      valid: false,
      firstBrokenAt: null,
      state: { valid: false, changed: named },
    });
    await runtime.documents().send(new PutCommand({ TableName: TABLE, Item: original }));
    // Put back as it was, the table is consistent again; the anchor saw the edit on the stream and signed it.
    let after = await verify(id);
    for (
      let i = 0;
      i < 200 && !after.anchor.alerts.some((a: { fields?: string[] }) => a.fields?.join() === named.join());
      i++
    ) {
      await new Promise((r) => setTimeout(r, 25));
      after = await verify(id);
    }
    expect(after.state).toMatchObject({ valid: true });
    expect(after.anchor.alerts).toContainEqual(expect.objectContaining({ kind: 'STATE_EDITED', fields: named }));
    expect(after.valid).toBe(false);
  }

  it("of a case's clock (another table, outside the chain) is seen where it no longer matches the case", async () => {
    // Prepare: a running approval, and its clock's deadline moved a month on, straight in the Clocks table.
    const c = await apply('SC-001', '改时钟公司');
    const key = { subject: c.id, duty: 'APPROVAL' };
    const clocks = 'xiaoneng-local-Clocks';
    const before = (await runtime.documents().send(new GetCommand({ TableName: clocks, Key: key }))).Item;
    expect(await verify(c.id)).toMatchObject({
      valid: true,
      clocks: [{ duty: 'APPROVAL', phase: 'RUNNING', agrees: true, disagreements: [] }],
    });
    await runtime.documents().send(
      new UpdateCommand({
        TableName: clocks,
        Key: key,
        UpdateExpression: 'SET deadlineAt = :later',
        ExpressionAttributeValues: { ':later': '2027-06-01T00:00:00.000Z' },
      }),
    );
    // Act
    const v = await verify(c.id);
    // Assess: the chain and the bound state are intact; the clock that enforces them is not.
    expect(v).toMatchObject({
      valid: false,
      firstBrokenAt: null,
      state: { valid: true },
      clocks: [{ duty: 'APPROVAL', agrees: false, disagreements: ['deadlineAt'] }],
    });
    await runtime.documents().send(new PutCommand({ TableName: clocks, Item: before }));
    expect((await verify(c.id)).valid).toBe(true);
  });

  it('of each bound attribute is reported, naming the attribute', async () => {
    const revoked = await item(ended.revoked as string);
    const decided = await item(ended.extended as string);
    const carded = await item(ended.redCard as string);
    const paused = await item(ended.suspended as string);
    const id = ended.extended as string;
    await expectNamed(id, { deadlineAt: '2027-01-01T00:00:00.000Z' }, ['deadlineAt']);
    await expectNamed(id, { deadline: '2027-01-01T00:00:00+08:00', deadlineDate: '2026-12-31' }, [
      'deadline',
      'deadlineDate',
    ]);
    await expectNamed(id, { status: 'REJECTED' }, ['status']);
    await expectNamed(id, { decision: { ...(decided.decision as object), outcome: 'REJECTED' } }, ['decision']);
    await expectNamed(id, { applicant: { ...(decided.applicant as object), phone: '13900000000' } }, ['applicant']);
    await expectNamed(id, { handler: { id: 'someone', name: '某人' } }, ['handler']);
    await expectNamed(id, { leader: { id: 'someone', name: '某人' } }, ['leader']);
    await expectNamed(id, { extension: { ...(decided.extension as object), workingDays: 20 } }, ['extension']);
    await expectNamed(id, { pauses: [] }, ['pauses']);
    await expectNamed(id, { departmentId: 'tax' }, ['departmentId']);
    await expectNamed(id, { applicantSub: 'someone-else' }, ['applicantSub']);
    await expectNamed(ended.revoked as string, { expiry: { ...(revoked.expiry as object), at: '2027-01-01' } }, [
      'expiry',
    ]);
    await expectNamed(ended.revoked as string, { review: { ...(revoked.review as object), verdict: 'CONFIRMED' } }, [
      'review',
    ]);
    await expectNamed(ended.redCard as string, { redCardAt: '2027-01-01T00:00:00+08:00' }, ['redCardAt']);
    await expectNamed(
      ended.redCard as string,
      { supervision: { ...(carded.supervision as object), deadlineAt: '2027-01-01T00:00:00.000Z' } },
      ['supervision'],
    );
    await expectNamed(ended.suspended as string, { status: 'ACCEPTED', pauses: [] }, ['pauses', 'status']);
    expect(paused.status).toBe('WITHDRAWN');
    await expectNamed(ended.deemedAccepted as string, { deemedAccepted: false }, ['deemedAccepted']);
  });

  it('is kept on record when the next write finds it, so a later event cannot launder it', async () => {
    const c = await apply('SC-003', '改期限后暂停');
    await runtime.documents().send(
      new UpdateCommand({
        TableName: TABLE,
        Key: { id: c.id },
        UpdateExpression: 'SET deadlineAt = :later',
        ExpressionAttributeValues: { ':later': '2027-06-01T00:00:00.000Z' },
      }),
    );
    await post(`/v1/applications/${c.id}/suspend`, reviewer, { reason: 'TESTING', expectedWorkingDays: 1 });
    const v = await verify(c.id);
    expect(v).toMatchObject({
      valid: false,
      firstBrokenAt: null,
      state: { valid: true },
      editsRecorded: [{ event: 2, fields: ['deadlineAt'] }],
    });
    // The command-line verifier says the same.
    const cli = await runtime.verifyTimelines();
    expect(cli.code).toBe(1);
    expect(cli.stdout).toContain(
      `EDITED ${c.id}: event 2 was appended on a state edited outside any event: deadlineAt`,
    );
  });

  it('of a case written before state binding: its chain verifies, its state is reported unbound, no 500', async () => {
    const c = await apply('SC-001', '旧数据公司');
    const now = await item(c.id);
    // As the code before state binding wrote it: no state digests, events without `state`.
    // A fresh id from the real time, not the runtime's: ids made at the runtime's frozen instant differ only in their
    // last character, so changing it could name a case made earlier in this file (and overwrite it).
    const legacyId = `${c.id.slice(0, c.id.indexOf('-') + 1)}${ulid()}`;
    let headHash = genesisHash(legacyId);
    const timeline = (now.timeline as { at: string; type: string; by: string; note?: string }[]).map(
      ({ at, type, by, note }) => {
        // Re-chaining what is stored (any type, as read back): a legacy write, not one of this version's.
        const e = chainEvent(headHash, { at, type: type as TimelineEventType, by, ...(note ? { note } : {}) });
        headHash = e.hash;
        return e;
      },
    );
    const { stateDigests: _gone, ...rest } = now;
    // Written as a new item (a rewrite of an existing one would be seen by the anchor as exactly that).
    await runtime.documents().send(
      new PutCommand({
        TableName: TABLE,
        Item: { ...rest, id: legacyId, timeline, timelineHead: headHash },
        ConditionExpression: 'attribute_not_exists(id)',
      }),
    );
    // …with its approval clock, as the clock migration gives every case accepted before the deadline engine.
    const clock = (
      await runtime.documents().send(
        new GetCommand({
          TableName: 'xiaoneng-local-Clocks',
          Key: { subject: c.id, duty: 'APPROVAL' },
          ConsistentRead: true,
        }),
      )
    ).Item;
    await runtime.documents().send(
      new PutCommand({
        TableName: 'xiaoneng-local-Clocks',
        Item: { ...clock, subject: legacyId, executionName: legacyId },
        ConditionExpression: 'attribute_not_exists(subject)',
      }),
    );
    const legacy = await verify(legacyId);
    expect(legacy, JSON.stringify(legacy)).toMatchObject({
      valid: true,
      state: { bound: false, boundFrom: null, valid: null, changed: null },
    });
    // Its next write binds it from there on.
    await post(`/v1/applications/${legacyId}/decision`, reviewer, { outcome: 'APPROVED' });
    expect(await verify(legacyId)).toMatchObject({ valid: true, state: { bound: true, boundFrom: 2, valid: true } });
  });
});
