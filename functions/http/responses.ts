import * as z from 'zod';
import { caseActions } from '../domain/actions.ts';
import { caseStatuses, decisionOutcomes, pauseReasons } from '../domain/case.ts';
import { type CounterName, counterNames } from '../domain/evaluation.ts';

/**
 * Every success answer of the API as a zod schema: the route table points at them (`success.body`,
 * `outsideScope.body`), `/v1/openapi.json` publishes them as `components.schemas`, and the contract test
 * (test/e2e/openapi-contract.test.ts) validates live answers with them and type-checks the live answers against the
 * types a generator makes from the served document. Each mirrors what a handler returns (views.ts,
 * catalog-views.ts, intake.ts, the handlers); change both together, or the contract test fails.
 *
 * Strict by default (`z.strictObject`): a field a handler adds, drops or mistypes without this file following makes
 * the contract test fail, so the document never silently lags the API. Loose (`z.looseObject`) only where the
 * answer is open by design, each saying why. The published document leaves `additionalProperties` out either way:
 * clients should ignore fields they do not know, so a later field is not a breaking change for them.
 */

/** The registry the OpenAPI document is generated from: each schema here becomes `#/components/schemas/<id>`. */
export const responseRegistry = z.registry<{ id: string; description?: string }>();

function named<S extends z.ZodType>(schema: S, id: string, description?: string): S {
  responseRegistry.add(schema, { id, ...(description ? { description } : {}) });
  return schema;
}

/** ISO 8601 with an offset: local times are `+08:00` (Asia/Shanghai); the `…At` sort keys are UTC (`Z`). */
const instant = z.iso.datetime({ offset: true });
const isoDate = z.iso.date();
const int = z.int();
const nullable = <S extends z.ZodType>(schema: S) => schema.nullable();

// ---- Shared pieces ----

export const Problem = named(
  // Loose: a problem may carry extension members (RFC 9457 §3.2), e.g. `currentRevision` or `caseStatus` on a 409.
  z.looseObject({
    type: z.string(),
    title: z.string(),
    status: int,
    detail: z.string(),
    instance: z.string().optional(),
    errors: z.array(z.strictObject({ field: z.string(), reason: z.string() })).optional(),
  }),
  'Problem',
  'RFC 9457 problem details; `errors` names each field and the reason; titles are bilingual (中文 English)',
);

const Officer = named(z.strictObject({ id: z.string(), name: z.string() }), 'Officer');
const Language = z.enum(['zh', 'en']);
const HandlingMode = z.enum(['IMMEDIATE', 'PROMISED']);
const Light = z.enum(['GREEN', 'YELLOW', 'RED', 'RED_CARD']);
const Recipient = z.enum(['APPLICANT', 'HANDLER', 'HEAD', 'SUPERVISION', 'OFFICER']);
const CaseStatus = z.enum(caseStatuses);

// ---- Cases ----

const Applicant = named(
  z.strictObject({
    type: z.enum(['PERSON', 'ENTERPRISE']),
    name: z.string(),
    /** In full for the applicant and the handling department; masked for everyone else. */
    phone: z.string(),
    idNumber: z.string().optional(),
  }),
  'Applicant',
);

const ReceivingPoint = named(
  z.discriminatedUnion('kind', [
    z.strictObject({
      kind: z.literal('window'),
      departmentId: z.string(),
      windowId: z.string(),
      comprehensive: z.boolean(),
    }),
    z.strictObject({ kind: z.literal('online') }),
  ]),
  'ReceivingPoint',
);

const Pause = named(
  z.strictObject({
    reason: z.enum(pauseReasons),
    note: z.string().optional(),
    expectedWorkingDays: int,
    from: instant,
    by: z.string(),
    /** Set when the pause ended, with the working days it added to the deadline. */
    to: instant.optional(),
    workingDays: int.optional(),
  }),
  'Pause',
);

const Extension = named(
  z.strictObject({
    workingDays: int,
    reason: z.string(),
    requestedBy: z.string(),
    requestedAt: instant,
    status: z.enum(['PENDING', 'APPROVED']),
    approvedBy: z.string().optional(),
    approvedAt: instant.optional(),
  }),
  'Extension',
);

const TimelineEvent = named(
  z.strictObject({
    at: instant,
    type: z.string(),
    by: z.string(),
    note: z.string().optional(),
    /** The digest of the case state this event produced (absent before state binding). */
    state: z.string().optional(),
    /** Bound fields found edited outside any event when this one was appended. */
    stateEditedBefore: z.array(z.string()).optional(),
    hash: z.string(),
  }),
  'TimelineEvent',
);

const SubmittedMaterial = named(
  z.strictObject({ id: z.string(), defect: z.string().optional() }),
  'SubmittedMaterial',
  'A material as submitted, with the defect the receiving clerk found, if any',
);

const NoticeGiven = named(
  z.strictObject({ number: z.string(), at: instant, missing: z.array(z.string()) }),
  'NoticeGiven',
  'A one-time notice given on the case: its number, when, and the ids of the materials it asked for',
);

const Review = named(
  z.strictObject({
    verdict: z.enum(['CONFIRMED', 'WRONGFUL']),
    reason: z.string(),
    publicInterestNote: z.string().optional(),
    by: z.string(),
    at: instant,
  }),
  'Review',
  'A supervisor’s post-hoc review of a deemed approval',
);

const Decision = named(
  z.strictObject({
    outcome: z.enum(decisionOutcomes),
    reason: z.string().optional(),
    by: z.string(),
    at: instant,
    /** Recorded after the deadline, on an OVERDUE case. */
    late: z.boolean(),
  }),
  'Decision',
);

const Expiry = named(
  z.strictObject({
    outcome: z.enum(['DEEMED_APPROVED', 'OVERDUE']),
    at: instant,
    appliedAt: instant,
    appliedBy: z.string(),
  }),
  'Expiry',
  'How the case ran out of time: deemed approved (超时默认) or overdue, and who applied the rule when',
);

const Supervision = named(
  z.strictObject({ since: instant, deadlineDate: isoDate, deadline: instant, deadlineAt: instant }),
  'Supervision',
  'Supervision (督办) of an overdue case, with its own deadline (then the red card)',
);

/** functions/http/views.ts `caseView`: the case as the viewer may see it. */
export const Case = named(
  z.strictObject({
    id: z.string(),
    status: CaseStatus,
    itemCode: z.string(),
    itemName: z.string(),
    departmentId: z.string(),
    applicant: Applicant,
    receivedAt: instant,
    receivedBy: ReceivingPoint,
    materials: z.array(SubmittedMaterial),
    form: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
    acceptedOn: nullable(isoDate),
    workingDays: int,
    deadlineDate: nullable(isoDate),
    deadline: nullable(instant),
    provisional: nullable(z.boolean()),
    handledOnTheSpot: z.boolean(),
    reviewDeadline: nullable(instant),
    deemedAccepted: z.boolean(),
    review: nullable(Review),
    pauses: z.array(Pause),
    extension: nullable(Extension),
    withdrawnAt: nullable(instant),
    notices: z.array(NoticeGiven),
    anomalies: z.array(z.string()),
    deemedConsentEligible: z.boolean(),
    handler: Officer,
    leader: Officer,
    decision: nullable(Decision),
    expiry: nullable(Expiry),
    supervision: nullable(Supervision),
    redCardAt: nullable(instant),
    /** The project it belongs to (docs/green-channel.md), and whether it is a green-channel case (first in worklists). */
    projectId: nullable(z.string()),
    greenChannel: z.boolean(),
    executionName: z.string(),
    timeline: z.array(TimelineEvent),
    version: int,
  }),
  'Case',
  'A case (办件) with its status, deadline, pauses, extension, decision and hash-chained timeline',
);

