import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import {
  type HigherApprovalStatus,
  type JointResult,
  type MilestoneStatus,
  type Opinion,
  type OpinionStatus,
  type ProjectEventType,
  settledHigherStatuses,
} from '../domain/project.ts';
import {
  bindRecorded,
  type ChainedEvent,
  chainRecorded,
  genesisHash,
  type RecordedEntry,
  type StoredStateDigests,
  stateAfter,
} from '../domain/timeline.ts';
import { db, isConditionFailed, queryAll, type TransactItem, transact } from './client.ts';
import { type PageResult, queryPage } from './pages.ts';
import { tableName } from './tables.ts';

/** An item a project needs, as it stood in the catalogue when the project was registered. */
export interface ProjectItem {
  readonly code: string;
  readonly name: string;
  readonly departmentId: string;
}

/** One department's opinion in a joint approval: its own deadline and clock, its answer or its deemed agreement. */
export interface DepartmentOpinion {
  readonly departmentId: string;
  readonly departmentName: string;
  /** Who answers for it (the department's duty handler and head, as the directory named them at the opening). */
  readonly handler: { readonly id: string; readonly name: string };
  readonly leader: { readonly id: string; readonly name: string };
  /** 24:00 Asia/Shanghai of the last working day to answer, that day, and the same instant in UTC (compared). */
  readonly opinionBy: string;
  readonly opinionByDate: string;
  readonly opinionByAt: string;
  readonly status: OpinionStatus;
  readonly opinion?: Opinion;
  readonly reason?: string;
  readonly conditions?: string;
  /** When the opinion was given (or deemed), and by whom (`system:…` for a deemed agreement). */
  readonly at?: string;
  readonly by?: string;
}

export interface JointApproval {
  readonly openedAt: string;
  readonly openedBy: string;
  readonly opinionWorkingDays: number;
  /** The joint limit in working days (45; +15 once extended). */
  readonly limit: number;
  readonly startedOn: string;
  readonly deadlineDate: string;
  readonly deadline: string;
  readonly deadlineAt: string;
  readonly provisional: boolean;
  readonly extension?: {
    readonly workingDays: number;
    readonly reason: string;
    readonly approvedBy: string;
    readonly at: string;
  };
  readonly departments: readonly DepartmentOpinion[];
  readonly result?: JointResult;
  readonly concludedAt?: string;
}

export interface Milestone {
  readonly note: string;
  readonly status: MilestoneStatus;
  readonly at: string;
  readonly by: string;
  /** A new expected date, when the news moves it. */
  readonly expectedBy?: string;
}

/** A matter waiting on a higher authority (上级审批), tracked by the officer. */
export interface HigherApproval {
  readonly id: string;
  readonly authority: string;
  readonly matter: string;
  /** The China-local date news is expected by, and the end of that day in UTC (what the reminder compares). */
  readonly expectedBy: string;
  readonly expectedByAt: string;
  readonly status: HigherApprovalStatus;
  readonly trackedAt: string;
  readonly trackedBy: string;
  readonly milestones: readonly Milestone[];
  /** The expected date a reminder was sent for (a moved date reminds again). */
  readonly remindedFor?: string;
}

export interface ProjectRecord {
  /** `PJ<yyyymmdd>-<ULID>`. */
  readonly id: string;
  readonly name: string;
  readonly investment: { readonly amount: number; readonly currency: 'CNY' };
  readonly items: readonly ProjectItem[];
  /** The departments concerned (of the items), in the items' order, each once. */
  readonly departmentIds: readonly string[];
  readonly applicant: { readonly type: 'PERSON' | 'ENTERPRISE'; readonly name: string; readonly phone: string };
  /** The investor's account when they registered it themselves (what "own" means for them). */
  readonly applicantSub?: string;
  readonly registeredBy: string;
  readonly greenChannel: boolean;
  /** The threshold in force when it was registered (CNY). */
  readonly threshold: number;
  /** The dedicated officer (专人负责): a staff subject, named by an administrator. */
  readonly officer?: string;
  readonly officerAssignedAt?: string;
  /** The one form's answers (一表通), reused by the project's applications. */
  readonly form?: {
    readonly answers: Readonly<Record<string, unknown>>;
    readonly filledAt: string;
    readonly filledBy: string;
  };
  /** The applications filed for the project's items (with the one form's answers). */
  readonly applications: readonly {
    readonly caseId: string;
    readonly itemCode: string;
    readonly departmentId: string;
    readonly at: string;
  }[];
  /** The last step of each application copied to the tracking log (its timeline length), so none is copied twice. */
  readonly trackedSteps?: Readonly<Record<string, number>>;
  readonly jointApproval?: JointApproval;
  readonly higherApprovals: readonly HigherApproval[];
  readonly createdAt: string;
  readonly createdAtUtc: string;
  readonly timeline: readonly ChainedEvent[];
  readonly timelineHead: string;
  readonly stateDigests?: StoredStateDigests;
  readonly version: number;
  readonly updatedAt: string;
}

