/** What the appraisal and activity routes answer (functions/http/responses.ts). */
export interface Text {
  readonly zh: string;
  readonly en?: string;
}

export interface Criterion {
  readonly code: string;
  readonly name: Text;
  readonly description: Text;
  readonly weight: number;
}

export interface AppraisalWindow {
  readonly opens: string;
  readonly closes: string;
  readonly state: 'NOT_OPEN' | 'OPEN' | 'CLOSED';
}

export interface Aggregate {
  readonly ratings: number;
  readonly shown: boolean;
  readonly averages: Record<string, number> | null;
  readonly weightedTotal: number | null;
  readonly grade: string | null;
  readonly gradeName: Text | null;
}

export interface Summary {
  readonly year: number;
  readonly window: AppraisalWindow;
  readonly minRatings: number;
  readonly criteria: readonly Criterion[];
  readonly ratings: number;
  readonly departments: readonly {
    readonly departmentId: string;
    readonly name: Text | null;
    readonly leaderName: string | null;
    readonly rank: number | null;
    readonly department: Aggregate;
    readonly leader: Aggregate;
  }[];
}

export interface Criteria {
  readonly year: number;
  readonly window: AppraisalWindow;
  readonly minRatings: number;
  readonly scale: { readonly min: number; readonly max: number; readonly names: Record<string, Text> };
  readonly criteria: readonly Criterion[];
}

export interface MyRating {
  readonly departmentId: string;
  readonly weightedTotal: number;
  readonly at: string;
}

export interface Activity {
  readonly id: string;
  readonly departmentId: string;
  readonly registeredBy: string;
  readonly at: string;
  readonly purpose: string;
  readonly participants: readonly string[];
  readonly enterprise: { readonly name: string | null; readonly creditCode: string | null } | null;
  readonly corrects: string | null;
}

export interface ActivityList {
  readonly activities: readonly Activity[];
  readonly next: string | null;
}

/** The China-local year of an instant (epoch ms). */
export function shanghaiYear(ms: number): number {
  return new Date(ms + 8 * 3600_000).getUTCFullYear();
}

/** An ISO 8601 instant with offset shown as `YYYY-MM-DD HH:mm` (China-local, as the API sends it). */
export function shortInstant(iso: string): string {
  return iso.slice(0, 16).replace('T', ' ');
}
