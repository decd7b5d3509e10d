/**
 * The one definition of every DynamoDB table: keys, indexes, and the environment variable through which a handler
 * learns the table's name. CDK (lib/) creates these tables from it; the local runtime (local/) creates the same
 * tables in dynalite from it.
 *
 * Access patterns (no Scan on any request path or in a scheduled job that grows with history):
 *  - cases:          get a case by id (GetItem); a department's open cases for its worklist (Query on the sparse
 *                    `openByDepartment` index: `openDepartment` is set only while a case waits for the department);
 *                    an applicant's own applications, newest first (Query on the sparse `byApplicant` index:
 *                    `applicantSub` is set only on cases an applicant submitted themselves; it projects only what
 *                    the list shows and what its light is computed from).
 *  - clocks:         one item per time-limited duty (functions/domain/duty.ts), keyed by what it times (`subject`,
 *                    e.g. the case id) and the duty (`APPROVAL`, `INTAKE_REVIEW`, …): get a subject's clocks (GetItem /
 *                    Query by subject); open clocks due by an instant, for the reconciler (Query on the sparse
 *                    `openClocks` index: only clocks that still owe something carry `clockPending`, so the index holds
 *                    open work, never history; the key condition on `deadlineAt` reads only the clocks due, not the
 *                    ones still running). Clocks owed a start, for the reconciler (Query on the sparse
 *                    `unstartedClocks` index: `clockStartPending` is set when the clock is created and removed once
 *                    its execution is recorded). Clocks whose deadline moved (a resume, an approved extension) and
 *                    whose execution has not re-planned since, for the reconciler to re-send RESCHEDULED (Query on the
 *                    sparse `replanOwedClocks` index: `replanOwed` is set by the move and removed by the next
 *                    checkpoint, so it holds the few moves of the last minutes, never the clocks that run).
 *  - catalog:        get an item by code (GetItem); list the catalogue (Query `byKind`, kind = ITEM).
 *  - departments:    get a department by id (GetItem); list them (Query `byKind`, kind = DEPARTMENT).
 *  - baselines:      an item's limits at campaign start (GetItem; Query `byKind`, kind = BASELINE).
 *                    All three live in the catalog table: small, read-mostly reference data.
 *  - catalogRevisions: every revision of an item or department, with who, when and why (Query by subject).
 *  - profiles:       an applicant's saved form answers (GetItem by token subject), reused on the next application.
 *  - referrals:      first-inquiry referrals (who asked, who answered, where referred); by day for supervision.
 *  - accountability: one record per (case, reason) (conditional PutItem makes it exactly-once), its id derived
 *                    from that key (`<case id>.<reason>`) and its workflow's own hash-chained timeline (GetItem by
 *                    key); list by year (Query `byYear`, newest first) — the register, the quarter's flags and the
 *                    public outcomes read a year or two of records, never a Scan.
 *  - calendar:       one item per year an administrator loaded (GetItem / Query on the constant partition).
 *  - notifications:  one item per timeline event somebody must be told of, by case (Query by caseId); inboxes on
 *                    sparse indexes: a department's (handler and head), an applicant's (by token subject),
 *                    supervision's, a project officer's (by token subject) — each set only when the notification
 *                    is addressed there.
 *  - idempotency:    one item per (caller, Idempotency-Key) (conditional PutItem claims it; GetItem replays it).
 *  - tallies:        what each day's timeline events added to each unit (centre, department, window, officer, item):
 *                    one item per (day, unit), pk `MONTH#yyyy-mm`, sk `yyyy-mm-dd#KIND#id`, counters ADDed from the
 *                    Cases stream (functions/stream/tally.ts); a period is one Query per month touched, on the sort
 *                    key's day range, so it reads that period's days, never the history. Plus one marker per case
 *                    (pk `CASE#<id>`, sk `TALLIED`): the last timeline event counted, so nothing is counted twice.
 *  - grievances:     a grievance by id (GetItem); an anonymous filer's by the hash of its query code (Query on the
 *                    sparse `byQueryCode` index); a department's owed grievances for its worklist (Query on the sparse
 *                    `owedByDepartment` index, as `openByDepartment` for cases); lists newest first: a department's
 *                    (`byAssignee`), a complainant's (`byComplainant`), supervision's (`register`, one constant key).
 *  - ratings:        one satisfaction review per closed case (id `RT-<case id>`: a conditional PutItem makes it
 *                    once), with its rectification and its own hash-chained timeline; a month's ratings for the public
 *                    summary (Query `byPeriod`); a department's bad reviews still owing a stage for its worklist
 *                    (sparse `owedRectifications`); lists newest first: a department's bad reviews (sparse
 *                    `badByDepartment`), every bad review (sparse `badReviews`), an applicant's own (`byApplicant`).
 *  - projects:       major projects (green channel, docs/green-channel.md) with their joint approval, one-form answers,
 *                    higher approvals and their own hash-chained tracking log (GetItem by id); lists newest first:
 *                    every project (`register`, one constant key), an applicant's own (`byApplicant`), an officer's
 *                    (`byOfficer`); the reconciler's higher approvals past their expected date without news (sparse
 *                    `higherReminders`: `reminderPending` is set only while one is owed a reminder, keyed by the
 *                    earliest such date, so the index holds the work to do, never history).
 *  - enforcement:    law-enforcement inspections (docs/enforcement.md) by id with their own hash-chained timeline
 *                    (GetItem); a year's, and a department's year's, newest first (`byYear`, `byDepartment`); a filed
 *                    plan by its verification code (sparse `byCode`); one counter item per (enterprise, year).
 *  - officialActivities: registered official activities with enterprises (PutItem once, never updated); lists newest
 *                    first: every one (`register`), per enterprise (`byCreditCode`, `byEnterpriseName`), per officer
 *                    (`byOfficer`), per department (`byDepartment`).
 *  - appraisals:     the year-end appraisal's ratings, one per (year, representative, department) by key; a year's
 *                    summary is one Query of the year's partition; a representative's own by begins_with.
 *  - evaluations:    immutable evaluation snapshots by period: heads `head#r000001` (latest: Query newest first,
 *                    Limit 1) and one item per unit of a run `unit#<runId>#KIND#id` (Query begins_with by kind).
 *  - visits:         inspection visits (明察暗访, docs/supervision.md) with their problems and their own hash-chained
 *                    timeline (GetItem by id); lists newest first: a year's (`byYear`, supervision), a department's
 *                    (`byDepartment`); a department's visits still owing a rectification for its worklist (sparse
 *                    `owedByDepartment`: `owedBy` is set only while a problem is unreported).
 */
