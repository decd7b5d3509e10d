import { createHash, createPublicKey, generateKeyPairSync, type KeyObject, randomBytes } from 'node:crypto';
import { GetPublicKeyCommand, type KMSClient, SignCommand } from '@aws-sdk/client-kms';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';

/**
 * Stand-ins for the two AWS clients the checkpoint archive uses (functions/common/anchor-archive.ts), with the limits
 * of the real services that the archive must respect:
 *  - KMS Sign: a RAW message of at most 4,096 bytes; a DIGEST of exactly 32 bytes for ECDSA_SHA_256, signed as is
 *    (KMS skips its hashing step). The private key stays inside; GetPublicKey gives the SPKI DER.
 *  - S3: `IfNoneMatch: '*'` refuses an existing key with 412; a missing key is a 404; listings come in pages.
 * Node's crypto has no way to sign a digest that is already hashed (it always hashes), so the fake signs with plain
 * ECDSA on P-256 below; the archive then verifies with Node's crypto, which checks this arithmetic too.
 */
export class FakeKms {
  readonly requests: { messageType: string | undefined; bytes: number }[] = [];
  readonly publicKey: KeyObject;
  readonly #d: bigint;

  constructor(readonly keyId: string) {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    this.publicKey = createPublicKey(privateKey);
    this.#d = bigintOf(Buffer.from(String(privateKey.export({ format: 'jwk' }).d), 'base64url'));
  }

  get client(): KMSClient {
    return { send: (command: unknown) => this.send(command) } as unknown as KMSClient;
  }

