import { join } from 'node:path';
import {
  CustomResource,
  CustomResourceProvider,
  CustomResourceProviderRuntime,
  Duration,
  Lazy,
  RemovalPolicy,
  Size,
} from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { repoRoot } from '../repo-root.ts';
import { acknowledge, acknowledgeWildcardResource } from './nag.ts';

/** The deploy-time handler that reads the key's public half (its file says why it is not AwsCustomResource). */
const PUBLIC_KEY_HANDLER = join(repoRoot, 'lib', 'custom-resources', 'anchor-public-key');
const PUBLIC_KEY_RESOURCE_TYPE = 'Custom::AnchorPublicKey';

export interface CheckpointArchiveProps {
  /**
   * How long each checkpoint is locked (S3 Object Lock, COMPLIANCE mode: nobody, the account root included, can
   * delete or overwrite a locked version before this ends).
   * @default Duration.days(3653) — ten years
   */
  readonly retention?: Duration;
  /**
   * GOVERNANCE instead of COMPLIANCE: principals holding s3:BypassGovernanceRetention may then delete checkpoints.
   * Only for a dev stack you mean to tear down.
   * @default false
   */
  readonly governanceMode?: boolean;
}

/**
 * Where the timelines are anchored (functions/common/anchor-archive.ts, docs/tamper-evidence.md): a KMS signing key
 * (ECC_NIST_P256; its private half never leaves KMS, and only the anchor function may Sign) and a versioned S3 bucket
 * with Object Lock for the signed checkpoints. Both are kept when the stack goes (RETAIN): checkpoints outlive the
 * table they vouch for, and without the key they can no longer be checked.
 */
export class CheckpointArchive extends Construct {
  readonly key: kms.CfnKey;
  readonly keyArn: string;
  readonly bucket: s3.Bucket;
  /**
   * The key's public half, base64 SPKI DER, as KMS GetPublicKey gives it: read once at deploy time by a custom
   * resource (again only when the key is replaced) and handed to verifiers as ANCHOR_PUBLIC_KEY, so that they verify
   * signatures without a KMS client or call. A public key: nothing is exposed by putting it in an environment.
   */
  readonly publicKey: string;
  /**
   * The key policy, written here rather than CDK's default (which gives the account `kms:*`, so any IAM policy could
   * grant Sign): the account administers the key but cannot use it to sign; Sign is granted in the key policy to
   * the anchor function's role by name, and to nothing else.
   */
  private readonly keyStatements: iam.PolicyStatement[];