export interface ProjectEvent extends RecordedEntry {
  readonly type: ProjectEventType;
  /** The department an event is about (an opinion given or deemed). */
  readonly departmentId?: string;
  /** The application a step is of (APPLICATION_FILED, CASE_STEP). */
  readonly caseId?: string;
}

const table = () => tableName('projects');
/** The constant key of the `register` index (every project). */
const REGISTER = 'PROJECTS';
const REMINDER_PENDING = 'OPEN';

/** The index keys a project carries, derived from what it holds (unbound: they change with its events). */
function indexKeys(p: ProjectRecord): Record<string, string> {
  const next = nextReminderOf(p.higherApprovals);
  return {
    projectRegister: REGISTER,
    ...(p.officer ? { officerSub: p.officer } : {}),
    ...(next ? { reminderPending: REMINDER_PENDING, nextReminderAt: next } : {}),
  };
}

/** The earliest expected date (UTC end of day) of a higher approval still waiting and not yet reminded of it. */
export function nextReminderOf(list: readonly HigherApproval[]): string | undefined {
  return list
    .filter((h) => !settledHigherStatuses.includes(h.status) && h.remindedFor !== h.expectedBy)
    .map((h) => h.expectedByAt)
    .sort()[0];
}

/** A new project with its first event chained and its state bound, before it is written. */
export function newProject(
  fields: Omit<ProjectRecord, 'timeline' | 'timelineHead' | 'stateDigests' | 'version' | 'updatedAt'>,
  event: ProjectEvent,
): ProjectRecord {
  const base = { ...fields, version: 1, updatedAt: event.at };
  const bound = bindRecorded({}, event, base);
  const first = chainRecorded(genesisHash(fields.id), bound.entry);
  return { ...base, timeline: [first], timelineHead: first.hash, stateDigests: bound.digests };
}