/**
 * track.ts `trackView`: the public tracker's view of a case (办件查询) — where it stands and when, for anyone with its
 * id and the phone given. No person: no applicant, phone or identity number, no handler or leader, no `by`, no notes
 * or reasons (they may name people).
 */
export const Track = named(
  z.strictObject({
    id: z.string(),
    itemCode: z.string(),
    itemName: z.string(),
    departmentId: z.string(),
    status: CaseStatus,
    light: nullable(Light),
    remainingWorkingDays: nullable(int),
    receivedAt: instant,
    acceptedOn: nullable(isoDate),
    workingDays: int,
    deadlineDate: nullable(isoDate),
    deadline: nullable(instant),
    decision: nullable(z.strictObject({ outcome: z.enum(decisionOutcomes), at: instant })),
    expiry: nullable(z.strictObject({ outcome: z.enum(['DEEMED_APPROVED', 'OVERDUE']), at: instant })),
    withdrawnAt: nullable(instant),
    timeline: z.array(z.strictObject({ type: z.string(), at: instant })),
  }),
  'Track',
  'A case as the public tracker shows it: item, department, status, light, dates and the timeline’s steps — no person',
);

const MissingMaterial = named(
  z.strictObject({ id: z.string(), name: z.string(), reason: z.string() }),
  'MissingMaterial',
);

const MaterialsNotice = named(
  z.strictObject({
    number: z.string(),
    date: isoDate,
    at: instant,
    legalBasis: z.string(),
    text: z.string(),
    missing: z.array(MissingMaterial),
    /** 1 for the first notice; more is an anomaly. */
    sequence: int,
  }),
  'MaterialsNotice',
  'The one-time notice (补正材料通知书, 一次性告知): every missing or defective material at once',
);

/** intake.ts `materialsRequiredView`: what an applicant is told about a MATERIALS_REQUIRED case. */
const materialsRequired = {
  missingMaterials: z.array(MissingMaterial),
  notice: nullable(MaterialsNotice),
};

// ---- The actions a case page offers (staff helper, issue 13) ----

/** One action on a case for the caller: allowed now, or refused with the reason in words (domain/actions.ts). */
const CaseActionAnswer = named(
  z.strictObject({
    action: z.enum(caseActions),
    allowed: z.boolean(),
    reason: z.strictObject({ zh: z.string(), en: z.string() }).optional(),
  }),
  'CaseAction',
  'An action on the case for the caller: allowed, or refused and why (what the API would answer to it now)',
);

export const CaseWithLight = named(
  Case.extend({
    light: nullable(Light),
    remainingWorkingDays: nullable(int),
    actions: z.array(CaseActionAnswer),
  }),
  'CaseWithLight',
  'The case with its light (电子监察), remaining working days while its clock runs, and what the caller may do to it',
);

export const CaseCreated = named(
  Case.extend({
    missingMaterials: materialsRequired.missingMaterials.optional(),
    notice: materialsRequired.notice.optional(),
    /** 一表通: the form fields filled from the applicant's earlier answers. */
    reusedFromProfile: z.array(z.string()).optional(),
    /** 一表通 of a project: the form fields filled from the project's one form. */
    reusedFromProject: z.array(z.string()).optional(),
  }),
  'CaseCreated',
  'The new case; with the one-time notice (一次性告知) when MATERIALS_REQUIRED',
);

export const CaseWithNotice = named(
  Case.extend(materialsRequired),
  'CaseWithNotice',
  'The case, MATERIALS_REQUIRED, with the one-time notice',
);

export const CaseAfterMaterials = named(
  Case.extend({
    missingMaterials: materialsRequired.missingMaterials.optional(),
    notice: materialsRequired.notice.optional(),
    /** A second notice: an anomaly supervision sees. */
    anomaly: z.literal(true).optional(),
  }),
  'CaseAfterMaterials',
  'ACCEPTED once the materials are complete; still MATERIALS_REQUIRED (a repeated notice, an anomaly) otherwise',
);

export const Referral = named(
  z.strictObject({
    status: z.literal('REFERRED'),
    referralId: z.string(),
    itemCode: z.string(),
    detail: z.string(),
    referral: z.strictObject({
      departmentId: z.string(),
      name: z.string(),
      address: z.string(),
      phone: z.string(),
      hours: z.string(),
    }),
  }),
  'Referral',
  'Not this window’s item: the responsible department with its address, phone and hours (首问责任制)',
);

export const Receipt = named(
  z.strictObject({
    centre: z.string(),
    caseId: z.string(),
    item: z.string(),
    applicant: z.string(),
    receivedAt: instant,
    itemLegalBasis: nullable(z.string()),
    kind: z.enum(['MATERIALS_NOTICE', 'ON_THE_SPOT', 'ACCEPTANCE', 'RECEIPT_OF_PAPERS']),
    title: z.string(),
    number: nullable(z.string()),
    date: nullable(isoDate),
    lines: z.array(z.string()),
    legalBasis: nullable(z.string()),
    text: nullable(z.string()),
  }),
  'Receipt',
  'The document to keep: 补正材料通知书, 受理通知书, the on-the-spot decision, or 收件回执 for papers not accepted',
);

export const MaterialTemplate = named(
  z.strictObject({
    centre: z.string(),
    sample: z.boolean(),
    title: z.string(),
    itemCode: z.string(),
    item: z.string(),
    materialId: z.string(),
    material: z.string(),
    requirements: z.array(z.string()),
    window: z.string(),
    phone: z.string(),
    fields: z.array(
      z.strictObject({
        name: z.string(),
        label: z.string(),
        kind: z.string(),
        required: z.boolean(),
        answer: nullable(z.string()),
      }),
    ),
    note: z.string(),
  }),
  'MaterialTemplate',
  "A material's blank form (空白表格) or the sample application (样表), rendered from the item's guide, bilingual",
);

export const ChainVerdict = named(
  // Loose: verification grows (bound case state, anchors outside the table); a client reads what it knows.
  z.looseObject({ caseId: z.string(), valid: z.boolean(), events: int, firstBrokenAt: nullable(int) }),
  'ChainVerdict',
  'Whether the hash chain of the timeline is intact, and the first broken link if not',
);

const Notification = named(
  z.strictObject({
    id: z.string(),
    caseId: z.string(),
    kind: z.string(),
    at: instant,
    to: z.array(Recipient),
    subject: z.strictObject({ zh: z.string(), en: z.string() }),
    detail: nullable(z.string()),
    actBy: nullable(z.string()),
    departmentId: z.string(),
    itemName: z.string(),
    handler: Officer,
    leader: Officer,
    eventHash: z.string(),
  }),
  'Notification',
);

export const CaseNotifications = named(
  z.strictObject({ caseId: z.string(), notifications: z.array(Notification) }),
  'CaseNotifications',
);

export const Inbox = named(
  z.strictObject({
    notifications: z.array(Notification),
    /** The `cursor` of the next page; null on the last. */
    next: nullable(z.string()),
  }),
  'Inbox',
);

