import { createHash, generateKeyPairSync } from 'node:crypto';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
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

  it('grants each function what the manifest says: Sign and writes to the anchor, reads and no KMS permission to verifiers', () => {
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

  it('runs under CDK’s entrypoint with the AWS SDK’s KMS client, and answers CloudFormation with the key', async () => {
    // Prepare: KMS at a local endpoint (its JSON protocol, blobs in base64), and CDK's entrypoint as Lambda runs it.
    const der = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ type: 'spki', format: 'der' });
    let keySpec = 'ECC_NIST_P256';
    const targets: string[] = [];
    const kms = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => {
        body += chunk;
      });
      request.on('end', () => {
        targets.push(`${request.headers['x-amz-target']} ${JSON.parse(body).KeyId}`);
        response.setHeader('content-type', 'application/x-amz-json-1.1');
        response.end(
          JSON.stringify({
            KeyId: keyArn,
            KeySpec: keySpec,
            KeyUsage: 'SIGN_VERIFY',
            PublicKey: der.toString('base64'),
          }),
        );
      });
    });
    await new Promise<void>((resolve) => kms.listen(0, '127.0.0.1', resolve));
    const environment = {
      AWS_REGION: 'cn-north-1',
      AWS_ENDPOINT_URL_KMS: `http://127.0.0.1:${(kms.address() as AddressInfo).port}`,
      AWS_ACCESS_KEY_ID: 'AKIDDEPLOY',
      AWS_SECRET_ACCESS_KEY: 'secret',
    };
    const saved = Object.fromEntries(Object.keys(environment).map((name) => [name, process.env[name]]));
    Object.assign(process.env, environment);
    const entrypoint = createRequire(import.meta.url)(
      join(repoRoot, 'node_modules/aws-cdk-lib/custom-resource-handlers/dist/core/nodejs-entrypoint-handler/index.js'),
    ) as {
      handler: (event: unknown, context: unknown) => Promise<void>;
      external: {
        userHandlerIndex: string;
        log: () => void;
        sendHttpRequest: (o: unknown, body: string) => Promise<void>;
      };
    };
    const answers: Record<string, unknown>[] = [];
    Object.assign(entrypoint.external, {
      userHandlerIndex: join(repoRoot, 'lib', 'custom-resources', 'anchor-public-key', 'index.js'),
      log: () => {},
      sendHttpRequest: async (_options: unknown, body: string) => {
        answers.push(JSON.parse(body));
      },
    });
    const event = {
      RequestType: 'Create',
      ResourceType: 'Custom::AnchorPublicKey',
      ResourceProperties: {
        ServiceToken: 'arn:aws-cn:lambda:cn-north-1:111122223333:function:provider',
        KeyId: keyArn,
      },
      ResponseURL: 'https://cloudformation-custom-resource-response-cnnorth1.s3.cn-north-1.amazonaws.com.cn/r?signed',
      StackId: 'arn:aws-cn:cloudformation:cn-north-1:111122223333:stack/Xiaoneng/1',
      RequestId: 'request-1',
      LogicalResourceId: 'AnchorPublicKey',
    };
    try {
      // Act
      await entrypoint.handler(event, {});
      keySpec = 'RSA_2048';
      await entrypoint.handler({ ...event, RequestId: 'request-2' }, {});
    } finally {
      kms.close();
      for (const [name, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }

    // Assess
    expect(targets).toEqual([`TrentService.GetPublicKey ${keyArn}`, `TrentService.GetPublicKey ${keyArn}`]);
    expect(answers[0]).toMatchObject({
      Status: 'SUCCESS',
      RequestId: 'request-1',
      PhysicalResourceId: keyArn,
      Data: { PublicKey: der.toString('base64'), Fingerprint: createHash('sha256').update(der).digest('hex') },
    });
    expect(answers[1]).toMatchObject({ Status: 'FAILED', RequestId: 'request-2' });
    expect(String(answers[1]?.Reason)).toContain('is not an ECC_NIST_P256 SIGN_VERIFY key');
  });
});
