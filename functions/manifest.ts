import type { TableKey, tables } from './store/tables.ts';

/**
 * Every Lambda function of the system, in one place. CDK creates one NodejsFunction per entry with exactly the
 * grants listed here (least privilege); the local runtime imports the same `entry` module and calls its `handler`.
 */
/** The state machines, by name (lib/state-machines.ts builds them). */
export type ClockName =
  | 'ApprovalClock'
  | 'IntakeClock'
  | 'GrievanceClock'
  | 'RatingContactClock'
  | 'RatingRectifyClock'
  | 'JointApprovalClock'
  | 'InvestigationClock'
  // Inspection visits (明察暗访)
  | 'VisitRectificationClock';

/**
 * A DynamoDB action on a table's items, the IAM action without its `dynamodb:` prefix. Scan, DeleteItem and the
 * batch actions are listed so a grant can name them; a function holds one only where its code sends it
 * (test/cdk/manifest.test.ts reads the code and compares).
 */
export type TableAction =
  | 'GetItem'
  | 'Query'
  | 'PutItem'
  | 'UpdateItem'
  | 'DeleteItem'
  | 'ConditionCheckItem'
  | 'Scan'
  | 'BatchGetItem'
  | 'BatchWriteItem';

/** The secondary indexes of a table of functions/store/tables.ts, by name. */
export type IndexName<K extends TableKey> = (typeof tables)[K]['indexes'][number]['indexName'];

/**
 * What a function may do on one table: `actions` on the table itself (a `Query` here reads the table's own key),
 * and the secondary `indexes` it queries (`dynamodb:Query` on `<table>/index/<name>`, that index only).
 */
export interface TableGrant<K extends TableKey = TableKey> {
  readonly actions?: readonly TableAction[];
  readonly indexes?: readonly IndexName<K>[];
}

/** A function's tables: it gets each one's name in the table's environment variable, and these grants only. */
export type TableGrants = { readonly [K in TableKey]?: TableGrant<K> };

export interface FunctionSpec {
  /** Module path from the repository root; it exports `handler`. */
  readonly entry: string;
  readonly description: string;
  /** The tables it uses and the operations it sends to each (see TableGrant). */
  readonly tables: TableGrants;
  /** State machines whose executions it starts (see lib/state-machines.ts). */
  readonly startsClocks?: readonly ClockName[];
  /** State machines whose executions it reads (DescribeExecution). */
  readonly readsClocks?: readonly ClockName[];
  /** Sends task tokens back to a clock (SendTaskSuccess/Failure). */
  readonly signalsClock?: boolean;
  /** Reads the table's DynamoDB stream (the table must declare `stream` in functions/store/tables.ts). */
  readonly streamFrom?: TableKey;
  /**
   * The checkpoint archive that anchors the timelines (functions/common/anchor-archive.ts): `sign` appends signed
   * checkpoints (the signing key's Sign, the bucket's create-only writes); `verify` reads checkpoints and checks them with
   * the key's public half, given at deploy time (functions/common/checkpoint-reader.ts: no KMS permission or client).
   */
  readonly checkpoints?: 'sign' | 'verify';
  /** Puts events on the system's event bus (EVENT_BUS_NAME). */
  readonly publishesEvents?: boolean;
  /**
   * Ranks award candidates by the deployment's scoring: gets AWARD_SCORING, the context `awardScoring` checked and
   * completed with the defaults (functions/common/award-scoring.ts).
   */
  readonly awardScoring?: boolean;
  /**
   * Starts grievances' clocks in the deployment's unit: gets GRIEVANCE_DAY_UNIT, the context `grievanceDayUnit`
   * checked (functions/common/grievance-unit.ts).
   */
  readonly grievanceDayUnit?: boolean;
  /**
   * Registers projects against the deployment's green-channel threshold: gets GREEN_CHANNEL_THRESHOLD, the context
   * `greenChannelThreshold` checked (functions/common/green-channel.ts).
   */
  readonly greenChannelThreshold?: boolean;
  /**
   * Reads the accountability policy (sanctions, investigation limit, flag threshold, names published): gets
   * ACCOUNTABILITY_POLICY, the context `accountabilityPolicy` checked and completed with the defaults
   * (functions/common/accountability-policy.ts).
   */
  readonly accountabilityPolicy?: boolean;
  /**
   * Reads the law-enforcement inspections' policy (the yearly limit per enterprise, the code's validity window): gets
   * ENFORCEMENT_POLICY, the context `enforcementPolicy` checked and completed with the defaults
   * (functions/common/enforcement-policy.ts).
   */
  readonly enforcementPolicy?: boolean;
  /**
   * Reads the year-end appraisal's policy (criteria and weights, minimum ratings shown, window): gets
   * APPRAISAL_POLICY, the context `appraisalPolicy` checked and completed with the defaults
   * (functions/common/appraisal-policy.ts).
   */
  readonly appraisalPolicy?: boolean;
  /** @default 10 */
  readonly timeoutSeconds?: number;
}

// Grants several functions share, named after what the code does with them (functions/store/*).

/** The calendar in force: every loaded year, one Query of the constant partition (store/calendar.ts). */
const calendarInForce = { actions: ['Query'] } as const satisfies TableGrant<'calendar'>;
/** One catalogue entry (item, department or baseline) by key. */
const catalogEntry = { actions: ['GetItem'] } as const satisfies TableGrant<'catalog'>;
/** Every entry of a kind (items, departments): the `byKind` index. */
const catalogListing = { indexes: ['byKind'] } as const satisfies TableGrant<'catalog'>;
/** An administrator's revision: the entry read and replaced on condition, its history appended. */
const catalogRevision = {
  catalog: { actions: ['GetItem', 'PutItem'] },
  catalogRevisions: { actions: ['PutItem'] },
} as const satisfies TableGrants;
/** A case read by id. */
const caseRead = { actions: ['GetItem'] } as const satisfies TableGrant<'cases'>;
/** A case read by id and moved on by conditional UpdateItems (never Put over, never deleted). */
const caseTransition = { actions: ['GetItem', 'UpdateItem'] } as const satisfies TableGrant<'cases'>;
// The Clocks table: a case write creates or changes the case's clocks in the same transaction (functions/store/
// cases.ts `writeCase`), so every function that writes a case may Put and Update its clocks; reading the decision
// token afterwards is a GetItem.
/** An accountability record written once per (case, reason): a conditional PutItem. */
const accountabilityOnce = { actions: ['PutItem'] } as const satisfies TableGrant<'accountability'>;
/** An accountability record read by key. */
const accountabilityRead = { actions: ['GetItem'] } as const satisfies TableGrant<'accountability'>;
/**
 * An accountability record moved on by a conditional update of its timeline's head (functions/store/accountability.ts
 * `writeRecord`), in a transaction with its investigation clock where it changes it.
 */