export const Worklist = named(
  z.strictObject({
    departmentId: z.string(),
    cases: z.array(
      z.strictObject({
        id: z.string(),
        status: CaseStatus,
        itemCode: z.string(),
        itemName: z.string(),
        applicant: z.string(),
        receivedAt: instant,
        deadline: nullable(instant),
        reviewDeadline: nullable(instant),
        supervisionDeadline: nullable(instant),
        light: nullable(Light),
        remainingWorkingDays: nullable(int),
        /** The case's project, and whether it is a green-channel one (first at equal urgency). */
        projectId: nullable(z.string()),
        greenChannel: z.boolean(),
      }),
    ),
    /**
     * Everything the department owes in one list, most urgent first: its cases (as above), the grievances assigned
     * to it in their handling or review stage (never who filed them), its bad reviews awaiting contact or
     * rectification. `remainingDays` counts in `unit` (grievances: calendar days).
     */
    entries: z.array(
      z.strictObject({
        /** VISIT_PROBLEM: a problem found on an inspection visit (id `<visit id>-P<n>`, caseId the visit's id). */
        /**
         * INSPECTION_APPROVAL: a law-enforcement inspection plan awaiting the head's approval; INSPECTION_RECORD: a
         * filed one to record once its planned date has come (id the inspection's; docs/enforcement.md).
         */
        kind: z.enum([
          'CASE',
          'GRIEVANCE',
          'RECTIFICATION',
          'VISIT_PROBLEM',
          'INSPECTION_APPROVAL',
          'INSPECTION_RECORD',
        ]),
        id: z.string(),
        status: z.string(),
        departmentId: z.string(),
        title: z.string(),
        itemName: nullable(z.string()),
        summary: nullable(z.string()),
        grievanceKind: nullable(z.enum(['COMPLAINT', 'REPORT', 'APPEAL'])),
        caseId: nullable(z.string()),
        stage: nullable(
          z.enum(['APPROVAL', 'INTAKE_REVIEW', 'HANDLE', 'CONTACT', 'RECTIFY', 'PLAN_APPROVAL', 'RECORD']),
        ),
        deadline: nullable(instant),
        deadlineDate: nullable(isoDate),
        unit: z.enum(['WORKING_DAYS', 'CALENDAR_DAYS']),
        light: nullable(Light),
        remainingDays: nullable(int),
        supervisionDeadline: nullable(instant),
        /** A green-channel project's case: first among entries of equal urgency. */
        greenChannel: z.boolean(),
      }),
    ),
  }),
  'Worklist',
);

export const MyApplications = named(
  z.strictObject({
    applications: z.array(
      z.strictObject({
        id: z.string(),
        itemCode: z.string(),
        itemName: z.string(),
        status: CaseStatus,
        light: nullable(Light),
        deadline: nullable(instant),
        deadlineDate: nullable(isoDate),
        receivedAt: instant,
        remainingWorkingDays: nullable(int),
      }),
    ),
    /** The `cursor` of the next page; null on the last. */
    next: nullable(z.string()),
  }),
  'MyApplications',
  "An applicant's own applications, newest first, with lights (电子监察) and deadlines",
);

const AccountabilityReasonEnum = z.enum([
  'DEEMED_APPROVAL',
  'OVERDUE',
  'RED_CARD',
  'COMPLAINT',
  'DEEMED_AGREEMENT',
  'BAD_REVIEW',
  'VISIT_FINDING',
]);
const Bilingual = z.strictObject({ zh: z.string(), en: z.string() });
const Responsibility = z.enum(['HANDLER', 'LEADER', 'BOTH', 'NONE']);

/** One record of the register with where its workflow stands (docs/supervision.md). */
const AccountabilityRecord = named(
  z.strictObject({
    /** `<case id>.<reason>` (a deemed agreement's: `<project id>.<department id>.DEEMED_AGREEMENT`). */
    id: z.string(),
    caseId: z.string(),
    reason: AccountabilityReasonEnum,
    reasonName: Bilingual,
    departmentId: z.string(),
    itemCode: z.string(),
    /** The project of a deemed agreement (缺席默认): then `caseId` is `<project id>/<department id>`. */
    projectId: nullable(z.string()),
    handler: Officer,
    leader: Officer,
    at: instant,
    deadline: instant,
    escalation: nullable(z.strictObject({ at: instant, by: z.string(), why: z.string(), level: z.literal('SERIOUS') })),
    /** OPEN (a record written before the workflow too), INVESTIGATING, DECIDED, PUBLISHED or DISMISSED. */
    status: z.enum(['OPEN', 'INVESTIGATING', 'DECIDED', 'PUBLISHED', 'DISMISSED']),
    /** 领导责任: the leader is answerable for this reason (a decision may not find the handler alone responsible). */
    leaderAnswerable: z.boolean(),
    investigation: nullable(
      z.strictObject({
        at: instant,
        by: z.string(),
        note: nullable(z.string()),
        deadline: instant,
        deadlineDate: isoDate,
        workingDays: int,
        /** The limit ran out undecided: escalated to the centre's leadership, then. */
        overdueAt: nullable(instant),
      }),
    ),
    decision: nullable(
      z.strictObject({
        responsibility: Responsibility,
        sanction: z.string(),
        sanctionName: Bilingual,
        findings: z.string(),
        answerable: z.array(z.strictObject({ role: z.enum(['HANDLER', 'LEADER']), id: z.string(), name: z.string() })),
        at: instant,
        by: z.string(),
        late: z.boolean(),
      }),
    ),
    publication: nullable(z.strictObject({ at: instant, by: z.string() })),
    dismissal: nullable(z.strictObject({ at: instant, by: z.string(), reason: z.string(), late: z.boolean() })),
  }),
  'AccountabilityRecord',
);

export const Accountability = named(
  z.strictObject({ years: z.array(int), records: z.array(AccountabilityRecord) }),
  'Accountability',
);

export const AccountabilityDetail = named(
  z.strictObject({
    ...AccountabilityRecord.shape,
    timeline: z.array(
      z.strictObject({ at: instant, type: z.string(), by: z.string(), note: nullable(z.string()), hash: z.string() }),
    ),
    /** The record's hash chain re-computed from its first event to its stored head (none yet for an old record). */
    verification: z.strictObject({ valid: z.boolean(), events: int, firstBrokenAt: nullable(int) }),
    /** The configured sanctions a decision chooses from, lightest first (ACCOUNTABILITY_POLICY `sanctions`). */
    sanctions: z.array(z.strictObject({ code: z.string(), zh: z.string(), en: z.string() })),
  }),
  'AccountabilityDetail',
  'An accountability record with its hash-chained timeline, verified',
);

export const AccountabilityFlags = named(
  z.strictObject({
    quarter: z.string(),
    from: isoDate,
    to: isoDate,
    threshold: int,
    flags: z.array(
      z.strictObject({
        kind: z.enum(['DEPARTMENT', 'OFFICER']),
        departmentId: z.string(),
        officer: nullable(Officer),
        records: int,
        ids: z.array(z.string()),
      }),
    ),
  }),
  'AccountabilityFlags',
  'Departments and officers with the configured number of records (dismissed ones not counted) in the quarter: for public handling',
);

