import * as z from 'zod/mini';
import { caseActions } from '../../domain/actions.ts';
import { decisionOutcomes, pauseReasons } from '../../domain/case.ts';
import { CaseStatus, instant, int, isoDate, Light, named, nullable, Officer } from './shared.ts';

/**
 * Builds a schema when this module loads, like a plain constant, but marked free of side effects for esbuild: a Lambda
 * bundle that never names the schema drops it rather than building it at every cold start (issue 17 item 3). esbuild
 * honours the mark for calls in the same module only, hence one per module.
 */
/* @__NO_SIDE_EFFECTS__ */
function built<T>(make: () => T): T {
  return make();
}

/**
 * The response schemas of the applications area's routes (functions/http/routes/applications.ts); shared.ts holds those
 * several areas use.
 */

const Recipient = built(() => z.enum(['APPLICANT', 'HANDLER', 'HEAD', 'SUPERVISION', 'OFFICER']));
// ---- Cases ----

const Applicant = built(() =>
  named(
    z.strictObject({
      type: z.enum(['PERSON', 'ENTERPRISE']),
      name: z.string(),
      /** In full for the applicant and the handling department; masked for everyone else. */
      phone: z.string(),
      idNumber: z.optional(z.string()),
    }),
    'Applicant',
  ),
);

const ReceivingPoint = built(() =>
  named(
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
  ),
);

const Pause = built(() =>
  named(
    z.strictObject({
      reason: z.enum(pauseReasons),
      note: z.optional(z.string()),
      expectedWorkingDays: int,
      from: instant,
      by: z.string(),
      /** Set when the pause ended, with the working days it added to the deadline. */
      to: z.optional(instant),
      workingDays: z.optional(int),
    }),
    'Pause',
  ),
);

const Extension = built(() =>
  named(
    z.strictObject({
      workingDays: int,
      reason: z.string(),
      requestedBy: z.string(),
      requestedAt: instant,
      status: z.enum(['PENDING', 'APPROVED']),
      approvedBy: z.optional(z.string()),
      approvedAt: z.optional(instant),
    }),
    'Extension',
  ),
);

const TimelineEvent = built(() =>
  named(
    z.strictObject({
      at: instant,
      type: z.string(),
      by: z.string(),
      note: z.optional(z.string()),
      /** The digest of the case state this event produced (absent before state binding). */
      state: z.optional(z.string()),
      /** Bound fields found edited outside any event when this one was appended. */
      stateEditedBefore: z.optional(z.array(z.string())),
      hash: z.string(),
    }),
    'TimelineEvent',
  ),
);

const SubmittedMaterial = built(() =>
  named(
    z.strictObject({ id: z.string(), defect: z.optional(z.string()) }),
    'SubmittedMaterial',
    'A material as submitted, with the defect the receiving clerk found, if any',
  ),
);

const NoticeGiven = built(() =>
  named(
    z.strictObject({ number: z.string(), at: instant, missing: z.array(z.string()) }),
    'NoticeGiven',
    'A one-time notice given on the case: its number, when, and the ids of the materials it asked for',
  ),
);

const Review = built(() =>
  named(
    z.strictObject({
      verdict: z.enum(['CONFIRMED', 'WRONGFUL']),
      reason: z.string(),
      publicInterestNote: z.optional(z.string()),
      by: z.string(),
      at: instant,
    }),
    'Review',
    'A supervisor’s post-hoc review of a deemed approval',
  ),
);

const Decision = built(() =>
  named(
    z.strictObject({
      outcome: z.enum(decisionOutcomes),
      reason: z.optional(z.string()),
      by: z.string(),
      at: instant,
      /** Recorded after the deadline, on an OVERDUE case. */
      late: z.boolean(),
    }),
    'Decision',
  ),
);

const Expiry = built(() =>
  named(
    z.strictObject({
      outcome: z.enum(['DEEMED_APPROVED', 'OVERDUE']),
      at: instant,
      appliedAt: instant,
      appliedBy: z.string(),
    }),
    'Expiry',
    'How the case ran out of time: deemed approved (超时默认) or overdue, and who applied the rule when',
  ),
);

