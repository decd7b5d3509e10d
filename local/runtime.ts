import './polyfills.ts';
import { mkdirSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { toShanghaiIso } from '../functions/domain/time.ts';
import { routes } from '../functions/http/routes.ts';
import { type FunctionName, type FunctionSpec, functions } from '../functions/manifest.ts';
import { schedules } from '../functions/schedule/schedules.ts';
import { allTables, type TableKey, tables } from '../functions/store/tables.ts';
import { ensureLocalAnchorKey } from '../functions/stream/anchor-archive.ts';
import { LOCAL_ACCOUNT, LOCAL_REGION, placeholderFunctionArn, renderStateMachine } from '../lib/render.ts';
import { stateMachines } from '../lib/state-machines.ts';
import { localKey } from './auth.ts';
import { type ClockMode, LocalClock, settle } from './clock.ts';
import { ensureTables, localTableName, startDynamo } from './dynamodb.ts';
import { LocalEventBus } from './eventbridge.ts';
import { createApiServer, type LambdaHandler } from './http-server.ts';
import { lambdaContext } from './lambda.ts';
import { LocalScheduler, scheduledEvent } from './scheduler.ts';
import { seedIfEmpty } from './seed.ts';
import { LocalStepFunctions } from './stepfunctions/index.ts';
import { LocalStreams } from './streams.ts';

const repoRoot = resolve(fileURLToPath(import.meta.url), '../..');

export interface RuntimeOptions {
  readonly port: number;
  readonly dynamoPort: number;
  readonly stepFunctionsPort: number;
  /** The local event bus (PutEvents); 0 = any free port (nothing but the handlers needs to know it). */
  readonly eventsPort?: number;
  readonly host: string;
  readonly dataDir: string;
  readonly clock: ClockMode;
  /** Simulated clock start (epoch ms); defaults to the instant persisted by the last run, else real now. */
  readonly startAt?: number;
  readonly log: (line: string) => void;
}

export interface Runtime {
  readonly apiUrl: string;
  readonly dynamoUrl: string;
  readonly stepFunctionsUrl: string;
  readonly clock: LocalClock;
  readonly seeded: boolean;
  close(): Promise<void>;
}

/**
 * The whole system in one process: dynalite, the local Step Functions endpoint running the rendered ASL, the route
 * table on HTTP, the schedule table on the clock. Handlers are the same modules the Lambdas run, configured through
 * the same environment variables CDK sets.
 */
export async function startRuntime(options: RuntimeOptions): Promise<Runtime> {
  mkdirSync(options.dataDir, { recursive: true });
  const local = (port: number) => `http://127.0.0.1:${port}`;
  const stateMachineArn = (name: string) => `arn:aws:states:${LOCAL_REGION}:${LOCAL_ACCOUNT}:stateMachine:${name}`;

  // The environment CDK gives the Lambdas, pointed at the local endpoints.
  Object.assign(process.env, {
    AWS_REGION: LOCAL_REGION,
    DYNAMODB_ENDPOINT: local(options.dynamoPort),
    STEPFUNCTIONS_ENDPOINT: local(options.stepFunctionsPort),
    POWERTOOLS_SERVICE_NAME: 'xiaoneng',
    POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'WARN',
    ...Object.fromEntries(allTables.map((t) => [t.envVar, localTableName(t)])),
    ...Object.fromEntries(stateMachines.map((m) => [m.envVar, stateMachineArn(m.name)])),
  });

  // The timelines' anchor: signed checkpoints as files in the data folder, with a P-256 key generated there (in AWS,
  // an Object Lock bucket and a KMS key: functions/stream/anchor-archive.ts).
  Object.assign(process.env, {
    ANCHOR_DIR: join(options.dataDir, 'anchors'),
    ANCHOR_KEY_FILE: join(options.dataDir, 'anchor-key.pem'),
  });
  ensureLocalAnchorKey(join(options.dataDir, 'anchor-key.pem'));

  const bus = new LocalEventBus(options.dataDir);
  const busUrl = await bus.listen(options.eventsPort ?? 0, options.host);
  Object.assign(process.env, { EVENTBRIDGE_ENDPOINT: busUrl, EVENT_BUS_NAME: 'xiaoneng-local' });

  // Table streams, read by the functions that name them (handlers are loaded below, before any write needs them).
  const handlers = {} as Record<FunctionName, LambdaHandler>;
  const streams = new LocalStreams(
    (Object.entries(functions) as [FunctionName, FunctionSpec][]).flatMap(([name, spec]) =>
      spec.streamFrom
        ? [
            {
              tableName: localTableName(tables[spec.streamFrom as TableKey]),
              keyNames: [tables[spec.streamFrom].partitionKey.name],
              reader: (event: unknown) =>
                handlers[name](event, lambdaContext(name, (spec.timeoutSeconds ?? 10) * 1000)),
            },
          ]
        : [],
    ),
    options.log,
  );
  const dynamo = await startDynamo(join(options.dataDir, 'dynamodb'), options.dynamoPort, options.host, streams);
  await ensureTables(dynamo.url, join(options.dataDir, 'dynamodb-migration'));
  const seeded = await seedIfEmpty();

  for (const [name, spec] of Object.entries(functions) as [FunctionName, (typeof functions)[FunctionName]][]) {
    const module = (await import(join(repoRoot, spec.entry))) as { handler: LambdaHandler };
    handlers[name] = module.handler;
  }
  const definitions = stateMachines.map((spec) => ({ name: spec.name, definition: renderStateMachine(spec) }));

  // Everything is loaded: from here on a simulated clock may replace Date and timers.
  const clock = new LocalClock(options.clock, LocalClock.stateFileIn(options.dataDir));
  clock.install(options.startAt ?? LocalClock.persisted(options.dataDir) ?? Date.now());

  const stepFunctions = new LocalStepFunctions({
    dataDir: join(options.dataDir, 'stepfunctions'),
    region: LOCAL_REGION,
    accountId: LOCAL_ACCOUNT,
    stateMachines: definitions,
    functions: Object.fromEntries(
      (Object.keys(handlers) as FunctionName[]).map((name) => [
        placeholderFunctionArn(name),
        (event: unknown) =>
          handlers[name](
            event,
            lambdaContext(name, ((functions[name] as { timeoutSeconds?: number }).timeoutSeconds ?? 10) * 1000),
          ),
      ]),
    ),
    logger: {
      info: (msg: string) => options.log(`stepfunctions: ${msg}`),
      warn: (msg: string) => options.log(`stepfunctions: WARN ${msg}`),
      error: (msg: string, extra?: object) =>
        options.log(`stepfunctions: ERROR ${msg} ${extra ? JSON.stringify(extra) : ''}`),
    },
  });
  await stepFunctions.listen(options.stepFunctionsPort, options.host);

  const scheduler = new LocalScheduler(
    schedules.map((spec) => ({
      spec,
      run: () => handlers[spec.function](scheduledEvent(), lambdaContext(spec.function)),
    })),
    options.log,
  );

  let api: ReturnType<typeof createApiServer> | undefined;
  const busy = () =>
    stepFunctions.inFlight() +
    scheduler.inFlight() +
    dynamo.inFlight() +
    streams.inFlight() +
    bus.inFlight() +
    (api?.inFlight() ?? 0);

  await stepFunctions.start(); // resumes executions left RUNNING by the last run
  scheduler.start();
  // Deadlines that passed while the runtime was stopped are honoured before the first request is answered.
  if (options.clock === 'simulated') await clock.advance(0, busy);
  else await settle(busy);

  api = createApiServer({
    routes: routes.map((spec) => ({ spec, handler: handlers[spec.function] })),
    key: localKey(options.dataDir),
    localRoutes: async (req, body) => (await clockRoutes(req, body, clock, busy)) ?? busRoutes(req, bus),
    onError: (error) => options.log(`api: ${error instanceof Error ? error.stack : String(error)}`),
  });
  const server = api.server;
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(options.port, options.host, () => done());
  });

  return {
    apiUrl: local(options.port).replace('127.0.0.1', 'localhost'),
    dynamoUrl: dynamo.url,
    stepFunctionsUrl: local(options.stepFunctionsPort),
    clock,
    seeded,
    async close() {
      scheduler.stop();
      await new Promise<void>((done) => {
        server.close(() => done());
        // Keep-alive and half-finished connections would hold close() open: nothing more will be answered.
        server.closeAllConnections?.();
      });
      await stepFunctions.close();
      await dynamo.close();
      await bus.close();
    },
  };
}

