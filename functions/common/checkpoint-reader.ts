import { createPrivateKey, createPublicKey, type KeyObject, verify } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import {
  type AnchorVerdict,
  CHECKPOINT_FORMAT,
  type CheckpointDocument,
  checkAnchors,
  type SignedCheckpoint,
  signedBytes,
} from '../domain/anchor.ts';

/**
 * The reading half of the checkpoint archive (functions/common/anchor-archive.ts is the writing half, and builds on
 * this): find the checkpoints that name a case, read one by position, and check each signature with the public key.
 * Kept apart so that a verifier's bundle holds the S3 reads and node:crypto only — no KMS client, no writes: in AWS
 * the verify route is given the signing key's public half at deploy time (ANCHOR_PUBLIC_KEY, read from KMS by a
 * deploy-time custom resource: lib/constructs/checkpoint-archive.ts) and never calls KMS (docs/tamper-evidence.md).
 */
export interface CheckpointReader {
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

/** What reading needs of where checkpoints are kept (the writing half adds create and overwrite). */
export interface ReadStorage {
  get(key: string): Promise<string | undefined>;
  list(prefix: string): Promise<string[]>;
}

export const pad = (seq: number) => String(seq).padStart(12, '0');
export const checkpointKey = (seq: number) => `checkpoints/${pad(seq)}.json`;
export const casePrefix = (caseId: string) => `cases/${encodeURIComponent(caseId)}/`;

/**
 * The reader the environment configures; undefined when none is (anchoring is then reported as unavailable).
 *  - AWS (`ANCHOR_BUCKET`, `ANCHOR_PUBLIC_KEY`): the Object Lock bucket, signatures checked with the public key the
 *    deployment gave. A bucket without a usable public key throws: a misconfigured verifier answers 500, never a
 *    verdict it could not check.
 *  - Local (`ANCHOR_DIR`, `ANCHOR_KEY_FILE`): the data folder, with the public half of the local signing key.
 */
export function checkpointReader(): CheckpointReader | undefined {
  const bucket = process.env.ANCHOR_BUCKET;
  if (bucket) {
    const encoded = process.env.ANCHOR_PUBLIC_KEY;
    // Parsed once per container; a bad value is never cached, so every request answers the same 500.
    return cached(`s3:${bucket}:${encoded}`, () => awsCheckpointReader(bucket, encoded));
  }
  const dir = process.env.ANCHOR_DIR;
  const keyFile = process.env.ANCHOR_KEY_FILE;
  if (dir && keyFile) return cached(`dir:${dir}`, () => readerOn(dirReadStorage(dir), localPublicKey(keyFile), dir));
  return undefined;
}

const readers = new Map<string, CheckpointReader>();
function cached(key: string, make: () => CheckpointReader): CheckpointReader {
  return cachedIn(readers, key, make);
}

/** One value per key for the container's life (a reader here, an archive in anchor-archive.ts): made on first use. */
export function cachedIn<T>(values: Map<string, T>, key: string, make: () => T): T {
  let value = values.get(key);
  if (value === undefined) {
    value = make();
    values.set(key, value);
  }
  return value;
}

/**
 * The AWS reader: the Object Lock bucket, read only, and the public key as the deployment gave it (base64 SPKI DER).
 * Throws when that key is unusable (`anchorPublicKey`). The S3 client is a parameter only so that a test can hand in
 * a fake (test/store/anchor-archive.test.ts); the function uses the default one.
 */
export function awsCheckpointReader(
  bucket: string,
  encodedPublicKey: string | undefined,
  s3: S3Client = new S3Client({}),
): CheckpointReader {
  const publicKey = anchorPublicKey(encodedPublicKey);
  return readerOn(s3ReadStorage(bucket, s3), async () => publicKey, `s3://${bucket}`);
}

/**
 * The signing key's public half as the deployment hands it over: base64 of the SPKI DER that KMS GetPublicKey returns.
 * Anything else — missing, not base64 DER, not an EC P-256 public key (the key spec the archive signs with) — throws
 * with the reason: the verifier is misconfigured, and a verdict checked against no key, or a wrong kind of key, would
 * be worthless.
 */
export function anchorPublicKey(encoded: string | undefined): KeyObject {
  const setting = 'ANCHOR_PUBLIC_KEY (base64 SPKI DER of the checkpoint signing key, set at deploy time)';
  if (!encoded?.trim()) throw new Error(`the checkpoint archive is configured (ANCHOR_BUCKET) but ${setting} is not`);
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encoded.trim())) throw new Error(`${setting} is not base64`);
  let key: KeyObject;
  try {
    key = createPublicKey({ key: Buffer.from(encoded, 'base64'), format: 'der', type: 'spki' });
  } catch (error) {
    throw new Error(`${setting} is not a public key: ${(error as Error).message}`);
  }
  if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    throw new Error(
      `${setting} is not an ECC P-256 key (${key.asymmetricKeyType} ${key.asymmetricKeyDetails?.namedCurve ?? ''})`,
    );
  }
  return key;
}

/** The public half of the local signing key (functions/common/anchor-archive.ts creates the key). */
export function localPublicKey(file: string): () => Promise<KeyObject> {
  let key: KeyObject | undefined;
  return async () => {
    if (!key) {
      if (!existsSync(file)) throw new Error(`no local anchor key at ${file} (the local runtime creates it)`);
      key = createPublicKey(createPrivateKey(readFileSync(file, 'utf8')));
    }
    return key;
  };
}

/**
 * Reading on a storage. Trusts only the signature: the pointers are conveniences an attacker could add to (never
 * remove, under Object Lock), and a pointer to a checkpoint that does not name the case is reported by checkAnchors.
 */
export function readerOn(
  storage: ReadStorage,
  publicKey: () => Promise<KeyObject>,
  description: string,
): CheckpointReader {
  const checked = async (seq: number): Promise<CheckedCheckpoint | undefined> => {
    const body = await storage.get(checkpointKey(seq));
    if (body === undefined) return undefined;
    let checkpoint: SignedCheckpoint;
    try {
      checkpoint = JSON.parse(body) as SignedCheckpoint;
    } catch {
      return { seq, signatureValid: false };
    }
    // The one key the archive signs with: a checkpoint signed by any other key (or changed after signing) fails here.
    // Its `keyId` is outside the signed bytes, so it is not what is trusted.
    const signatureValid =
      checkpoint.document?.format === CHECKPOINT_FORMAT &&
      typeof checkpoint.signature === 'string' &&
      verify(
        'sha256',
        signedBytes(checkpoint.document),
        { key: await publicKey(), dsaEncoding: 'der' },
        Buffer.from(checkpoint.signature, 'base64'),
      );
    return { seq, checkpoint, document: checkpoint.document, signatureValid };
  };
  return {
    description,
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

/** Files in the data folder. */
export function dirReadStorage(root: string): ReadStorage {
  const path = (key: string) => join(root, ...key.split('/'));
  return {
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

/** An S3 error's HTTP status is one of these. */
export const isStatus = (error: unknown, ...codes: number[]) =>
  codes.includes((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode ?? 0);

/** The Object Lock bucket, read only (GetObject, ListObjectsV2: what grantVerify allows). */
export function s3ReadStorage(bucket: string, s3: S3Client): ReadStorage {
  return {
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
  const reader = checkpointReader();
  if (!reader) return null;
  return checkAnchors(caseId, timeline, await reader.checkpointsFor(caseId));
}