const accountabilityWrite = { actions: ['GetItem', 'UpdateItem'] } as const satisfies TableGrant<'accountability'>;
/**
 * `Idempotency-Key` on POST (functions/http/middleware/idempotency.ts): a conditional PutItem claims the key, GetItem reads
 * the claim that holds it, UpdateItem completes it, and DeleteItem frees a claim still IN_PROGRESS (on condition)
 * when the request failed on our side, so the client's retry runs. The only DeleteItem an HTTP function holds.
 */
const idempotencyClaims = {
  actions: ['GetItem', 'PutItem', 'UpdateItem', 'DeleteItem'],
} as const satisfies TableGrant<'idempotency'>;

/** A period's snapshot: the latest head, its units and its revisions (Query), a revision's head by key (GetItem). */
const snapshotRead = { actions: ['GetItem', 'Query'] } as const satisfies TableGrant<'evaluations'>;

/** A grievance read by id. */
const grievanceRead = { actions: ['GetItem'] } as const satisfies TableGrant<'grievances'>;
/**
 * A grievance moved on with its stage clocks in one transaction (functions/store/grievances.ts `writeGrievance`):
 * the grievance's conditional UpdateItem, a new stage clock's PutItem, the ended one's UpdateItem; the clock read first.
 */
const grievanceTransition = {
  grievances: { actions: ['GetItem', 'UpdateItem'] },
  clocks: { actions: ['GetItem', 'PutItem', 'UpdateItem'] },
  calendar: calendarInForce,
  idempotency: idempotencyClaims,
} as const satisfies TableGrants;
/** A project read by id. */
const projectRead = { actions: ['GetItem'] } as const satisfies TableGrant<'projects'>;
/**
 * A project moved on by a conditional update of its tracking log's head (functions/store/projects.ts `writeProject`),
 * in a transaction with its clocks where it changes them.
 */
const projectWrite = { actions: ['GetItem', 'UpdateItem'] } as const satisfies TableGrant<'projects'>;
/** A rating read by id. */
const ratingRead = { actions: ['GetItem'] } as const satisfies TableGrant<'ratings'>;
/** A rating read by id and moved on by a conditional update (with its clocks, in one transaction). */
const ratingWrite = { actions: ['GetItem', 'UpdateItem'] } as const satisfies TableGrant<'ratings'>;