export interface KeySpec {
  readonly name: string;
  readonly type: 'S' | 'N';
}

export interface IndexSpec {
  readonly indexName: string;
  readonly partitionKey: KeySpec;
  readonly sortKey?: KeySpec;
  /**
   * The non-key attributes the index copies (DynamoDB `INCLUDE`: the table's and the index's keys always come along);
   * absent: every attribute (`ALL`). A list that reads little from each of many items keeps its index small.
   */
  readonly projection?: readonly string[];
}

export interface TableSpec {
  /** Logical name, used for the CDK construct id and the local table name. */
  readonly name: string;
  /** Attribute holding an epoch-seconds expiry (DynamoDB TTL; dynalite ignores it, so readers check it too). */
  readonly ttlAttribute?: string;
  /** Environment variable that carries the physical table name to handlers. */
  readonly envVar: string;
  readonly partitionKey: KeySpec;
  readonly sortKey?: KeySpec;
  readonly indexes: readonly IndexSpec[];
  /**
   * A DynamoDB stream of the table's changes (new and old images), read by the function of `functions/manifest.ts`
   * that names the table in `streamFrom`. The local runtime emulates it (local/dynamodb.ts).
   */
  readonly stream?: 'NEW_AND_OLD_IMAGES';
}

export const tables = {
  cases: {
    name: 'Cases',
    envVar: 'CASES_TABLE',
    partitionKey: { name: 'id', type: 'S' },
    // Every timeline event is told to whom it concerns from this stream (functions/stream/notify.ts): the
    // transactional outbox, with the case item itself as the outbox.
    stream: 'NEW_AND_OLD_IMAGES',
    indexes: [
      {
        indexName: 'openByDepartment',
        partitionKey: { name: 'openDepartment', type: 'S' },
        sortKey: { name: 'receivedAt', type: 'S' },
      },
      {
        // Keyed by `applicantSub`, the attribute that scopes an applicant's reads of a case (case-access.ts), not
        // `submittedBy` (also a clerk's, for cases entered at a window): the list and the case page agree on "own".
        indexName: 'byApplicant',
        partitionKey: { name: 'applicantSub', type: 'S' },
        sortKey: { name: 'receivedAt', type: 'S' },
        projection: [
          'itemCode',
          'itemName',
          'status',
          'deadline',
          'deadlineDate',
          'deadlineAt',
          'workingDays',
          'yellowWarningDays',
        ],
      },
    ],
  },
  clocks: {
    name: 'Clocks',
    envVar: 'CLOCKS_TABLE',
    partitionKey: { name: 'subject', type: 'S' },
    sortKey: { name: 'duty', type: 'S' },
    indexes: [
      {
        indexName: 'openClocks',
        partitionKey: { name: 'clockPending', type: 'S' },
        sortKey: { name: 'deadlineAt', type: 'S' },
      },
      {
        indexName: 'unstartedClocks',
        partitionKey: { name: 'clockPending', type: 'S' },
        sortKey: { name: 'clockStartPending', type: 'S' },
      },
      // ── Issue 17 item 5 (the model's finding 2): clocks whose moved deadline the execution has not re-planned yet ──
      {
        indexName: 'replanOwedClocks',
        partitionKey: { name: 'clockPending', type: 'S' },
        sortKey: { name: 'replanOwed', type: 'S' },
      },
    ],
  },
  catalog: {
    name: 'Catalog',
    envVar: 'CATALOG_TABLE',
    partitionKey: { name: 'pk', type: 'S' },
    indexes: [
      {
        indexName: 'byKind',
        partitionKey: { name: 'kind', type: 'S' },
        sortKey: { name: 'pk', type: 'S' },
      },
    ],
  },
  catalogRevisions: {
    name: 'CatalogRevisions',
    envVar: 'CATALOG_REVISIONS_TABLE',
    partitionKey: { name: 'subject', type: 'S' },
    sortKey: { name: 'revision', type: 'N' },
    indexes: [],
  },
  referrals: {
    name: 'Referrals',
    envVar: 'REFERRALS_TABLE',
    partitionKey: { name: 'id', type: 'S' },
    indexes: [
      {
        indexName: 'byDay',
        partitionKey: { name: 'day', type: 'S' },
        sortKey: { name: 'at', type: 'S' },
      },
    ],
  },
  profiles: {
    name: 'Profiles',
    envVar: 'PROFILES_TABLE',
    partitionKey: { name: 'sub', type: 'S' },
    indexes: [],
  },
  accountability: {
    name: 'Accountability',
    envVar: 'ACCOUNTABILITY_TABLE',
    partitionKey: { name: 'caseId', type: 'S' },
    sortKey: { name: 'reason', type: 'S' },
    // Each event of a record's workflow is told to whom it concerns from this stream
    // (functions/stream/accountability-notify.ts): the record is its own outbox, as a rating is.
    stream: 'NEW_AND_OLD_IMAGES',
    indexes: [
      {
        indexName: 'byYear',
        partitionKey: { name: 'year', type: 'S' },
        sortKey: { name: 'at', type: 'S' },
      },
    ],
  },
  calendar: {
    name: 'Calendar',
    envVar: 'CALENDAR_TABLE',
    partitionKey: { name: 'pk', type: 'S' },
    sortKey: { name: 'year', type: 'N' },
    indexes: [],
  },
  notifications: {
    name: 'Notifications',
    envVar: 'NOTIFICATIONS_TABLE',
    partitionKey: { name: 'caseId', type: 'S' },
    // The timeline index of the event told: one notification per event, written once (conditional PutItem).
    sortKey: { name: 'seq', type: 'N' },
    indexes: [
      {
        indexName: 'departmentInbox',
        partitionKey: { name: 'departmentInbox', type: 'S' },
        sortKey: { name: 'at', type: 'S' },
      },
      {
        indexName: 'applicantInbox',
        partitionKey: { name: 'applicantInbox', type: 'S' },
        sortKey: { name: 'at', type: 'S' },
      },
      {
        indexName: 'supervisionInbox',
        partitionKey: { name: 'supervisionInbox', type: 'S' },
        sortKey: { name: 'at', type: 'S' },
      },
      {
        // A green-channel project's dedicated officer (by token subject): every event of the projects they follow.
        indexName: 'officerInbox',
        partitionKey: { name: 'officerInbox', type: 'S' },
        sortKey: { name: 'at', type: 'S' },
      },
    ],
  },
  idempotency: {
    name: 'Idempotency',
    envVar: 'IDEMPOTENCY_TABLE',
    partitionKey: { name: 'key', type: 'S' },
    ttlAttribute: 'expiresAt',
    indexes: [],
  },
  tallies: {
    name: 'Tallies',
    envVar: 'TALLIES_TABLE',
    partitionKey: { name: 'pk', type: 'S' },
    sortKey: { name: 'sk', type: 'S' },
    indexes: [],
  },
  evaluations: {
    name: 'Evaluations',
    envVar: 'EVALUATIONS_TABLE',
    partitionKey: { name: 'period', type: 'S' },
    sortKey: { name: 'entry', type: 'S' },
    indexes: [],
  },
  grievances: {
    name: 'Grievances',
    envVar: 'GRIEVANCES_TABLE',
    partitionKey: { name: 'id', type: 'S' },
    // Each timeline event is told to whom it concerns from this stream (functions/stream/grievances-notify.ts), as
    // the Cases stream does for cases: the grievance item is its own outbox.
    stream: 'NEW_AND_OLD_IMAGES',
    indexes: [
      {
        // The anonymous filer's query code (its SHA-256): set only on grievances filed with one (sparse).
        indexName: 'byQueryCode',
        partitionKey: { name: 'queryCode', type: 'S' },
      },
      {
        // The worklist: `owedBy` (the assigned department) is set only while that department owes the handling or
        // review stage (functions/domain/owed.ts), and removed by the write that answers it — open work, no history.
        indexName: 'owedByDepartment',
        partitionKey: { name: 'owedBy', type: 'S' },
        sortKey: { name: 'createdAt', type: 'S' },
      },
      {
        // The department's list (GET /v1/grievances): set once a grievance is assigned at acceptance (sparse).
        indexName: 'byAssignee',
        partitionKey: { name: 'assignedTo', type: 'S' },
        sortKey: { name: 'createdAt', type: 'S' },
      },
      {
        // The complainant's own list: `complainantSub` is absent on anonymous reports (sparse).
        indexName: 'byComplainant',
        partitionKey: { name: 'complainantSub', type: 'S' },
        sortKey: { name: 'createdAt', type: 'S' },
      },
      {
        // Supervision's list of every grievance, newest first: `registry` is the constant `GRIEVANCES` (one
        // partition: grievances are few beside cases; status and kind filter the page).
        indexName: 'register',
        partitionKey: { name: 'registry', type: 'S' },
        sortKey: { name: 'createdAt', type: 'S' },
      },
    ],
  },
  ratings: {
    name: 'Ratings',
    envVar: 'RATINGS_TABLE',
    partitionKey: { name: 'id', type: 'S' },
    // Every event on a rating's timeline is told from this stream (functions/stream/ratings-notify.ts): the rating
    // item is its own outbox, as a case is.
    stream: 'NEW_AND_OLD_IMAGES',
    indexes: [
      {
        // The month's public summary: one Query of the month it was rated in, never a Scan.
        indexName: 'byPeriod',
        partitionKey: { name: 'period', type: 'S' },
        sortKey: { name: 'ratedAtUtc', type: 'S' },
      },
      {
        // The worklist: `rectifyingDepartment` is set on a bad review while its department owes the contact or the
        // rectification report (functions/domain/owed.ts), and removed by the write that ends it (sparse).
        indexName: 'owedRectifications',
        partitionKey: { name: 'rectifyingDepartment', type: 'S' },
        sortKey: { name: 'ratedAtUtc', type: 'S' },
      },
      {
        // The department's bad reviews (GET /v1/ratings): `badDepartment` is set on bad reviews only (sparse).
        indexName: 'badByDepartment',
        partitionKey: { name: 'badDepartment', type: 'S' },
        sortKey: { name: 'ratedAtUtc', type: 'S' },
      },
      {
        // Supervision's list of every bad review: `badReview` is the constant `BAD`, set on bad reviews only.
        indexName: 'badReviews',
        partitionKey: { name: 'badReview', type: 'S' },
        sortKey: { name: 'ratedAtUtc', type: 'S' },
      },
      {
        // The applicant's own ratings, newest first.
        indexName: 'byApplicant',
        partitionKey: { name: 'applicantSub', type: 'S' },
        sortKey: { name: 'ratedAtUtc', type: 'S' },
      },
    ],
  },
  projects: {
    name: 'Projects',
    envVar: 'PROJECTS_TABLE',
    partitionKey: { name: 'id', type: 'S' },
    // Every event on a project's tracking log is told from this stream (functions/stream/projects-notify.ts): the
    // project item is its own outbox, as a case is.
    stream: 'NEW_AND_OLD_IMAGES',
    indexes: [
      {
        // Supervision's and the administrators' list of every project: `projectRegister` is the constant `PROJECTS`.
        indexName: 'register',
        partitionKey: { name: 'projectRegister', type: 'S' },
        sortKey: { name: 'createdAtUtc', type: 'S' },
      },
      {
        // The investor's own projects (those they registered themselves), newest first.
        indexName: 'byApplicant',
        partitionKey: { name: 'applicantSub', type: 'S' },
        sortKey: { name: 'createdAtUtc', type: 'S' },
      },
      {
        // The dedicated officer's projects (the officer's view), newest first: set once an officer is named.
        indexName: 'byOfficer',
        partitionKey: { name: 'officerSub', type: 'S' },
        sortKey: { name: 'createdAtUtc', type: 'S' },
      },
      {
        // The reconciler's reminders: `reminderPending` = `OPEN` while a higher approval waits without news, keyed by
        // the earliest expected date still to be reminded of (UTC instant of its end); removed when none is owed.
        indexName: 'higherReminders',
        partitionKey: { name: 'reminderPending', type: 'S' },
        sortKey: { name: 'nextReminderAt', type: 'S' },
      },
    ],
  },
  // ---- Official activities and the year-end appraisal (issue 16 items 5–6, docs/supervision.md) ----
  officialActivities: {
    name: 'OfficialActivities',
    envVar: 'OFFICIAL_ACTIVITIES_TABLE',
    partitionKey: { name: 'id', type: 'S' },
    indexes: [
      {
        // Supervision's list of every activity, newest first: `activityRegister` is the constant `ACTIVITIES`.
        indexName: 'register',
        partitionKey: { name: 'activityRegister', type: 'S' },
        sortKey: { name: 'atUtc', type: 'S' },
      },
      {
        // Per enterprise by credit code (sparse: only entries that name one).
        indexName: 'byCreditCode',
        partitionKey: { name: 'enterpriseCode', type: 'S' },
        sortKey: { name: 'atUtc', type: 'S' },
      },
      {
        // Per enterprise by its normalised name (sparse: only entries with an enterprise).
        indexName: 'byEnterpriseName',
        partitionKey: { name: 'enterpriseKey', type: 'S' },
        sortKey: { name: 'atUtc', type: 'S' },
      },
      {
        // Per officer: the staff member who registered it (the token's subject), who answers for the activity.
        indexName: 'byOfficer',
        partitionKey: { name: 'registeredBy', type: 'S' },
        sortKey: { name: 'atUtc', type: 'S' },
      },
      {
        // A department's activities, for its own staff.
        indexName: 'byDepartment',
        partitionKey: { name: 'departmentId', type: 'S' },
        sortKey: { name: 'atUtc', type: 'S' },
      },
    ],
  },
  appraisals: {
    name: 'Appraisals',
    envVar: 'APPRAISALS_TABLE',
    // One item per (year, representative, department): `year` and `<rater digest>#<department id>`; a conditional
    // PutItem makes it once. A year's summary is one Query of its partition.
    partitionKey: { name: 'year', type: 'S' },
    sortKey: { name: 'ballot', type: 'S' },
    indexes: [],
  },
  // ---- Law-enforcement inspections (执法检查审批备案, issue 16 item 4, docs/enforcement.md) ----
  enforcement: {
    name: 'Enforcement',
    envVar: 'ENFORCEMENT_TABLE',
    // An inspection by id (`EI<yyyymmdd>-<ULID>`), with its own hash-chained timeline; and one counter per
    // (enterprise, year) (`QUOTA#<year>#<credit code>`: the inspections of the enterprise planned that year, all
    // departments together, ADDed under a condition so two departments planning at once cannot both slip under the
    // limit). Counters carry none of the index keys.
    partitionKey: { name: 'id', type: 'S' },
    // Each event of an inspection is told from this stream (functions/stream/enforcement-notify.ts): the inspection
    // is its own outbox, as a project is.
    stream: 'NEW_AND_OLD_IMAGES',
    indexes: [
      {
        // Supervision's register of a year's inspections (by the planned date's year), newest plan first.
        indexName: 'byYear',
        partitionKey: { name: 'plannedYear', type: 'S' },
        sortKey: { name: 'createdAtUtc', type: 'S' },
      },
      {
        // A department's inspections of a year (`<department id>#<year>`), newest plan first.
        indexName: 'byDepartment',
        partitionKey: { name: 'departmentYear', type: 'S' },
        sortKey: { name: 'createdAtUtc', type: 'S' },
      },
      {
        // The enterprise's check at its door: set only once filed (sparse).
        indexName: 'byCode',
        partitionKey: { name: 'verificationCode', type: 'S' },
      },
    ],
  },
  // ---- Inspection visits (明察暗访, issue 16 item 3) ----
  visits: {
    name: 'Visits',
    envVar: 'VISITS_TABLE',
    partitionKey: { name: 'id', type: 'S' },
    // Each event on a visit's timeline is told from this stream (functions/stream/visits-notify.ts): the visit is
    // its own outbox, as a rating is.
    stream: 'NEW_AND_OLD_IMAGES',
    indexes: [
      {
        // Supervision's list, newest first: `year` is the China-local year the visit was recorded.
        indexName: 'byYear',
        partitionKey: { name: 'year', type: 'S' },
        sortKey: { name: 'recordedAtUtc', type: 'S' },
      },
      {
        // A department's visits (recorded ones only: a visit exists once recorded), newest first.
        indexName: 'byDepartment',
        partitionKey: { name: 'departmentId', type: 'S' },
        sortKey: { name: 'recordedAtUtc', type: 'S' },
      },
      {
        // The worklist: `owedBy` (the department) only while a problem of the visit is unreported.
        indexName: 'owedByDepartment',
        partitionKey: { name: 'owedBy', type: 'S' },
        sortKey: { name: 'recordedAtUtc', type: 'S' },
      },
    ],
  },
} as const satisfies Record<string, TableSpec>;

export type TableKey = keyof typeof tables;

export const allTables: readonly TableSpec[] = Object.values(tables);

/** A table's key attribute names, partition then sort (what a GetItem of one item needs). */
export function keyNamesOf(spec: TableSpec): string[] {
  return spec.sortKey ? [spec.partitionKey.name, spec.sortKey.name] : [spec.partitionKey.name];
}

/** The physical name of a table, from the environment the deployment (CDK or the local runtime) set. */
export function tableName(key: TableKey): string {
  const spec = tables[key];
  const value = process.env[spec.envVar];
  if (!value) throw new Error(`${spec.envVar} is not set: the deployment must pass the ${spec.name} table name`);
  return value;
}
