import { Aws, Duration, Lazy, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { departmentRoles, type Role, roles } from '../../functions/common/roles.ts';
import { acknowledge } from './nag.ts';

/** The custom attribute that names a staff member's department; tokens carry it as `custom:department`. */
export const DEPARTMENT_ATTRIBUTE = 'department';
/** The custom attribute that names a representative's kind (NPC_DEPUTY, CPPCC_MEMBER, ENTERPRISE, CITIZEN): `custom:kind`. */
export const KIND_ATTRIBUTE = 'kind';

const ROLE_DESCRIPTIONS: Record<Role, string> = {
  applicant: 'Applicants: submit applications and read their own cases',
  clerk: 'Front-desk clerks (窗口人员) of a department: accept applications',
  reviewer: 'Reviewers of a department: record decisions',
  head: 'Department heads: read their department’s cases',
  supervisor: 'Supervisors (效能监督): read every case and the accountability record',
  admin: 'Administrators: load the holiday calendar',
  representative:
    'Representatives (人大代表, 政协委员, enterprises, citizens): rate departments in the year-end appraisal; custom:kind says which',
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
  /**
   * Prefix of the hosted UI's domain, `https://<prefix>.auth.<region>.amazoncognito.com` (lower-case letters,
   * digits and hyphens; unique in the region across all AWS accounts; may not contain aws, amazon or cognito).
   * @default `<stack name in lower case>-<account id>`
   */
  readonly domainPrefix?: string;
}

const DOMAIN_PREFIX = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const RESERVED_IN_PREFIX = /aws|amazon|cognito/;

/** Throws when Cognito would refuse the prefix at deploy time. */
export function checkDomainPrefix(prefix: string): void {
  if (!DOMAIN_PREFIX.test(prefix)) {
    throw new Error(
      `authDomainPrefix=${prefix}: 1–63 lower-case letters, digits and hyphens, not starting or ending with a hyphen`,
    );
  }
  if (RESERVED_IN_PREFIX.test(prefix)) {
    throw new Error(`authDomainPrefix=${prefix}: Cognito refuses a prefix containing aws, amazon or cognito`);
  }
}

/**
 * The Cognito user pool that issues the tokens the HTTP API's JWT authorizer accepts, used when the centre has no
 * identity provider of its own. One group per role of `functions/common/roles.ts` (tokens carry them in
 * `cognito:groups`) and a `department` attribute for staff roles. Users are created by an administrator (no self
 * sign-up). The app client can read `custom:department` but not write it: a user must not move themselves to
 * another department. People sign in through the hosted UI (authorization code with PKCE, a public client) and
 * come back to the web site's `/signed-in` (allowSignInFrom).
 */
export class UserDirectory extends Construct {
  readonly userPool: cognito.UserPool;
  readonly client: cognito.UserPoolClient;
  /** The hosted UI's domain (authorization code with PKCE). */
  readonly domain: cognito.UserPoolDomain;
  /** `https://<prefix>.auth.<region>.amazoncognito.com`: the hosted UI, `/oauth2/authorize`, `/oauth2/token`. */
  readonly hostedUiUrl: string;
  /** The token issuer, `https://cognito-idp.<region>.amazonaws.com/<userPoolId>`. */
  readonly issuer: string;

  /** Origins of the sites that sign in here (allowSignInFrom): `<origin>/signed-in` and `<origin>/` are allowed. */
  private readonly siteOrigins: string[] = [];

  constructor(scope: Construct, id: string, props: UserDirectoryProps = {}) {
    super(scope, id);
    const stack = Stack.of(this);

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
        [KIND_ATTRIBUTE]: new cognito.StringAttribute({ minLen: 1, maxLen: 32, mutable: true }),
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

    const domainPrefix = props.domainPrefix ?? `${stack.stackName.toLowerCase()}-${Aws.ACCOUNT_ID}`;
    if (props.domainPrefix !== undefined && !Token.isUnresolved(props.domainPrefix)) checkDomainPrefix(domainPrefix);
    if (props.domainPrefix === undefined && !Token.isUnresolved(stack.stackName)) {
      checkDomainPrefix(`${stack.stackName.toLowerCase()}-123456789012`);
    }
    this.domain = this.userPool.addDomain('HostedUi', { cognitoDomain: { domainPrefix } });
    this.hostedUiUrl = this.domain.baseUrl();

    this.client = this.userPool.addClient('AppClient', {
      // SRP and admin password sign-in stay for scripts and tests (docs/deploy.md); browsers use the hosted UI.
      authFlows: { userSrp: true, adminUserPassword: true },
      // A public client: the pages cannot keep a secret, so the code is bound to the browser by PKCE instead.
      generateSecret: false,
      preventUserExistenceErrors: true,
      oAuth: {
        // The authorization code grant only: no implicit grant (tokens in the URL), no client credentials.
        flows: { authorizationCodeGrant: true, implicitCodeGrant: false, clientCredentials: false },
        scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL, cognito.OAuthScope.PROFILE],
        // Known only once the site's distribution exists (allowSignInFrom); built at synthesis.
        callbackUrls: Lazy.list({ produce: () => this.originsOrThrow().map((origin) => `${origin}/signed-in`) }),
        logoutUrls: Lazy.list({ produce: () => this.originsOrThrow().map((origin) => `${origin}/`) }),
      },
      supportedIdentityProviders: [cognito.UserPoolClientIdentityProvider.COGNITO],
      // The API accepts ID tokens (their `aud` is this client's id; functions/common/auth.ts checks it), which also
      // carry cognito:groups and custom:department: the pages send the ID token.
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(1),
      readAttributes: new cognito.ClientAttributes()
        .withStandardAttributes({ email: true, emailVerified: true, fullname: true })
        .withCustomAttributes(DEPARTMENT_ATTRIBUTE, KIND_ATTRIBUTE),
      writeAttributes: new cognito.ClientAttributes().withStandardAttributes({ fullname: true }),
    });

    // The `iss` claim of the pool's tokens (URL suffix: amazonaws.com, or amazonaws.com.cn in an AWS China region).
    this.issuer = `https://cognito-idp.${stack.region}.${stack.urlSuffix}/${this.userPool.userPoolId}`;

    if (!props.plusTier) {
      acknowledge(
        this.userPool,
        'AwsSolutions-COG8',
        'Threat protection needs the Cognito Plus feature plan, billed per monthly active user; MFA is required for every user instead. A centre turns it on with -c userPoolPlusTier=true.',
      );
    }
  }

  /** Lets a site sign in through the hosted UI: `<origin>/signed-in` becomes a callback URL, `<origin>/` a logout URL. */
  allowSignInFrom(origin: string): void {
    this.siteOrigins.push(origin);
  }

  private originsOrThrow(): string[] {
    if (this.siteOrigins.length === 0) {
      throw new Error('UserDirectory: the hosted UI has no site to return to; call allowSignInFrom(<site origin>)');
    }
    return this.siteOrigins;
  }
}