export const PublicAccountability = named(
  z.strictObject({
    years: z.array(int),
    /** From which sanction on names are published (null: never, the default). */
    publishNamesFrom: nullable(z.string()),
    records: z.array(
      z.strictObject({
        /** A public reference (not the record's id: that names the application). */
        ref: z.string(),
        departmentId: z.string(),
        reason: AccountabilityReasonEnum,
        reasonName: Bilingual,
        responsibility: Responsibility,
        sanction: z.string(),
        sanctionName: Bilingual,
        recordedAt: instant,
        decidedAt: instant,
        publishedAt: instant,
        /** Those found responsible, by role; their names only where the policy publishes them (else null). */
        answerable: z.array(z.strictObject({ role: z.enum(['HANDLER', 'LEADER']), name: nullable(z.string()) })),
      }),
    ),
  }),
  'PublicAccountability',
  'The published outcomes of the accountability register: never an ID number or a phone',
);

// ---- Calendar ----

export const Deadline = named(
  z.strictObject({
    acceptedOn: isoDate,
    deadlineDate: isoDate,
    deadline: instant,
    provisional: z.boolean(),
    workingDays: int,
  }),
  'Deadline',
);

export const CalendarYear = named(
  z.strictObject({
    year: int,
    provisional: z.boolean(),
    source: z.string(),
    loadedAt: nullable(instant),
    holidaysOnWeekdays: z.array(isoDate),
    adjustedWorkdays: z.array(isoDate),
  }),
  'CalendarYear',
);

export const CalendarYearLoaded = named(
  z.strictObject({
    year: int,
    holidays: z.array(isoDate),
    workdays: z.array(isoDate),
    source: z.string(),
    loadedAt: instant,
    loadedBy: z.string(),
  }),
  'CalendarYearLoaded',
);

// ---- Catalogue ----

const Completeness = named(
  z.strictObject({
    score: z.number(),
    complete: z.boolean(),
    missing: z.array(z.strictObject({ field: z.string(), language: z.enum(['zh', 'en', 'value']) })),
  }),
  'Completeness',
);

const ItemMaterial = named(
  z.strictObject({
    id: z.string(),
    name: z.string(),
    required: z.boolean(),
    /** When it is required only under a condition. */
    condition: z.string().optional(),
    originals: int,
    copies: int,
    template: nullable(z.string()),
  }),
  'ItemMaterial',
);

const FormField = named(
  z.strictObject({
    name: z.string(),
    label: z.string(),
    type: z.enum(['string', 'number', 'date', 'boolean', 'enum']),
    required: z.boolean(),
    options: z.array(z.string()).optional(),
    min: z.number().optional(),
    max: z.number().optional(),
  }),
  'FormField',
  'One field of the item’s single form (一表通)',
);

/** catalog-views.ts `itemView`: the guide in one language, fields that fell back to Chinese in `fallbacks`. */
export const Item = named(
  z.strictObject({
    code: z.string(),
    departmentId: z.string(),
    language: Language,
    name: z.string(),
    legalBasis: z.string(),
    conditions: z.string(),
    quantityLimit: z.string().optional(),
    procedure: z.array(z.string()),
    handlingMode: HandlingMode,
    legalLimitDays: int,
    promisedLimitDays: int,
    legalExtensionDays: int,
    yellowWarningDays: nullable(int),
    deemedConsentEligible: z.boolean(),
    materials: z.array(ItemMaterial),
    fees: z.string(),
    window: z.string(),
    officeHours: z.string(),
    phone: z.string(),
    supervisionPhone: z.string(),
    resultDocument: z.string(),
    sampleApplication: nullable(z.string()),
    form: z.strictObject({ fields: z.array(FormField) }),
    fallbacks: z.array(z.string()),
    status: z.enum(['PUBLISHED', 'RETIRED']),
    revision: int,
    revisedAt: instant,
    completeness: Completeness,
  }),
  'Item',
  'An approval item’s service guide (办事指南) in the asked language, with its state, revision and completeness',
);

export const ItemList = named(
  z.strictObject({
    items: z.array(Item),
    total: int,
    /** Present when paging was asked for. */
    page: int.optional(),
    pageSize: int.optional(),
  }),
  'ItemList',
);

export const Baseline = named(
  z.strictObject({
    handlingMode: HandlingMode,
    legalLimitDays: int,
    promisedLimitDays: int,
    recordedAt: instant,
  }),
  'Baseline',
  'The item’s limits when the campaign started (the targets are measured against them)',
);

/** catalog-views.ts `departmentView`. */
export const Department = named(
  z.strictObject({
    id: z.string(),
    language: Language,
    name: z.string(),
    address: z.string(),
    phone: z.string(),
    hours: z.string(),
    supervisionPhone: z.string(),
    windows: z.array(z.strictObject({ id: z.string(), name: z.string(), comprehensive: z.boolean() })),
    status: z.enum(['ACTIVE', 'RETIRED']),
    revision: int,
    fallbacks: z.array(z.string()),
  }),
  'Department',
);

export const ItemGuide = named(
  Item.extend({ department: nullable(Department), baseline: nullable(Baseline) }),
  'ItemGuide',
  'The guide with its department and campaign baseline',
);

export const Disclosure = named(
  z.strictObject({
    published: int,
    complete: int,
    rate: z.number(),
    definition: z.string(),
    incomplete: z.array(z.strictObject({ code: z.string(), score: z.number(), missing: Completeness.shape.missing })),
  }),
  'Disclosure',
);

const Text = named(z.strictObject({ zh: z.string(), en: z.string().optional() }), 'Text');

export const ItemRevisions = named(
  z.strictObject({
    code: z.string(),
    revisions: z.array(
      // Loose: each revision is the stored guide as it was then (both languages), kept as written; an old revision
      // keeps the fields of its time, so only the revision stamp and the identifying fields are promised.
      z.looseObject({
        code: z.string(),
        departmentId: z.string(),
        name: Text,
        status: z.enum(['PUBLISHED', 'RETIRED']),
        revision: int,
        revisedAt: instant,
        revisedBy: z.string(),
        reason: z.string(),
      }),
    ),
    baseline: nullable(Baseline),
  }),
  'ItemRevisions',
);

export const DepartmentList = named(z.strictObject({ departments: z.array(Department) }), 'DepartmentList');

export const DepartmentWithItems = named(
  Department.extend({
    items: z.array(
      z.strictObject({ code: z.string(), name: z.string(), handlingMode: HandlingMode, promisedLimitDays: int }),
    ),
  }),
  'DepartmentWithItems',
);

export const OpenApiDocument = named(
  // Loose: the document itself; clients read it with OpenAPI tooling, not field by field.
  z.looseObject({
    openapi: z.string(),
    info: z.looseObject({ title: z.string(), version: z.string() }),
    paths: z.record(z.string(), z.record(z.string(), z.unknown())),
  }),
  'OpenApiDocument',
);

// ---- Evaluations ----

/** Every metric of a unit over a period (functions/domain/evaluation.ts `metricsOf`): counts, and rates (null over nothing). */
const metricShape = {
  ...(Object.fromEntries(counterNames.map((name) => [name, int])) as Record<CounterName, typeof int>),
  onTimeRate: nullable(z.number()),
  earlyRate: nullable(z.number()),
  immediateShareOfCases: nullable(z.number()),
  averageWorkingDays: nullable(z.number()),
  speedUp: nullable(z.number()),
  complaintOnTimeRate: nullable(z.number()),
  satisfactionRate: nullable(z.number()),
  badReviewsRectifiedOnTimeRate: nullable(z.number()),
  opinionsOnTimeRate: nullable(z.number()),
  visitProblemsRectifiedOnTimeRate: nullable(z.number()),
};

