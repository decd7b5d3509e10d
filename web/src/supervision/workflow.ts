/**
 * The accountability workflow's rules as the supervision pages show them (issue 16, docs/supervision.md): pure, no
 * React and no JSX, so test/web checks them against functions/domain/accountability.ts.
 */

export type AccountabilityStatus = 'OPEN' | 'INVESTIGATING' | 'DECIDED' | 'PUBLISHED' | 'DISMISSED';
export const accountabilityStatuses: readonly AccountabilityStatus[] = [
  'OPEN',
  'INVESTIGATING',
  'DECIDED',
  'PUBLISHED',
  'DISMISSED',
];
export type Responsibility = 'HANDLER' | 'LEADER' | 'BOTH' | 'NONE';
export const responsibilities: readonly Responsibility[] = ['HANDLER', 'LEADER', 'BOTH', 'NONE'];

/** The actions each status allows (functions/domain/accountability.ts `accountabilityActions`). */
export function actionsOf(status: AccountabilityStatus): readonly ('investigate' | 'decide' | 'publish' | 'dismiss')[] {
  switch (status) {
    case 'OPEN':
      return ['investigate', 'dismiss'];
    case 'INVESTIGATING':
      return ['decide', 'dismiss'];
    case 'DECIDED':
      return ['publish'];
    default:
      return [];
  }
}

/** What the investigation's light reads of a record. */
export interface InvestigationState {
  readonly status: AccountabilityStatus;
  readonly investigation: {
    readonly deadline: string;
    readonly deadlineDate: string;
    readonly overdueAt: string | null;
  } | null;
}

/**
 * The investigation's light on the page: RED once escalated or past its deadline, YELLOW on its last day (from 00:00
 * China time of the deadline date), GREEN before; none without an investigation or once it ended.
 */
export function investigationLight(
  r: InvestigationState,
  now: number,
  today: string,
): 'GREEN' | 'YELLOW' | 'RED' | null {
  const inv = r.investigation;
  if (!inv || r.status !== 'INVESTIGATING') return null;
  if (inv.overdueAt || now >= Date.parse(inv.deadline)) return 'RED';
  if (today >= inv.deadlineDate) return 'YELLOW';
  return 'GREEN';
}

/** The quarter picker's choices: this quarter (by the server's clock) and the seven before it, newest first. */
export function recentQuarters(today: string, count = 8): string[] {
  let year = Number(today.slice(0, 4));
  let q = Math.floor((Number(today.slice(5, 7)) - 1) / 3) + 1;
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    out.push(`${year}-Q${q}`);
    q -= 1;
    if (q === 0) {
      q = 4;
      year -= 1;
    }
  }
  return out;
}
