import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  createHash as nodeHash,
  sign,
  verify,
} from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { link, mkdir, readdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { GetPublicKeyCommand, KMSClient, SignCommand } from '@aws-sdk/client-kms';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import {
  type AnchorAlert,
  type AnchoredHead,
  type AnchorVerdict,
  CHECKPOINT_FORMAT,
  type CheckpointDocument,
  checkAnchors,
  checkpointHash,
  genesisCheckpoint,
  type SignedCheckpoint,
  signedBytes,
} from '../domain/anchor.ts';

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
 */
export interface AnchorArchive {
  /** Appends a checkpoint of these heads to the chain of checkpoints. */
  append(heads: readonly AnchoredHead[], at: string, alerts?: readonly AnchorAlert[]): Promise<SignedCheckpoint>;
  /** Every checkpoint that names the case, signature checked. */
  checkpointsFor(caseId: string): Promise<CheckedCheckpoint[]>;
  /** One checkpoint by position, signature checked (undefined past the newest). */
  checkpoint(seq: number): Promise<CheckedCheckpoint | undefined>;
  /** Where it lives, for messages. */
  readonly description: string;
}

export interface CheckedCheckpoint {
  readonly seq: number;
  readonly checkpoint?: SignedCheckpoint;
  readonly document?: CheckpointDocument;
  readonly signatureValid: boolean;
}

interface Storage {
  /** @returns false when the key already exists (nothing is overwritten). */
  create(key: string, body: string): Promise<boolean>;
  overwrite(key: string, body: string): Promise<void>;
  get(key: string): Promise<string | undefined>;
  list(prefix: string): Promise<string[]>;
}

interface Signer {
  readonly keyId: string;
  sign(bytes: Buffer): Promise<Buffer>;
  publicKey(): Promise<KeyObject>;
}

const pad = (seq: number) => String(seq).padStart(12, '0');
const checkpointKey = (seq: number) => `checkpoints/${pad(seq)}.json`;
const casePrefix = (caseId: string) => `cases/${encodeURIComponent(caseId)}/`;

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
  let archive = archives.get(key);
  if (!archive) {
    archive = make();
    archives.set(key, archive);
  }
  return archive;
}

function archiveOn(storage: Storage, signer: Signer, description: string): AnchorArchive {
  const checked = async (seq: number): Promise<CheckedCheckpoint | undefined> => {
    const body = await storage.get(checkpointKey(seq));
    if (body === undefined) return undefined;
    let checkpoint: SignedCheckpoint;
    try {
      checkpoint = JSON.parse(body) as SignedCheckpoint;
    } catch {
      return { seq, signatureValid: false };
    }
    const signatureValid =
      checkpoint.document?.format === CHECKPOINT_FORMAT &&
      typeof checkpoint.signature === 'string' &&
      verify(
        'sha256',
        signedBytes(checkpoint.document),
        { key: await signer.publicKey(), dsaEncoding: 'der' },
        Buffer.from(checkpoint.signature, 'base64'),
      );
    return { seq, checkpoint, document: checkpoint.document, signatureValid };
  };
  return {
    description,
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
        await storage.create(`${casePrefix(caseId)}${pad(seq)}`, '{}');
      }
      return signed;
    },
    async checkpointsFor(caseId) {
      const keys = await storage.list(casePrefix(caseId));
      const seqs = [...new Set(keys.map((k) => Number(k.slice(k.lastIndexOf('/') + 1))))].filter(
        (n) => Number.isSafeInteger(n) && n > 0,
      );
      const out: CheckedCheckpoint[] = [];
      for (const seq of seqs.sort((a, b) => a - b)) out.push((await checked(seq)) ?? { seq, signatureValid: false });
      return out;
    },
    checkpoint: checked,
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
  return {
    get keyId() {
      const spki = createPublicKey(privateKey()).export({ type: 'spki', format: 'der' });
      return `local:${nodeHash('sha256').update(spki).digest('hex').slice(0, 16)}`;
    },
    sign: async (bytes) => sign('sha256', bytes, { key: privateKey(), dsaEncoding: 'der' }),
    publicKey: async () => createPublicKey(privateKey()),
  };
}

function dirStorage(root: string): Storage {
  const path = (key: string) => join(root, ...key.split('/'));
  return {
    async create(key, body) {
      await mkdir(dirname(path(key)), { recursive: true });
      // Written aside, then hard-linked into place: link refuses an existing name (create-only) and a process killed
      // mid-write leaves a stray temp file, never a half-written checkpoint.
      const tmp = `${path(key)}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
      await writeFile(tmp, body);
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
      await mkdir(dirname(path(key)), { recursive: true });
      const tmp = `${path(key)}.${process.pid}.tmp`;
      await writeFile(tmp, body);
      renameSync(tmp, path(key));
    },
    async get(key) {
      try {
        return await readFile(path(key), 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
    },
    async list(prefix) {
      try {
        return (await readdir(path(prefix))).map((name) => `${prefix}${name}`);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
        throw error;
      }
    },
  };
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
      // document (`checked` above; docs/tamper-evidence.md).
      const digest = nodeHash('sha256').update(bytes).digest();
      const out = await kms.send(
        new SignCommand({ KeyId: keyId, Message: digest, MessageType: 'DIGEST', SigningAlgorithm: 'ECDSA_SHA_256' }),
      );
      if (!out.Signature) throw new Error('KMS returned no signature');
      return Buffer.from(out.Signature);
    },
    // Verified here with the public key (GetPublicKey): a verifier needs no Sign permission, and the CLI can check
    // checkpoints with nothing but the public key.
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
  const isStatus = (error: unknown, ...codes: number[]) =>
    codes.includes((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode ?? 0);
  return {
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
    async get(key) {
      try {
        const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        return await out.Body?.transformToString('utf8');
      } catch (error) {
        if (isStatus(error, 404)) return undefined;
        throw error;
      }
    },
    async list(prefix) {
      const keys: string[] = [];
      let token: string | undefined;
      do {
        const out = await s3.send(
          new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }),
        );
        for (const o of out.Contents ?? []) if (o.Key) keys.push(o.Key);
        token = out.NextContinuationToken;
      } while (token);
      return keys;
    },
  };
}

/**
 * The timeline against every checkpoint that names the case; null when no archive is configured. The checkpoints are
 * found by key (the case's own pointers), so this costs one listing and one read per checkpoint naming the case.
 */
export async function anchorVerdict(
  caseId: string,
  timeline: readonly { readonly hash?: string }[],
): Promise<AnchorVerdict | null> {
  const archive = anchorArchive();
  if (!archive) return null;
  return checkAnchors(caseId, timeline, await archive.checkpointsFor(caseId));
}
