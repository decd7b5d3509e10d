import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { build, type Metafile } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FunctionName, type FunctionSpec, functions } from '../../functions/manifest.ts';
import { LAMBDA_BUNDLING } from '../../lib/lambda-bundling.ts';
import { repoRoot } from '../../lib/repo-root.ts';
import type { LocalDynamo } from '../../local/dynamodb.ts';
import { startTestDynamo } from '../support/dynamo.ts';
import { temporaryFolder } from '../support/temporary.ts';

const run = promisify(execFile);

/**
 * A Lambda bundle as CDK makes it (lib/lambda-bundling.ts): the AWS SDK's default credential chain is replaced by the
 * environment provider (functions/common/lambda-credentials.ts), so none of the chain's other providers and clients
 * is in it — and a bundled client still signs its requests with the credentials Lambda puts in the environment.
 */

/** A client built with the SDK's defaults, as functions/store/client.ts builds it in AWS (no endpoint override). */
const ENTRY = `
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
try {
  const out = await new DynamoDBClient({}).send(new ListTablesCommand({}));
  process.stdout.write(JSON.stringify({ tables: out.TableNames }));
} catch (error) {
  process.stdout.write(JSON.stringify({ error: error.name, message: error.message }));
}
`;

/** Inputs of the chain's other providers: none may be in a Lambda bundle. */
const DROPPED =
  /credential-provider-(node|ini|sso|process|web-identity|login|http)|nested-clients|credential-provider-imds/;

let dynamo: LocalDynamo;
let bundle: string;
let metafile: Metafile;
let home: string;

beforeAll(async () => {
  dynamo = await startTestDynamo();
  const folder = temporaryFolder('lambda-bundle');
  home = join(folder, 'home');
  mkdirSync(home);
  const entry = join(folder, 'entry.mjs');
  writeFileSync(entry, ENTRY);
  bundle = join(folder, 'index.mjs');
  const result = await build({
    ...LAMBDA_BUNDLING,
    mainFields: [...LAMBDA_BUNDLING.mainFields],
    external: [...LAMBDA_BUNDLING.external],
    absWorkingDir: repoRoot,
    nodePaths: [join(repoRoot, 'node_modules')],
    entryPoints: [entry],
    outfile: bundle,
    metafile: true,
    logLevel: 'silent',
  });
  metafile = result.metafile;
});
afterAll(async () => {
  await dynamo?.close();
});

/** Runs the bundle as Lambda would, with only the environment given (and an empty home: no shared config files). */
async function invoke(env: Record<string, string>): Promise<{ tables?: string[]; error?: string; message?: string }> {
  const { stdout } = await run(process.execPath, [bundle], {
    env: {
      PATH: process.env.PATH ?? '',
      HOME: home,
      AWS_REGION: 'us-east-1',
      AWS_ENDPOINT_URL_DYNAMODB: dynamo.url,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      ...env,
    },
  });
  return JSON.parse(stdout);
}

describe('a Lambda bundle', () => {
  it('holds the environment provider and none of the default chain’s other providers', () => {
    // Assess
    const inputs = Object.keys(metafile.inputs);
    expect(inputs.some((path) => path.includes('credential-provider-env'))).toBe(true);
    expect(inputs.filter((path) => DROPPED.test(path))).toEqual([]);
  });

  it('signs with the credentials Lambda puts in the environment', async () => {
    // Act
    const answer = await invoke({
      AWS_ACCESS_KEY_ID: 'AKIDLAMBDA',
      AWS_SECRET_ACCESS_KEY: 'secret',
      AWS_SESSION_TOKEN: 'token',
    });
    // Assess: the request reached the store and was answered.
    expect(answer.error).toBeUndefined();
    expect(Array.isArray(answer.tables)).toBe(true);
  });

  it('without them, fails as the environment provider does (no other source is tried)', async () => {
    // Act
    const answer = await invoke({});
    // Assess
    expect(answer.error).toBe('CredentialsProviderError');
    expect(answer.message).toMatch(/environment variable credentials/i);
  });
});

/**
 * The heaviest Lambda bundles of each kind, bundled as CDK bundles them (one esbuild run, nothing written): each at
 * most 500 KB (issue 17 item 3). A bundle grows with what its handler imports: its own route and the schemas that
 * route names (functions/http/routes/<area>.ts), the AWS SDK clients it uses, the calendar's data where deadlines are
 * computed. Bundling all of functions/manifest.ts takes 15 s on a quiet 2-core machine and a minute on a busy one,
 * so this test takes the heaviest of each HTTP area and of each other handler folder (as measured when the list was
 * made), and `npm run bench -- --only coldStart` (BENCHMARKS.md section 4) checks every bundle.
 */
const HEAVIEST = [
  // HTTP, by area: applications (the clock-starting ones and the verifier), then the heaviest of every other area.
  'applicationsCreate',
  'applicationsMaterials',
  'applicationsDecide',
  'applicationsVerify',
  'openapi',
  'projectsJointApproval',
  'grievancesReviewDecision',
  'accountabilityInvestigate',
  'visitsCreate',
  'ratingsCreate',
  'worklist',
  'track',
  'calendarDeadline',
  'evaluationsRun',
  'enforcementCreate',
  'appraisalsGet',
  'catalogRevise',
  // stream, schedule, workflow
  'anchor',
  'reconcile',
  'checkpoint',
] as const satisfies readonly FunctionName[];

const MAX_BUNDLE_BYTES = 500 * 1024;

/**
 * Bundles known to be over the budget, each with the most it may weigh and why. Remove an entry once it fits.
 * None today. applicationsVerify was the last (513.1 KB at a 518 KB ceiling, for the S3 and KMS clients it verified
 * checkpoints with): it now reads the checkpoint key's public half from its environment, given at deploy time
 * (lib/constructs/checkpoint-archive.ts), and imports only the reading half of the archive
 * (functions/common/checkpoint-reader.ts), so no KMS client is in its bundle (about 483 KB).
 */
