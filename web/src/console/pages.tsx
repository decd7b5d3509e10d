import { type FormEvent, type ReactNode, useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { useApi } from '../api.ts';
import { RequireRole } from '../components/RequireRole.tsx';
import { Loaded } from '../components/Status.tsx';
import { config } from '../config.ts';
import { language } from '../i18n.ts';
import { usePolling } from '../server-time.ts';
import type { StateStatus } from './graph.ts';
import { StateGraph } from './StateGraph.tsx';

// The execution console (local only): what the AWS Step Functions console shows, read from /_local/console/* with
// the signed-in admin's token.

const STATUSES = ['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED'] as const;
type ExecutionStatus = (typeof STATUSES)[number];

interface StateMachine {
  name: string;
  arn: string;
  definition: Record<string, unknown>;
}

interface ListedExecution {
  name: string;
  arn: string;
  stateMachine: string;
  status: ExecutionStatus;
  startDate: string;
  stopDate?: string;
}

interface HistoryEvent {
  id: number;
  previousEventId: number;
  timestamp: string;
  type: string;
  stateName?: string;
  details: Record<string, unknown>;
}

interface Execution {
  name: string;
  arn: string;
  status: ExecutionStatus;
  startDate: string;
  stopDate?: string;
  input: string;
  output?: string;
  error?: string;
  cause?: string;
  stateMachine: StateMachine;
  finalState?: string;
  current: string[];
  states: Record<string, StateStatus>;
  transitions: [string, string][];
  events: HistoryEvent[];
}

/** An instant as China-local date and time, whatever the browser's zone. */
function chinaTime(iso: string | undefined): string {
  if (!iso) return '';
  return new Intl.DateTimeFormat(language() === 'en' ? 'en-GB' : 'zh-CN', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hour12: false,
  }).format(new Date(iso));
}

/** JSON text shown indented (the history carries documents as strings). */
function pretty(text: string | undefined): string {
  if (text === undefined) return '';
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

/** Details of a history event with its JSON strings opened up, for reading. */
function expand(value: unknown): unknown {
  if (typeof value === 'string') {
    const trimmed = value.trimStart();
    if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
      try {
        return JSON.parse(value);
      } catch {
        return value;
      }
    }
    return value;
  }
  if (Array.isArray(value)) return value.map(expand);
  if (typeof value === 'object' && value !== null)
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, expand(v)]));
  return value;
}

/** The console exists only in the local runtime, for admins. */
function ConsoleFrame(props: { children: ReactNode }) {
  const { t } = useTranslation('console');
  if (config().auth.mode !== 'local') return <p>{t('localOnly')}</p>;
  return <RequireRole roles={['admin']}>{props.children}</RequireRole>;
}

export function ExecutionStatusBadge(props: { status: ExecutionStatus }) {
  const { t } = useTranslation('console');
  return (
    <span className={`console-badge console-badge-${props.status.toLowerCase()}`} data-status={props.status}>
      {t(`statuses.${props.status}`)}
    </span>
  );
}

// ---- /console ---------------------------------------------------------------------------------------------------

export function ConsolePage() {
  return (
    <ConsoleFrame>
      <ConsoleHome />
    </ConsoleFrame>
  );
}