const Supervision = built(() =>
  named(
    z.strictObject({ since: instant, deadlineDate: isoDate, deadline: instant, deadlineAt: instant }),
    'Supervision',
    'Supervision (督办) of an overdue case, with its own deadline (then the red card)',
  ),
);

/** functions/http/views.ts `caseView`: the case as the viewer may see it. */
export const Case = built(() =>
  named(
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
  ),
);

const MissingMaterial = built(() =>
  named(z.strictObject({ id: z.string(), name: z.string(), reason: z.string() }), 'MissingMaterial'),
);

const MaterialsNotice = built(() =>
  named(
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
  ),
);

/** intake.ts `materialsRequiredView`: what an applicant is told about a MATERIALS_REQUIRED case. */
const materialsRequired = built(() => ({
  missingMaterials: z.array(MissingMaterial),
  notice: nullable(MaterialsNotice),
}));

// ---- The actions a case page offers (staff helper, issue 13) ----

/** One action on a case for the caller: allowed now, or refused with the reason in words (domain/actions.ts). */
const CaseActionAnswer = built(() =>
  named(
    z.strictObject({
      action: z.enum(caseActions),
      allowed: z.boolean(),
      reason: z.optional(z.strictObject({ zh: z.string(), en: z.string() })),
    }),
    'CaseAction',
    'An action on the case for the caller: allowed, or refused and why (what the API would answer to it now)',
  ),
);

export const CaseWithLight = built(() =>
  named(
    z.extend(Case, {
      light: nullable(Light),
      remainingWorkingDays: nullable(int),
      actions: z.array(CaseActionAnswer),
    }),
    'CaseWithLight',
    'The case with its light (电子监察), remaining working days while its clock runs, and what the caller may do to it',
  ),
);

export const CaseCreated = built(() =>
  named(
    z.extend(Case, {
      missingMaterials: z.optional(materialsRequired.missingMaterials),
      notice: z.optional(materialsRequired.notice),
      /** 一表通: the form fields filled from the applicant's earlier answers. */
      reusedFromProfile: z.optional(z.array(z.string())),
      /** 一表通 of a project: the form fields filled from the project's one form. */
      reusedFromProject: z.optional(z.array(z.string())),
    }),
    'CaseCreated',
    'The new case; with the one-time notice (一次性告知) when MATERIALS_REQUIRED',
  ),
);

export const CaseWithNotice = built(() =>
  named(z.extend(Case, materialsRequired), 'CaseWithNotice', 'The case, MATERIALS_REQUIRED, with the one-time notice'),
);

export const CaseAfterMaterials = built(() =>
  named(
    z.extend(Case, {
      missingMaterials: z.optional(materialsRequired.missingMaterials),
      notice: z.optional(materialsRequired.notice),
      /** A second notice: an anomaly supervision sees. */
      anomaly: z.optional(z.literal(true)),
    }),
    'CaseAfterMaterials',
    'ACCEPTED once the materials are complete; still MATERIALS_REQUIRED (a repeated notice, an anomaly) otherwise',
  ),
);

export const Referral = built(() =>
  named(
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
  ),
);

export const Receipt = built(() =>
  named(
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
  ),
);

export const ChainVerdict = built(() =>
  named(
    // Loose: verification grows (bound case state, anchors outside the table); a client reads what it knows.
    z.looseObject({ caseId: z.string(), valid: z.boolean(), events: int, firstBrokenAt: nullable(int) }),
    'ChainVerdict',
    'Whether the hash chain of the timeline is intact, and the first broken link if not',
  ),
);

const Notification = built(() =>
  named(
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
  ),
);

export const CaseNotifications = built(() =>
  named(z.strictObject({ caseId: z.string(), notifications: z.array(Notification) }), 'CaseNotifications'),
);

export const Inbox = built(() =>
  named(
    z.strictObject({
      notifications: z.array(Notification),
      /** The `cursor` of the next page; null on the last. */
      next: nullable(z.string()),
    }),
    'Inbox',
  ),
);

export const MyApplications = built(() =>
  named(
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
  ),
);