export const EvaluationMetrics = named(z.strictObject(metricShape), 'EvaluationMetrics');

const EvaluationUnit = named(
  z.strictObject({
    kind: z.enum(['CENTRE', 'DEPARTMENT', 'WINDOW', 'OFFICER', 'ITEM']),
    id: z.string(),
    departmentId: z.string().optional(),
    name: z.string().optional(),
  }),
  'EvaluationUnit',
);

const Target = named(
  z.strictObject({
    name: Text,
    definition: z.string(),
    unit: z.enum(['percentage points', 'share']),
    baseline: nullable(z.number()),
    current: nullable(z.number()),
    target: nullable(z.number()),
    met: nullable(z.boolean()),
    note: z.string().optional(),
  }),
  'Target',
  'A campaign target: its definition, the baseline recorded in the catalogue, the current figure, the target and whether it is met (null: nothing to measure yet)',
);

const EvaluationTrigger = named(
  z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('SCHEDULE'), schedule: z.string(), scheduledTime: instant }),
    // `by` (the account) to the caller who ran it; the public page shows only `role`.
    z.strictObject({ kind: z.literal('REQUEST'), by: z.string().optional(), role: z.string().optional() }),
  ]),
  'EvaluationTrigger',
);

/** When and by what a snapshot was computed (eval-design "Snapshot provenance"). */
const provenance = {
  period: z.string(),
  kind: z.enum(['MONTH', 'QUARTER', 'YEAR', 'PHASE', 'RANGE']),
  name: Text,
  from: isoDate,
  to: isoDate,
  /** False while the period is still running (month to date; a run before its end). */
  complete: z.boolean(),
  /** The last day counted. */
  through: isoDate,
  revision: int,
  generatedAt: instant,
  generatedBy: z.string(),
  trigger: EvaluationTrigger,
  definitionsVersion: int,
};

export const Evaluation = named(
  z.strictObject({
    ...provenance,
    centre: EvaluationMetrics,
    departments: z.array(
      EvaluationMetrics.extend({
        departmentId: z.string(),
        /** null: a department the tallies name that the directory no longer has. */
        name: nullable(Text),
        immediateShareOfItems: nullable(z.number()),
        /** The year's public appraisal (v5): on a year's rows only; absent on other periods and older snapshots. */
        appraisal: z
          .strictObject({
            ratings: int,
            weightedTotal: nullable(z.number()),
            grade: nullable(z.enum(['SATISFIED', 'BASICALLY_SATISFIED', 'DISSATISFIED'])),
            rank: nullable(int),
            final: z.boolean(),
          })
          .optional(),
      }),
    ),
    items: z.array(
      EvaluationMetrics.extend({ itemCode: z.string(), name: nullable(Text), departmentId: nullable(z.string()) }),
    ),
    targets: z.strictObject({
      immediateShare: Target,
      shortenedItems: Target,
      promisedTimeReduction: Target,
      onlineDisclosure: Target,
    }),
    definitions: z.record(z.string(), z.strictObject({ name: Text, definition: z.string() })),
    revisions: z.array(z.strictObject({ revision: int, generatedAt: instant, generatedBy: z.string() })),
  }),
  'Evaluation',
  "A period's evaluation as its latest snapshot: the centre, each department and item, the campaign scorecard, every metric's definition, and the revisions kept",
);

/** Which snapshot a part of an evaluation comes from (GET …/targets, …/items). */
const snapshotStamp = {
  period: provenance.period,
  kind: provenance.kind,
  name: provenance.name,
  from: provenance.from,
  to: provenance.to,
  complete: provenance.complete,
  through: provenance.through,
  revision: provenance.revision,
  generatedAt: provenance.generatedAt,
};

export const EvaluationTargets = named(
  z.strictObject({ ...snapshotStamp, targets: Evaluation.shape.targets }),
  'EvaluationTargets',
  "The campaign scorecard of a period's latest snapshot: the four targets, each with its definition, unit, baseline, current figure, target and verdict",
);

export const EvaluationItems = named(
  z.strictObject({ ...snapshotStamp, items: Evaluation.shape.items }),
  'EvaluationItems',
  "Each item's figures of a period's latest snapshot",
);

export const EvaluationOfficers = named(
  z.strictObject({
    period: z.string(),
    revision: int,
    generatedAt: instant,
    officers: z.array(
      EvaluationMetrics.extend({ officer: z.string(), name: nullable(z.string()), departmentId: nullable(z.string()) }),
    ),
    windows: z.array(
      EvaluationMetrics.extend({ windowId: z.string(), name: nullable(Text), departmentId: nullable(z.string()) }),
    ),
  }),
  'EvaluationOfficers',
  "The officers' and windows' figures of a period's latest snapshot (a head sees their own department's only)",
);

const AwardRanking = named(
  z.strictObject({
    ranked: z.array(
      z.strictObject({
        rank: int,
        unit: EvaluationUnit,
        score: z.number(),
        figures: z.record(z.string(), nullable(z.number())),
      }),
    ),
    excluded: z.array(
      z.strictObject({
        unit: EvaluationUnit,
        kind: z.enum(['ACCOUNTABILITY', 'BELOW_MINIMUM_VOLUME']),
        reason: z.string(),
        records: z.array(z.string()),
      }),
    ),
  }),
  'AwardRanking',
  'Candidates ranked by score (up to the quota), and every unit left out with the reason and the accountability records behind it',
);

export const Awards = named(
  z.strictObject({
    year: z.string(),
    scoring: z.string(),
    /** The year's snapshot the figures come from. */
    basedOn: z.strictObject({ period: z.string(), revision: int, generatedAt: instant, complete: z.boolean() }),
    civilisedSections: AwardRanking,
    bestCivilServants: AwardRanking,
    serviceStars: AwardRanking,
  }),
  'Awards',
  "The year's assessment feed: 文明处室, 最佳公务员 and 服务标兵 candidates, never one with a substantiated accountability record that year",
);

// ---- Grievances (issue 14) ----

const StageDeadline = z.strictObject({ deadlineDate: isoDate, deadline: instant, deadlineAt: instant });

/** A grievance as its viewer may see it: the department's staff never get who filed it (informer protection). */
export const Grievance = named(
  z.looseObject({
    id: z.string(),
    kind: z.enum(['COMPLAINT', 'REPORT', 'APPEAL']),
    status: z.enum(['RECEIVED', 'ACCEPTED', 'REFERRED', 'ANSWERED', 'UNDER_REVIEW', 'CLOSED', 'OVERDUE']),
    unit: z.enum(['CALENDAR_DAYS', 'WORKING_DAYS']),
    acceptBy: instant,
    handleBy: instant.optional(),
    reviewWindowBy: instant.optional(),
    /** The review round reached (1 the review 复查, 2 the re-review 复核) and its deadline. */
    reviewRound: z.union([z.literal(1), z.literal(2)]).optional(),
    reviewBy: instant.optional(),
    reviewDecisions: z
      .array(
        z.looseObject({
          round: z.union([z.literal(1), z.literal(2)]),
          upheld: z.boolean(),
          substantiated: z.boolean(),
          findings: z.string(),
          actions: z.string(),
          at: instant,
          late: z.boolean(),
        }),
      )
      .optional(),
    overdueStage: z.enum(['ACCEPT', 'HANDLE', 'REVIEW', 'REREVIEW']).optional(),
    supervision: StageDeadline.extend({ since: instant }).optional(),
    queryCode: z.string().optional(),
    timeline: z.array(z.looseObject({ at: instant, type: z.string(), by: z.string(), hash: z.string() })),
  }),
  'Grievance',
);

