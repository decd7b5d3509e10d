/**
 * The metrics operators watch: one closed set, so that a misspelled name fails to compile, and the one place both
 * the functions (which emit them in the CloudWatch embedded metric format, `observability.ts`) and the alarms
 * (`lib/constructs/operational-alarms.ts`) read names, namespace and dimensions from. It holds data only: CDK imports it.
 *
 * Every metric is a count (unit Count, summed by the alarms), in the namespace METRIC_NAMESPACE with two dimensions:
 *  - `service`: the deployment (POWERTOOLS_SERVICE_NAME, which CDK sets to the stack name), so that two stages in one
 *    account never add up;
 *  - `duty`: which clock's duty it counts (the approval clock, the intake clock).
 */
import type { ExpiryOutcome } from '../domain/case.ts';

export const METRIC_NAMESPACE = 'Xiaoneng';

/** The dimension names, in the order the functions emit them (an alarm names them all). */
export const METRIC_DIMENSIONS = ['service', 'duty'] as const;

/** The clocks whose duties are counted: the value of the `duty` dimension. */
export const DUTIES = ['approval', 'intake', 'grievance', 'rating', 'joint', 'accountability'] as const;
export type Duty = (typeof DUTIES)[number];

/** The `duty` dimension of each clock duty of the engine (functions/domain/duty.ts). */
export const METRIC_DUTY = {
  APPROVAL: 'approval',
  INTAKE_REVIEW: 'intake',
  GRIEVANCE_ACCEPT: 'grievance',
  GRIEVANCE_HANDLE: 'grievance',
  GRIEVANCE_REVIEW: 'grievance',
  GRIEVANCE_REVIEW_WINDOW: 'grievance',
  GRIEVANCE_REREVIEW: 'grievance',
  GRIEVANCE_REREVIEW_WINDOW: 'grievance',
  RATING_CONTACT: 'rating',
  RATING_RECTIFY: 'rating',
  JOINT_APPROVAL: 'joint',
  JOINT_OPINION: 'joint',
  INVESTIGATION: 'accountability',
  // The supervision desk's other clock: counted with the register's (both are supervision's own duties).
  VISIT_RECTIFY: 'accountability',
} as const satisfies Record<import('../domain/duty.ts').Duty, Duty>;

export interface MetricSpec {
  /** The duties it is emitted for (the first is the default). */
  readonly duties: readonly [Duty, ...Duty[]];
  /** What one count means. */
  readonly meaning: string;
  /** When set, an alarm fires on one count in five minutes; the text is its description (what to do). */
  readonly alarm?: string;
}

export const OPERATIONAL_METRICS = {
  DeemedApprovals: {
    duties: ['approval'],
    meaning:
      'An eligible case reached its deadline undecided and was deemed approved (视为同意), by its clock or by the reconciler.',
    alarm:
      'A case was deemed approved: its department did not decide within the promised time. The accountability list (GET /v1/accountability) names the case, department and handler.',
  },
  OverdueCases: {
    duties: ['approval'],
    meaning: 'An ineligible case reached its deadline undecided: OVERDUE, under supervision (督办).',
    alarm:
      'A case became overdue and went to supervision (督办). The accountability list names it; it must be decided before its supervision deadline or it gets a red card.',
  },
  RedCards: {
    duties: ['approval'],
    meaning: 'An overdue case was still open at its supervision deadline: red card (红牌).',
    alarm:
      'A red card (红牌): an overdue case was still undecided at the end of its supervision deadline. Logs Insights on the checkpoint log group: fields @timestamp, caseId | filter message = "red card raised".',
  },
  YellowWarnings: {
    duties: ['approval'],
    meaning: 'A case entered its yellow-light stage (黄灯预警): its deadline is near.',
  },
  DeemedAcceptances: {
    duties: ['intake'],
    meaning: 'A received application was not reviewed within the intake limit and was deemed accepted (逾期视为受理).',
    alarm:
      'An application was deemed accepted from its receipt: its department neither accepted it nor asked for corrections within 5 working days. Its approval clock runs from the receipt.',
  },
  ClocksStarted: {
    duties: ['approval', 'intake', 'grievance', 'rating', 'joint', 'accountability'],
    meaning: "A clock's execution was started (not counted when it already existed).",
  },
  ExpiriesRepaired: {
    duties: ['approval', 'intake', 'grievance', 'rating', 'joint', 'accountability'],
    meaning:
      'The reconciler settled a deadline its clock missed (no outcome, or no accountability record, after the grace).',
    alarm:
      'The reconciler settled a deadline its clock missed. Normally zero. Logs Insights on the reconciler log group: fields @timestamp, caseId, repair | filter message = "clock repaired".',
  },
  ClocksRestarted: {
    duties: ['approval', 'intake', 'grievance', 'rating', 'joint', 'accountability'],
    meaning: 'The reconciler started a clock that should have been running (its start failed or never happened).',
    alarm:
      'The reconciler started a clock whose start had failed. Normally zero. Logs Insights on the reconciler log group: fields @timestamp, caseId, repair | filter message = "clock repaired".',
  },
  ReconcileFailures: {
    duties: ['approval', 'intake', 'grievance', 'rating', 'joint', 'accountability'],
    meaning: 'A clock the reconciler could not reconcile this run (it goes on with the others and retries next hour).',
    alarm:
      'The reconciler failed on a clock (the others went on; it retries within the hour). Logs Insights on the reconciler log group: fields @timestamp, caseId, error.message | filter message = "reconcile failed for a clock".',
  },
  DeemedAgreements: {
    duties: ['joint'],
    meaning:
      'A department gave no opinion by its deadline in a joint approval and was deemed to agree (缺席默认); supervision sees each in its inbox and on the accountability list.',
  },
  OverdueVisitProblems: {
    duties: ['accountability'],
    meaning:
      'A problem found on an inspection visit (明察暗访) was not reported rectified by its deadline: OVERDUE, escalated to supervision, on the accountability register.',
  },
  OverdueInvestigations: {
    duties: ['accountability'],
    meaning:
      'An accountability investigation ran past its limit (ACCOUNTABILITY_POLICY investigationWorkingDays) undecided: escalated to the centre’s leadership.',
  },
  OverdueRectifications: {
    duties: ['rating'],
    meaning:
      'A bad review was not contacted within 1 working day, or its rectification not reported within 15: overdue, under supervision (督办).',
  },
  // ── Issue 17 item 5: the re-plan a moved deadline owes (the model check's finding 2) ──
  ReplansResent: {
    duties: ['approval'],
    meaning:
      'The reconciler sent RESCHEDULED again to a clock whose deadline moved (a resume, an approved extension) more than 5 minutes before without its execution re-planning: the first signal was lost.',
  },
} as const satisfies Record<string, MetricSpec>;

export type MetricName = keyof typeof OPERATIONAL_METRICS;
/** The duties one metric may be emitted for. */
export type DutyOf<N extends MetricName> = (typeof OPERATIONAL_METRICS)[N]['duties'][number];

export const METRIC_NAMES = Object.keys(OPERATIONAL_METRICS) as MetricName[];

/** Which metric an expiry outcome counts in. */
export const EXPIRY_METRICS = {
  DEEMED_APPROVED: 'DeemedApprovals',
  OVERDUE: 'OverdueCases',
} as const satisfies Record<ExpiryOutcome, MetricName>;
