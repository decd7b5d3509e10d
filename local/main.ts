import './polyfills.ts';
import './memory.ts';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { parseInstant, toShanghaiIso } from '../functions/domain/time.ts';
import { realSetTimeout } from './clock.ts';
import { dataDirFromEnv } from './config.ts';
import { DataFolderInUse } from './data-lock.ts';

/**
 * `npm start [-- --simulated-clock [--now <ISO>]] [--data-dir <dir>] [--host <address>] [--services-host <address>]
 * [--dynamodb-endpoint <url>]`: the whole system on this machine, on embedded defaults.
 * PORT (3000) serves the API; DYNAMODB_PORT (PORT+1) dynalite; STEPFUNCTIONS_PORT (PORT+2) Step Functions;
 * EVENTS_PORT (any free port unless set) the event bus's PutEvents (what was put: GET /_local/events on the API).
 */
// The AWS SDK warns once per process that its 2027 releases will need Node 22; the README says so. Keep the
// start-up output to what the operator needs.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const options = {
  'simulated-clock': { type: 'boolean', default: false },
  now: { type: 'string' },
  'data-dir': { type: 'string' },
  host: { type: 'string' },
  'services-host': { type: 'string' },
  'dynamodb-endpoint': { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

const usage = `usage: npm start [-- <options>]   (the -- hands the options to the runtime, not to npm)
  --simulated-clock        time stands still until POST /_local/clock/advance moves it
  --now <ISO 8601>         where the simulated clock starts, e.g. 2026-09-28T10:00:00+08:00 (needs --simulated-clock)
  --data-dir <dir>         the data folder (default: $XIAONENG_DATA_DIR or .data)
  --host <address>         where the API listens (default 127.0.0.1; 0.0.0.0 = every interface)
  --services-host <address> where DynamoDB, Step Functions and the event bus listen (default 127.0.0.1; they take
                           no credentials: anyone who reaches them reads and rewrites every case)
  --dynamodb-endpoint <url> an external DynamoDB instead of dynalite, e.g. AWS's DynamoDB Local
                           (npm run dynamodb-local): http://127.0.0.1:8000 (default: $XIAONENG_DYNAMODB_ENDPOINT)
  -h, --help               this text
environment: PORT (3000) the API; DYNAMODB_PORT (PORT+1); STEPFUNCTIONS_PORT (PORT+2); EVENTS_PORT (any free port);
  DYNAMODB_ACCESS_KEY_ID the access key id for --dynamodb-endpoint (default local; DynamoDB Local keeps a
  database per access key id and region)
  AWARD_SCORING the award scoring as JSON, e.g. '{"quotas":{"serviceStars":10}}' (docs/evaluation.md)
  GRIEVANCE_DAY_UNIT CALENDAR_DAYS (default) or WORKING_DAYS: how grievances' clocks count (docs/rules.md §6)
  GREEN_CHANNEL_THRESHOLD the investment in CNY from which a project is green-channel (default 100000000, §11)
  ACCOUNTABILITY_POLICY the accountability policy as JSON, e.g. '{"investigationWorkingDays":20}' (docs/supervision.md)
  ENFORCEMENT_POLICY the inspections' policy as JSON, e.g. '{"yearlyLimitPerEnterprise":3}' (docs/enforcement.md)
  APPRAISAL_POLICY the year-end appraisal's policy as JSON, e.g. '{"minRatings":5}' (docs/supervision.md)
example: npm start -- --simulated-clock --now 2026-09-28T10:00:00+08:00`;

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

function parse() {
  try {
    return parseArgs({ options }).values;
  } catch (error) {
    // Node's own message names the option but not what would have been right: say that, and show the usage.
    const message = error instanceof Error ? error.message : String(error);
    const given = /'(-[^']*)'/.exec(message)?.[1]?.split('=')[0];
    const known = Object.keys(options).map((name) => `--${name}`);
    const near = given ? known.find((name) => closeTo(name, given)) : undefined;
    const what =
      (error as { code?: string }).code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL'
        ? `unexpected argument: ${message.match(/'([^']*)'/)?.[1] ?? message}`
        : given
          ? `unknown or incomplete option ${given}`
          : message;
    return fail(`npm start: ${what}${near ? ` — did you mean ${near}?` : ''}\n${usage}`);
  }
}