function ConsoleHome() {
  const { t } = useTranslation('console');
  const [params, setParams] = useSearchParams();
  const status = params.get('status') ?? '';
  const name = params.get('name') ?? '';
  const cursor = params.get('cursor') ?? '';
  const [typed, setTyped] = useState(name);
  const [chosen, setChosen] = useState(status);
  const [cursors, setCursors] = useState<string[]>([]);
  const machines = useApi<{ stateMachines: StateMachine[] }>('/_local/console/state-machines');
  const query = new URLSearchParams({
    ...(status ? { status } : {}),
    ...(name ? { name } : {}),
    ...(cursor ? { cursor } : {}),
    limit: '25',
  });
  const executions = useApi<{ executions: ListedExecution[]; total: number; next?: string }>(
    `/_local/console/executions?${query}`,
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setCursors([]);
    setParams(
      new URLSearchParams({ ...(chosen ? { status: chosen } : {}), ...(typed.trim() ? { name: typed.trim() } : {}) }),
    );
  };
  const page = (next: string | undefined) => {
    const copy = new URLSearchParams(params);
    if (next) copy.set('cursor', next);
    else copy.delete('cursor');
    setParams(copy);
  };
  return (
    <div className="console">
      <h1>{t('title')}</h1>
      <p className="console-intro">{t('intro')}</p>
      <h2>{t('stateMachines')}</h2>
      <Loaded state={machines}>
        {(data) => (
          <ul className="console-machines">
            {data.stateMachines.map((machine) => (
              <li key={machine.arn}>
                <Link to={`/console/state-machines/${encodeURIComponent(machine.name)}`}>{machine.name}</Link>{' '}
                <span className="console-muted">
                  {t('states')} {Object.keys(allStates(machine.definition)).length}
                </span>
              </li>
            ))}
          </ul>
        )}
      </Loaded>
      <h2>{t('executions')}</h2>
      <form className="console-filter" onSubmit={submit}>
        <label>
          {t('nameSearch')}
          <input
            type="search"
            name="name"
            value={typed}
            placeholder={t('nameHint')}
            autoComplete="off"
            spellCheck={false}
            onChange={(event) => setTyped(event.target.value)}
          />
        </label>
        <label>
          {t('status')}
          <select name="status" value={chosen} onChange={(event) => setChosen(event.target.value)}>
            <option value="">{t('anyStatus')}</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`statuses.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="primary">
          {t('search')}
        </button>
      </form>
      <Loaded state={executions}>
        {(data) =>
          data.executions.length === 0 ? (
            <p>{t('none')}</p>
          ) : (
            <>
              <p className="console-muted">{t('total', { count: data.total })}</p>
              <div className="table-scroll">
                <table className="console-executions">
                  <thead>
                    <tr>
                      <th scope="col">{t('name')}</th>
                      <th scope="col">{t('status')}</th>
                      <th scope="col">{t('stateMachine')}</th>
                      <th scope="col">{t('started')}</th>
                      <th scope="col">{t('stopped')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.executions.map((e) => (
                      <tr key={e.arn} data-execution={e.name}>
                        <td>
                          <Link
                            className="console-name"
                            to={`/console/executions/${encodeURIComponent(e.name)}?stateMachine=${encodeURIComponent(e.stateMachine)}`}
                          >
                            {e.name}
                          </Link>
                        </td>
                        <td>
                          <ExecutionStatusBadge status={e.status} />
                        </td>
                        <td>{e.stateMachine}</td>
                        <td className="console-nowrap">{chinaTime(e.startDate)}</td>
                        <td className="console-nowrap">{chinaTime(e.stopDate)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <div className="console-pager">
                {cursor ? (
                  <button
                    type="button"
                    onClick={() => {
                      const previous = cursors.slice(0, -1);
                      setCursors(previous);
                      page(previous.at(-1));
                    }}
                  >
                    {t('previous')}
                  </button>
                ) : null}
                {data.next ? (
                  <button
                    type="button"
                    onClick={() => {
                      setCursors([...cursors, data.next as string]);
                      page(data.next);
                    }}
                  >
                    {t('next')}
                  </button>
                ) : null}
              </div>
            </>
          )
        }
      </Loaded>
    </div>
  );
}

// ---- /console/state-machines/:name -----------------------------------------------------------------------------

export function StateMachinePage() {
  return (
    <ConsoleFrame>
      <StateMachineView />
    </ConsoleFrame>
  );
}

function StateMachineView() {
  const { t } = useTranslation('console');
  const { name = '' } = useParams();
  const machine = useApi<StateMachine>(`/_local/console/state-machines/${encodeURIComponent(name)}`);
  return (
    <div className="console">
      <p>
        <Link to="/console">{t('backToList')}</Link>
      </p>
      <h1>
        {t('stateMachine')} {name}
      </h1>
      <Loaded state={machine}>
        {(data) => (
          <>
            <p className="console-muted console-break">{data.arn}</p>
            <h2>{t('graph')}</h2>
            <StateGraph name={data.name} definition={data.definition} />
            <details className="console-definition">
              <summary>{t('definition')}</summary>
              <pre>{JSON.stringify(data.definition, null, 2)}</pre>
            </details>
          </>
        )}
      </Loaded>
    </div>
  );
}

// ---- /console/executions/:name ---------------------------------------------------------------------------------

export function ExecutionPage() {
  return (
    <ConsoleFrame>
      <ExecutionView />
    </ConsoleFrame>
  );
}

const STATE_STATUSES: readonly (StateStatus | 'notEntered')[] = [
  'active',
  'succeeded',
  'failed',
  'caught',
  'cancelled',
  'notEntered',
];

function ExecutionView() {
  const { t } = useTranslation('console');
  const { name = '' } = useParams();
  const [params] = useSearchParams();
  const machine = params.get('stateMachine');
  const execution = useApi<Execution>(
    `/_local/console/executions/${encodeURIComponent(name)}${machine ? `?stateMachine=${encodeURIComponent(machine)}` : ''}`,
  );
  const running = execution.data?.status === 'RUNNING';
  const { reload } = execution;
  const poll = useCallback(() => {
    if (running) reload();
  }, [running, reload]);
  usePolling(poll, 3000);
  return (
    <div className="console">
      <p>
        <Link to="/console">{t('backToList')}</Link>
      </p>
      <h1 className="console-break">
        {t('execution')} {name}
      </h1>
      <Loaded state={execution}>{(data) => <ExecutionDetails execution={data} />}</Loaded>
    </div>
  );
}

function ExecutionDetails(props: { execution: Execution }) {
  const { t } = useTranslation('console');
  const e = props.execution;
  const ended = e.status !== 'RUNNING';
  const definitionStates = Object.keys(allStates(e.stateMachine.definition));
  return (
    <>
      <dl className="console-summary card">
        <div>
          <dt>{t('status')}</dt>
          <dd>
            <ExecutionStatusBadge status={e.status} />
            {ended ? null : <span className="console-muted"> {t('refreshing')}</span>}
          </dd>
        </div>
        <div>
          <dt>{t('stateMachine')}</dt>
          <dd>
            <Link to={`/console/state-machines/${encodeURIComponent(e.stateMachine.name)}`}>{e.stateMachine.name}</Link>
          </dd>
        </div>
        <div>
          <dt>{ended ? t('finalState') : t('currentState')}</dt>
          <dd data-testid="console-where">{ended ? (e.finalState ?? '') : e.current.join(', ')}</dd>
        </div>
        <div>
          <dt>{t('started')}</dt>
          <dd>{chinaTime(e.startDate)}</dd>
        </div>
        <div>
          <dt>{t('stopped')}</dt>
          <dd>{chinaTime(e.stopDate)}</dd>
        </div>
        {e.error ? (
          <div>
            <dt>{t('error')}</dt>
            <dd className="console-break">
              {e.error}
              {e.cause ? `: ${e.cause}` : ''}
            </dd>
          </div>
        ) : null}
      </dl>
      <details className="console-io">
        <summary>{t('input')}</summary>
        <pre>{pretty(e.input)}</pre>
      </details>
      {e.output !== undefined ? (
        <details className="console-io">
          <summary>{t('output')}</summary>
          <pre>{pretty(e.output)}</pre>
        </details>
      ) : null}
      <h2>{t('graph')}</h2>
      <StateGraph
        name={e.name}
        definition={e.stateMachine.definition}
        states={e.states}
        transitions={e.transitions}
        ended={ended}
        {...(e.finalState !== undefined ? { finalState: e.finalState } : {})}
      />
      <ul className="console-legend" aria-label={t('legend')}>
        {STATE_STATUSES.map((s) => (
          <li key={s}>
            <span className={`console-swatch console-status-${s === 'notEntered' ? 'none' : s}`} aria-hidden="true" />
            {t(`stateStatuses.${s}`)}
          </li>
        ))}
      </ul>
      <details className="console-state-table">
        <summary>{t('stateTable')}</summary>
        <div className="table-scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('stateName')}</th>
                <th scope="col">{t('status')}</th>
              </tr>
            </thead>
            <tbody>
              {definitionStates.map((state) => (
                <tr key={state}>
                  <td>{state}</td>
                  <td>{t(`stateStatuses.${e.states[state] ?? 'notEntered'}`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
      <h2>{t('history')}</h2>
      <p className="console-muted">{t('tokensShortened')}</p>
      <div className="table-scroll">
        <table className="console-history">
          <thead>
            <tr>
              <th scope="col" className="num">
                {t('eventId')}
              </th>
              <th scope="col">{t('timestamp')}</th>
              <th scope="col">{t('eventType')}</th>
              <th scope="col">{t('stateName')}</th>
              <th scope="col">{t('details')}</th>
            </tr>
          </thead>
          <tbody>
            {e.events.map((event) => (
              <tr key={event.id} data-event-type={event.type}>
                <td className="num">{event.id}</td>
                <td className="console-nowrap">{chinaTime(event.timestamp)}</td>
                <td>{event.type}</td>
                <td>{event.stateName ?? ''}</td>
                <td>
                  {Object.keys(event.details).length ? (
                    <details>
                      <summary>{t('show')}</summary>
                      <pre>{JSON.stringify(expand(event.details), null, 2)}</pre>
                    </details>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

/** Every state of a definition, at every depth, in the definition's order. */
function allStates(scope: Record<string, unknown>): Record<string, true> {
  const found: Record<string, true> = {};
  for (const [name, state] of Object.entries((scope.States ?? {}) as Record<string, Record<string, unknown>>)) {
    found[name] = true;
    for (const branch of (state.Branches ?? []) as Record<string, unknown>[]) Object.assign(found, allStates(branch));
    const iterator = (state.ItemProcessor ?? state.Iterator) as Record<string, unknown> | undefined;
    if (iterator) Object.assign(found, allStates(iterator));
  }
  return found;
}