const MAX_ADVANCE_SECONDS = 400 * 24 * 3600;

/** `/_local/clock` (GET) and `/_local/clock/advance` (POST {"seconds": N}): the simulated clock, local only. */
async function clockRoutes(req: IncomingMessage, body: string, clock: LocalClock, busy: () => number) {
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (url.pathname === '/_local/clock' && req.method === 'GET') {
    return { status: 200, body: { now: toShanghaiIso(clock.now()), mode: clock.mode } };
  }
  if (url.pathname === '/_local/clock/advance' && req.method === 'POST') {
    if (clock.mode !== 'simulated') {
      return problem(409, 'The clock is real; start with `npm start -- --simulated-clock` to move it.', []);
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      return problem(400, 'The body is not valid JSON.', [{ field: 'body', reason: 'not valid JSON' }]);
    }
    const seconds = (parsed as { seconds?: unknown } | null)?.seconds;
    if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0 || seconds > MAX_ADVANCE_SECONDS) {
      return problem(400, 'seconds must be a number from 0 to 34,560,000 (400 days).', [
        { field: 'body.seconds', reason: 'must be a number from 0 to 34560000' },
      ]);
    }
    const now = await clock.advance(Math.round(seconds * 1000), busy);
    return { status: 200, body: { now: toShanghaiIso(now), mode: clock.mode } };
  }
  return undefined;
}

/** `GET /_local/events[?caseId=…&limit=…]`: what was put on the event bus (in AWS, rules route it to SMS or mail). */
function busRoutes(req: IncomingMessage, bus: LocalEventBus) {
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (url.pathname !== '/_local/events' || req.method !== 'GET') return undefined;
  const limit = Number(url.searchParams.get('limit') ?? 200);
  if (!Number.isInteger(limit) || limit < 1 || limit > 5000) {
    return problem(400, 'limit must be a whole number from 1 to 5000.', [
      { field: 'query.limit', reason: 'must be from 1 to 5000' },
    ]);
  }
  const caseId = url.searchParams.get('caseId') ?? undefined;
  return { status: 200, body: { events: bus.events({ ...(caseId ? { caseId } : {}), limit }) } };
}

function problem(status: number, detail: string, errors: { field: string; reason: string }[]) {
  return {
    status,
    body: {
      type: 'urn:xiaoneng:problem:local-clock',
      title: '本地时钟 Local clock',
      status,
      detail,
      ...(errors.length ? { errors } : {}),
    },
  };
}
