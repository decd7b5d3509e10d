import { createHash, generateKeyPairSync } from 'node:crypto';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Match } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anchorPublicKey } from '../../functions/common/checkpoint-reader.ts';
import { type FunctionName, type FunctionSpec, functions } from '../../functions/manifest.ts';
import { repoRoot } from '../../lib/repo-root.ts';
import { removeAssemblies, type Synthesized, synthesize } from './synth.ts';

afterAll(removeAssemblies);

type Json = Record<string, unknown>;
const asArray = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

describe('the timelines anchor in AWS', () => {
  let synth: Synthesized;
  let resources: Record<string, Json>;
  beforeAll(() => {
    synth = synthesize();
    resources = synth.template.toJSON().Resources as Record<string, Json>;
  });

  const roleOf = (name: FunctionName) =>
    synth.stack.getLogicalId(synth.stack.functions[name].role.node.defaultChild as never);
  const actionsOfRole = (name: FunctionName) =>
    Object.values(resources)
      .filter(
        (r) =>
          r.Type === 'AWS::IAM::Policy' &&
          JSON.stringify((r.Properties as Json).Roles).includes(JSON.stringify({ Ref: roleOf(name) })),
      )
      .flatMap((r) =>
        asArray(((r.Properties as Json).PolicyDocument as { Statement: { Action: string | string[] }[] }).Statement),
      )
      .flatMap((s) => asArray(s.Action));

  it('keeps checkpoints in a versioned, encrypted, TLS-only bucket under Object Lock in compliance mode', () => {
    synth.template.hasResourceProperties('AWS::S3::Bucket', {
      ObjectLockEnabled: true,
      ObjectLockConfiguration: {
        ObjectLockEnabled: 'Enabled',
        Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 3653 } },
      },
      VersioningConfiguration: { Status: 'Enabled' },
      BucketEncryption: Match.objectLike({}),
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
    });
    synth.template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
    synth.template.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({ ObjectLockEnabled: true }),
    });
  });

  it('signs with an ECC P-256 KMS key whose policy lets only the anchor function sign', () => {
    const [key] = Object.values(resources).filter((r) => r.Type === 'AWS::KMS::Key');
    expect(key).toMatchObject({
      DeletionPolicy: 'Retain',
      Properties: { KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' },
    });
    const statements = (((key?.Properties ?? {}) as Json).KeyPolicy as { Statement: Json[] }).Statement;
    const signers = statements.filter((s) =>
      asArray(s.Action as string | string[]).some((a) => a === 'kms:Sign' || a === 'kms:*'),
    );
    expect(signers).toHaveLength(1);
    expect(JSON.stringify(signers[0]?.Principal)).toContain(roleOf('anchor'));
  });

  it('grants each function what the manifest says: Sign and writes to the anchor, the public key and reads to verifiers', () => {
    for (const [name, spec] of Object.entries(functions) as [FunctionName, FunctionSpec][]) {
      const actions = actionsOfRole(name);
      expect(actions.includes('s3:PutObject'), name).toBe(spec.checkpoints === 'sign');
      // The anchor's Sign and GetPublicKey are in the key policy (previous test); no IAM policy grants Sign at all, and
      // a verifier needs no KMS permission: it is given the public key at deploy time (next test).
      expect(actions.includes('kms:GetPublicKey'), name).toBe(false);
      expect(actions.includes('kms:Sign'), name).toBe(false);
      expect(actions.includes('s3:GetObject'), name).toBe(spec.checkpoints !== undefined);
      expect(
        actions.some((a) => a === 's3:DeleteObject' || a.startsWith('s3:PutObjectRetention')),
        name,
      ).toBe(false);
    }
    expect((functions.anchor as FunctionSpec).streamFrom).toBe('cases');
  });

  it('gives verifiers the public key at deploy time, read by a custom resource that may only GetPublicKey on the key', () => {
    const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
    const [keyId] = ofType('AWS::KMS::Key').map(([id]) => id);
    const readers = ofType('Custom::AnchorPublicKey');
    expect(readers).toHaveLength(1);
    const [readerId, reader] = readers[0] as [string, Json];
    // Read again only when the key is replaced (its ARN is the one property).
    expect((reader.Properties as Json).KeyId).toEqual({ 'Fn::GetAtt': [keyId, 'Arn'] });
    const serviceToken = (reader.Properties as Json).ServiceToken as { 'Fn::GetAtt': [string, string] };
    const handler = resources[serviceToken['Fn::GetAtt'][0]] as Json;
    expect(handler).toMatchObject({ Type: 'AWS::Lambda::Function', Properties: { Runtime: 'nodejs22.x' } });
    const roleId = ((handler.Properties as Json).Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
    const role = (resources[roleId] as Json).Properties as Json;
    // Its one permission beyond its own logs: exactly kms:GetPublicKey, on this key.
    expect(role.Policies).toEqual([
      {
        PolicyName: 'Inline',
        PolicyDocument: {
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: 'kms:GetPublicKey', Resource: { 'Fn::GetAtt': [keyId, 'Arn'] } }],
        },
      },
    ]);
    expect(JSON.stringify(role.ManagedPolicyArns)).toMatch(/AWSLambdaBasicExecutionRole"\}\]$/);
    // Each verifier has it in its environment (the custom resource's answer), and the signer does not need it.
    for (const [name, spec] of Object.entries(functions) as [FunctionName, FunctionSpec][]) {
      const variables = (
        ((resources[synth.logicalIdOf(name)] as Json).Properties as Json).Environment as {
          Variables: Record<string, unknown>;
        }
      ).Variables;
      expect(variables.ANCHOR_PUBLIC_KEY, name).toEqual(
        spec.checkpoints === 'verify' ? { 'Fn::GetAtt': [readerId, 'PublicKey'] } : undefined,
      );
      expect('ANCHOR_KEY_ID' in variables, name).toBe(spec.checkpoints === 'sign');
    }
  });

  it('outputs the bucket, key and public key the CLI verifier and the centre’s records need', () => {
    const outputs = Object.keys(synth.template.toJSON().Outputs as Json);
    expect(outputs).toEqual(
      expect.arrayContaining(['CheckpointBucketName', 'CheckpointKeyArn', 'CheckpointPublicKey']),
    );
  });
});

