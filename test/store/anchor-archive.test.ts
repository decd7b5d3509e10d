import { createHash, verify } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { anchorArchive, awsAnchorArchive, ensureLocalAnchorKey } from '../../functions/common/anchor-archive.ts';
import {
  type AnchorAlert,
  type AnchoredHead,
  alertsOf,
  checkAnchors,
  checkpointHash,
  genesisCheckpoint,
  headsToAnchor,
  signedBytes,
} from '../../functions/domain/anchor.ts';
import { bindCreated, chainEvent, genesisHash } from '../../functions/domain/timeline.ts';
import { FakeKms, FakeS3 } from '../support/fake-aws-anchor.ts';
import { temporaryFolder } from '../support/temporary.ts';

const dir = temporaryFolder('anchor');
beforeAll(() => {
  process.env.ANCHOR_DIR = join(dir, 'anchors');
  process.env.ANCHOR_KEY_FILE = join(dir, 'anchor-key.pem');
  ensureLocalAnchorKey(process.env.ANCHOR_KEY_FILE);
});

describe('heads to anchor from a batch of the Cases stream', () => {
  it('takes each case once, at its newest head, and skips writes that append no event', () => {
    const t = (n: number) => Array.from({ length: n }, () => ({}));
    expect(
      headsToAnchor([
        { before: { timeline: t(1) }, after: { id: 'B', timeline: t(2), timelineHead: 'b2' } },
        { before: { timeline: t(2) }, after: { id: 'B', timeline: t(3), timelineHead: 'b3' } },
        { after: { id: 'A', timeline: t(1), timelineHead: 'a1' } },
        // The clock parking its token: no new event.
        { before: { timeline: t(4) }, after: { id: 'C', timeline: t(4), timelineHead: 'c4' } },
        // A deletion has no new image.
        { before: { timeline: t(2) } },
      ]),
    ).toEqual([
      { caseId: 'A', events: 1, head: 'a1' },
      { caseId: 'B', events: 3, head: 'b3' },
    ]);
  });
});

describe('what the anchor sees on the stream that no API write does', () => {
  it('names a rewritten or shortened timeline, a bound attribute edited without an event, and a deletion', () => {
    const e0 = chainEvent(genesisHash('A'), { at: 't0', type: 'RECEIVED', by: 'u' });
    const e1 = chainEvent(e0.hash, { at: 't1', type: 'ACCEPTED', by: 'u' });
    const legit = bindCreated({ id: 'A', status: 'ACCEPTED', deadlineAt: 'd1', timeline: [e0, e1] });
    const forged1 = chainEvent(e0.hash, { at: 't1', type: 'APPROVED', by: 'u' });
    expect(
      alertsOf([
        // An ordinary append: nothing to say.
        { before: { id: 'A', timeline: [e0] }, after: legit },
        // The clock's token parked (no bound attribute): nothing.
        { before: legit, after: { ...legit, taskToken: 't' } as typeof legit },
        { before: legit, after: { ...legit, timeline: [e0, forged1] } },
        { before: legit, after: { ...legit, timeline: [e0] } },
        { before: legit, after: { ...legit, deadlineAt: 'd2' } },
        { before: legit },
      ]),
    ).toEqual([
      // (the forged event binds no state, so only the rewrite is said)
      { caseId: 'A', kind: 'TIMELINE_REWRITTEN', event: 1 },
      { caseId: 'A', kind: 'TIMELINE_REWRITTEN', event: 1 },
      { caseId: 'A', kind: 'STATE_EDITED', fields: ['deadlineAt'] },
      { caseId: 'A', kind: 'DELETED' },
    ]);
  });
});

describe('the local checkpoint archive', () => {
  it('chains signed checkpoints, one per position even when appended concurrently, found again by case', async () => {
    const archive = anchorArchive();
    expect(archive).toBeDefined();
    if (!archive) return;
    const appended = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        archive.append([{ caseId: `case-${i % 2}`, events: i + 1, head: `h${i}` }], '2026-11-02T10:00:00+08:00'),
      ),
    );
    expect(new Set(appended.map((c) => c.document.seq))).toEqual(new Set([1, 2, 3, 4, 5, 6, 7, 8]));
    let previous = genesisCheckpoint();
    for (let seq = 1; seq <= 8; seq++) {
      const checked = await archive.checkpoint(seq);
      expect(checked).toMatchObject({ seq, signatureValid: true });
      expect(checked?.document?.previous).toBe(previous);
      if (!checked?.checkpoint) throw new Error(`checkpoint ${seq} missing`);
      previous = checkpointHash(checked.checkpoint);
    }
    expect(await archive.checkpoint(9)).toBeUndefined();
    const forCase0 = await archive.checkpointsFor('case-0');
    expect(forCase0).toHaveLength(4);
    expect(forCase0.every((c) => c.signatureValid)).toBe(true);
  });

  it('tells a timeline that still has its anchored heads from one rewritten or cut short after anchoring', async () => {
    const archive = anchorArchive();
    if (!archive) throw new Error('no archive');
    await archive.append([{ caseId: 'X', events: 2, head: 'x2' }], '2026-11-02T10:00:00+08:00');
    const found = await archive.checkpointsFor('X');
    expect(checkAnchors('X', [{ hash: 'x1' }, { hash: 'x2' }, { hash: 'x3' }], found)).toMatchObject({
      valid: true,
      checkpoints: 1,
      anchoredEvents: 2,
      rewritten: [],
    });
    expect(checkAnchors('X', [{ hash: 'x1' }, { hash: 'forged' }], found)).toMatchObject({
      valid: false,
      rewritten: [{ events: 2, anchoredHead: 'x2', found: 'forged' }],
    });
    expect(checkAnchors('X', [{ hash: 'x1' }], found).rewritten).toEqual([
      expect.objectContaining({ events: 2, found: null }),
    ]);
  });

  it('refuses a checkpoint whose content was changed after signing', async () => {
    const archive = anchorArchive();
    if (!archive) throw new Error('no archive');
    const signed = await archive.append([{ caseId: 'Y', events: 1, head: 'y1' }], '2026-11-02T10:00:00+08:00');
    const file = join(dir, 'anchors', 'checkpoints', `${String(signed.document.seq).padStart(12, '0')}.json`);
    const forged = JSON.parse(readFileSync(file, 'utf8'));
    forged.document.heads[0].head = 'y1-forged';
    writeFileSync(file, JSON.stringify(forged));
    const [checked] = await archive.checkpointsFor('Y');
    expect(checked?.signatureValid).toBe(false);
    expect(checkAnchors('Y', [{ hash: 'y1-forged' }], checked ? [checked] : [])).toMatchObject({
      valid: false,
      invalidCheckpoints: [signed.document.seq],
    });
  });
});