/** Within two edits (a typo, a missing letter) of a known name. */
function closeTo(a: string, b: string): boolean {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0] as number;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const kept = row[j] as number;
      row[j] = Math.min(kept + 1, (row[j - 1] as number) + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = kept;
    }
  }
  return (row[b.length] as number) <= 2;
}

// `npm start --simulated-clock` (no `--`): npm keeps the option for itself (as npm_config_simulated_clock) and the
// runtime would start on the real clock without a word. Say so instead.
if (process.env.npm_lifecycle_event === 'start') {
  const taken = Object.keys(options).flatMap((name) => {
    const value = process.env[`npm_config_${name.replace(/-/g, '_')}`];
    return value ? [value === 'true' ? `--${name}` : `--${name} ${value}`] : [];
  });
  if (taken.length) {
    fail(
      `npm took ${taken.join(' ')} for itself: put -- before the runtime's options, e.g.\n` +
        `  npm start -- ${taken.join(' ')}\n${usage}`,
    );
  }
}

const values = parse();
if (values.help) {
  process.stdout.write(`${usage}\n`);
  process.exit(0);
}

const port = Number(process.env.PORT ?? 3000);
if (!Number.isInteger(port) || port <= 0 || port > 65533) fail(`PORT must be a port number, not ${process.env.PORT}`);
let startAt: number | undefined;
if (values.now !== undefined) {
  if (!values['simulated-clock']) fail('--now needs --simulated-clock');
  const parsed = parseInstant(values.now);
  if (!parsed)
    fail(`--now must be an ISO 8601 instant with offset, e.g. 2026-09-28T10:00:00+08:00 (got ${values.now})`);
  startAt = parsed.getTime();
}
const dynamodbEndpoint = values['dynamodb-endpoint'] ?? (process.env.XIAONENG_DYNAMODB_ENDPOINT || undefined);
if (dynamodbEndpoint !== undefined && !/^https?:\/\/[^/\s]+\/?$/.test(dynamodbEndpoint)) {
  fail(`--dynamodb-endpoint must be an http(s) URL such as http://127.0.0.1:8000 (got ${dynamodbEndpoint})`);
}
const dataDir = values['data-dir'] ?? dataDirFromEnv();
process.env.XIAONENG_DATA_DIR = dataDir;

// The whole system is loaded only now: a mistyped option or --help is answered at once.
const [{ startRuntime }, { rolesOf, routes }, { schedules, timeZoneOf }, { AwardScoringError }] = await Promise.all([
  import('./runtime.ts'),
  import('../functions/http/routes.ts'),
  import('../functions/schedule/schedules.ts'),
  import('../functions/common/award-scoring.ts'),
]);
const runtime = await startRuntime({
  port,
  dynamoPort: Number(process.env.DYNAMODB_PORT ?? port + 1),
  stepFunctionsPort: Number(process.env.STEPFUNCTIONS_PORT ?? port + 2),
  eventsPort: Number(process.env.EVENTS_PORT ?? 0),
  host: values.host ?? '127.0.0.1',
  servicesHost: values['services-host'] ?? '127.0.0.1',
  dataDir,
  ...(dynamodbEndpoint ? { dynamodbEndpoint: dynamodbEndpoint.replace(/\/$/, '') } : {}),
  clock: values['simulated-clock'] ? 'simulated' : 'real',
  startAt,
  log: (line) => process.stderr.write(`${line}\n`),
}).catch((error: NodeJS.ErrnoException) => {
  if (error instanceof DataFolderInUse || error instanceof AwardScoringError) fail(error.message);
  if (error.code === 'EADDRINUSE') {
    // Likely another `npm start` (or anything else) on these ports: say which and how to move, not a stack trace.
    fail(
      `Port ${(error as { port?: number }).port ?? '?'} is already in use (is another \`npm start\` running, on another data folder?). ` +
        'Stop it, or start on other ports: PORT=3100 npm start (DynamoDB, Step Functions follow at PORT+1, PORT+2).',
    );
  }
  throw error;
});

