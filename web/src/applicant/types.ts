import type { Case, CaseWithLight, FormField, ItemMaterial } from '../case-types.ts';
import type { LightColour } from '../components/Light.tsx';

/** The parts of the API's answers these pages read (functions/http/responses.ts has the whole shapes). */

/** GET /v1/catalog/{code}, in the page's language. */
export interface Guide {
  readonly code: string;
  readonly name: string;
  readonly status: string;
  readonly promisedLimitDays: number;
  readonly materials: readonly ItemMaterial[];
  readonly form: { readonly fields: readonly FormField[] };
}

export interface MissingMaterial {
  readonly id: string;
  readonly name: string;
  readonly reason: string;
}

/**
 * A case as the applicant sees it: GET /v1/applications/{id} (with the light), or the create and materials answers
 * (without it, with the notice).
 */
export type CaseView = Case &
  Partial<Pick<CaseWithLight, 'light' | 'remainingWorkingDays'>> & {
    readonly missingMaterials?: readonly MissingMaterial[];
    readonly notice?: {
      readonly number: string;
      readonly date: string;
      readonly text: string;
      readonly legalBasis: string;
      readonly missing: readonly MissingMaterial[];
    } | null;
  };

/** The form field's type under the name the apply page uses. */
export type GuideField = FormField;

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
  readonly kind: 'MATERIALS_NOTICE' | 'ON_THE_SPOT' | 'ACCEPTANCE' | 'RECEIPT_OF_PAPERS';
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
