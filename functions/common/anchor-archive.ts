import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  createHash as nodeHash,
  sign,
} from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { link, mkdir, rename, unlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { GetPublicKeyCommand, KMSClient, SignCommand } from '@aws-sdk/client-kms';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import {
  type AnchorAlert,
  type AnchoredHead,
  CHECKPOINT_FORMAT,
  type CheckpointDocument,
  checkpointHash,
  genesisCheckpoint,
  type SignedCheckpoint,
  signedBytes,
} from '../domain/anchor.ts';
import {
  type CheckpointReader,
  cachedIn,
  casePrefix,
  checkpointKey,
  dirReadStorage,
  isStatus,
  pad,
  type ReadStorage,
  readerOn,
  s3ReadStorage,
} from './checkpoint-reader.ts';

export type { CheckedCheckpoint, CheckpointReader } from './checkpoint-reader.ts';

/**
 * Where checkpoints are kept and who signs them (functions/domain/anchor.ts says what they are).
 *  - AWS (`ANCHOR_BUCKET`, `ANCHOR_KEY_ID`): an S3 bucket with Object Lock (nothing written can be overwritten or
 *    deleted before its retention ends) and a KMS ECC_NIST_P256 signing key whose private half never leaves KMS.
 *  - Local (`ANCHOR_DIR`, `ANCHOR_KEY_FILE`): files in the data folder, signed with a P-256 key generated there.
 * Layout (the same in both):
 *    checkpoints/<seq>.json      the signed checkpoint, written once (create-only)
 *    cases/<caseId>/<seq>        one pointer per case a checkpoint names: the per-case lookup is a listing of the
 *                                case's own prefix (by key, bounded by that case's history; never a scan)
 *    head.json                   the newest checkpoint's seq and hash (a hint: a stale one is corrected on write)
 * Verification trusts only the signature: the pointers and the head hint are conveniences an attacker could add to
 * (never remove, under Object Lock), and a pointer to a checkpoint that does not name the case is reported.
 * This module is the writing half (the anchor, and the CLI through `anchorArchive`); reading and checking is
 * functions/common/checkpoint-reader.ts, which the verify route imports alone (no KMS client in its bundle).
 */
export interface AnchorArchive extends CheckpointReader {
  /** Appends a checkpoint of these heads to the chain of checkpoints. */
  append(heads: readonly AnchoredHead[], at: string, alerts?: readonly AnchorAlert[]): Promise<SignedCheckpoint>;
}

interface Storage extends ReadStorage {
  /** @returns false when the key already exists (nothing is overwritten). */
  create(key: string, body: string): Promise<boolean>;
  /** A hint's newest value (head.json): the local archive writes it to its file behind the checkpoint. */
  overwrite(key: string, body: string): Promise<void>;
  /** A name whose content nobody reads (a case's index entry): made when missing, never overwritten. */
  mark(key: string): Promise<void>;
}

interface Signer {
  readonly keyId: string;
  sign(bytes: Buffer): Promise<Buffer>;
  publicKey(): Promise<KeyObject>;
}

/** The archive the environment configures; undefined when none is (anchoring is then reported as unavailable). */
export function anchorArchive(): AnchorArchive | undefined {
  const bucket = process.env.ANCHOR_BUCKET;
  const keyId = process.env.ANCHOR_KEY_ID;
  if (bucket && keyId) return cached(`s3:${bucket}`, () => awsAnchorArchive(bucket, keyId));
  const dir = process.env.ANCHOR_DIR;
  const keyFile = process.env.ANCHOR_KEY_FILE;
  if (dir && keyFile) return cached(`dir:${dir}`, () => archiveOn(dirStorage(dir), fileSigner(keyFile), dir));
  return undefined;
}

const archives = new Map<string, AnchorArchive>();
function cached(key: string, make: () => AnchorArchive): AnchorArchive {
  return cachedIn(archives, key, make);
}

function archiveOn(storage: Storage, signer: Signer, description: string): AnchorArchive {
  // Reading and checking is the reader's (a verifier bundles that half alone: functions/common/checkpoint-reader.ts).
  const reader = readerOn(storage, () => signer.publicKey(), description);
  return {
    ...reader,
    async append(heads, at, alerts = []) {
      const hint = await storage.get('head.json');
      let last: { seq: number; hash: string } = hint ? JSON.parse(hint) : { seq: 0, hash: genesisCheckpoint() };
      let signed: SignedCheckpoint;
      for (;;) {
        const document: CheckpointDocument = {
          format: CHECKPOINT_FORMAT,
          seq: last.seq + 1,
          at,
          previous: last.hash,
          heads,
          ...(alerts.length ? { alerts } : {}),
        };
        signed = {
          document,
          signature: (await signer.sign(signedBytes(document))).toString('base64'),
          keyId: signer.keyId,
        };
        // Two anchors appending at once, or a head hint left behind by a crash: the position is taken by a
        // create-only write, so exactly one checkpoint holds each seq; the loser chains after the winner.
        if (await storage.create(checkpointKey(document.seq), JSON.stringify(signed))) break;
        const taken = (await storage.get(checkpointKey(document.seq))) ?? '';
        let hash: string;
        try {
          hash = checkpointHash(JSON.parse(taken) as SignedCheckpoint);
        } catch {
          // Not ours (nothing we write is unreadable): chain past it; the CLI's walk reports it.
          hash = nodeHash('sha256').update(taken).digest('hex');
        }
        last = { seq: document.seq, hash };
      }
      const seq = signed.document.seq;
      await storage.overwrite('head.json', JSON.stringify({ seq, hash: checkpointHash(signed) }));
      for (const caseId of new Set([...heads.map((h) => h.caseId), ...alerts.map((a) => a.caseId)])) {
        await storage.mark(`${casePrefix(caseId)}${pad(seq)}`);
      }
      return signed;
    },
  };
}

// ── Local: files in the data folder, a P-256 key generated there ───────────────────────────────────────────────

/** Creates the local signing key once per data folder (never committed: the data folder is git-ignored). */
export function ensureLocalAnchorKey(file: string): void {
  if (existsSync(file)) return;
  mkdirSync(dirname(file), { recursive: true });
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  // Two processes creating it at once: rename is atomic, the last one wins, and both then read the winner.
  renameSync(tmp, file);
}

function fileSigner(file: string): Signer {
  let key: KeyObject | undefined;
  const privateKey = () => {
    if (!key) {
      if (!existsSync(file)) throw new Error(`no local anchor key at ${file} (the local runtime creates it)`);
      key = createPrivateKey(readFileSync(file, 'utf8'));
    }
    return key;
  };
  let keyId: string | undefined;
  return {
    // Derived once: every checkpoint names it, and exporting the public key each time showed in the runtime's profile.
    get keyId() {
      if (!keyId) {
        const spki = createPublicKey(privateKey()).export({ type: 'spki', format: 'der' });
        keyId = `local:${nodeHash('sha256').update(spki).digest('hex').slice(0, 16)}`;
      }
      return keyId;
    },
    sign: async (bytes) => sign('sha256', bytes, { key: privateKey(), dsaEncoding: 'der' }),
    publicKey: async () => createPublicKey(privateKey()),
  };
}

function dirStorage(root: string): Storage {
  const path = (key: string) => join(root, ...key.split('/'));
  const read = dirReadStorage(root);
  // What this process last wrote over a key (the head hint), answered without reading the file back. Only a hint:
  // were it stale (another process appending to the same folder), the create-only positions still decide.
  const written = new Map<string, string>();
  // The hint reaches its file behind the checkpoint, newest value only, one write at a time, off the caller's path:
  // a renameSync per checkpoint was a tenth of the anchor's time on the runtime's main thread, and only a later
  // process reads the file. One killed before its last write starts a step behind, which its first append corrects.
  const unwritten = new Map<string, string>();
  let writing = false;
  const writeBehind = async () => {
    writing = true;
    try {
      for (let next = unwritten.entries().next(); !next.done; next = unwritten.entries().next()) {
        const [key, body] = next.value;
        unwritten.delete(key);
        const tmp = `${path(key)}.${process.pid}.tmp`;
        await writeInFolder(tmp, body);
        await rename(tmp, path(key));
      }
    } catch {
      // A hint left stale (its folder removed under it, a full disk): the next append's create-only write decides.
    } finally {
      writing = false;
    }
  };
  return {
    ...read,
    async get(key) {
      return written.get(key) ?? read.get(key);
    },
    async create(key, body) {
      // Written aside, then hard-linked into place: link refuses an existing name (create-only) and a process killed
      // mid-write leaves a stray temp file, never a half-written checkpoint.
      const tmp = `${path(key)}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
      await writeInFolder(tmp, body);
      try {
        await link(tmp, path(key));
        return true;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
        throw error;
      } finally {
        await unlink(tmp);
      }
    },
    async overwrite(key, body) {
      written.set(key, body);
      unwritten.set(key, body);
      if (!writing) void writeBehind();
    },
    async mark(key) {
      // Its name is all a reader lists, so no temp file and link: one create-only write.
      try {
        await writeInFolder(path(key), '', 'wx');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
    },
  };
}

/**
 * Writes a file, making its folder only when it is missing: a checkpoint is written for every batch of the Cases
 * stream, and a mkdir before each write (most folders exist: the checkpoints', a case's index once it has one) was
 * one call in four of the anchor's on the runtime's main thread.
 */
async function writeInFolder(file: string, body: string, flag: 'w' | 'wx' = 'w'): Promise<void> {
  try {
    await writeFile(file, body, { flag });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, body, { flag });
  }
}

// ── AWS: S3 with Object Lock, KMS asymmetric signing ───────────────────────────────────────────────────────────

/**
 * The AWS archive: checkpoints in the Object Lock bucket, signed by the KMS key. The clients are parameters only so
 * that a test can hand in fakes (test/store/anchor-archive.test.ts); the function uses the default ones.
 */
export function awsAnchorArchive(
  bucket: string,
  keyId: string,
  clients: { readonly s3: S3Client; readonly kms: KMSClient } = { s3: new S3Client({}), kms: new KMSClient({}) },
): AnchorArchive {
  return archiveOn(s3Storage(bucket, clients.s3), kmsSigner(keyId, clients.kms), `s3://${bucket}`);
}

function kmsSigner(keyId: string, kms: KMSClient): Signer {
  let publicKey: Promise<KeyObject> | undefined;
  return {
    keyId,
    async sign(bytes) {
      // KMS signs at most 4,096 bytes sent RAW, and one stream batch (25 records: heads plus alerts) can exceed that.
      // So the SHA-256 digest is sent (DIGEST): KMS then skips its own hashing step, and the signature is the same
      // ECDSA_SHA_256 signature over the same bytes — verified, like the local key's, as sha256 over the canonical
      // document (`readerOn` in checkpoint-reader.ts; docs/tamper-evidence.md).
      const digest = nodeHash('sha256').update(bytes).digest();
      const out = await kms.send(
        new SignCommand({ KeyId: keyId, Message: digest, MessageType: 'DIGEST', SigningAlgorithm: 'ECDSA_SHA_256' }),
      );
      if (!out.Signature) throw new Error('KMS returned no signature');
      return Buffer.from(out.Signature);
    },
    // What the CLI (npm run verify-timelines) checks with, by GetPublicKey: it needs no Sign permission. The verify
    // route does not call this: its bundle holds no KMS client, and the deployment gives it the same public key
    // (ANCHOR_PUBLIC_KEY, checkpoint-reader.ts).
    publicKey() {
      publicKey ??= kms.send(new GetPublicKeyCommand({ KeyId: keyId })).then((out) => {
        if (!out.PublicKey) throw new Error('KMS returned no public key');
        return createPublicKey({ key: Buffer.from(out.PublicKey), format: 'der', type: 'spki' });
      });
      return publicKey;
    },
  };
}

function s3Storage(bucket: string, s3: S3Client): Storage {
  return {
    ...s3ReadStorage(bucket, s3),
    async create(key, body) {
      try {
        // If-None-Match: S3 refuses the write when the key exists (412), so a position is taken exactly once.
        await s3.send(
          new PutObjectCommand({
            Bucket: bucket,
            Key: key,
            Body: body,
            IfNoneMatch: '*',
            ContentType: 'application/json',
          }),
        );
        return true;
      } catch (error) {
        // 409: a concurrent conditional write to the same key is in progress; either way the key is taken.
        if (isStatus(error, 412, 409)) return false;
        throw error;
      }
    },
    async overwrite(key, body) {
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: 'application/json' }));
    },
    async mark(key) {
      // As a create of an empty JSON object (what earlier versions wrote): an existing entry is left as it is.
      await this.create(key, '{}');
    },
  };
}