  constructor(scope: Construct, id: string, props: CheckpointArchiveProps = {}) {
    super(scope, id);
    const retention = props.retention ?? Duration.days(3653);

    this.keyStatements = [
      new iam.PolicyStatement({
        sid: 'KeyAdministrationWithoutSigning',
        principals: [new iam.AccountRootPrincipal()],
        actions: [
          'kms:Create*',
          'kms:Describe*',
          'kms:Enable*',
          'kms:List*',
          'kms:Put*',
          'kms:Update*',
          'kms:Revoke*',
          'kms:Disable*',
          'kms:Get*',
          'kms:Delete*',
          'kms:TagResource',
          'kms:UntagResource',
          'kms:ScheduleKeyDeletion',
          'kms:CancelKeyDeletion',
        ],
        resources: ['*'],
      }),
    ];
    this.key = new kms.CfnKey(this, 'SigningKey', {
      description: 'xiaoneng: signs the checkpoints of case timeline heads (Sign: the anchor function only)',
      keySpec: 'ECC_NIST_P256',
      keyUsage: 'SIGN_VERIFY',
      // Built at synthesis: grantSign adds the anchor function's statement after the key exists.
      keyPolicy: Lazy.any({ produce: () => new iam.PolicyDocument({ statements: this.keyStatements }) }),
      enableKeyRotation: false,
    });
    this.key.applyRemovalPolicy(RemovalPolicy.RETAIN);
    this.keyArn = this.key.attrArn;

    this.bucket = new s3.Bucket(this, 'Checkpoints', {
      objectLockEnabled: true,
      objectLockDefaultRetention: props.governanceMode
        ? s3.ObjectLockRetention.governance(retention)
        : s3.ObjectLockRetention.compliance(retention),
      versioned: true,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledge(
      this.bucket,
      'AwsSolutions-S1',
      'Only the anchor function writes here, create-only, and Object Lock keeps every version; each write is a KMS Sign call recorded by CloudTrail. Access logs would need a second bucket whose own integrity is weaker than this one.',
    );

    // One small Lambda function (CDK's singleton provider for this resource type) with exactly kms:GetPublicKey on
    // this key; KMS allows it through the key policy's administration statement (kms:Get*), which defers to IAM. Its
    // role otherwise has the basic execution policy CDK gives every such provider (its own logs). cdk-nag raises no
    // finding on it (test/cdk/stack.test.ts), so nothing is acknowledged.
    const provider = CustomResourceProvider.getOrCreateProvider(this, PUBLIC_KEY_RESOURCE_TYPE, {
      codeDirectory: PUBLIC_KEY_HANDLER,
      runtime: CustomResourceProviderRuntime.NODEJS_22_X,
      timeout: Duration.minutes(2),
      memorySize: Size.mebibytes(128),
      description: 'xiaoneng: reads the checkpoint signing key public half at deploy time (ANCHOR_PUBLIC_KEY)',
    });
    provider.addToRolePolicy({ Effect: 'Allow', Action: 'kms:GetPublicKey', Resource: this.keyArn });
    const publicKey = new CustomResource(this, 'PublicKey', {
      serviceToken: provider.serviceToken,
      resourceType: PUBLIC_KEY_RESOURCE_TYPE,
      // The key's ARN: a replaced key (a new ARN) reads the new public key and redeploys the verifiers with it.
      properties: { KeyId: this.keyArn },
    });
    this.publicKey = publicKey.getAttString('PublicKey');
  }

  /** The anchor function: Sign with the key, create checkpoints and pointers, read them back, list (for 404s). */
  grantSign(fn: lambda.Function): void {
    this.pointAt(fn);
    // In the key policy, naming the role: the account's IAM administrators cannot grant Sign to anyone else
    // without changing the key policy (which CloudTrail records).
    if (!fn.role) throw new Error('the anchor function needs a role to name in the key policy');
    this.keyStatements.push(
      new iam.PolicyStatement({
        sid: 'SignCheckpoints',
        principals: [new iam.ArnPrincipal(fn.role.roleArn)],
        actions: ['kms:Sign', 'kms:GetPublicKey'],
        resources: ['*'],
      }),
    );
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['s3:PutObject', 's3:GetObject'],
        resources: [this.bucket.arnForObjects('*')],
      }),
    );
    // ListBucket makes a missing key answer 404 rather than 403 (the head hint on the first checkpoint).
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['s3:ListBucket'], resources: [this.bucket.bucketArn] }));
    acknowledgeWildcardResource(
      fn.role ?? fn,
      this.bucket.arnForObjects('*'),
      'Writes and reads the checkpoints, the per-case pointers and the head hint of this one bucket; their keys are made at run time from sequence numbers and case ids. Object Lock refuses any overwrite or delete of a locked version.',
    );
  }

  /**
   * A verifier: the public key, given at deploy time (so no KMS permission at all, and no KMS client in its bundle:
   * functions/common/checkpoint-reader.ts), and read access to the checkpoints and pointers.
   */
  grantVerify(fn: lambda.Function): void {
    fn.addEnvironment('ANCHOR_BUCKET', this.bucket.bucketName);
    fn.addEnvironment('ANCHOR_PUBLIC_KEY', this.publicKey);
    fn.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: [this.bucket.arnForObjects('checkpoints/*')] }),
    );
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['s3:ListBucket'],
        resources: [this.bucket.bucketArn],
        conditions: { StringLike: { 's3:prefix': ['cases/*'] } },
      }),
    );
    acknowledgeWildcardResource(
      fn.role ?? fn,
      this.bucket.arnForObjects('checkpoints/*'),
      'Reads the signed checkpoints of this one bucket; which ones is known only from the case being verified.',
    );
  }

  private pointAt(fn: lambda.Function): void {
    fn.addEnvironment('ANCHOR_BUCKET', this.bucket.bucketName);
    fn.addEnvironment('ANCHOR_KEY_ID', this.keyArn);
  }
}
