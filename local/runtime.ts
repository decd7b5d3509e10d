import './polyfills.ts';
import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { accountabilityPolicy } from '../functions/common/accountability-policy.ts';
import { ensureLocalAnchorKey } from '../functions/common/anchor-archive.ts';
import { appraisalPolicy } from '../functions/common/appraisal-policy.ts';
import { awardScoring } from '../functions/common/award-scoring.ts';
import { enforcementPolicy } from '../functions/common/enforcement-policy.ts';
import { greenChannelThreshold } from '../functions/common/green-channel.ts';
import { grievanceDayUnit } from '../functions/common/grievance-unit.ts';
import { routes } from '../functions/http/routes.ts';
import { type FunctionName, type FunctionSpec, functions } from '../functions/manifest.ts';
import { checkSchedules, schedules } from '../functions/schedule/schedules.ts';
import { allTables, keyNamesOf, type TableKey, tables } from '../functions/store/tables.ts';
import { setTransport } from '../functions/store/transports.ts';
import { LOCAL_ACCOUNT, LOCAL_REGION, placeholderFunctionArn } from '../lib/local-account.ts';
import { localKey, localSecret } from './auth.ts';
import { type ClockMode, LocalClock, realSetTimeout, settle, type WorkProbe } from './clock.ts';
import { type LockHolder, lockDataFolder } from './data-lock.ts';
import { ensureTables, type LocalDynamo, localTableName } from './dynamodb.ts';
import { startDynamoThread } from './dynamodb-thread.ts';
import { EndpointRequests, EndpointStreams } from './endpoint-streams.ts';
import { LocalEventBus } from './eventbridge.ts';
import { createApiServer, type LambdaHandler } from './http-server.ts';
import {
  asTransport,
  type InProcessTransport,
  InProcessTransport as SameThread,
  serveInProcess,
} from './in-process-http.ts';
import { lambdaContext } from './lambda.ts';
import { localRoutes } from './local-routes.ts';
import { migrateClocks } from './migrate-clocks.ts';
import { migrateTallies } from './migrate-tallies.ts';
import { handlerOf, renderedStateMachines } from './preloaded.ts';
import { LocalScheduler } from './scheduler.ts';
import { seedIfEmpty } from './seed.ts';
import { localSite } from './site.ts';
import { LocalStepFunctions } from './stepfunctions/index.ts';
import { LocalStreams } from './streams.ts';

export interface RuntimeOptions {
  readonly port: number;
  readonly dynamoPort: number;
  readonly stepFunctionsPort: number;
  /** The local event bus (PutEvents); 0 = any free port (nothing but the handlers needs to know it). */
  readonly eventsPort?: number;
  /** Where the API listens (`--host`). */
  readonly host: string;
  /**
   * Where dynalite, the Step Functions endpoint and the event bus listen: loopback unless asked otherwise
   * (`--services-host`). They take no credentials at all: anyone who reaches them can read and rewrite every case.
   */
  readonly servicesHost?: string;
  readonly dataDir: string;
  /**
   * An external DynamoDB endpoint (`--dynamodb-endpoint`: DynamoDB Local) instead of dynalite: the tables are created
   * there, transactions and streams are its own (no write tap, no transaction emulation: docs/dynamodb-local.md).
   */
  readonly dynamodbEndpoint?: string;
  readonly clock: ClockMode;
  /** Simulated clock start (epoch ms); defaults to the instant persisted by the last run, else real now. */
  readonly startAt?: number;
  readonly log: (line: string) => void;
}

export interface Runtime {
  readonly apiUrl: string;
  readonly dynamoUrl: string;
  readonly stepFunctionsUrl: string;
  /**
   * The addresses each server really listens on, as the OS reports them (the banner prints these); no `dynamodb`
   * when the endpoint is external (nothing of ours listens for it).
   */
  readonly listening: Readonly<Record<'api' | 'stepFunctions' | 'events', AddressInfo>> & {
    readonly dynamodb?: AddressInfo;
  };
  readonly clock: LocalClock;
  readonly seeded: boolean;
  /** A lock on the data folder left by a process that no longer runs, taken over at start. */
  readonly staleLock?: LockHolder;
  close(): Promise<void>;
}

