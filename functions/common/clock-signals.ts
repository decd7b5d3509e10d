/**
 * What a SendTaskSuccess on a clock's decision token carries (common/clock-executions.ts `signalDecision`): the words
 * the handlers that wake a clock (functions/http/) and the state machine's Choice (lib/approval-clock.ts, through
 * functions/common/clock-contract.ts) share. Here, not in workflow/, so a handler folder never imports another.
 */
export const DECISION_SIGNALS = {
  decided: 'DECIDED',
  decidedLate: 'DECIDED_LATE',
  withdrawn: 'WITHDRAWN',
  rescheduled: 'RESCHEDULED',
  closed: 'CLOSED',
  /** A joint approval's department deemed to agree (its clock ended so): the opinion branch has nothing to wait for. */
  deemed: 'DEEMED',
} as const;
