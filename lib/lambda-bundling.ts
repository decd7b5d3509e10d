import type { BuildOptions } from 'esbuild';

/**
 * ESM bundles may still hold CommonJS code from dependencies that calls `require`; esbuild's shim needs a real one.
 */
export const ESM_REQUIRE_BANNER =
  "import { createRequire } from 'module'; const require = createRequire(import.meta.url);";

/**
 * Modules replaced in every Lambda bundle, each path relative to the repository root (esbuild resolves an alias from
 * its working directory: CDK bundles from the root). The SDK's default credential chain becomes the environment
 * provider alone: functions/common/lambda-credentials.ts says why.
 */
export const LAMBDA_ALIASES: Readonly<Record<string, string>> = {
  '@aws-sdk/credential-provider-node': './functions/common/lambda-credentials.ts',
};

/**
 * The one description of how a Lambda function is bundled: lib/constructs/handler-function.ts turns it into
 * NodejsFunction's `bundling`, and the cold-start benchmark and test/cdk/lambda-bundle.test.ts bundle with it, so
 * what they measure and test is what is deployed. ESM, node22, module/main fields, minified, an external source map
 * without sources, nothing external (the AWS SDK is bundled: the deployed code runs the versions package-lock.json
 * pins, the same ones the local runtime and the tests run, not whatever the Lambda runtime ships this month).
 */
export const LAMBDA_BUNDLING = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node22',
  mainFields: ['module', 'main'],
  minify: true,
  sourcemap: true,
  sourcesContent: false,
  banner: { js: ESM_REQUIRE_BANNER },
  external: [],
  alias: LAMBDA_ALIASES,
} as const satisfies BuildOptions;
