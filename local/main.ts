import './polyfills.ts';
import { parseArgs } from 'node:util';
import { parseInstant, toShanghaiIso } from '../functions/domain/time.ts';
import { rolesOf, routes } from '../functions/http/routes.ts';
import { schedules } from '../functions/schedule/schedules.ts';
import { realSetTimeout } from './clock.ts';
import { dataDirFromEnv } from './config.ts';
import { startRuntime } from './runtime.ts';

/**
 * `npm start [-- --simulated-clock [--now <ISO>]]`: the whole system on this machine, on embedded defaults.
 * PORT (3000) serves the API; DYNAMODB_PORT (PORT+1) dynalite; STEPFUNCTIONS_PORT (PORT+2) Step Functions;
 * EVENTS_PORT (any free port unless set) the event bus's PutEvents (what was put: GET /_local/events on the API).
 */
// The AWS SDK warns once per process that its 2027 releases will need Node 22; the README says so. Keep the
// start-up output to what the operator needs.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const { values } = parseArgs({
  options: {
    'simulated-clock': { type: 'boolean', default: false },
    now: { type: 'string' },
    'data-dir': { type: 'string' },
    host: { type: 'string' },
  },
});

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
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
const dataDir = values['data-dir'] ?? dataDirFromEnv();
process.env.XIAONENG_DATA_DIR = dataDir;

const runtime = await startRuntime({
  port,
  dynamoPort: Number(process.env.DYNAMODB_PORT ?? port + 1),
  stepFunctionsPort: Number(process.env.STEPFUNCTIONS_PORT ?? port + 2),
  eventsPort: Number(process.env.EVENTS_PORT ?? 0),
  host: values.host ?? '127.0.0.1',
  dataDir,
  clock: values['simulated-clock'] ? 'simulated' : 'real',
  startAt,
  log: (line) => process.stderr.write(`${line}\n`),
}).catch((error: NodeJS.ErrnoException) => {
  if (error.code === 'EADDRINUSE') {
    // Likely another `npm start` (or anything else) on these ports: say which and how to move, not a stack trace.
    fail(
      `Port ${(error as { port?: number }).port ?? '?'} is already in use (is another \`npm start\` running?). ` +
        `Stop it, or start on other ports: PORT=3100 npm start (DynamoDB, Step Functions follow at PORT+1, PORT+2).`,
    );
  }
  throw error;
});

const lines = [
  '',
  `行政效能 xiaoneng — local runtime ready (data in ${dataDir}${runtime.seeded ? ', demo data loaded' : ''})`,
  `  API             ${runtime.apiUrl}`,
  ...routes.map(
    (r) =>
      `                    ${r.method.padEnd(5)} ${r.path}${'public' in r.access ? '  (public)' : `  (${rolesOf(r.access).join(', ')})`}`,
  ),
  `  DynamoDB        ${runtime.dynamoUrl}   (dynalite)`,
  `  Step Functions  ${runtime.stepFunctionsUrl}   (aws stepfunctions list-executions --endpoint-url ${runtime.stepFunctionsUrl} --state-machine-arn arn:aws:states:us-east-1:000000000000:stateMachine:ApprovalClock)`,
  `  Schedules       ${schedules.map((s) => `${s.name} ${s.expression}`).join('; ')}`,
  runtime.clock.mode === 'simulated'
    ? `  Clock           simulated, standing at ${toShanghaiIso(runtime.clock.now())}: POST ${runtime.apiUrl}/_local/clock/advance {"seconds": N}`
    : `  Clock           real (${toShanghaiIso(runtime.clock.now())})`,
  '  Tokens          npm run --silent token -- --role reviewer --department market',
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