export const GrievanceVerification = named(
  z.looseObject({ id: z.string(), valid: z.boolean(), events: int, firstBrokenAt: nullable(int) }),
  'GrievanceVerification',
);

// ---- Satisfaction reviews (好差评) ----

const ratingLevel = z.int().min(1).max(5);

const StageOverdue = z.strictObject({
  at: instant,
  supervisionDeadline: instant,
  supervisionDeadlineDate: isoDate,
  escalatedAt: instant.optional(),
});

/** functions/http/rating-views.ts `ratingView`. */
const GrievanceKindEnum = z.enum(['COMPLAINT', 'REPORT', 'APPEAL']);

export const GrievanceList = named(
  z.strictObject({
    grievances: z.array(
      z.strictObject({
        id: z.string(),
        kind: GrievanceKindEnum,
        status: z.enum(['RECEIVED', 'ACCEPTED', 'REFERRED', 'ANSWERED', 'UNDER_REVIEW', 'CLOSED', 'OVERDUE']),
        departmentId: nullable(z.string()),
        summary: z.string(),
        caseId: nullable(z.string()),
        anonymous: z.boolean(),
        createdAt: instant,
        /** The stage it waits on (ACCEPT: supervision's; HANDLE, REVIEW: the department's); null when none. */
        stage: nullable(z.enum(['ACCEPT', 'HANDLE', 'REVIEW', 'REREVIEW'])),
        deadline: nullable(instant),
        deadlineDate: nullable(isoDate),
        unit: z.enum(['CALENDAR_DAYS', 'WORKING_DAYS']),
        light: nullable(Light),
        remainingDays: nullable(int),
        supervisionDeadline: nullable(instant),
        substantiated: nullable(z.boolean()),
      }),
    ),
    next: nullable(z.string()),
  }),
  'GrievanceList',
  'Grievances newest first, each with its stage, deadline and light; never who filed them',
);

export const RatingList = named(
  z.strictObject({
    ratings: z.array(
      z.strictObject({
        id: z.string(),
        kind: z.literal('RATING'),
        caseId: z.string(),
        departmentId: z.string(),
        itemCode: z.string(),
        itemName: z.string(),
        level: z.int().min(1).max(5),
        levelName: z.strictObject({ zh: z.string(), en: z.string() }),
        bad: z.boolean(),
        ratedAt: instant,
        /** The rectification's status (bad reviews only). */
        status: nullable(z.enum(['AWAITING_CONTACT', 'OVERDUE', 'CONTACTED', 'RECTIFIED', 'CLOSED', 'EXCLUDED'])),
        stage: nullable(z.enum(['CONTACT', 'RECTIFY'])),
        deadline: nullable(instant),
        deadlineDate: nullable(isoDate),
        light: nullable(Light),
        remainingDays: nullable(int),
        supervisionDeadline: nullable(instant),
        excluded: z.boolean(),
      }),
    ),
    next: nullable(z.string()),
  }),
  'RatingList',
  'Ratings newest first: bad reviews with the stage owed, its deadline and light',
);

export const Rating = named(
  z.strictObject({
    id: z.string(),
    caseId: z.string(),
    departmentId: z.string(),
    itemCode: z.string(),
    itemName: z.string(),
    level: ratingLevel,
    levelName: z.strictObject({ zh: z.string(), en: z.string() }),
    bad: z.boolean(),
    comment: nullable(z.string()),
    ratedAt: instant,
    rectification: nullable(
      z.strictObject({
        status: z.enum(['AWAITING_CONTACT', 'OVERDUE', 'CONTACTED', 'RECTIFIED', 'CLOSED', 'EXCLUDED']),
        contactBy: instant,
        contactByDate: isoDate,
        rectifyBy: instant,
        rectifyByDate: isoDate,
        contactedAt: nullable(instant),
        contactNote: nullable(z.string()),
        rectifiedAt: nullable(instant),
        actions: nullable(z.string()),
        contactOverdue: nullable(StageOverdue),
        rectifyOverdue: nullable(StageOverdue),
        onTime: z.boolean(),
        unit: z.literal('WORKING_DAYS'),
      }),
    ),
    followUp: nullable(z.strictObject({ level: ratingLevel, at: instant })),
    appeal: nullable(
      z.strictObject({
        reason: z.string(),
        at: instant,
        by: z.string(),
        decision: nullable(z.strictObject({ upheld: z.boolean(), reason: z.string(), at: instant, by: z.string() })),
      }),
    ),
    excluded: nullable(z.strictObject({ reason: z.string(), at: instant })),
    timeline: z.array(
      z.strictObject({ at: instant, type: z.string(), by: z.string(), note: z.string().optional(), hash: z.string() }),
    ),
    verification: z.strictObject({ valid: z.boolean(), events: int, firstBrokenAt: nullable(int) }),
  }),
  'Rating',
  'A satisfaction review (好差评) and, for a bad one, its rectification',
);

export const RatingVerification = named(
  z.strictObject({ id: z.string(), valid: z.boolean(), events: int, firstBrokenAt: nullable(int) }),
  'RatingVerification',
  "A rating's hash chain re-computed from its first event to its stored head",
);

export const RatingCreated = named(
  z.strictObject({
    id: z.string(),
    level: ratingLevel,
    bad: z.boolean(),
    rectification: z
      .strictObject({ contactBy: instant, rectifyBy: instant, unit: z.literal('WORKING_DAYS') })
      .optional(),
  }),
  'RatingCreated',
  'The rating; a bad one (1–2) with its rectification deadlines',
);

export const RatingSummary = named(
  z.strictObject({
    period: z.string(),
    definition: z.string(),
    rows: z.array(
      z.strictObject({
        departmentId: z.string(),
        itemCode: z.string(),
        itemName: z.string(),
        total: int,
        levels: z.strictObject({ 1: int, 2: int, 3: int, 4: int, 5: int }),
        satisfactionRate: nullable(z.number()),
        badReviews: int,
        rectifiedOnTime: int,
        excluded: int,
      }),
    ),
  }),
  'RatingSummary',
  'A month of ratings per department and item (public)',
);

// ---- Green channel: projects and joint approval (issue 15, docs/green-channel.md) ----

const OpinionStatusEnum = z.enum(['PENDING', 'AGREED', 'AGREED_WITH_CONDITIONS', 'DISAGREED', 'DEEMED_AGREED']);
const JointResultEnum = z.enum(['AGREED', 'AGREED_WITH_CONDITIONS', 'DISAGREED']);
const Investment = z.strictObject({ amount: z.number(), currency: z.literal('CNY') });

