import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ChainedEvent,
  chainEvent,
  genesisHash,
  stateDigestOf,
  stateDigests,
  type TimelineEntry,
} from '../../functions/domain/timeline.ts';
import { RuntimeProcess } from '../support/runtime.ts';

const runtime = new RuntimeProcess();
const TABLE = 'xiaoneng-local-Cases';
let applicant: string;
let reviewer: string;
let supervisor: string;

beforeAll(async () => {
  await runtime.start({ now: '2026-11-02T10:00:00+08:00' });
  applicant = await runtime.token('applicant', { sub: 'anchored-applicant' });
  reviewer = await runtime.token('reviewer', { department: 'market' });
  supervisor = await runtime.token('supervisor');
});
afterAll(async () => {
  await runtime.dispose();
});

const application = (name: string) => ({
  itemCode: 'SC-001',
  applicant: { type: 'ENTERPRISE', name, phone: '0411-8888-0000' },
  materials: ['application-form', 'articles', 'id-card', 'address-proof'].map((id) => ({ id })),
});

const verify = (id: string) => runtime.call('GET', `/v1/applications/${id}/verify`, { token: supervisor });

/** The anchor reads the stream after the write: wait until it has anchored `events` events of the case. */
async function anchored(id: string, events: number) {
  for (let i = 0; i < 200; i++) {
    const v = (await verify(id)).json;
    if ((v.anchor?.anchoredEvents ?? 0) >= events) return v;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`case ${id} not anchored at ${events} events`);
}

async function decidedCase(name: string) {
  const c = (await runtime.call('POST', '/v1/applications', { token: applicant, body: application(name) })).json;
  const d = await runtime.call('POST', `/v1/applications/${c.id}/decision`, {
    token: reviewer,
    body: { outcome: 'REJECTED', reason: '章程缺少股东签字' },
  });
  expect(d.status, d.text).toBe(200);
  return c.id as string;
}

const cli = () => runtime.verifyTimelines();

describe('checkpoints of chain heads, signed and kept outside the table', () => {
  it('anchor every case whose timeline grows, and verification checks them', async () => {
    const id = await decidedCase('锚定公司');
    const v = await anchored(id, 3);
    expect(v).toMatchObject({
      valid: true,
      deleted: false,
      anchor: { valid: true, anchoredEvents: 3, rewritten: [], invalidCheckpoints: [] },
    });
    expect(v.anchor.checkpoints).toBeGreaterThanOrEqual(1);
  });

  it('catch a timeline rewritten with every hash and state digest recomputed, naming the rewritten position', async () => {
    const id = await decidedCase('改写公司');
    await anchored(id, 3);
    // Act: someone who can write the table turns the rejection into an approval and recomputes everything the table
    // holds: the event, every hash from there, the state digests, the head.
    const item = (
      await runtime.documents().send(new GetCommand({ TableName: TABLE, Key: { id }, ConsistentRead: true }))
    ).Item as Record<string, unknown> & { timeline: ChainedEvent[]; decision: object };
    const forgedState = { ...item, status: 'APPROVED', decision: { ...item.decision, outcome: 'APPROVED' } };
    const digests = stateDigests(forgedState);
    let head = genesisHash(id);
    const timeline = item.timeline.map(({ hash: _h, ...event }, i) => {
      const { note: _note, ...plain } = event;
      const rewritten = i === 2 ? { ...plain, type: 'APPROVED', state: stateDigestOf(digests) } : event;
      // Re-chaining stored events (any type, as read back) is what a forger does: typed writes do not.
      const chained = chainEvent(head, rewritten as TimelineEntry);
      head = chained.hash;
      return chained;
    });
    const forgedHead = head;
    await runtime.documents().send(
      new PutCommand({
        TableName: TABLE,
        Item: { ...forgedState, timeline, timelineHead: forgedHead, stateDigests: digests },
      }),
    );
    // Assess: the table alone is consistent again; the checkpoint is not.
    const v = (await verify(id)).json;
    expect(v).toMatchObject({
      valid: false,
      firstBrokenAt: null,
      state: { valid: true },
      anchor: { valid: false, rewritten: [{ events: 3, found: forgedHead }] },
    });
    // And the anchor saw the rewrite itself on the stream, as it happened.
    for (let i = 0; i < 200 && !(await verify(id)).json.anchor.alerts.length; i++) {
      await new Promise((r) => setTimeout(r, 25));
    }
    expect((await verify(id)).json.anchor.alerts).toEqual([
      expect.objectContaining({ kind: 'TIMELINE_REWRITTEN', event: 2 }),
    ]);
    expect(v.anchor.rewritten[0].anchoredHead).not.toBe(forgedHead);
    // Appending after the rewrite does not wash it out: the old checkpoint still names the old head.
    const cliRun = await cli();
    expect(cliRun.code).toBe(1);
    expect(cliRun.stdout).toContain(`REWRITTEN ${id}: checkpoint`);
    expect(cliRun.stdout).toMatch(new RegExp(`ALERT ${id}: checkpoint \\d+ saw the timeline rewritten from event 2`));
  });

  it('report a case deleted from the table by its anchors, in the route and the CLI', async () => {
    const id = await decidedCase('删除公司');
    await anchored(id, 3);
    await runtime.documents().send(new DeleteCommand({ TableName: TABLE, Key: { id } }));
    const v = await verify(id);
    expect(v.status).toBe(200);
    expect(v.json).toMatchObject({ caseId: id, valid: false, deleted: true, anchor: { anchoredEvents: 3 } });
    expect((await verify('XN20261102-01K0000000000000000000000Z')).status).toBe(404);
    const cliRun = await cli();
    expect(cliRun.code).toBe(1);
    expect(cliRun.stdout).toContain(`DELETED ${id}: anchored in checkpoint`);
  });

  it('refuse a checkpoint changed after signing', async () => {
    const id = await decidedCase('伪造检查点公司');
    const v = await anchored(id, 3);
    expect(v.anchor.valid).toBe(true);
    // The last checkpoint naming the case, as a file in the data folder: change what it anchored.
    const pointers = join(runtime.dataDir, 'anchors', 'cases', encodeURIComponent(id));
    const { readdirSync } = await import('node:fs');
    const seq = readdirSync(pointers).sort().at(-1) as string;
    const file = join(runtime.dataDir, 'anchors', 'checkpoints', `${seq}.json`);
    const checkpoint = JSON.parse(readFileSync(file, 'utf8'));
    for (const h of checkpoint.document.heads) h.head = '0'.repeat(64);
    writeFileSync(file, JSON.stringify(checkpoint));
    const after = (await verify(id)).json;
    expect(after).toMatchObject({ valid: false, anchor: { valid: false, invalidCheckpoints: [Number(seq)] } });
    const cliRun = await cli();
    expect(cliRun.stdout).toContain(`CHECKPOINT ${Number(seq)}: the signature does not verify with the anchor key`);
  });
});
