'use strict';
// @ts-check
/**
 * Deploy time only: a CloudFormation custom resource (lib/constructs/checkpoint-archive.ts) that reads the public half
 * of the checkpoint signing key from KMS, once per key, and hands it to the stack as base64 SPKI DER. The verify route
 * gets it as ANCHOR_PUBLIC_KEY and checks checkpoint signatures with it, with no KMS client in its bundle and no KMS
 * call at run time (functions/common/checkpoint-reader.ts, docs/tamper-evidence.md).
 *
 * Why not AwsCustomResource (KMS GetPublicKey as a plain SDK call): it turns every binary field of a response into
 * text by decoding it as UTF-8 (aws/aws-cdk#19065), which garbles DER (0x86, 0x48… are not UTF-8), so the one field
 * needed would arrive broken. This handler encodes the bytes as base64 itself.
 *
 * CommonJS on purpose: CDK's custom resource entrypoint `require`s ./index; it also answers CloudFormation (success,
 * or failure with the error's message). It uses the AWS SDK the Lambda runtime ships, as CDK's own deploy-time
 * handlers do: it runs once per deployment that changes the key, never on a request path.
 */
const { createHash, createPublicKey } = require('node:crypto');
const { GetPublicKeyCommand, KMSClient } = require('@aws-sdk/client-kms');

/**
 * The key's public half, checked to be what the archive signs with (ECC P-256, for signing) and to parse as a
 * public key: a deployment with anything else fails here, rather than a verifier failing later.
 * @param {{ send(command: unknown): Promise<any> }} kms
 * @param {string} keyId
 * @returns {Promise<{ PublicKey: string, Fingerprint: string }>}
 */
async function publicKeyOf(kms, keyId) {
  const out = await kms.send(new GetPublicKeyCommand({ KeyId: keyId }));
  if (out.KeySpec !== 'ECC_NIST_P256' || out.KeyUsage !== 'SIGN_VERIFY' || !out.PublicKey) {
    throw new Error(
      `${keyId} is not an ECC_NIST_P256 SIGN_VERIFY key with a public key (${out.KeySpec} ${out.KeyUsage})`,
    );
  }
  const der = Buffer.from(out.PublicKey);
  createPublicKey({ key: der, format: 'der', type: 'spki' });
  return { PublicKey: der.toString('base64'), Fingerprint: createHash('sha256').update(der).digest('hex') };
}

/**
 * Create and Update (a new key id): read the key. Delete: nothing to undo (reading changed nothing; the key itself is
 * retained by the stack). The physical id is the key's: replacing the key replaces this resource.
 * @param {{ RequestType: 'Create' | 'Update' | 'Delete', ResourceProperties: { KeyId: string } }} event
 * @param {unknown} _context
 * @param {{ send(command: unknown): Promise<any> }} [kms] a stand-in, for tests
 */
exports.handler = async (event, _context, kms) => {
  const keyId = event.ResourceProperties.KeyId;
  if (event.RequestType === 'Delete') return {};
  return { PhysicalResourceId: keyId, Data: await publicKeyOf(kms ?? new KMSClient({}), keyId) };
};