export const functions = {
  openapi: {
    entry: 'functions/http/openapi.ts',
    description: 'GET /v1/openapi.json: the API described by the same schemas that validate it',
    tables: {},
  },
  calendarDeadline: {
    entry: 'functions/http/calendar-deadline.ts',
    description: 'GET /v1/calendar/deadline: the working-day deadline for a receipt instant',
    tables: { calendar: calendarInForce },
  },
  calendarYearGet: {
    entry: 'functions/http/calendar-year-get.ts',
    description: 'GET /v1/calendar/years/{year}: the working-day calendar in force for a year',
    tables: { calendar: { actions: ['GetItem', 'Query'] } },
  },
  calendarYearPut: {
    entry: 'functions/http/calendar-year-put.ts',
    description: 'PUT /v1/calendar/years/{year}: an administrator loads a year of the State Council holiday notice',
    tables: { calendar: { actions: ['PutItem'] } },
  },
  catalogList: {
    entry: 'functions/http/catalog-list.ts',
    description: 'GET /v1/catalog: the published approval items, searchable, in Chinese or English',
    tables: { catalog: catalogListing },
  },
  catalogDisclosure: {
    entry: 'functions/http/catalog-disclosure.ts',
    description: 'GET /v1/catalog/disclosure: share of published items whose guide is complete in both languages',
    tables: { catalog: catalogListing },
  },
  catalogGet: {
    entry: 'functions/http/catalog-get.ts',
    description: 'GET /v1/catalog/{code}: one approval item with its full service guide',
    tables: { catalog: catalogEntry },
  },
  catalogTemplate: {
    entry: 'functions/http/catalog-template.ts',
    description:
      "GET /v1/catalog/{code}/templates/{material}: a material's blank form or the sample application, JSON or HTML",
    tables: { catalog: catalogEntry },
  },
  catalogCreate: {
    entry: 'functions/http/catalog-create.ts',
    description: 'POST /v1/catalog: an administrator publishes a new item (revision 1, baseline recorded)',
    tables: { ...catalogRevision, idempotency: idempotencyClaims },
  },
  catalogRevise: {
    entry: 'functions/http/catalog-revise.ts',
    description: "PUT /v1/catalog/{code}: an administrator revises an item's guide, with the reason kept",
    tables: catalogRevision,
  },
  catalogRetire: {
    entry: 'functions/http/catalog-retire.ts',
    description: 'POST /v1/catalog/{code}/retire: an administrator retires an item; history and open cases stay',
    tables: { ...catalogRevision, idempotency: idempotencyClaims },
  },
  catalogRevisions: {
    entry: 'functions/http/catalog-revisions.ts',
    description: 'GET /v1/catalog/{code}/revisions: every revision of an item and its baseline',
    tables: { catalog: catalogEntry, catalogRevisions: { actions: ['Query'] } },
  },
  departmentsList: {
    entry: 'functions/http/departments-list.ts',
    description: 'GET /v1/departments: the department directory (name, address, phone, hours)',
    tables: { catalog: catalogListing },
  },
  departmentsGet: {
    entry: 'functions/http/departments-get.ts',
    description: 'GET /v1/departments/{id}: one department with its windows and published items',
    tables: { catalog: { actions: ['GetItem'], indexes: ['byKind'] } },
  },
  departmentsCreate: {
    entry: 'functions/http/departments-create.ts',
    description: 'POST /v1/departments: an administrator adds a department',
    tables: { ...catalogRevision, idempotency: idempotencyClaims },
  },
  departmentsRevise: {
    entry: 'functions/http/departments-revise.ts',
    description: 'PUT /v1/departments/{id}: an administrator revises a department, with the reason kept',
    tables: catalogRevision,
  },
  applicationsCreate: {
    entry: 'functions/http/applications-create.ts',
    description: 'POST /v1/applications: intake: refer, notice, decide on the spot, or accept and start the clock',
    tables: {
      clocks: { actions: ['PutItem'] },
      catalog: catalogEntry,
      calendar: calendarInForce,
      // A new case is one conditional PutItem (the id is derived from the Idempotency-Key); GetItem finds an earlier one.
      cases: { actions: ['GetItem', 'PutItem'] },
      referrals: { actions: ['PutItem'] },
      profiles: { actions: ['GetItem', 'UpdateItem'] },
      // The project an application names (its one form's answers, its green channel).
      projects: projectRead,
      idempotency: idempotencyClaims,
    },
    startsClocks: ['ApprovalClock', 'IntakeClock'],
  },
  applicationsGet: {
    entry: 'functions/http/applications-get.ts',
    description: 'GET /v1/applications/{id}: a case with its deadline, light and timeline',
    tables: { cases: caseRead, calendar: calendarInForce },
  },
  applicationsAccept: {
    entry: 'functions/http/applications-accept.ts',
    description: 'POST /v1/applications/{id}/accept: a clerk accepts an application received for review',
    tables: {
      clocks: { actions: ['PutItem', 'UpdateItem'] },
      catalog: catalogEntry,
      calendar: calendarInForce,
      cases: caseTransition,
      idempotency: idempotencyClaims,
    },
    startsClocks: ['ApprovalClock'],
  },
  applicationsNotice: {
    entry: 'functions/http/applications-notice.ts',
    description:
      'POST /v1/applications/{id}/notice: a clerk answers an application received for review with one notice',
    tables: {
      clocks: { actions: ['PutItem', 'UpdateItem'] },
      catalog: catalogEntry,
      cases: caseTransition,
      idempotency: idempotencyClaims,
    },
  },
  applicationsMaterials: {
    entry: 'functions/http/applications-materials.ts',
    description:
      'POST /v1/applications/{id}/materials: resubmission after a one-time notice; accepts and starts the clock when complete',
    tables: {
      clocks: { actions: ['PutItem', 'UpdateItem'] },
      catalog: catalogEntry,
      calendar: calendarInForce,
      cases: caseTransition,
      idempotency: idempotencyClaims,
    },
    startsClocks: ['ApprovalClock'],
  },
  applicationsReceipt: {
    entry: 'functions/http/applications-receipt.ts',
    description:
      'GET /v1/applications/{id}/receipt: the acceptance receipt or one-time notice, as JSON or printable HTML',
    tables: { cases: caseRead, catalog: catalogEntry },
  },
  applicationsVerify: {
    entry: 'functions/http/applications-verify.ts',
    description: "GET /v1/applications/{id}/verify: re-compute a case's hash-chained timeline (supervisors)",
    tables: { cases: caseRead, clocks: { actions: ['Query'] } },
    checkpoints: 'verify',
  },
  applicationsDecide: {
    entry: 'functions/http/applications-decide.ts',
    description: 'POST /v1/applications/{id}/decision: a reviewer records the decision and stops the clock',
    tables: {
      clocks: { actions: ['GetItem', 'PutItem', 'UpdateItem'] },
      cases: caseTransition,
      idempotency: idempotencyClaims,
      // A late decision finishes an overdue record a crash left owed (settleIfExpired), before its signal.
      accountability: accountabilityOnce,
      calendar: calendarInForce,
    },
    signalsClock: true,
  },
  applicationsSuspend: {
    entry: 'functions/http/applications-suspend.ts',
    description: 'POST /v1/applications/{id}/suspend: a reviewer pauses the clock for a reason the law excludes',
    tables: { clocks: { actions: ['PutItem', 'UpdateItem'] }, cases: caseTransition, idempotency: idempotencyClaims },
  },
  applicationsResume: {
    entry: 'functions/http/applications-resume.ts',
    description: 'POST /v1/applications/{id}/resume: the pause ends, its working days move the deadline',
    tables: {
      clocks: { actions: ['GetItem', 'PutItem', 'UpdateItem'] },
      calendar: calendarInForce,
      cases: caseTransition,
      idempotency: idempotencyClaims,
    },
    signalsClock: true,
  },
  applicationsExtension: {
    entry: 'functions/http/applications-extension.ts',
    description: 'POST /v1/applications/{id}/extension: a reviewer requests the one extension',
    tables: {
      clocks: { actions: ['PutItem', 'UpdateItem'] },
      catalog: catalogEntry,
      cases: caseTransition,
      idempotency: idempotencyClaims,
    },
  },
  applicationsExtensionApprove: {
    entry: 'functions/http/applications-extension-approve.ts',
    description: 'POST /v1/applications/{id}/extension/approve: the head approves it and the deadline moves',
    tables: {
      clocks: { actions: ['GetItem', 'PutItem', 'UpdateItem'] },
      calendar: calendarInForce,
      cases: caseTransition,
      idempotency: idempotencyClaims,
    },
    signalsClock: true,
  },
  applicationsWithdraw: {
    entry: 'functions/http/applications-withdraw.ts',
    description: 'POST /v1/applications/{id}/withdraw: the applicant withdraws before a decision; the clock ends',
    tables: {
      clocks: { actions: ['GetItem', 'PutItem', 'UpdateItem'] },
      cases: caseTransition,
      idempotency: idempotencyClaims,
    },
    signalsClock: true,
  },
  applicationsReview: {
    entry: 'functions/http/applications-review.ts',
    description: 'POST /v1/applications/{id}/review: a supervisor confirms or revokes a deemed approval',
    tables: {
      clocks: { actions: ['PutItem', 'UpdateItem'] },
      cases: caseTransition,
      // Escalation is an UpdateItem of the existing record (on condition that it exists); records are never written here.
      accountability: { actions: ['UpdateItem'] },
      idempotency: idempotencyClaims,
    },
  },
  notificationsList: {
    entry: 'functions/http/notifications-list.ts',
    description: "GET /v1/notifications: the caller's inbox (applicant, department staff, head, supervision)",
    tables: { notifications: { indexes: ['departmentInbox', 'applicantInbox', 'supervisionInbox', 'officerInbox'] } },
  },
  applicationsNotifications: {
    entry: 'functions/http/applications-notifications.ts',
    description: 'GET /v1/applications/{id}/notifications: what the case told whom, in timeline order',
    tables: { cases: caseRead, notifications: { actions: ['Query'] } },
  },
  applicationsList: {
    entry: 'functions/http/applications-list.ts',
    description: "GET /v1/applications: an applicant's own applications, newest first, with lights",
    tables: { cases: { indexes: ['byApplicant'] }, calendar: calendarInForce },
  },
  worklist: {
    entry: 'functions/http/worklist.ts',
    description:
      "GET /v1/worklist: the caller's department's open cases, owed grievances and rectifications, most urgent first, with lights",
    tables: {
      cases: { indexes: ['openByDepartment'] },
      grievances: { indexes: ['owedByDepartment'] },
      ratings: { indexes: ['owedRectifications'] },
      calendar: calendarInForce,
      // The problems of inspection visits still owing a rectification (sparse `owedByDepartment`).
      visits: { indexes: ['owedByDepartment'] },
      // Law-enforcement inspections to approve or record (docs/enforcement.md#in-the-worklist).
      enforcement: { indexes: ['byDepartment'] },
    },
    // The validity window of a plan not yet filed (when an unapproved plan turns RED).
    enforcementPolicy: true,
  },
  accountabilityList: {
    entry: 'functions/http/accountability-list.ts',
    description: 'GET /v1/accountability: the accountability register with where each record stands (supervisors)',
    tables: { accountability: { indexes: ['byYear'] } },
    accountabilityPolicy: true,
  },
  accountabilityFlags: {
    entry: 'functions/http/accountability-flags.ts',
    description: "GET /v1/accountability/flags: a quarter's departments and officers flagged for public handling",
    tables: { accountability: { indexes: ['byYear'] } },
    accountabilityPolicy: true,
  },
  accountabilityGet: {
    entry: 'functions/http/accountability-get.ts',
    description: 'GET /v1/accountability/{id}: one record with its verified timeline (supervisors; a head: own)',
    tables: { accountability: accountabilityRead },
    accountabilityPolicy: true,
  },
  accountabilityInvestigate: {
    entry: 'functions/http/accountability-investigate.ts',
    description: 'POST /v1/accountability/{id}/investigate: a supervisor opens the investigation; its clock starts',
    tables: {
      accountability: accountabilityWrite,
      clocks: { actions: ['PutItem'] },
      calendar: calendarInForce,
      idempotency: idempotencyClaims,
    },
    startsClocks: ['InvestigationClock'],
    accountabilityPolicy: true,
  },
  accountabilityDecide: {
    entry: 'functions/http/accountability-decide.ts',
    description: 'POST /v1/accountability/{id}/decide: responsibility, sanction and findings; the clock ends',
    tables: {
      accountability: accountabilityWrite,
      clocks: { actions: ['GetItem', 'UpdateItem'] },
      idempotency: idempotencyClaims,
    },
    accountabilityPolicy: true,
  },
  accountabilityPublish: {
    entry: 'functions/http/accountability-publish.ts',
    description: 'POST /v1/accountability/{id}/publish: a decided record disclosed to the public',
    tables: { accountability: accountabilityWrite, idempotency: idempotencyClaims },
    accountabilityPolicy: true,
  },
  accountabilityDismiss: {
    entry: 'functions/http/accountability-dismiss.ts',
    description: 'POST /v1/accountability/{id}/dismiss: a record not yet decided dismissed with reasons',
    tables: {
      accountability: accountabilityWrite,
      clocks: { actions: ['GetItem', 'UpdateItem'] },
      idempotency: idempotencyClaims,
    },
    accountabilityPolicy: true,
  },
  accountabilityPublic: {
    entry: 'functions/http/accountability-public.ts',
    description: 'GET /v1/public/accountability: the published outcomes, no ID number or phone (anyone)',
    tables: { accountability: { indexes: ['byYear'] } },
    accountabilityPolicy: true,
  },
  evaluationsGet: {
    entry: 'functions/http/evaluations-get.ts',
    description: "GET /v1/evaluations/{period}: a period's latest evaluation snapshot, JSON or CSV (public)",
    tables: { evaluations: snapshotRead },
  },
  evaluationsTargets: {
    entry: 'functions/http/evaluations-targets.ts',
    description:
      "GET /v1/evaluations/{period}/targets: the campaign scorecard of a period's snapshot, JSON or CSV (public)",
    tables: { evaluations: snapshotRead },
  },
  evaluationsItems: {
    entry: 'functions/http/evaluations-items.ts',
    description: "GET /v1/evaluations/{period}/items: each item's figures of a period's snapshot, JSON or CSV (public)",
    tables: { evaluations: snapshotRead },
  },
  evaluationsOfficers: {
    entry: 'functions/http/evaluations-officers.ts',
    description:
      "GET /v1/evaluations/{period}/officers: officers' and windows' figures (supervisors; a head: own department)",
    tables: { evaluations: { actions: ['Query'] } },
  },
  evaluationsRun: {
    entry: 'functions/http/evaluations-run.ts',
    description: 'POST /v1/evaluations/{period}/run: evaluate a period now, a new immutable snapshot revision',
    tables: {
      // What evaluate() reads (the period's tallies and referrals, the catalogue as it stood) and writes (the
      // snapshot: its units, then its head on condition), as the scheduled `evaluate` does.
      tallies: { actions: ['Query'] },
      referrals: { indexes: ['byDay'] },
      catalog: { actions: ['GetItem'], indexes: ['byKind'] },
      catalogRevisions: { actions: ['Query'] },
      evaluations: { actions: ['GetItem', 'PutItem', 'Query'] },
      idempotency: idempotencyClaims,
      // A year's run reads the year's appraisal ratings (one Query of the year): the annual assessment (v5).
      appraisals: { actions: ['Query'] },
    },
    appraisalPolicy: true,
    // A year's run reads a year of tallies: more than the default 10 s an API request gets (API Gateway waits 30 s).
    timeoutSeconds: 29,
  },
  evaluationsAwards: {
    entry: 'functions/http/evaluations-awards.ts',
    description: "GET /v1/evaluations/{year}/awards: the year's award candidates and exclusions (supervisors, admins)",
    tables: { evaluations: snapshotRead, accountability: { indexes: ['byYear'] } },
    awardScoring: true,
  },
  track: {
    entry: 'functions/http/track.ts',
    description: 'POST /v1/track: the public tracker, a case by its id and the phone given on it (no personal data)',
    tables: { cases: caseRead, calendar: calendarInForce, idempotency: idempotencyClaims },
  },
  ratingsCreate: {
    entry: 'functions/http/ratings-create.ts',
    description:
      'POST /v1/applications/{id}/rating: the applicant rates a closed case once; a bad review starts its clocks',
    tables: {
      cases: caseRead,
      calendar: calendarInForce,
      clocks: { actions: ['PutItem'] },
      ratings: { actions: ['PutItem'] },
      idempotency: idempotencyClaims,
    },
    startsClocks: ['RatingContactClock', 'RatingRectifyClock'],
  },
  ratingsSummary: {
    entry: 'functions/http/ratings-summary.ts',
    description: "GET /v1/ratings/summary: a month's ratings per department and item (public)",
    tables: { ratings: { indexes: ['byPeriod'] } },
  },
  ratingsList: {
    entry: 'functions/http/ratings-list.ts',
    description: "GET /v1/ratings: supervision's every bad review, a department's bad reviews, an applicant's own",
    tables: { ratings: { indexes: ['badReviews', 'badByDepartment', 'byApplicant'] }, calendar: calendarInForce },
  },
  ratingsGet: {
    entry: 'functions/http/ratings-get.ts',
    description: 'GET /v1/ratings/{id}: a rating with its rectification and verified timeline',
    tables: { ratings: ratingRead },
  },
  ratingsContact: {
    entry: 'functions/http/ratings-contact.ts',
    description: 'POST /v1/ratings/{id}/contact: the department contacted the applicant about a bad review',
    tables: { ratings: ratingWrite, clocks: { actions: ['GetItem', 'UpdateItem'] }, idempotency: idempotencyClaims },
  },
  ratingsRectification: {
    entry: 'functions/http/ratings-rectification.ts',
    description: 'POST /v1/ratings/{id}/rectification: the department reports its rectification of a bad review',
    tables: { ratings: ratingWrite, clocks: { actions: ['GetItem', 'UpdateItem'] }, idempotency: idempotencyClaims },
  },
  ratingsFollowUp: {
    entry: 'functions/http/ratings-follow-up.ts',
    description: "POST /v1/ratings/{id}/follow-up: the applicant's one follow-up rating after the rectification",
    tables: { ratings: ratingWrite, idempotency: idempotencyClaims },
  },
  ratingsAppeal: {
    entry: 'functions/http/ratings-appeal.ts',
    description: 'POST /v1/ratings/{id}/appeal: the head appeals a bad review to supervision',
    tables: { ratings: ratingWrite, idempotency: idempotencyClaims },
  },
  ratingsVerify: {
    entry: 'functions/http/ratings-verify.ts',
    description: "GET /v1/ratings/{id}/verify: re-compute a rating's hash-chained timeline (supervisors)",
    tables: { ratings: ratingRead },
  },
  ratingsAppealDecide: {
    entry: 'functions/http/ratings-appeal-decide.ts',
    description: 'POST /v1/ratings/{id}/appeal/decide: supervision decides; upheld: excluded; rejected: on record',
    tables: {
      ratings: ratingWrite,
      clocks: { actions: ['Query', 'UpdateItem'] },
      accountability: accountabilityOnce,
      idempotency: idempotencyClaims,
    },
  },
  checkpoint: {
    entry: 'functions/workflow/checkpoint.ts',
    description:
      'Approval clock: re-read the case; raise the yellow warning, apply the deadline rule or the red card; plan the next wait',
    tables: {
      clocks: { actions: ['GetItem', 'PutItem', 'UpdateItem'] },
      calendar: calendarInForce,
      cases: caseTransition,
      accountability: accountabilityOnce,
    },
    timeoutSeconds: 30,
  },
  intakeCheckpoint: {
    entry: 'functions/workflow/intake-checkpoint.ts',
    description:
      'Intake clock: 5 working days after receipt with no acceptance or notice, accept from receipt (Art.32)',
    tables: {
      clocks: { actions: ['GetItem', 'PutItem', 'UpdateItem'] },
      calendar: calendarInForce,
      cases: caseTransition,
    },
    startsClocks: ['ApprovalClock'],
    timeoutSeconds: 30,
  },
  ratingsCheckpoint: {
    entry: 'functions/workflow/rating-checkpoint.ts',
    description:
      'Rating clocks: a bad review not contacted in 1 working day or not rectified in 15 goes overdue to supervision',
    // Its writes are conditional updates of the rating and its clock (one transaction): no clock is created here.
    tables: {
      clocks: { actions: ['GetItem', 'UpdateItem'] },
      calendar: calendarInForce,
      ratings: { actions: ['GetItem', 'UpdateItem'] },
    },
    timeoutSeconds: 30,
  },
  investigationCheckpoint: {
    entry: 'functions/workflow/investigation-checkpoint.ts',
    description:
      'Investigation clock: an accountability record still undecided at the investigation limit is escalated',
    // Its writes are conditional updates of the record and its clock (one transaction): no clock is created here.
    tables: {
      clocks: { actions: ['GetItem', 'UpdateItem'] },
      calendar: calendarInForce,
      accountability: accountabilityWrite,
    },
    timeoutSeconds: 30,
  },
  accountabilityNotify: {
    entry: 'functions/stream/accountability-notify.ts',
    description:
      "Accountability stream: tell the department's head of an investigation, decision, publication or dismissal, supervision of an escalation",
    tables: { notifications: { actions: ['PutItem'] } },
    streamFrom: 'accountability',
    publishesEvents: true,
    timeoutSeconds: 60,
  },
  tallyAccountability: {
    entry: 'functions/stream/tally-accountability.ts',
    description:
      "Accountability stream: add each decision, publication and dismissal to its day's counts per department, once",
    tables: { tallies: { actions: ['GetItem', 'UpdateItem'] } },
    streamFrom: 'accountability',
    timeoutSeconds: 60,
  },
  awaitDecision: {
    entry: 'functions/workflow/await-decision.ts',
    description: 'Approval clock: park the task token on its clock record so a decision can end the clock at once',
    tables: { clocks: { actions: ['UpdateItem'] }, cases: caseRead },
    signalsClock: true,
  },
  ratingsNotify: {
    entry: 'functions/stream/ratings-notify.ts',
    description:
      'Ratings stream: record a notification for every rating event someone must be told of, and put it on the bus',
    tables: { notifications: { actions: ['PutItem'] } },
    streamFrom: 'ratings',
    publishesEvents: true,
    timeoutSeconds: 60,
  },
  notify: {
    entry: 'functions/stream/notify.ts',
    description:
      "Cases stream: record a notification for every timeline event someone must be told of, put it on the bus; a project's steps on its log",
    // Projects: each step of a project's application copied to the project's tracking log (project-steps.ts).
    tables: { notifications: { actions: ['PutItem'] }, projects: projectWrite },
    streamFrom: 'cases',
    publishesEvents: true,
    timeoutSeconds: 60,
  },
  anchor: {
    entry: 'functions/stream/anchor.ts',
    description: 'Cases stream: sign a checkpoint of the chain heads that grew in each batch, kept outside the table',
    tables: {},
    streamFrom: 'cases',
    checkpoints: 'sign',
    timeoutSeconds: 60,
  },
  tally: {
    entry: 'functions/stream/tally.ts',
    description:
      "Cases stream: add each new timeline event to its day's counts per unit, once (the evaluation's tallies)",
    tables: { calendar: calendarInForce, tallies: { actions: ['GetItem', 'UpdateItem'] } },
    streamFrom: 'cases',
    timeoutSeconds: 60,
  },
  tallyGrievances: {
    entry: 'functions/stream/tally-grievances.ts',
    description:
      "Grievances stream: add each new timeline event to its day's counts per unit, once (complaints in the evaluation)",
    tables: { tallies: { actions: ['GetItem', 'UpdateItem'] } },
    streamFrom: 'grievances',
    timeoutSeconds: 60,
  },
  tallyRatings: {
    entry: 'functions/stream/tally-ratings.ts',
    description:
      "Ratings stream: add each new timeline event to its rating day's counts per unit, once (satisfaction in the evaluation)",
    tables: { tallies: { actions: ['GetItem', 'UpdateItem'] } },
    streamFrom: 'ratings',
    timeoutSeconds: 60,
  },
  evaluate: {
    entry: 'functions/schedule/evaluate.ts',
    description:
      'Schedule: evaluate the month just ended (and quarter, year, phase ending with it) or the month to date',
    tables: {
      tallies: { actions: ['Query'] },
      referrals: { indexes: ['byDay'] },
      catalog: { actions: ['GetItem'], indexes: ['byKind'] },
      catalogRevisions: { actions: ['Query'] },
      evaluations: { actions: ['GetItem', 'PutItem', 'Query'] },
      // A year's run reads the year's appraisal ratings (one Query of the year): the annual assessment (v5).
      appraisals: { actions: ['Query'] },
    },
    appraisalPolicy: true,
    timeoutSeconds: 300,
  },
  reconcile: {
    entry: 'functions/schedule/reconcile.ts',
    description: 'Schedule: repair clocks whose deadline passed with no outcome or whose execution is missing',
    tables: {
      calendar: calendarInForce,
      cases: caseTransition,
      // replanOwedClocks: moved deadlines not re-planned (issue 17 item 5), their RESCHEDULED sent again.
      clocks: {
        actions: ['GetItem', 'PutItem', 'UpdateItem'],
        indexes: ['openClocks', 'unstartedClocks', 'replanOwedClocks'],
      },
      // Records written once (a missed expiry's), and investigations escalated at their limit (a conditional update).
      accountability: { actions: ['PutItem', 'GetItem', 'UpdateItem'] },
      // Visit problems overdue at their deadline (a conditional update of the visit with its clock).
      visits: { actions: ['GetItem', 'UpdateItem'] },
      grievances: { actions: ['GetItem', 'UpdateItem'] },
      ratings: { actions: ['GetItem', 'UpdateItem'] },
      // The joint approval's deemed agreements, and the higher approvals owed a reminder (sparse `higherReminders`).
      projects: { actions: ['GetItem', 'UpdateItem'], indexes: ['higherReminders'] },
    },
    startsClocks: [
      'ApprovalClock',
      'IntakeClock',
      'GrievanceClock',
      'RatingContactClock',
      'RatingRectifyClock',
      'JointApprovalClock',
      'InvestigationClock',
      'VisitRectificationClock',
    ],
    readsClocks: [
      'ApprovalClock',
      'IntakeClock',
      'GrievanceClock',
      'RatingContactClock',
      'RatingRectifyClock',
      'JointApprovalClock',
      'InvestigationClock',
      'VisitRectificationClock',
    ],
    timeoutSeconds: 300,
    // RESCHEDULED sent again to a clock whose moved deadline was not re-planned (issue 17 item 5).
    signalsClock: true,
  },
  grievancesCreate: {
    entry: 'functions/http/grievances-create.ts',
    description: 'POST /v1/grievances: file a complaint, report or appeal; the acceptance clock starts',
    tables: {
      grievances: { actions: ['PutItem'] },
      clocks: { actions: ['PutItem'] },
      // The case a complaint is about (the complainant's own) and the department named.
      cases: { actions: ['GetItem'] },
      catalog: catalogEntry,
      calendar: calendarInForce,
      idempotency: idempotencyClaims,
    },
    startsClocks: ['GrievanceClock'],
    grievanceDayUnit: true,
  },
  grievancesGet: {
    entry: 'functions/http/grievances-get.ts',
    description: "GET /v1/grievances/{id}: a grievance; the department's staff never see who filed it",
    tables: { grievances: grievanceRead },
  },
  grievancesList: {
    entry: 'functions/http/grievances-list.ts',
    description: "GET /v1/grievances: supervision's every grievance, a department's assigned ones, an applicant's own",
    tables: { grievances: { indexes: ['register', 'byAssignee', 'byComplainant'] }, calendar: calendarInForce },
  },
  grievancesLookup: {
    entry: 'functions/http/grievances-lookup.ts',
    description: 'GET /v1/grievances/lookup: a grievance by its query code',
    tables: { grievances: { actions: ['GetItem'], indexes: ['byQueryCode'] } },
  },
  grievancesVerify: {
    entry: 'functions/http/grievances-verify.ts',
    description: "GET /v1/grievances/{id}/verify: re-compute a grievance's hash-chained timeline (supervisors)",
    tables: { grievances: grievanceRead },
  },
  grievancesAccept: {
    entry: 'functions/http/grievances-accept.ts',
    description: 'POST /v1/grievances/{id}/accept: supervision accepts and assigns; the handling clock starts',
    tables: { ...grievanceTransition, catalog: catalogEntry },
    startsClocks: ['GrievanceClock'],
  },
  grievancesRefer: {
    entry: 'functions/http/grievances-refer.ts',
    description: 'POST /v1/grievances/{id}/refer: supervision refers it to the competent agency',
    tables: {
      grievances: { actions: ['GetItem', 'UpdateItem'] },
      clocks: { actions: ['GetItem', 'PutItem', 'UpdateItem'] },
      idempotency: idempotencyClaims,
    },
  },
  grievancesExtension: {
    entry: 'functions/http/grievances-extension.ts',
    description: 'POST /v1/grievances/{id}/extension: the head of the assigned department asks for the one extension',
    tables: {
      grievances: { actions: ['GetItem', 'UpdateItem'] },
      clocks: { actions: ['GetItem', 'PutItem', 'UpdateItem'] },
      idempotency: idempotencyClaims,
    },
  },
  grievancesExtensionApprove: {
    entry: 'functions/http/grievances-extension-approve.ts',
    description: 'POST /v1/grievances/{id}/extension/approve: supervision approves it; the handling deadline moves',
    tables: {
      grievances: { actions: ['GetItem', 'UpdateItem'] },
      clocks: { actions: ['PutItem', 'UpdateItem'] },
      calendar: calendarInForce,
      idempotency: idempotencyClaims,
    },
  },
  grievancesFindings: {
    entry: 'functions/http/grievances-findings.ts',
    description: 'POST /v1/grievances/{id}/findings: written findings and actions; substantiated: accountability',
    tables: { ...grievanceTransition, accountability: accountabilityOnce },
    startsClocks: ['GrievanceClock'],
  },
  grievancesReviewRequest: {
    entry: 'functions/http/grievances-review-request.ts',
    description: 'POST /v1/grievances/{id}/review-request: the complainant asks for a review within its period',
    tables: {
      grievances: { actions: ['GetItem', 'UpdateItem'] },
      clocks: { actions: ['PutItem', 'UpdateItem'] },
      calendar: calendarInForce,
      idempotency: idempotencyClaims,
    },
    startsClocks: ['GrievanceClock'],
  },
  grievancesReviewDecision: {
    entry: 'functions/http/grievances-review-decision.ts',
    description:
      'POST /v1/grievances/{id}/review-decision: supervision answers the review or re-review; substantiated: accountability',
    tables: { ...grievanceTransition, accountability: accountabilityOnce },
    startsClocks: ['GrievanceClock'],
  },
  grievancesCheckpoint: {
    entry: 'functions/workflow/grievances-checkpoint.ts',
    description:
      'Grievance clock: a stage overdue to supervision at its deadline, the red card after; the window closes',
    tables: {
      clocks: { actions: ['GetItem', 'PutItem', 'UpdateItem'] },
      calendar: calendarInForce,
      grievances: { actions: ['GetItem', 'UpdateItem'] },
    },
    timeoutSeconds: 30,
  },
  grievancesNotify: {
    entry: 'functions/stream/grievances-notify.ts',
    description:
      'Grievances stream: tell the complainant, the department and supervision of each event, and put it on the bus',
    tables: { notifications: { actions: ['PutItem'] } },
    streamFrom: 'grievances',
    publishesEvents: true,
    timeoutSeconds: 60,
  },
  projectsCreate: {
    entry: 'functions/http/projects-create.ts',
    description: 'POST /v1/projects: register a major project; green channel at or above the threshold',
    tables: {
      projects: { actions: ['GetItem', 'PutItem'] },
      catalog: catalogEntry,
      calendar: calendarInForce,
      idempotency: idempotencyClaims,
    },
    greenChannelThreshold: true,
  },
  projectsList: {
    entry: 'functions/http/projects-list.ts',
    description: "GET /v1/projects: every project, an investor's own, an officer's",
    tables: { projects: { indexes: ['register', 'byApplicant', 'byOfficer'] } },
  },
  projectsGet: {
    entry: 'functions/http/projects-get.ts',
    description: 'GET /v1/projects/{id}: a project with its joint approval, higher approvals and tracking log',
    tables: { projects: projectRead, calendar: calendarInForce },
  },
  projectsVerify: {
    entry: 'functions/http/projects-verify.ts',
    description: "GET /v1/projects/{id}/verify: re-compute a project's hash-chained tracking log (supervisors)",
    tables: { projects: projectRead },
  },
  projectsOfficer: {
    entry: 'functions/http/projects-officer.ts',
    description: "POST /v1/projects/{id}/officer: an administrator names the project's dedicated officer",
    tables: { projects: projectWrite, calendar: calendarInForce, idempotency: idempotencyClaims },
  },
  projectsForm: {
    entry: 'functions/http/projects-form.ts',
    description: "GET /v1/projects/{id}/form: the one form, the union of the items' form fields",
    tables: { projects: projectRead, catalog: catalogEntry },
  },
  projectsFormFill: {
    entry: 'functions/http/projects-form-fill.ts',
    description: "PUT /v1/projects/{id}/form: the one form's answers, reused by each item's application",
    tables: { projects: projectWrite, catalog: catalogEntry },
  },
  projectsJointApproval: {
    entry: 'functions/http/projects-joint-approval.ts',
    description:
      "POST /v1/projects/{id}/joint-approval: open the joint approval; each department's opinion clock starts",
    tables: {
      projects: projectWrite,
      clocks: { actions: ['PutItem'] },
      catalog: catalogEntry,
      calendar: calendarInForce,
      idempotency: idempotencyClaims,
    },
    startsClocks: ['JointApprovalClock'],
  },
  projectsJointExtension: {
    entry: 'functions/http/projects-joint-extension.ts',
    description: "POST /v1/projects/{id}/joint-approval/extension: the government's head extends it once (+15)",
    tables: {
      projects: projectWrite,
      clocks: { actions: ['UpdateItem'] },
      calendar: calendarInForce,
      idempotency: idempotencyClaims,
    },
  },
  projectsOpinion: {
    entry: 'functions/http/projects-opinions.ts',
    description: "POST /v1/projects/{id}/opinions: a department's opinion in the joint approval, before its deadline",
    tables: {
      projects: projectWrite,
      clocks: { actions: ['GetItem', 'UpdateItem'] },
      calendar: calendarInForce,
      idempotency: idempotencyClaims,
    },
    signalsClock: true,
  },
  projectsHigherApproval: {
    entry: 'functions/http/projects-higher-approvals.ts',
    description: 'POST /v1/projects/{id}/higher-approvals: the officer tracks a matter waiting on a higher authority',
    tables: { projects: projectWrite, calendar: calendarInForce, idempotency: idempotencyClaims },
  },
  projectsMilestone: {
    entry: 'functions/http/projects-milestones.ts',
    description: 'POST /v1/projects/{id}/higher-approvals/{hid}/milestones: news of a higher approval',
    tables: { projects: projectWrite, calendar: calendarInForce, idempotency: idempotencyClaims },
  },
  jointCheckpoint: {
    entry: 'functions/workflow/joint-checkpoint.ts',
    description:
      'Joint approval clock: a department silent at its deadline is deemed to agree, on record; the result when all are in',
    tables: {
      clocks: { actions: ['GetItem', 'UpdateItem'] },
      calendar: calendarInForce,
      projects: projectWrite,
      accountability: accountabilityOnce,
    },
    timeoutSeconds: 30,
  },
  awaitOpinion: {
    entry: 'functions/workflow/await-opinion.ts',
    description:
      'Joint approval clock: park the task token on its clock record so an opinion (or the conclusion) ends it at once',
    tables: { clocks: { actions: ['GetItem', 'UpdateItem'] } },
    signalsClock: true,
  },
  projectsNotify: {
    entry: 'functions/stream/projects-notify.ts',
    description:
      'Projects stream: tell the officer of every event, the departments concerned and supervision of theirs, and put it on the bus',
    tables: { notifications: { actions: ['PutItem'] } },
    streamFrom: 'projects',
    publishesEvents: true,
    timeoutSeconds: 60,
  },
  tallyProjects: {
    entry: 'functions/stream/tally-projects.ts',
    description:
      "Projects stream: add each new tracking-log event to its day's counts per unit, once (the green channel in the evaluation)",
    tables: { tallies: { actions: ['GetItem', 'UpdateItem'] } },
    streamFrom: 'projects',
    timeoutSeconds: 60,
  },
  // ---- Official activities and the year-end appraisal (issue 16 items 5–6, docs/supervision.md) ----
  officialActivitiesCreate: {
    entry: 'functions/http/official-activities-create.ts',
    description: 'POST /v1/official-activities: register an official activity with an enterprise (staff)',
    // The corrected entry read (GetItem), the new one written once (conditional PutItem); never updated or deleted.
    tables: { officialActivities: { actions: ['GetItem', 'PutItem'] }, idempotency: idempotencyClaims },
  },
  officialActivitiesList: {
    entry: 'functions/http/official-activities-list.ts',
    description:
      "GET /v1/official-activities: per enterprise, officer or department (supervisors; staff: their own department's)",
    tables: {
      officialActivities: { indexes: ['register', 'byCreditCode', 'byEnterpriseName', 'byOfficer', 'byDepartment'] },
    },
  },
  appraisalsCriteria: {
    entry: 'functions/http/appraisals-criteria.ts',
    description: "GET /v1/appraisals/{year}/criteria: the year's published appraisal criteria and window (public)",
    tables: {},
    appraisalPolicy: true,
  },
  appraisalsGet: {
    entry: 'functions/http/appraisals-get.ts',
    description: "GET /v1/appraisals/{year}: the year's appraisal per department, aggregates only (public)",
    tables: { appraisals: { actions: ['Query'] }, catalog: catalogListing },
    appraisalPolicy: true,
  },
  appraisalsRate: {
    entry: 'functions/http/appraisals-rate.ts',
    description: 'POST /v1/appraisals/{year}/ratings: a representative rates a department and its leader, once',
    tables: { appraisals: { actions: ['PutItem'] }, catalog: catalogEntry, idempotency: idempotencyClaims },
    appraisalPolicy: true,
  },
  appraisalsMine: {
    entry: 'functions/http/appraisals-mine.ts',
    description: "GET /v1/appraisals/{year}/ratings/mine: a representative's own ratings of the year",
    tables: { appraisals: { actions: ['Query'] } },
    appraisalPolicy: true,
  },
  // ---- Law-enforcement inspections (执法检查审批备案, issue 16 item 4, docs/enforcement.md) ----
  enforcementCreate: {
    entry: 'functions/http/enforcement-create.ts',
    description:
      "POST /v1/enforcement/inspections: a department plans an inspection, counted against the enterprise's yearly limit",
    // The plan and its enterprise's counter in one transaction (the counter's condition is the limit); the counter
    // read back to say how many there were when a cause is missing.
    tables: { enforcement: { actions: ['GetItem', 'PutItem', 'UpdateItem'] }, idempotency: idempotencyClaims },
    enforcementPolicy: true,
  },
  enforcementList: {
    entry: 'functions/http/enforcement-list.ts',
    description: "GET /v1/enforcement/inspections: a year's inspections (supervisors: all; staff: their department's)",
    tables: { enforcement: { indexes: ['byYear', 'byDepartment'] } },
    enforcementPolicy: true,
  },
  enforcementGet: {
    entry: 'functions/http/enforcement-get.ts',
    description: 'GET /v1/enforcement/inspections/{id}: one inspection with its verified timeline',
    tables: { enforcement: { actions: ['GetItem'] } },
  },
  enforcementApprove: {
    entry: 'functions/http/enforcement-approve.ts',
    description: "POST /v1/enforcement/inspections/{id}/approve: the department's head approves the plan",
    tables: { enforcement: { actions: ['GetItem', 'UpdateItem'] }, idempotency: idempotencyClaims },
  },
  enforcementReject: {
    entry: 'functions/http/enforcement-reject.ts',
    description: 'POST /v1/enforcement/inspections/{id}/reject: the head rejects the plan; it is no longer counted',
    tables: { enforcement: { actions: ['GetItem', 'UpdateItem'] }, idempotency: idempotencyClaims },
  },
  enforcementFile: {
    entry: 'functions/http/enforcement-file.ts',
    description:
      'POST /v1/enforcement/inspections/{id}/file: supervision files the plan and issues its verification code',
    tables: {
      enforcement: { actions: ['GetItem', 'UpdateItem'], indexes: ['byCode'] },
      idempotency: idempotencyClaims,
    },
    enforcementPolicy: true,
  },
  enforcementRecord: {
    entry: 'functions/http/enforcement-record.ts',
    description: 'POST /v1/enforcement/inspections/{id}/record: a filed inspection carried out, with its findings',
    tables: { enforcement: { actions: ['GetItem', 'UpdateItem'] }, idempotency: idempotencyClaims },
  },
  enforcementVerify: {
    entry: 'functions/http/enforcement-verify.ts',
    description: "GET /v1/enforcement/verify: the enterprise checks an inspector's code at its door (anyone)",
    tables: { enforcement: { indexes: ['byCode'] }, catalog: catalogEntry },
  },
  enforcementNotify: {
    entry: 'functions/stream/enforcement-notify.ts',
    description:
      'Enforcement stream: tell the head of a new plan, supervision of an approval (and of a plan over the limit), the department of a filing',
    tables: { notifications: { actions: ['PutItem'] } },
    streamFrom: 'enforcement',
    publishesEvents: true,
    timeoutSeconds: 60,
  },
  // ---- Inspection visits (明察暗访, issue 16 item 3; docs/supervision.md) ----
  visitsCreate: {
    entry: 'functions/http/visits-create.ts',
    description:
      "POST /v1/inspections/visits: a supervisor records a visit and its problems; each problem's rectification clock starts",
    tables: {
      visits: { actions: ['PutItem'] },
      clocks: { actions: ['PutItem'] },
      calendar: calendarInForce,
      catalog: catalogEntry,
      accountability: accountabilityOnce,
      idempotency: idempotencyClaims,
    },
    startsClocks: ['VisitRectificationClock'],
  },
  visitsList: {
    entry: 'functions/http/visits-list.ts',
    description: "GET /v1/inspections/visits: a year's or a department's inspection visits (supervisors; staff: own)",
    tables: { visits: { indexes: ['byYear', 'byDepartment'] }, calendar: calendarInForce },
  },
  visitsGet: {
    entry: 'functions/http/visits-get.ts',
    description: 'GET /v1/inspections/visits/{id}: one visit with its problems and verified timeline',
    tables: { visits: { actions: ['GetItem'] }, calendar: calendarInForce },
  },
  visitsRectification: {
    entry: 'functions/http/visits-rectification.ts',
    description:
      "POST /v1/inspections/visits/{id}/problems/{pid}/rectification: the department's head reports a problem rectified",
    tables: {
      visits: { actions: ['GetItem', 'UpdateItem'] },
      clocks: { actions: ['GetItem', 'UpdateItem'] },
      calendar: calendarInForce,
      accountability: accountabilityOnce,
      idempotency: idempotencyClaims,
    },
  },
  visitCheckpoint: {
    entry: 'functions/workflow/visit-checkpoint.ts',
    description:
      'Visit rectification clock: a problem unreported at its deadline goes OVERDUE, escalated to supervision, on the register',
    // Its writes are conditional: the visit with its clock (one transaction), the record once (PutItem).
    tables: {
      clocks: { actions: ['GetItem', 'UpdateItem'] },
      calendar: calendarInForce,
      visits: { actions: ['GetItem', 'UpdateItem'] },
      accountability: accountabilityOnce,
    },
    timeoutSeconds: 30,
  },
  visitsNotify: {
    entry: 'functions/stream/visits-notify.ts',
    description:
      "Visits stream: tell the department's head of a visit's problems, supervision of a rectification or an overdue problem",
    tables: { notifications: { actions: ['PutItem'] } },
    streamFrom: 'visits',
    publishesEvents: true,
    timeoutSeconds: 60,
  },
  tallyVisits: {
    entry: 'functions/stream/tally-visits.ts',
    description:
      "Visits stream: add each visit, problem found, rectified on time and gone overdue to its day's counts per department, once",
    tables: { tallies: { actions: ['GetItem', 'UpdateItem'] } },
    streamFrom: 'visits',
    timeoutSeconds: 60,
  },
  // ---- The evaluation's count of law-enforcement inspections (issue 16 item 7, docs/evaluation.md version 7) ----
  tallyEnforcement: {
    entry: 'functions/stream/tally-enforcement.ts',
    description:
      "Enforcement stream: add each inspection planned (and over the yearly limit) and carried out to its day's counts per department, once",
    tables: { tallies: { actions: ['GetItem', 'UpdateItem'] } },
    streamFrom: 'enforcement',
    timeoutSeconds: 60,
  },
} as const satisfies Record<string, FunctionSpec>;

export type FunctionName = keyof typeof functions;