const JointApprovalView = named(
  z.strictObject({
    openedAt: instant,
    openedBy: z.string(),
    opinionWorkingDays: int,
    /** The joint limit in working days: 45, or 60 once extended. */
    limit: int,
    unit: z.literal('WORKING_DAYS'),
    deadline: instant,
    deadlineDate: isoDate,
    provisional: z.boolean(),
    /** Working days left through the joint deadline, today counted; null once concluded. */
    remainingWorkingDays: nullable(int),
    extension: nullable(z.strictObject({ workingDays: int, reason: z.string(), approvedBy: z.string(), at: instant })),
    departments: z.array(
      z.strictObject({
        departmentId: z.string(),
        departmentName: z.string(),
        opinionBy: instant,
        opinionByDate: isoDate,
        status: OpinionStatusEnum,
        opinion: nullable(z.enum(['AGREE', 'AGREE_WITH_CONDITIONS', 'DISAGREE'])),
        reason: nullable(z.string()),
        conditions: nullable(z.string()),
        at: nullable(instant),
        by: nullable(z.string()),
        /** While PENDING: working days left through its deadline, today counted (the countdown). */
        remainingWorkingDays: nullable(int),
        /** While PENDING: its light, as the worklist's (YELLOW from max(1, 20% of the opinion's days) left). */
        light: nullable(z.enum(['GREEN', 'YELLOW', 'RED'])),
      }),
    ),
    /** The departments still to answer. */
    pending: z.array(z.string()),
    result: nullable(JointResultEnum),
    concludedAt: nullable(instant),
  }),
  'JointApproval',
  'A joint approval (联合审批): each department’s deadline, status and countdown, and the result once all are in or deemed',
);

export const Project = named(
  z.strictObject({
    id: z.string(),
    name: z.string(),
    investment: Investment,
    greenChannel: z.boolean(),
    /** The green-channel threshold (CNY) in force when it was registered. */
    threshold: z.number(),
    items: z.array(z.strictObject({ code: z.string(), name: z.string(), departmentId: z.string() })),
    departments: z.array(z.string()),
    applicant: z.strictObject({ type: z.enum(['PERSON', 'ENTERPRISE']), name: z.string(), phone: z.string() }),
    registeredBy: z.string(),
    createdAt: instant,
    updatedAt: instant,
    officer: nullable(z.string()),
    officerAssignedAt: nullable(instant),
    form: nullable(
      z.strictObject({
        answers: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
        filledAt: instant,
        filledBy: z.string(),
      }),
    ),
    applications: z.array(
      z.strictObject({ caseId: z.string(), itemCode: z.string(), departmentId: z.string(), at: instant }),
    ),
    jointApproval: nullable(JointApprovalView),
    higherApprovals: z.array(
      z.strictObject({
        id: z.string(),
        authority: z.string(),
        matter: z.string(),
        expectedBy: isoDate,
        status: z.enum(['WAITING', 'IN_PROGRESS', 'APPROVED', 'REJECTED', 'WITHDRAWN']),
        trackedAt: instant,
        trackedBy: z.string(),
        milestones: z.array(
          z.strictObject({
            note: z.string(),
            status: z.enum(['IN_PROGRESS', 'APPROVED', 'REJECTED', 'WITHDRAWN']),
            at: instant,
            by: z.string(),
            expectedBy: nullable(isoDate),
          }),
        ),
        /** The expected date passed without news and the officer was reminded. */
        overdue: z.boolean(),
      }),
    ),
    /** The tracking log: every step of every department, hash-chained. */
    timeline: z.array(
      z.strictObject({
        at: instant,
        type: z.string(),
        by: z.string(),
        note: nullable(z.string()),
        departmentId: nullable(z.string()),
        caseId: nullable(z.string()),
        hash: z.string(),
      }),
    ),
    timelineHead: z.string(),
  }),
  'Project',
  'A major project (重大项目): green channel, officer, one form, joint approval, higher approvals, tracking log',
);

export const ProjectWithHigherApproval = named(
  Project.extend({ higherApprovalId: z.string() }),
  'ProjectWithHigherApproval',
  'The project, and the id of the higher approval just recorded',
);

export const ProjectList = named(
  z.strictObject({
    projects: z.array(
      z.strictObject({
        id: z.string(),
        name: z.string(),
        investment: Investment,
        greenChannel: z.boolean(),
        departments: z.array(z.string()),
        officer: nullable(z.string()),
        createdAt: instant,
        jointApproval: nullable(
          z.strictObject({ deadline: instant, pending: z.array(z.string()), result: nullable(JointResultEnum) }),
        ),
      }),
    ),
    next: nullable(z.string()),
  }),
  'ProjectList',
);

const ProjectFormField = z.strictObject({
  name: z.string(),
  type: z.enum(['string', 'number', 'date', 'boolean', 'enum']),
  required: z.boolean(),
  /** The items whose forms ask it. */
  items: z.array(z.string()),
  label: Text,
  options: nullable(z.array(z.string())),
  min: nullable(z.number()),
  max: nullable(z.number()),
});

export const ProjectForm = named(
  z.strictObject({
    projectId: z.string(),
    fields: z.array(ProjectFormField),
    /** Field names two items give different types (asked once, as the first item's). */
    conflicts: z.array(z.strictObject({ name: z.string(), items: z.array(z.string()) })),
    answers: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
    filledAt: nullable(instant),
  }),
  'ProjectForm',
  'The one form (一表通): the union of the items’ fields, each once, with the answers so far',
);

export const ProjectFormFilled = named(
  ProjectForm.extend({ filledAt: instant, missing: z.array(z.string()) }),
  'ProjectFormFilled',
  'The one form as filled, and the required fields still left for later',
);

export const ProjectVerification = named(
  // Loose: verification grows (anchors outside the table); a client reads what it knows.
  z.looseObject({ projectId: z.string(), valid: z.boolean(), events: int, firstBrokenAt: nullable(int) }),
  'ProjectVerification',
  "A project's tracking log re-computed from its first event to its stored head, and the state bound to it",
);

// ---- Official activities and the year-end appraisal (issue 16 items 5–6, docs/supervision.md) ----

export const OfficialActivity = named(
  z.strictObject({
    id: z.string(),
    departmentId: z.string(),
    registeredBy: z.string(),
    registeredRole: z.string(),
    registeredAt: instant,
    at: instant,
    purpose: z.string(),
    participants: z.array(z.string()),
    enterprise: nullable(z.strictObject({ name: nullable(z.string()), creditCode: nullable(z.string()) })),
    corrects: nullable(z.string()),
    note: nullable(z.string()),
  }),
  'OfficialActivity',
  'An official activity with an enterprise as registered (never changed: a correction is a new entry naming it)',
);

export const OfficialActivityList = named(
  z.strictObject({ activities: z.array(OfficialActivity), next: nullable(z.string()) }),
  'OfficialActivityList',
);

const AppraisalCriterion = named(
  z.strictObject({ code: z.string(), name: Text, description: Text, weight: int }),
  'AppraisalCriterion',
);

const AppraisalWindow = named(
  z.strictObject({ opens: isoDate, closes: isoDate, state: z.enum(['NOT_OPEN', 'OPEN', 'CLOSED']) }),
  'AppraisalWindow',
);

export const AppraisalCriteria = named(
  z.strictObject({
    year: int,
    window: AppraisalWindow,
    minRatings: int,
    scale: z.strictObject({ min: int, max: int, names: z.record(z.string(), Text) }),
    criteria: z.array(AppraisalCriterion),
    grades: z.array(z.strictObject({ grade: z.string(), name: Text, from: z.number() })),
  }),
  'AppraisalCriteria',
  "A year's appraisal criteria (评议标准), weights, scale, grades and window",
);

const AppraisalAggregate = named(
  z.strictObject({
    ratings: int,
    /** False below the minimum number of ratings: only the count is published. */
    shown: z.boolean(),
    averages: nullable(z.record(z.string(), z.number())),
    weightedTotal: nullable(z.number()),
    grade: nullable(z.enum(['SATISFIED', 'BASICALLY_SATISFIED', 'DISSATISFIED'])),
    gradeName: nullable(Text),
  }),
  'AppraisalAggregate',
);

