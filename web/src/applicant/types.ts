import type { LightColour } from '../components/Light.tsx';

/** The parts of the API's answers these pages read (functions/http/responses.ts has the whole shapes). */

export interface GuideField {
  readonly name: string;
  readonly label: string;
  readonly type: 'string' | 'number' | 'date' | 'boolean' | 'enum';
  readonly required: boolean;
  readonly options?: readonly string[];
  readonly min?: number;
  readonly max?: number;
}

export interface GuideMaterial {
  readonly id: string;
  readonly name: string;
  readonly required: boolean;
  readonly condition?: string;
  readonly originals: number;
  readonly copies: number;
}

/** GET /v1/catalog/{code}, in the page's language. */
export interface Guide {
  readonly code: string;
  readonly name: string;
  readonly status: string;
  readonly promisedLimitDays: number;
  readonly materials: readonly GuideMaterial[];
  readonly form: { readonly fields: readonly GuideField[] };
}

export interface MissingMaterial {
  readonly id: string;
  readonly name: string;
  readonly reason: string;
}

export interface TimelineEvent {
  readonly at: string;
  readonly type: string;
  readonly by: string;
  readonly note?: string;
  /** The event's link in the hash chain: unique on the timeline. */
  readonly hash: string;
}

/** A case as the applicant sees it (GET /v1/applications/{id}; the create and materials answers add the notice). */
export interface CaseView {
  readonly id: string;
  readonly status: string;
  readonly itemCode: string;
  readonly itemName: string;
  readonly receivedAt: string;
  readonly acceptedOn: string | null;
  readonly workingDays: number;
  readonly deadlineDate: string | null;
  readonly deadline: string | null;
  readonly withdrawnAt: string | null;
  readonly notices: readonly { readonly number: string; readonly at: string; readonly missing: readonly string[] }[];
  readonly decision: { readonly outcome: string; readonly reason?: string; readonly at: string } | null;
  readonly timeline: readonly TimelineEvent[];
  readonly light?: LightColour | null;
  readonly remainingWorkingDays?: number | null;
  readonly missingMaterials?: readonly MissingMaterial[];
  readonly notice?: {
    readonly number: string;
    readonly date: string;
    readonly text: string;
    readonly legalBasis: string;
    readonly missing: readonly MissingMaterial[];
  } | null;
}

/** POST /v1/applications when the item is another department's (首问责任制): where to go. */
export interface Referral {
  readonly status: 'REFERRED';
  readonly referralId: string;
  readonly itemCode: string;
  readonly detail: string;
  readonly referral: {
    readonly departmentId: string;
    readonly name: string;
    readonly address: string;
    readonly phone: string;
    readonly hours: string;
  };
}

export type ApplyAnswer = CaseView | Referral;

export interface MyApplication {
  readonly id: string;
  readonly itemCode: string;
  readonly itemName: string;
  readonly status: string;
  readonly light: LightColour | null;
  readonly deadline: string | null;
  readonly deadlineDate: string | null;
  readonly receivedAt: string;
  readonly remainingWorkingDays: number | null;
}

export interface Receipt {
  readonly centre: string;
  readonly caseId: string;
  readonly item: string;
  readonly applicant: string;
  readonly receivedAt: string;
  readonly itemLegalBasis: string | null;
  readonly kind: 'MATERIALS_NOTICE' | 'ON_THE_SPOT' | 'ACCEPTANCE';
  readonly title: string;
  readonly number: string | null;
  readonly date: string | null;
  readonly lines: readonly string[];
  readonly legalBasis: string | null;
  readonly text: string | null;
}

export interface Notification {
  readonly id: string;
  readonly caseId: string;
  readonly kind: string;
  readonly at: string;
  readonly subject: { readonly zh: string; readonly en: string };
  readonly detail: string | null;
  readonly actBy: string | null;
  readonly itemName: string;
}
