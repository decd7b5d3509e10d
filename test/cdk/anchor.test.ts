import { Match } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FunctionName, type FunctionSpec, functions } from '../../functions/manifest.ts';
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
      // The anchor's Sign and GetPublicKey are in the key policy (previous test); no IAM policy grants Sign at all.
      expect(actions.includes('kms:GetPublicKey'), name).toBe(spec.checkpoints === 'verify');
      expect(actions.includes('kms:Sign'), name).toBe(false);
      expect(actions.includes('s3:GetObject'), name).toBe(spec.checkpoints !== undefined);
      expect(
        actions.some((a) => a === 's3:DeleteObject' || a.startsWith('s3:PutObjectRetention')),
        name,
      ).toBe(false);
    }
    expect((functions.anchor as FunctionSpec).streamFrom).toBe('cases');
  });

  it('outputs the bucket and key the CLI verifier needs', () => {
    const outputs = Object.keys(synth.template.toJSON().Outputs as Json);
    expect(outputs).toEqual(expect.arrayContaining(['CheckpointBucketName', 'CheckpointKeyArn']));
  });
});