/** `127.0.0.1:3000` as the OS reports it; a wildcard is named for what it is. */
function where(address: AddressInfo): string {
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const every = address.address === '0.0.0.0' || address.address === '::' ? ' = EVERY network interface' : '';
  return `listening on ${host}:${address.port}${every}`;
}

function loopback(address: AddressInfo): boolean {
  return /^127\./.test(address.address) || address.address === '::1' || address.address === '::ffff:127.0.0.1';
}

const listening = runtime.listening;
const exposed = (
  [
    ['the API', listening.api],
    ['DynamoDB', listening.dynamodb],
    ['Step Functions', listening.stepFunctions],
    ['the event bus', listening.events],
  ] as const
).flatMap(([name, address]) => (address && !loopback(address) ? [[name, address] as const] : []));
const warning = exposed.length
  ? [
      '',
      '  !!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!',
      `  !! WARNING 警告: ${exposed.map(([name, address]) => `${name} (${where(address)})`).join(', ')}`,
      '  !! is reachable from other machines, not just this one.',
      ...(exposed.some(([name]) => name !== 'the API')
        ? [
            '  !! DynamoDB, Step Functions and the event bus take NO credentials: anyone who reaches them can read and',
            '  !! rewrite every case. Use --services-host only on a network you trust.',
          ]
        : []),
      '  !!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!',
    ]
  : [];

const lines = [
  '',
  `行政效能 xiaoneng — local runtime ready (data in ${dataDir}${runtime.seeded ? ', demo data loaded' : ''})`,
  ...(runtime.staleLock
    ? [`  (the data folder's lock of pid ${runtime.staleLock.pid}, which no longer runs, was taken over)`]
    : []),
  `  Web pages       ${runtime.apiUrl}/   (sign in: ${runtime.apiUrl}/login · execution console: ${runtime.apiUrl}/console)`,
  `  API             ${runtime.apiUrl}   (${where(listening.api)})`,
  ...routes.map(
    (r) =>
      `                    ${r.method.padEnd(5)} ${r.path}${'public' in r.access ? '  (public)' : `  (${rolesOf(r.access).join(', ')})`}`,
  ),
  listening.dynamodb
    ? `  DynamoDB        ${runtime.dynamoUrl}   (dynalite, ${where(listening.dynamodb)})`
    : `  DynamoDB        ${runtime.dynamoUrl}   (external, access key ${process.env.DYNAMODB_ACCESS_KEY_ID || 'local'}: its own transactions and streams)`,
  `  Step Functions  ${runtime.stepFunctionsUrl}   (${where(listening.stepFunctions)}; aws stepfunctions list-executions --endpoint-url ${runtime.stepFunctionsUrl} --state-machine-arn arn:aws:states:us-east-1:000000000000:stateMachine:ApprovalClock)`,
  `  Event bus       PutEvents ${where(listening.events)}; what was put: GET ${runtime.apiUrl}/_local/events`,
  `  Schedules       ${schedules.map((s) => `${s.name} ${s.expression}${s.expression.startsWith('rate(') ? '' : ` ${timeZoneOf(s)}`}`).join('; ')}`,
  runtime.clock.mode === 'simulated'
    ? `  Clock           simulated, standing at ${toShanghaiIso(runtime.clock.now())}: POST ${runtime.apiUrl}/_local/clock/advance {"seconds": N}`
    : `  Clock           real (${toShanghaiIso(runtime.clock.now())})`,
  '  Tokens          npm run --silent token -- --role reviewer --department market',
  `  /_local/*       need the header x-local-secret: $(npm run --silent token -- --local${values['data-dir'] ? ` --data-dir ${values['data-dir']}` : ''}) and JSON bodies`,
  ...warning,
  '',
];
process.stdout.write(`${lines.join('\n')}\n`);

let closing = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, async () => {
    if (closing) process.exit(1);
    closing = true;
    // Everything is persisted as it happens (crash-safe: the crash test kills this process); a close that hangs on a
    // connection must not keep the process alive.
    realSetTimeout(() => {
      process.stderr.write('close took longer than 10 s; exiting anyway\n');
      process.exit(1);
    }, 10_000).unref();
    await runtime.close();
    process.exit(0);
  });
}
