/** The inspections' answers as the pages read them (functions/http/responses.ts `Inspection`, `InspectionVerification`). */
export interface Inspection {
  readonly id: string;
  readonly departmentId: string;
  readonly enterprise: { readonly name: string; readonly creditCode: string };
  readonly purpose: string;
  readonly legalBasis: string;
  readonly plannedAt: string;
  readonly plannedDate: string;
  readonly inspectors: readonly { readonly name: string; readonly certificateNo: string | null }[];
  readonly status: 'PENDING_APPROVAL' | 'APPROVED' | 'REJECTED' | 'FILED' | 'DONE';
  readonly statusName: { readonly zh: string; readonly en: string };
  readonly overLimit: boolean;
  readonly cause: string | null;
  readonly verificationCodeDisplay: string | null;
  readonly validFrom: string | null;
  readonly validUntil: string | null;
  readonly rejection: { readonly reason: string } | null;
  readonly result: { readonly findings: string } | null;
}

export interface InspectionList {
  readonly year: number;
  readonly yearlyLimitPerEnterprise: number;
  readonly inspections: readonly Inspection[];
}

export interface Verification {
  readonly valid: boolean;
  readonly reason?: 'NOT_YET_VALID' | 'EXPIRED' | 'CARRIED_OUT' | 'NOT_FILED';
  readonly code?: string;
  readonly departmentId?: string;
  readonly departmentName?: { readonly zh: string; readonly en: string };
  readonly purpose?: string;
  readonly legalBasis?: string;
  readonly plannedAt?: string;
  readonly validFrom?: string;
  readonly validUntil?: string;
  readonly creditCodeEndsWith?: string;
  readonly inspectors?: readonly { readonly name: string; readonly certificateNo: string | null }[];
}

/** An instant as China time, `2026-11-10 09:30`. */
export function chinaTime(iso: string): string {
  return iso.slice(0, 16).replace('T', ' ');
}