  async send(command: unknown): Promise<unknown> {
    if (command instanceof GetPublicKeyCommand) {
      this.#key(command.input.KeyId);
      return { PublicKey: new Uint8Array(this.publicKey.export({ type: 'spki', format: 'der' })) };
    }
    if (!(command instanceof SignCommand)) throw new Error('FakeKms: unexpected command');
    const { KeyId, Message, MessageType, SigningAlgorithm } = command.input;
    this.#key(KeyId);
    const message = Buffer.from(Message ?? new Uint8Array());
    this.requests.push({ messageType: MessageType, bytes: message.length });
    if (SigningAlgorithm !== 'ECDSA_SHA_256') throw validation(`SigningAlgorithm ${SigningAlgorithm}`);
    if (message.length < 1 || message.length > 4096) {
      throw validation(
        "Value at 'message' failed to satisfy constraint: Member must have length less than or equal to 4096",
      );
    }
    let digest: Buffer;
    if (MessageType === 'DIGEST') {
      if (message.length !== 32) throw validation('Digest is invalid length for algorithm ECDSA_SHA_256.');
      digest = message;
    } else {
      digest = createHash('sha256').update(message).digest();
    }
    return { KeyId, Signature: new Uint8Array(ecdsaSign(this.#d, digest)), SigningAlgorithm };
  }

  #key(keyId: string | undefined): void {
    if (keyId !== this.keyId) throw Object.assign(new Error(`key ${keyId} not found`), { name: 'NotFoundException' });
  }
}

export class FakeS3 {
  readonly objects = new Map<string, string>();

  constructor(readonly bucket: string) {}

  get client(): S3Client {
    return { send: (command: unknown) => this.send(command) } as unknown as S3Client;
  }

  async send(command: unknown): Promise<unknown> {
    await Promise.resolve(); // as the network would, let concurrent callers interleave
    if (command instanceof PutObjectCommand) {
      const { Bucket, Key, Body, IfNoneMatch } = command.input;
      this.#bucket(Bucket);
      if (IfNoneMatch === '*' && this.objects.has(String(Key))) throw status(412, 'PreconditionFailed');
      this.objects.set(String(Key), String(Body));
      return {};
    }
    if (command instanceof GetObjectCommand) {
      this.#bucket(command.input.Bucket);
      const body = this.objects.get(String(command.input.Key));
      if (body === undefined) throw status(404, 'NoSuchKey');
      return { Body: { transformToString: async () => body } };
    }
    if (command instanceof ListObjectsV2Command) {
      const { Bucket, Prefix = '', ContinuationToken } = command.input;
      this.#bucket(Bucket);
      const keys = [...this.objects.keys()].filter((k) => k.startsWith(Prefix)).sort();
      // Pages of two, so the archive's paging is exercised.
      const start = ContinuationToken ? Number(ContinuationToken) : 0;
      const next = start + 2 < keys.length ? String(start + 2) : undefined;
      return { Contents: keys.slice(start, start + 2).map((Key) => ({ Key })), NextContinuationToken: next };
    }
    throw new Error('FakeS3: unexpected command');
  }

  #bucket(bucket: string | undefined): void {
    if (bucket !== this.bucket) throw status(404, 'NoSuchBucket');
  }
}

const validation = (message: string) => Object.assign(new Error(message), { name: 'ValidationException' });
const status = (httpStatusCode: number, name: string) =>
  Object.assign(new Error(name), { name, $metadata: { httpStatusCode } });

// ── ECDSA on P-256 over a given digest (FIPS 186-4 §6.4), for the fake only ─────────────────────────────────────

const P = 0xffffffff00000001000000000000000000000000ffffffffffffffffffffffffn;
const N = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;
const A = P - 3n;
const G: Point = [
  0x6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296n,
  0x4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5n,
];
type Point = readonly [bigint, bigint] | null;

const mod = (a: bigint, m: bigint) => ((a % m) + m) % m;
function inverse(a: bigint, m: bigint): bigint {
  let [r0, r1, s0, s1] = [mod(a, m), m, 1n, 0n];
  while (r1 !== 0n) {
    const q = r0 / r1;
    [r0, r1] = [r1, r0 - q * r1];
    [s0, s1] = [s1, s0 - q * s1];
  }
  return mod(s0, m);
}
function add(p: Point, q: Point): Point {
  if (!p) return q;
  if (!q) return p;
  if (p[0] === q[0] && mod(p[1] + q[1], P) === 0n) return null;
  const l =
    p[0] === q[0]
      ? mod((3n * p[0] * p[0] + A) * inverse(2n * p[1], P), P)
      : mod((q[1] - p[1]) * inverse(q[0] - p[0], P), P);
  const x = mod(l * l - p[0] - q[0], P);
  return [x, mod(l * (p[0] - x) - p[1], P)];
}
function multiply(k: bigint, p: Point): Point {
  let result: Point = null;
  for (let addend = p; k > 0n; k >>= 1n, addend = add(addend, addend)) if (k & 1n) result = add(result, addend);
  return result;
}
const bigintOf = (bytes: Buffer) => BigInt(`0x${bytes.toString('hex') || '0'}`);

function ecdsaSign(d: bigint, digest: Buffer): Buffer {
  const z = bigintOf(digest);
  for (;;) {
    const k = mod(bigintOf(randomBytes(40)), N - 1n) + 1n;
    const point = multiply(k, G);
    if (!point) continue;
    const r = mod(point[0], N);
    const s = mod(inverse(k, N) * (z + r * d), N);
    if (r !== 0n && s !== 0n) return der(r, s);
  }
}
function der(r: bigint, s: bigint): Buffer {
  const integer = (v: bigint) => {
    let hex = v.toString(16);
    if (hex.length % 2) hex = `0${hex}`;
    const bytes = Buffer.from(hex, 'hex');
    const body = (bytes[0] ?? 0) & 0x80 ? Buffer.concat([Buffer.from([0]), bytes]) : bytes;
    return Buffer.concat([Buffer.from([0x02, body.length]), body]);
  };
  const body = Buffer.concat([integer(r), integer(s)]);
  return Buffer.concat([Buffer.from([0x30, body.length]), body]);
}