const OVER_BUDGET: Readonly<Record<string, number>> = {};

describe('the heaviest Lambda bundles', () => {
  let sizes: Record<string, number> = {};

  beforeAll(async () => {
    const result = await build({
      ...LAMBDA_BUNDLING,
      mainFields: [...LAMBDA_BUNDLING.mainFields],
      external: [...LAMBDA_BUNDLING.external],
      absWorkingDir: repoRoot,
      entryPoints: Object.fromEntries(HEAVIEST.map((name) => [name, join(repoRoot, functions[name].entry)])),
      outdir: join(repoRoot, '.tmp/lambda-bundles'),
      outExtension: { '.js': '.mjs' },
      write: false,
      logLevel: 'silent',
    });
    sizes = Object.fromEntries(
      result.outputFiles
        .filter((file) => file.path.endsWith('.mjs'))
        .map((file) => [
          file.path
            .split('/')
            .at(-1)
            ?.replace(/\.mjs$/, '') ?? '',
          file.contents.byteLength,
        ]),
    );
  });

  it('are built, one for each function listed', () => {
    expect(Object.keys(sizes).sort()).toEqual([...HEAVIEST].sort());
  });

  it('weigh at most 500 KB each (a known exception at most its ceiling)', () => {
    // Assess: the names and sizes over the budget, so a failure says which bundle grew and by how much.
    const over = Object.entries(sizes)
      .filter(([name, bytes]) => bytes > (OVER_BUDGET[name] ?? MAX_BUNDLE_BYTES))
      .map(([name, bytes]) => `${name} ${(bytes / 1024).toFixed(1)} KB`);
    expect(over).toEqual([]);
  });

  it('still needs each known exception (remove one once its bundle fits in 500 KB)', () => {
    for (const name of Object.keys(OVER_BUDGET)) expect(sizes[name]).toBeGreaterThan(MAX_BUNDLE_BYTES);
  });
});

// ---- Lean bundles (issue 17 item 3): zod/mini only ----

/**
 * The schemas (request: functions/http/schemas/; response: functions/http/responses/), the deployment settings
 * (functions/common/*-policy.ts, award-scoring.ts) and the middleware's types are zod/mini: a function that validates a
 * request loads zod's core and the mini constructors (about 19 KB, 3 ms of CPU), not zod classic (about 83 KB, 25 ms;
 * docs/deploy.md). A module a bundle reaches that imports `zod` instead of `zod/mini` brings classic back: this names
 * the bundle. Every function of functions/manifest.ts is bundled for its import graph only (the AWS SDK, Powertools
 * and other large packages left external, nothing minified or written), which takes seconds.
 */
const ZOD_CLASSIC = /node_modules\/zod\/(v4\/classic|v3)\//;
const ZOD_MINI = /node_modules\/zod\/v4\/mini\//;

describe('every Lambda bundle', () => {
  let zodOf: Record<string, { classic: boolean; mini: boolean }> = {};
  /** The bundles that import the KMS client (left external here, so it shows among each output's imports). */
  let kms: string[] = [];

  beforeAll(async () => {
    const names = Object.keys(functions) as FunctionName[];
    const result = await build({
      ...LAMBDA_BUNDLING,
      mainFields: [...LAMBDA_BUNDLING.mainFields],
      external: ['@aws-sdk/*', '@smithy/*', '@aws-lambda-powertools/*', '@aws-crypto/*', 'chinese-days', 'jose'],
      minify: false,
      sourcemap: false,
      absWorkingDir: repoRoot,
      entryPoints: Object.fromEntries(names.map((name) => [name, join(repoRoot, functions[name].entry)])),
      outdir: join(repoRoot, '.tmp/lambda-imports'),
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    kms = Object.entries(result.metafile.outputs)
      .filter(([, output]) => output.imports.some((i) => i.path === '@aws-sdk/client-kms'))
      .map(([file]) => file.split('/').at(-1)?.replace(/\.js$/, '') ?? '');
    zodOf = Object.fromEntries(
      Object.entries(result.metafile.outputs).map(([file, output]) => {
        const inputs = Object.keys(output.inputs);
        const name = file.split('/').at(-1)?.replace(/\.js$/, '') ?? '';
        return [name, { classic: inputs.some((i) => ZOD_CLASSIC.test(i)), mini: inputs.some((i) => ZOD_MINI.test(i)) }];
      }),
    );
  }, 120_000);

  it('is looked at, one for each function of the manifest, and those that validate load zod/mini', () => {
    expect(Object.keys(zodOf).sort()).toEqual(Object.keys(functions).sort());
    expect(zodOf.applicationsCreate?.mini).toBe(true);
    expect(zodOf.openapi?.mini).toBe(true);
  });

  it('loads no zod classic', () => {
    // Assess: the bundles that do, so a failure names them.
    const classic = Object.entries(zodOf)
      .filter(([, zod]) => zod.classic)
      .map(([name]) => name);
    expect(classic).toEqual([]);
  });

  it('imports the KMS client only where checkpoints are signed: a verifier has the public key from its environment', () => {
    // The anchor signs with KMS; the verify route checks signatures with the public key the deployment gave it
    // (functions/common/checkpoint-reader.ts), so the ~27 KB client stays out of its bundle.
    expect(kms.sort()).toEqual(
      (Object.entries(functions) as [FunctionName, FunctionSpec][])
        .filter(([, spec]) => spec.checkpoints === 'sign')
        .map(([name]) => name)
        .sort(),
    );
    expect(kms).not.toContain('applicationsVerify');
  });
});
