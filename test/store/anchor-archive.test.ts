import { createHash, generateKeyPairSync, randomBytes, verify } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { anchorArchive, awsAnchorArchive, ensureLocalAnchorKey } from '../../functions/common/anchor-archive.ts';
import {
  anchorPublicKey,
  anchorVerdict,
  awsCheckpointReader,
  checkpointReader,
} from '../../functions/common/checkpoint-reader.ts';
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
const AT = '2026-11-02T10:00:00+08:00';
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

  it('writes the head hint behind each checkpoint, and a later process corrects a hint left a step behind', async () => {
    const saved = process.env.ANCHOR_DIR;
    const folder = join(dir, 'hint');
    try {
      process.env.ANCHOR_DIR = folder;
      const first = anchorArchive();
      if (!first) throw new Error('no local archive');
      for (let i = 0; i < 3; i++) await first.append([{ caseId: 'H', events: i + 1, head: `h${i}` }], AT);
      // The hint reaches its file after the append has answered (a later process is its only reader).
      const hint = () => JSON.parse(readFileSync(join(folder, 'head.json'), 'utf8')) as { seq: number };
      await vi.waitFor(() => expect(hint().seq).toBe(3));
      const third = await first.checkpoint(3);
      // A process killed before its last hint write: the file says 1. Another process (the same folder, not this
      // process's archive and its memory of the hint) chains after 3, not over it.
      const one = await first.checkpoint(1);
      writeFileSync(
        join(folder, 'head.json'),
        JSON.stringify({ seq: 1, hash: one?.checkpoint ? checkpointHash(one.checkpoint) : '' }),
      );
      process.env.ANCHOR_DIR = `${folder}/`;
      const later = anchorArchive();
      if (!later || later === first) throw new Error('expected a second archive on the same folder');
      const fourth = await later.append([{ caseId: 'H', events: 4, head: 'h3' }], AT);
      expect(fourth.document.seq).toBe(4);
      if (!third?.checkpoint) throw new Error('checkpoint 3 missing');
      expect(fourth.document.previous).toBe(checkpointHash(third.checkpoint));
      await vi.waitFor(() => expect(hint().seq).toBe(4));
    } finally {
      process.env.ANCHOR_DIR = saved;
    }
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

describe('the verify route’s reader: the Object Lock bucket and the public key given at deploy time', () => {
  const spki = (key: { export(o: { type: 'spki'; format: 'der' }): Buffer }) =>
    key.export({ type: 'spki', format: 'der' }).toString('base64');
  const heads: AnchoredHead[] = [{ caseId: 'XN-R', events: 2, head: 'r2' }];

  it('checks the KMS key’s signatures with its public half alone (what GetPublicKey gave the deployment)', async () => {
    const kms = new FakeKms('anchor-key');
    const s3 = new FakeS3('bucket');
    await awsAnchorArchive(s3.bucket, kms.keyId, { s3: s3.client, kms: kms.client }).append(
      heads,
      '2026-11-02T10:00:00+08:00',
    );
    // The reader is handed S3 only: it has no KMS client to call.
    const reader = awsCheckpointReader(s3.bucket, spki(kms.publicKey), s3.client);
    const found = await reader.checkpointsFor('XN-R');
    expect(found.map((c) => [c.seq, c.signatureValid])).toEqual([[1, true]]);
    expect(checkAnchors('XN-R', [{ hash: 'r1' }, { hash: 'r2' }], found)).toMatchObject({
      valid: true,
      checkpoints: 1,
    });
    expect(await reader.checkpoint(1)).toMatchObject({ signatureValid: true });
  });

  it('refuses a checkpoint signed by any other key, whatever key id it claims', async () => {
    const kms = new FakeKms('anchor-key');
    const other = new FakeKms('anchor-key');
    const s3 = new FakeS3('bucket');
    // Someone holding another key writes a checkpoint at a free position, naming the real key's id.
    await awsAnchorArchive(s3.bucket, other.keyId, { s3: s3.client, kms: other.client }).append(
      heads,
      '2026-11-02T10:00:00+08:00',
    );
    const reader = awsCheckpointReader(s3.bucket, spki(kms.publicKey), s3.client);
    const found = await reader.checkpointsFor('XN-R');
    expect(found.map((c) => [c.seq, c.signatureValid])).toEqual([[1, false]]);
    expect(checkAnchors('XN-R', [{ hash: 'r1' }, { hash: 'r2' }], found)).toMatchObject({
      valid: false,
      checkpoints: 0,
      invalidCheckpoints: [1],
    });
  });

  it('takes only a base64 SPKI DER ECC P-256 public key, and says what is wrong with anything else', () => {
    const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    expect(anchorPublicKey(spki(publicKey)).asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    expect(() => anchorPublicKey(undefined)).toThrow(/ANCHOR_PUBLIC_KEY .* is not$/);
    expect(() => anchorPublicKey('  ')).toThrow(/ANCHOR_PUBLIC_KEY .* is not$/);
    expect(() => anchorPublicKey('not base64!')).toThrow(/is not base64/);
    expect(() => anchorPublicKey(randomBytes(91).toString('base64'))).toThrow(/is not a public key/);
    // The base64 cut short (a truncated variable): not a key either.
    expect(() => anchorPublicKey(spki(publicKey).slice(0, 60))).toThrow(/is not a public key/);
    const p384 = generateKeyPairSync('ec', { namedCurve: 'P-384' }).publicKey;
    expect(() => anchorPublicKey(spki(p384))).toThrow(/is not an ECC P-256 key/);
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey;
    expect(() => anchorPublicKey(spki(rsa))).toThrow(/is not an ECC P-256 key/);
  });

  it('with the bucket configured but no usable public key, throws (a 500), never a verdict or "no archive"', async () => {
    const saved = { bucket: process.env.ANCHOR_BUCKET, key: process.env.ANCHOR_PUBLIC_KEY };
    try {
      process.env.ANCHOR_BUCKET = 'xiaoneng-checkpoints';
      delete process.env.ANCHOR_PUBLIC_KEY;
      expect(() => checkpointReader()).toThrow(/ANCHOR_PUBLIC_KEY/);
      await expect(anchorVerdict('XN-R', [])).rejects.toThrow(/ANCHOR_PUBLIC_KEY .* is not$/);
      process.env.ANCHOR_PUBLIC_KEY = 'MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE';
      await expect(anchorVerdict('XN-R', [])).rejects.toThrow(/ANCHOR_PUBLIC_KEY .* is not a public key/);
      // Each request throws again: a bad value is never cached as a reader.
      await expect(anchorVerdict('XN-R', [])).rejects.toThrow(/is not a public key/);
    } finally {
      for (const [name, value] of [
        ['ANCHOR_BUCKET', saved.bucket],
        ['ANCHOR_PUBLIC_KEY', saved.key],
      ] as const) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
    // Back on the local folder: the local path reads as before.
    expect(checkpointReader()?.description).toBe(process.env.ANCHOR_DIR);
  });

  it('locally, checks the local key’s signatures with its public half, as the archive does', async () => {
    const archive = anchorArchive();
    const reader = checkpointReader();
    if (!archive || !reader) throw new Error('no archive');
    const signed = await archive.append([{ caseId: 'Z', events: 1, head: 'z1' }], '2026-11-02T10:00:00+08:00');
    expect(await reader.checkpointsFor('Z')).toEqual([
      { seq: signed.document.seq, checkpoint: signed, document: signed.document, signatureValid: true },
    ]);
  });
});
