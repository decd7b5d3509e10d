/**
 * The credentials of a deployed function, in place of the AWS SDK's default provider chain (an esbuild alias of
 * `@aws-sdk/credential-provider-node` in every Lambda bundle: lib/lambda-bundling.ts). Lambda always puts the
 * function role's credentials in the environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN), which
 * is the first place the default chain looks; the rest of the chain (shared files, SSO, the login and web-identity
 * providers, IMDS, with the STS and SSO clients they carry) is never reached there, yet it was about a fifth of every
 * bundle and of its import time (issue 17, lean bundles). The local runtime and the tests do not bundle: they keep the
 * default chain.
 */
export { fromEnv as defaultProvider } from '@aws-sdk/credential-provider-env';