/**
 * The whole system in one process: dynalite, the local Step Functions endpoint running the rendered ASL, the route
 * table on HTTP, the schedule table on the clock. Handlers are the same modules the Lambdas run, configured through
 * the same environment variables CDK sets.
 */
export async function startRuntime(options: RuntimeOptions): Promise<Runtime> {
  // A bad schedule table stops the start before anything listens or is written, naming the schedule.
  checkSchedules(schedules);
  // So is a bad award scoring (AWARD_SCORING, passed on to the handlers as CDK sets it on the Lambda), naming the field.
  awardScoring();
  // And a bad grievance day unit (GRIEVANCE_DAY_UNIT, as CDK sets it on the function that files grievances).
  grievanceDayUnit();
  // And a bad green-channel threshold (GREEN_CHANNEL_THRESHOLD, as CDK sets it on the function that registers projects).
  greenChannelThreshold();
  // And a bad accountability policy (ACCOUNTABILITY_POLICY, as CDK sets it on the register's functions), naming the field.
  accountabilityPolicy();
  // And a bad inspections' policy (ENFORCEMENT_POLICY, as CDK sets it on the inspections' functions), naming the field.
  enforcementPolicy();
  // And a bad appraisal policy (APPRAISAL_POLICY), naming the field.
  appraisalPolicy();
  mkdirSync(options.dataDir, { recursive: true });
  // Before anything in the folder is opened: a second runtime on it is told who holds it (DataFolderInUse).
  const lock = lockDataFolder(options.dataDir);
  try {
    return await start(options, lock);
  } catch (error) {
    lock.release();
    throw error;
  }
}

/**
 * How many stream records may wait for their readers before due deadlines wait for them (local/stepfunctions
 * `admits`). See BENCHMARKS.md (2026-12-05, sixth session) for what it bounds.
 */
export const MAX_QUEUED_RECORDS = 2_000;

/** Whether a log level shows INFO lines (the default, WARN, does not). */
function metricsShownAt(level = 'WARN'): boolean {
  return ['TRACE', 'DEBUG', 'INFO'].includes(level.toUpperCase());
}

