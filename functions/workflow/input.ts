/**
 * The workflow handlers' input checks. Their input comes from our own state machines (a fixed payload), so a plain
 * check is enough: a schema library here would add ~440 KB to bundles whose whole job is two fields.
 */
function field(event: unknown, name: string): string {
  const value = (event as Record<string, unknown> | null)?.[name];
  if (typeof value !== 'string' || value.length === 0) {
    throw new TypeError(`InvalidInput: ${name} must be a non-empty string`);
  }
  return value;
}

export function caseIdOf(event: unknown): string {
  return field(event, 'caseId');
}

export function taskTokenOf(event: unknown): string {
  return field(event, 'taskToken');
}

export function executionArnOf(event: unknown): string {
  return field(event, 'executionArn');
}

/** The rating clock a rating checkpoint runs (a constant of its state machine's payload). */
export function ratingDutyOf(event: unknown): 'RATING_CONTACT' | 'RATING_RECTIFY' {
  const duty = field(event, 'duty');
  if (duty !== 'RATING_CONTACT' && duty !== 'RATING_RECTIFY') {
    throw new TypeError(`InvalidInput: duty must be RATING_CONTACT or RATING_RECTIFY, not ${duty}`);
  }
  return duty;
}

/** The joint approval clock a joint checkpoint runs (from the execution input: one state machine runs both). */
export function jointDutyOf(event: unknown): 'JOINT_APPROVAL' | 'JOINT_OPINION' {
  const duty = field(event, 'duty');
  if (duty !== 'JOINT_APPROVAL' && duty !== 'JOINT_OPINION') {
    throw new TypeError(`InvalidInput: duty must be JOINT_APPROVAL or JOINT_OPINION, not ${duty}`);
  }
  return duty;
}
