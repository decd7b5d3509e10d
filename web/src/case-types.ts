import type { LightColour } from './components/Light.tsx';

/**
 * The API's answers about a case and a catalogue item as the pages read them — one shape per answer, whichever area
 * reads it (functions/http/responses.ts has the whole schemas: `Case`, `CaseWithLight`, `CaseCreated`, `Item`). A page
 * reads the fields it needs; the public tracker's answer (`Track`) is another answer and keeps its own type.
 */

export interface Officer {
  readonly id: string;
  readonly name: string;
}

/** One event of a case's timeline (responses.ts `TimelineEvent`). */
export interface TimelineEvent {
  readonly at: string;
  readonly type: string;
  readonly by: string;
  readonly note?: string;
  /** The event's link in the hash chain: unique on the timeline. */
  readonly hash: string;
}

/** One action on the case for the caller: allowed, or refused and why (responses.ts `CaseAction`). */
export interface CaseAction {
  readonly action: string;
  readonly allowed: boolean;
  readonly reason?: { readonly zh: string; readonly en: string };
}

/** `GET /v1/applications/{id}` without the light (responses.ts `Case`): the parts the pages show. */
export interface Case {
  readonly id: string;
  readonly status: string;
  readonly itemCode: string;
  readonly itemName: string;
  readonly departmentId: string;
  readonly applicant: { readonly type: string; readonly name: string; readonly phone: string };
  readonly receivedAt: string;
  readonly materials: readonly { readonly id: string; readonly defect?: string }[];
  readonly acceptedOn: string | null;
  readonly workingDays: number;
  readonly deadlineDate: string | null;
  readonly deadline: string | null;
  readonly reviewDeadline: string | null;
  readonly review: {
    readonly verdict: 'CONFIRMED' | 'WRONGFUL';
    readonly reason: string;
    readonly publicInterestNote?: string;
    readonly by: string;
    readonly at: string;
  } | null;
  readonly pauses: readonly {
    readonly reason: string;
    readonly note?: string;
    readonly expectedWorkingDays: number;
    readonly from: string;
    readonly by: string;
    readonly to?: string;
    readonly workingDays?: number;
  }[];
  readonly extension: {
    readonly workingDays: number;
    readonly reason: string;
    readonly requestedBy: string;
    readonly requestedAt: string;
    readonly status: 'PENDING' | 'APPROVED';
    readonly approvedBy?: string;
    readonly approvedAt?: string;
  } | null;
  readonly withdrawnAt: string | null;
  readonly notices: readonly { readonly number: string; readonly at: string; readonly missing: readonly string[] }[];
  readonly deemedConsentEligible: boolean;
  /** The green-channel project it belongs to (docs/green-channel.md), and whether it is a green-channel case. */
  readonly projectId?: string | null;
  readonly greenChannel?: boolean;
  readonly handler: Officer;
  readonly leader: Officer;
  readonly decision: {
    readonly outcome: 'APPROVED' | 'REJECTED';
    readonly reason?: string;
    readonly by: string;
    readonly at: string;
    /** Recorded after the deadline, on an OVERDUE case. */
    readonly late: boolean;
  } | null;
  readonly expiry: {
    readonly outcome: 'DEEMED_APPROVED' | 'OVERDUE';
    readonly at: string;
    readonly appliedAt: string;
    readonly appliedBy: string;
  } | null;
  readonly supervision: { readonly since: string; readonly deadlineDate: string; readonly deadline: string } | null;
  readonly redCardAt: string | null;
  readonly timeline: readonly TimelineEvent[];
}

/** `GET /v1/applications/{id}` (responses.ts `CaseWithLight`): the case, its light and what the caller may do. */
export interface CaseWithLight extends Case {
  readonly light: LightColour | null;
  readonly remainingWorkingDays: number | null;
  readonly actions: readonly CaseAction[];
}

/** A field of an item's application form (responses.ts `Item.form.fields`), its label in the page's language. */
export interface FormField {
  readonly name: string;
  readonly label: string;
  readonly type: 'string' | 'number' | 'date' | 'boolean' | 'enum';
  readonly required: boolean;
  readonly options?: readonly string[];
  readonly min?: number;
  readonly max?: number;
}

/** A material an item asks for (responses.ts `Item.materials`). */
export interface ItemMaterial {
  readonly id: string;
  readonly name: string;
  readonly required: boolean;
  readonly condition?: string;
  readonly originals: number;
  readonly copies: number;
  readonly template: string | null;
}