async function start(options: RuntimeOptions, lock: ReturnType<typeof lockDataFolder>): Promise<Runtime> {
  const servicesHost = options.servicesHost ?? '127.0.0.1';
  // The handlers reach the services where they listen: a wildcard address through loopback.
  const local = (port: number) => `http://${connectable(servicesHost)}:${port}`;
  const stateMachineArn = (name: string) => `arn:aws:states:${LOCAL_REGION}:${LOCAL_ACCOUNT}:stateMachine:${name}`;
  const stateMachines = await renderedStateMachines();

  const dynamoUrl = options.dynamodbEndpoint ?? local(options.dynamoPort);
  // XIAONENG_HANDLER_TRANSPORT=http: the handlers reach the runtime's endpoints over HTTP, as a client outside would.
  const inProcess = process.env.XIAONENG_HANDLER_TRANSPORT !== 'http';
  // The environment CDK gives the Lambdas, pointed at the local endpoints.
  Object.assign(process.env, {
    AWS_REGION: LOCAL_REGION,
    DYNAMODB_ENDPOINT: dynamoUrl,
    STEPFUNCTIONS_ENDPOINT: local(options.stepFunctionsPort),
    POWERTOOLS_SERVICE_NAME: 'xiaoneng',
    POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'WARN',
    // Metrics are written as in Lambda (embedded metric format lines on stdout) but read as INFO lines: shown with
    // POWERTOOLS_LOG_LEVEL=INFO or DEBUG, or with POWERTOOLS_METRICS_DISABLED=false; not between the WARN lines.
    // Every function runs in this one process: observability.ts then leaves the Lambda context off the log lines.
    XIAONENG_FUNCTIONS_SHARE_PROCESS: 'true',
    POWERTOOLS_METRICS_DISABLED:
      process.env.POWERTOOLS_METRICS_DISABLED ?? String(!metricsShownAt(process.env.POWERTOOLS_LOG_LEVEL)),
    ...Object.fromEntries(allTables.map((t) => [t.envVar, localTableName(t)])),
    ...Object.fromEntries(stateMachines.map((m) => [m.envVar, stateMachineArn(m.name)])),
  });
  if (options.clock === 'simulated') {
    // The AWS SDK corrects a machine clock that disagrees with the server's: it compares each answer's Date header
    // with Date.now(), and when they are 4 minutes or more apart it takes the difference as the clock's error — and
    // RETRIES the request if that answer was an error, after a backoff on setTimeout. Under a simulated clock the two
    // are apart on purpose (the simulated instant is not the endpoint's). An endpoint with a real clock (DynamoDB
    // Local) then had the SDK retry ordinary refusals: of 100 concurrent retries of one idempotent filing, 36 lost
    // the conditional put and were retried as "clock skew corrected" (the Date header, in whole seconds, moves in
    // real time while simulated time stands still, so the offset changed between requests), each waiting for a
    // simulated timer that no one moved: the requests never answered (docs/dynamodb-local.md). Local endpoints do
    // not check a request's signing time, so nothing needs correcting. Set before any client signs a request: the
    // SDK reads the setting once per process.
    process.env.AWS_DISABLE_CLOCK_SKEW_CORRECTION = 'true';
  }

  // The timelines' anchor: signed checkpoints as files in the data folder, with a P-256 key generated there (in AWS,
  // an Object Lock bucket and a KMS key: functions/common/anchor-archive.ts).
  Object.assign(process.env, {
    ANCHOR_DIR: join(options.dataDir, 'anchors'),
    ANCHOR_KEY_FILE: join(options.dataDir, 'anchor-key.pem'),
  });
  ensureLocalAnchorKey(join(options.dataDir, 'anchor-key.pem'));

  const bus = new LocalEventBus(options.dataDir);
  const busUrl = await bus.listen(options.eventsPort ?? 0, servicesHost);
  Object.assign(process.env, { EVENTBRIDGE_ENDPOINT: busUrl, EVENT_BUS_NAME: 'xiaoneng-local' });

  // Table streams, read by the functions that name them (handlers are loaded below, before any write needs them).
  const handlers = {} as Record<FunctionName, LambdaHandler>;
  const streams = new LocalStreams(
    (Object.entries(functions) as [FunctionName, FunctionSpec][]).flatMap(([name, spec]) =>
      spec.streamFrom
        ? [
            {
              tableName: localTableName(tables[spec.streamFrom as TableKey]),
              // The whole key: a table with a sort key (Accountability: case id and reason) is read back by both.
              keyNames: keyNamesOf(tables[spec.streamFrom as TableKey]),
              reader: (event: unknown) =>
                handlers[name](event, lambdaContext(name, (spec.timeoutSeconds ?? 10) * 1000)),
            },
          ]
        : [],
    ),
    options.log,
  );
  const dynamo: DynamoBackend = options.dynamodbEndpoint
    ? await externalDynamo(options.dynamodbEndpoint, streams, options.log)
    : await startDynamoThread(
        join(options.dataDir, 'dynamodb'),
        options.dynamoPort,
        servicesHost,
        streams,
        options.log,
      );
  // The handlers' store client sends its requests to dynalite's thread as messages (local/in-process-http.ts).
  if (dynamo.transport && inProcess) setTransport(dynamoUrl, asTransport(dynamo.transport));
  await ensureTables(dynamo.url, join(options.dataDir, 'dynamodb-migration'), {
    streams: options.dynamodbEndpoint !== undefined,
  });
  // Positions at the streams' ends, before anything below writes what the readers must see.
  await dynamo.prepareStreams?.();
  // A folder written before the deadline engine: clock state moves off the cases, before any execution resumes.
  const migrated = await migrateClocks(dynamo.url, join(options.dataDir, 'migrations', 'clocks.json'));
  if (migrated) options.log(`dynamodb: ${migrated} clock(s) moved off their cases into the Clocks table`);
  // A folder written before the evaluation's tallies: its cases are counted once (the stream counts what follows).
  // After a run that was killed (its lock found stale), counted again: the stream records it held in memory are lost,
  // and the cases' tally markers let the recount add exactly what they carried.
  const tallied = await migrateTallies(join(options.dataDir, 'migrations', 'tallies.json'), {
    recount: lock.stale !== undefined,
  });
  if (tallied.events) options.log(`dynamodb: ${tallied.events} event(s) of ${tallied.cases} case(s) tallied`);
  for (const [name, spec] of Object.entries(functions) as [FunctionName, (typeof functions)[FunctionName]][]) {
    handlers[name] = await handlerOf(name, spec.entry);
  }
  dynamo.startStreams?.();
  // After the handlers: the demo data's writes reach the stream readers (the demo project's were dropped before).
  const seeded = await seedIfEmpty();
  const definitions = stateMachines.map(({ name, definition }) => ({ name, definition }));

  // Everything is loaded: from here on a simulated clock may replace Date and timers.
  const clock = new LocalClock(options.clock, LocalClock.stateFileIn(options.dataDir));
  clock.install(options.startAt ?? LocalClock.persisted(options.dataDir) ?? Date.now());
  if (dynamo.publishTime) clock.watch(dynamo.publishTime);

  const stepFunctions = new LocalStepFunctions({
    dataDir: join(options.dataDir, 'stepfunctions'),
    // A burst's Tasks write faster than the stream readers read, and every record waits in memory for each reader
    // of its table: deadlines wait their turn while the readers are far behind (AWS keeps records in the stream).
    admits: () => streams.queued() < MAX_QUEUED_RECORDS,
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
  const stepFunctionsListening = await stepFunctions.listen(options.stepFunctionsPort, servicesHost);
  // The handlers reach Step Functions and the event bus in this thread without a socket (local/in-process-http.ts).
  const sameThread = [
    { endpoint: local(options.stepFunctionsPort), listener: stepFunctions.requestListener },
    { endpoint: busUrl, listener: bus.requestListener },
  ].map(({ endpoint, listener }) => {
    const transport = new SameThread((request) => serveInProcess(listener, request));
    if (inProcess) setTransport(endpoint, asTransport(transport));
    return transport;
  });

  const scheduler = new LocalScheduler(
    schedules.map((spec) => ({
      spec,
      run: (event) => handlers[spec.function](event, lambdaContext(spec.function)),
    })),
    options.log,
    // The instants a catch-up schedule handled: a runtime stopped over the 1st closes the month when it starts.
    join(options.dataDir, 'schedules.json'),
  );

  let api: ReturnType<typeof createApiServer> | undefined;
  const handlerTransports = [...sameThread, ...(dynamo.transport ? [dynamo.transport] : [])];
  const work: WorkProbe = {
    running: () =>
      stepFunctions.inFlight() +
      scheduler.inFlight() +
      dynamo.inFlight() +
      streams.inFlight() +
      bus.inFlight() +
      sameThread.reduce((sum, transport) => sum + transport.pending(), 0) +
      (api?.inFlight() ?? 0),
    // What the clock's work gets done: Tasks returned, stream batches read, the handlers' requests answered. Not the
    // API's requests: a client calling on and on is not the clock's work, and must not hold time still for ever.
    completed: () =>
      stepFunctions.completed() +
      streams.completed() +
      handlerTransports.reduce((sum, transport) => sum + transport.answered(), 0),
  };

  await stepFunctions.start(); // resumes executions left RUNNING by the last run
  scheduler.start();
  // Deadlines that passed while the runtime was stopped are honoured before the first request is answered.
  if (options.clock === 'simulated') await clock.advance(0, work);
  else await settle(work);

  api = createApiServer({
    routes: routes.map((spec) => ({ spec, handler: handlers[spec.function] })),
    key: localKey(options.dataDir),
    localRoutes: localRoutes({
      secret: localSecret(options.dataDir),
      clock,
      bus,
      work,
      // The execution console reads the service in-process, as its HTTP endpoint would answer.
      stepFunctions,
      key: localKey(options.dataDir),
    }),
    site: localSite({ key: localKey(options.dataDir), clock: options.clock }),
    onError: (error) => options.log(`api: ${error instanceof Error ? error.stack : String(error)}`),
    // dynalite's tap hands a write's stream record to its readers before the write is answered, so the readers have
    // run by the time the API answers (an applicant who files sees the acceptance in the inbox at once). A real
    // stream is read after the write, by polling: the API answers once what was written has been read and handled,
    // so the local runtime behaves the same on either backend (on AWS a notification follows within about a
    // second). Real time, at most 5 s: nothing here waits for the simulated clock.
    ...(options.dynamodbEndpoint
      ? { beforeAnswer: () => quiet(() => dynamo.inFlight() + streams.inFlight(), 5_000) }
      : {}),
  });
  const server = api.server;
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(options.port, options.host, () => done());
  });

  const apiUrl = `http://${connectable(options.host).replace('127.0.0.1', 'localhost')}:${options.port}`;
  lock.update(apiUrl);
  return {
    apiUrl,
    dynamoUrl,
    stepFunctionsUrl: local(options.stepFunctionsPort),
    listening: {
      api: server.address() as AddressInfo,
      ...(dynamo.address ? { dynamodb: dynamo.address } : {}),
      stepFunctions: stepFunctionsListening.address,
      events: bus.address(),
    },
    clock,
    seeded,
    ...(lock.stale ? { staleLock: lock.stale } : {}),
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
      lock.release();
    },
  };
}