/** Writes a new project. @returns false if the id exists (a replayed request). */
export async function createProject(project: ProjectRecord): Promise<boolean> {
  try {
    await db().send(
      new PutCommand({
        TableName: table(),
        Item: { ...project, ...indexKeys(project) },
        // Two creations of one id (an Idempotency-Key replayed while the first is in flight): one writes.
        ConditionExpression: 'attribute_not_exists(id)',
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailed(error)) return false;
    throw error;
  }
}

export async function getProject(id: string): Promise<ProjectRecord | undefined> {
  const out = await db().send(new GetCommand({ TableName: table(), Key: { id }, ConsistentRead: true }));
  if (!out.Item) return undefined;
  const { projectRegister: _r, officerSub: _o, reminderPending: _p, nextReminderAt: _n, ...project } = out.Item;
  return project as ProjectRecord;
}

/**
 * Appends `events` to the project's tracking log with the fields they change, and the clock writes they imply (each
 * rendered by the caller with `clockCreated` or `clockChanged`: a write that touches no clock reaches no clock), in
 * one transaction. The last event binds the state the write leaves (docs/tamper-evidence.md).
 * @returns the project as written, or undefined when it changed since `current` was read (the caller re-reads).
 */
export async function writeProject(
  current: ProjectRecord,
  events: readonly ProjectEvent[],
  set: Partial<Omit<ProjectRecord, 'id' | 'timeline' | 'timelineHead' | 'stateDigests' | 'version' | 'updatedAt'>>,
  clocks: readonly TransactItem[] = [],
): Promise<ProjectRecord | undefined> {
  const last = events.at(-1);
  if (!last) throw new Error('a project write appends at least one event');
  const after = stateAfter(current, {
    ...set,
    version: current.version + 1,
    updatedAt: last.at,
  }) as unknown as ProjectRecord;
  const bound = bindRecorded(current, last, after);
  let head = current.timelineHead;
  const chained: ChainedEvent[] = [];
  for (const event of [...events.slice(0, -1), bound.entry]) {
    const link = chainRecorded(head, event);
    chained.push(link);
    head = link.hash;
  }
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {
    ':events': chained,
    ':newHead': head,
    ':digests': bound.digests,
    ':head': current.timelineHead,
    ':one': 1,
    ':at': last.at,
  };
  const assignments = [
    'timeline = list_append(timeline, :events)',
    'timelineHead = :newHead',
    'stateDigests = :digests',
    'version = version + :one',
    'updatedAt = :at',
  ];
  Object.entries(set)
    .filter(([, v]) => v !== undefined)
    .forEach(([field, value], i) => {
      names[`#f${i}`] = field;
      values[`:f${i}`] = value;
      assignments.push(`#f${i} = :f${i}`);
    });
  // The index keys follow what the write leaves (the register's again, for a project written before it existed).
  const keys = indexKeys(after);
  const removals = ['officerSub', 'reminderPending', 'nextReminderAt'].filter((k) => !(k in keys));
  Object.entries(keys).forEach(([field, value], i) => {
    names[`#k${i}`] = field;
    values[`:k${i}`] = value;
    assignments.push(`#k${i} = :k${i}`);
  });
  const update: TransactItem = {
    Update: {
      TableName: table(),
      Key: { id: current.id },
      UpdateExpression: `SET ${assignments.join(', ')}${removals.length ? ` REMOVE ${removals.join(', ')}` : ''}`,
      // Every race on a project is decided here: each write appends under the head it read, so of two writes from the
      // same head DynamoDB applies one and the other re-reads. A department's opinion vs its deemed agreement at the
      // deadline:   opinion (now < opinionBy at its read): append OPINION_GIVEN under head H ──▶ ok | refused
      //             clock (now ≥ opinionBy at its read):   append OPINION_DEEMED under head H ──▶ refused | ok
      // whichever lands first stands; the other re-reads and finds the department answered (the clock: OTHERWISE) or
      // deemed (the opinion: 409). Two departments answering at once, the officer and an administrator: the same.
      ConditionExpression: 'timelineHead = :head',
      ...(Object.keys(names).length ? { ExpressionAttributeNames: names } : {}),
      ExpressionAttributeValues: values,
    },
  };
  const written = await transact([update, ...clocks]);
  if (!written) return undefined;
  return {
    ...after,
    timeline: [...current.timeline, ...chained],
    timelineHead: head,
    stateDigests: bound.digests,
  } as ProjectRecord;
}

/** Whose projects a list shows: every project, an applicant's own, an officer's. */
export type ProjectListScope = { readonly all: true } | { readonly applicant: string } | { readonly officer: string };

/** One page of projects, newest first. */
export async function projectsPage(
  scope: ProjectListScope,
  options: { readonly limit: number; readonly cursor?: string | undefined },
): Promise<PageResult<ProjectRecord>> {
  const [index, name, value] =
    'all' in scope
      ? ['register', 'projectRegister', REGISTER]
      : 'applicant' in scope
        ? ['byApplicant', 'applicantSub', scope.applicant]
        : ['byOfficer', 'officerSub', scope.officer];
  return queryPage<ProjectRecord>({
    table: table(),
    index,
    partition: { name, value },
    sortKey: 'createdAtUtc',
    tableKey: 'id',
    limit: options.limit,
    cursor: options.cursor,
  });
}

/** Projects with a higher approval past its expected date (at or before `nowUtc`) and not yet reminded: one Query. */
export async function projectsOwedReminders(nowUtc: string): Promise<{ id: string }[]> {
  return (await queryAll({
    TableName: table(),
    IndexName: 'higherReminders',
    KeyConditionExpression: 'reminderPending = :open AND nextReminderAt <= :now',
    ExpressionAttributeValues: { ':open': REMINDER_PENDING, ':now': nowUtc },
  })) as unknown as { id: string }[];
}