describe('the AWS checkpoint archive (S3 with Object Lock, a KMS key), with stand-in clients', () => {
  const caseId = (i: number) => `XN20261102-01K9${String(i).padStart(22, '0')}`;
  const hex = (i: number) => createHash('sha256').update(String(i)).digest('hex');
  // One stream batch as large as it gets: 25 records, each a case whose timeline grew, plus what a table writer
  // rewrote meanwhile (the alerts), in the real formats.
  const heads: AnchoredHead[] = Array.from({ length: 25 }, (_, i) => ({
    caseId: caseId(i),
    events: 40 + i,
    head: hex(i),
  }));
  const alerts: AnchorAlert[] = Array.from({ length: 25 }, (_, i) =>
    i % 3 === 0
      ? { caseId: caseId(i), kind: 'TIMELINE_REWRITTEN', event: i }
      : i % 3 === 1
        ? { caseId: caseId(i), kind: 'STATE_EDITED', fields: ['deadline', 'deadlineDate', 'decision', 'status'] }
        : { caseId: caseId(100 + i), kind: 'DELETED' },
  );

  it('signs a 25-record batch with alerts (over KMS’s 4 KB RAW limit) so that its signature verifies', async () => {
    const kms = new FakeKms('arn:aws:kms:cn-north-1:111122223333:key/anchor');
    const s3 = new FakeS3('xiaoneng-checkpoints');
    const archive = awsAnchorArchive(s3.bucket, kms.keyId, { s3: s3.client, kms: kms.client });
    const signed = await archive.append(heads, '2026-11-02T10:00:00+08:00', alerts);
    expect(signedBytes(signed.document).length).toBeGreaterThan(4096);
    expect(kms.requests).toEqual([{ messageType: 'DIGEST', bytes: 32 }]);
    // What the verify route and `npm run verify-timelines` check: the signature, with the public key, over the same
    // canonical bytes as the local key's (sha256).
    expect(
      verify(
        'sha256',
        signedBytes(signed.document),
        { key: kms.publicKey, dsaEncoding: 'der' },
        Buffer.from(signed.signature, 'base64'),
      ),
    ).toBe(true);
    expect(await archive.checkpoint(1)).toMatchObject({ seq: 1, signatureValid: true, document: signed.document });
    for (const id of [caseId(0), caseId(24), caseId(102)]) {
      const found = await archive.checkpointsFor(id);
      expect(found.map((c) => [c.seq, c.signatureValid])).toEqual([[1, true]]);
    }
    expect(checkAnchors(caseId(3), [{ hash: 'x' }], await archive.checkpointsFor(caseId(3)))).toMatchObject({
      checkpoints: 1,
      alerts: [expect.objectContaining({ kind: 'TIMELINE_REWRITTEN', event: 3 })],
    });
  });

  it('chains concurrent appends one per position (If-None-Match) and refuses a checkpoint changed after signing', async () => {
    const kms = new FakeKms('anchor-key');
    const s3 = new FakeS3('bucket');
    const archive = awsAnchorArchive(s3.bucket, kms.keyId, { s3: s3.client, kms: kms.client });
    const appended = await Promise.all(
      Array.from({ length: 5 }, (_, i) => archive.append([heads[i] as AnchoredHead], '2026-11-02T10:00:00+08:00')),
    );
    expect(new Set(appended.map((c) => c.document.seq))).toEqual(new Set([1, 2, 3, 4, 5]));
    let previous = genesisCheckpoint();
    for (let seq = 1; seq <= 5; seq++) {
      const checked = await archive.checkpoint(seq);
      expect(checked).toMatchObject({ seq, signatureValid: true });
      expect(checked?.document?.previous).toBe(previous);
      if (!checked?.checkpoint) throw new Error(`checkpoint ${seq} missing`);
      previous = checkpointHash(checked.checkpoint);
    }
    const key = 'checkpoints/000000000003.json';
    const forged = JSON.parse(s3.objects.get(key) ?? '{}');
    forged.document.heads[0].head = 'forged';
    s3.objects.set(key, JSON.stringify(forged));
    expect(await archive.checkpoint(3)).toMatchObject({ signatureValid: false });
  });
});