/** The custom resource's handler, as Lambda loads it (CommonJS, beside CDK's entrypoint). */
type PublicKeyHandler = (
  event: { RequestType: 'Create' | 'Update' | 'Delete'; ResourceProperties: { KeyId: string } },
  context: unknown,
  kms: { send(command: { input: unknown }): Promise<unknown> },
) => Promise<{ PhysicalResourceId?: string; Data?: { PublicKey: string; Fingerprint: string } }>;

describe('the deploy-time reader of the public key (lib/custom-resources/anchor-public-key)', () => {
  const { handler } = createRequire(import.meta.url)(
    join(repoRoot, 'lib', 'custom-resources', 'anchor-public-key', 'index.js'),
  ) as { handler: PublicKeyHandler };
  const keyArn = 'arn:aws-cn:kms:cn-north-1:111122223333:key/anchor';
  /** KMS GetPublicKey's answer for a key of this spec; the requests it got. */
  const kmsWith = (answer: Record<string, unknown>) => {
    const requests: unknown[] = [];
    return {
      requests,
      send: async (command: { input: unknown }) => {
        requests.push(command.input);
        return answer;
      },
    };
  };

  it('hands over the P-256 public key as base64 SPKI DER, which the verifier takes as it is', async () => {
    const der = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ type: 'spki', format: 'der' });
    const kms = kmsWith({
      KeyId: keyArn,
      KeySpec: 'ECC_NIST_P256',
      KeyUsage: 'SIGN_VERIFY',
      PublicKey: new Uint8Array(der),
    });
    const answer = await handler({ RequestType: 'Create', ResourceProperties: { KeyId: keyArn } }, {}, kms);
    expect(kms.requests).toEqual([{ KeyId: keyArn }]);
    expect(answer.PhysicalResourceId).toBe(keyArn);
    expect(Buffer.from(answer.Data?.PublicKey ?? '', 'base64')).toEqual(der);
    expect(answer.Data?.Fingerprint).toBe(createHash('sha256').update(der).digest('hex'));
    expect(anchorPublicKey(answer.Data?.PublicKey).export({ type: 'spki', format: 'der' })).toEqual(der);
    // Why not AwsCustomResource: it decodes binary fields as UTF-8 text, and DER does not survive that.
    expect(Buffer.from(new TextDecoder().decode(der))).not.toEqual(der);
  });

  it('fails the deployment for a key that is not an ECC P-256 signing key, and reads nothing on delete', async () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'spki', format: 'der' });
    const create = { RequestType: 'Create', ResourceProperties: { KeyId: keyArn } } as const;
    await expect(
      handler(create, {}, kmsWith({ KeySpec: 'RSA_2048', KeyUsage: 'SIGN_VERIFY', PublicKey: new Uint8Array(rsa) })),
    ).rejects.toThrow(/is not an ECC_NIST_P256 SIGN_VERIFY key/);
    await expect(
      handler(create, {}, kmsWith({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY', PublicKey: new Uint8Array(8) })),
    ).rejects.toThrow();
    const kms = kmsWith({});
    expect(await handler({ RequestType: 'Delete', ResourceProperties: { KeyId: keyArn } }, {}, kms)).toEqual({});
    expect(kms.requests).toEqual([]);
  });
});