export const AppraisalSummary = named(
  z.strictObject({
    year: int,
    window: AppraisalWindow,
    minRatings: int,
    criteria: z.array(AppraisalCriterion),
    ratings: int,
    departments: z.array(
      z.strictObject({
        departmentId: z.string(),
        name: nullable(Text),
        leaderName: nullable(z.string()),
        rank: nullable(int),
        department: AppraisalAggregate,
        leader: AppraisalAggregate,
        byKind: z.record(z.string(), int),
      }),
    ),
  }),
  'AppraisalSummary',
  "A year's appraisal per department: counts, averages per criterion, weighted total, rank and grade (aggregates only, from the minimum number of ratings; never who rated)",
);

export const AppraisalRating = named(
  z.strictObject({
    year: int,
    departmentId: z.string(),
    kind: z.string(),
    scores: z.record(z.string(), int),
    weightedTotal: z.number(),
    leader: nullable(z.strictObject({ name: z.string() })),
    leaderScores: nullable(z.record(z.string(), int)),
    leaderWeightedTotal: nullable(z.number()),
    comment: nullable(z.string()),
    at: instant,
  }),
  'AppraisalRating',
  "A representative's own rating (their kind, never their account)",
);

export const AppraisalMyRatings = named(
  z.strictObject({ year: int, ratings: z.array(AppraisalRating) }),
  'AppraisalMyRatings',
);

// ---- Law-enforcement inspections (执法检查审批备案, issue 16 item 4, docs/enforcement.md) ----

const InspectionStatusEnum = z.enum(['PENDING_APPROVAL', 'APPROVED', 'REJECTED', 'FILED', 'DONE']);
const InspectorView = z.strictObject({ name: z.string(), certificateNo: nullable(z.string()) });

export const Inspection = named(
  z.strictObject({
    id: z.string(),
    departmentId: z.string(),
    enterprise: z.strictObject({ name: z.string(), creditCode: z.string() }),
    purpose: z.string(),
    legalBasis: z.string(),
    plannedAt: instant,
    plannedDate: isoDate,
    inspectors: z.array(InspectorView),
    status: InspectionStatusEnum,
    statusName: Bilingual,
    plannedBy: z.string(),
    /** Over the yearly limit of inspections of the enterprise: planned with its cause, flagged to supervision. */
    overLimit: z.boolean(),
    cause: nullable(z.string()),
    approval: nullable(z.strictObject({ at: instant, by: z.string(), note: nullable(z.string()) })),
    rejection: nullable(z.strictObject({ at: instant, by: z.string(), reason: z.string() })),
    filing: nullable(z.strictObject({ at: instant, by: z.string(), note: nullable(z.string()) })),
    /** Issued by the filing (10 characters; shown as two groups of five). */
    verificationCode: nullable(z.string()),
    verificationCodeDisplay: nullable(z.string()),
    validFrom: nullable(isoDate),
    validUntil: nullable(isoDate),
    result: nullable(z.strictObject({ at: instant, by: z.string(), findings: z.string(), carriedOutAt: instant })),
    createdAt: instant,
    updatedAt: instant,
  }),
  'Inspection',
  'A law-enforcement inspection of an enterprise: planned, approved, filed (with its verification code), carried out',
);

export const InspectionDetail = named(
  z.strictObject({
    ...Inspection.shape,
    timeline: z.array(
      z.strictObject({ at: instant, type: z.string(), by: z.string(), note: nullable(z.string()), hash: z.string() }),
    ),
    verification: z.strictObject({ valid: z.boolean(), events: int, firstBrokenAt: nullable(int) }),
  }),
  'InspectionDetail',
  'An inspection with its hash-chained timeline, verified',
);

export const InspectionList = named(
  z.strictObject({
    year: int,
    /** The deployment's yearly limit of inspections per enterprise (all departments together). */
    yearlyLimitPerEnterprise: int,
    inspections: z.array(Inspection),
  }),
  'InspectionList',
  "A year's inspections, newest plan first (supervision: every department's; staff: their department's)",
);

export const InspectionVerification = named(
  z.strictObject({
    valid: z.boolean(),
    /** Why a code that was issued does not verify (absent for a code never issued: nothing is said of it). */
    reason: z.enum(['NOT_YET_VALID', 'EXPIRED', 'CARRIED_OUT', 'NOT_FILED']).optional(),
    reasonName: Bilingual.optional(),
    code: z.string().optional(),
    departmentId: z.string().optional(),
    departmentName: Bilingual.optional(),
    purpose: z.string().optional(),
    legalBasis: z.string().optional(),
    plannedAt: instant.optional(),
    plannedDate: isoDate.optional(),
    validFrom: isoDate.optional(),
    validUntil: isoDate.optional(),
    /** The last 4 characters of the credit code the plan names: the enterprise checks it is about itself. */
    creditCodeEndsWith: z.string().optional(),
    /** Who may be at the door: names and certificate numbers, nothing else of them. */
    inspectors: z.array(InspectorView).optional(),
  }),
  'InspectionVerification',
  'The enterprise checks a verification code at its door: valid, with the department, purpose, date and inspectors; an unknown code is just {valid: false}',
);

// ---- Inspection visits (明察暗访, issue 16 item 3; docs/supervision.md) ----

const VisitProblem = named(
  z.strictObject({
    id: z.string(),
    /** `<visit id>-<problem id>`: the subject of its clock and of its accountability record. */
    subject: z.string(),
    description: z.string(),
    status: z.enum(['AWAITING_RECTIFICATION', 'RECTIFIED', 'RECTIFIED_LATE', 'OVERDUE']),
    workingDays: int,
    /** The rectification deadline: the end of its last working day (docs/rules.md §3). */
    rectifyBy: instant,
    rectifyByDate: isoDate,
    /** While owed: GREEN, YELLOW, RED (overdue); null once reported. */
    light: nullable(Light),
    /** Working days left through the deadline date while owed; 0 once passed; null once reported. */
    remainingWorkingDays: nullable(int),
    accountable: z.boolean(),
    /** The accountability record's id once it is on the register (flagged, or overdue). */
    accountabilityId: nullable(z.string()),
    overdueAt: nullable(instant),
    rectification: nullable(z.strictObject({ at: instant, by: z.string(), actions: z.string(), late: z.boolean() })),
  }),
  'VisitProblem',
  'A problem found on an inspection visit and its rectification',
);

const VisitSummary = {
  id: z.string(),
  departmentId: z.string(),
  kind: z.enum(['OPEN', 'UNANNOUNCED']),
  kindName: Bilingual,
  at: instant,
  findings: z.string(),
  recordedAt: instant,
  recordedBy: z.string(),
  problems: z.array(VisitProblem),
};

export const Visit = named(
  z.strictObject({
    ...VisitSummary,
    timeline: z.array(
      z.strictObject({ at: instant, type: z.string(), by: z.string(), note: nullable(z.string()), hash: z.string() }),
    ),
    verification: z.strictObject({ valid: z.boolean(), events: int, firstBrokenAt: nullable(int) }),
  }),
  'Visit',
  'An inspection visit (明察暗访) with its problems, their lights, and its hash-chained timeline, verified',
);

export const Visits = named(
  z.strictObject({ year: z.string().nullable(), visits: z.array(z.strictObject(VisitSummary)) }),
  'Visits',
  'Inspection visits, newest first',
);