/** Waits in real time until `busy` is 0 on two consecutive turns, or `maxMs` has passed. */
async function quiet(busy: () => number, maxMs: number): Promise<void> {
  const until = performance.now() + maxMs;
  let calm = 0;
  while (calm < 2 && performance.now() < until) {
    await new Promise((resolve) => realSetTimeout(resolve, 1));
    calm = busy() === 0 ? calm + 1 : 0;
  }
}

/** dynalite (local/dynamodb.ts) or an external endpoint, as the runtime uses either. */
interface DynamoBackend extends LocalDynamo {
  /** Where dynalite listens (none for an external endpoint). */
  readonly address?: AddressInfo;
  /** dynalite's thread: the handlers' transport to it. */
  readonly transport?: InProcessTransport;
  /** dynalite's thread: the simulated instant, for its "now". */
  publishTime?(ms: number): void;
  /** Real streams only: positions taken before the first write, reading started once the handlers are loaded. */
  prepareStreams?(): Promise<void>;
  startStreams?(): void;
}

/**
 * An external DynamoDB endpoint as the runtime uses it: nothing of ours in its path. This process's requests to it are
 * watched (the simulated clock waits for them), and the tables' real streams are read (local/endpoint-streams.ts)
 * into the same readers dynalite's tapped writes reach.
 */
async function externalDynamo(
  endpoint: string,
  streams: LocalStreams,
  log: (line: string) => void,
): Promise<DynamoBackend> {
  const requests = new EndpointRequests(endpoint);
  const streamed = (Object.values(functions) as FunctionSpec[]).flatMap((spec) =>
    spec.streamFrom ? [localTableName(tables[spec.streamFrom as TableKey])] : [],
  );
  const reader = new EndpointStreams(
    endpoint,
    requests,
    [...new Set(streamed)],
    (tableName, record) => streams.deliver(tableName, record),
    log,
  );
  return {
    url: endpoint,
    inFlight: () => requests.inFlight() + reader.inFlight(),
    prepareStreams: () => reader.prepare(),
    startStreams: () => reader.start(),
    async close() {
      await reader.close();
      requests.close();
    },
  };
}

/** The address to connect to for a server listening on `host`: a wildcard is reached through loopback. */
function connectable(host: string): string {
  if (host === '' || host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}
