import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { departmentRoles, type Role, roles } from '../../functions/common/roles.ts';
import { acknowledge } from './nag.ts';

/** The custom attribute that names a staff member's department; tokens carry it as `custom:department`. */
export const DEPARTMENT_ATTRIBUTE = 'department';

const ROLE_DESCRIPTIONS: Record<Role, string> = {
  applicant: 'Applicants: submit applications and read their own cases',
  clerk: 'Front-desk clerks (窗口人员) of a department: accept applications',
  reviewer: 'Reviewers of a department: record decisions',
  head: 'Department heads: read their department’s cases',
  supervisor: 'Supervisors (效能监督): read every case and the accountability record',
  admin: 'Administrators: load the holiday calendar',
};

export interface UserDirectoryProps {
  /**
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
  /**
   * Cognito deletion protection on the user pool.
   * @default true
   */
  readonly deletionProtection?: boolean;
  /**
   * Cognito Plus feature plan with full threat protection (compromised credentials, adaptive authentication).
   * Billed per monthly active user, so off unless the centre chooses it.
   * @default false
   */
  readonly plusTier?: boolean;
}

/**
 * The Cognito user pool that issues the tokens the HTTP API's JWT authorizer accepts, used when the centre has no
 * identity provider of its own. One group per role of `functions/common/roles.ts` (tokens carry them in
 * `cognito:groups`) and a `department` attribute for staff roles. Users are created by an administrator (no self
 * sign-up). The app client can read `custom:department` but not write it: a user must not move themselves to
 * another department.
 */
export class UserDirectory extends Construct {
  readonly userPool: cognito.UserPool;
  readonly client: cognito.UserPoolClient;
  /** The token issuer, `https://cognito-idp.<region>.amazonaws.com/<userPoolId>`. */
  readonly issuer: string;

  constructor(scope: Construct, id: string, props: UserDirectoryProps = {}) {
    super(scope, id);

    this.userPool = new cognito.UserPool(this, 'UserPool', {
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      autoVerify: { email: true },
      standardAttributes: {
        email: { required: true, mutable: true },
        fullname: { required: false, mutable: true },
      },
      customAttributes: {
        [DEPARTMENT_ATTRIBUTE]: new cognito.StringAttribute({ minLen: 1, maxLen: 64, mutable: true }),
      },
      // Decisions and accountability records have legal weight: every account signs in with a second factor.
      mfa: cognito.Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      featurePlan: props.plusTier ? cognito.FeaturePlan.PLUS : cognito.FeaturePlan.ESSENTIALS,
      standardThreatProtectionMode: props.plusTier ? cognito.StandardThreatProtectionMode.FULL_FUNCTION : undefined,
      deletionProtection: props.deletionProtection ?? true,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
    });

    for (const role of roles) {
      this.userPool.addGroup(`Group-${role}`, {
        groupName: role,
        description: `${ROLE_DESCRIPTIONS[role]}${departmentRoles.includes(role) ? ' (set custom:department)' : ''}`,
      });
    }

    this.client = this.userPool.addClient('AppClient', {
      authFlows: { userSrp: true, adminUserPassword: true },
      generateSecret: false,
      preventUserExistenceErrors: true,
      // No hosted UI yet: add a domain and callback URLs here when a browser front end signs users in.
      disableOAuth: true,
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(1),
      readAttributes: new cognito.ClientAttributes()
        .withStandardAttributes({ email: true, emailVerified: true, fullname: true })
        .withCustomAttributes(DEPARTMENT_ATTRIBUTE),
      writeAttributes: new cognito.ClientAttributes().withStandardAttributes({ fullname: true }),
    });

    // The `iss` claim of the pool's tokens (URL suffix: amazonaws.com, or amazonaws.com.cn in an AWS China region).
    const stack = Stack.of(this);
    this.issuer = `https://cognito-idp.${stack.region}.${stack.urlSuffix}/${this.userPool.userPoolId}`;

    if (!props.plusTier) {
      acknowledge(
        this.userPool,
        'AwsSolutions-COG8',
        'Threat protection needs the Cognito Plus feature plan, billed per monthly active user; MFA is required for every user instead. A centre turns it on with -c userPoolPlusTier=true.',
      );
    }
  }
}
