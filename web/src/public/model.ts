import type { FormField, ItemMaterial } from '../case-types.ts';
import { language } from '../i18n.ts';

/** The API's answers as the public pages read them (functions/http/responses.ts has the full schemas). */

export interface Item {
  readonly code: string;
  readonly departmentId: string;
  readonly name: string;
  readonly legalBasis: string;
  readonly conditions: string;
  readonly quantityLimit?: string;
  readonly procedure: readonly string[];
  readonly handlingMode: 'IMMEDIATE' | 'PROMISED';
  readonly legalLimitDays: number;
  readonly promisedLimitDays: number;
  readonly legalExtensionDays: number;
  readonly deemedConsentEligible: boolean;
  readonly materials: readonly ItemMaterial[];
  readonly fees: string;
  readonly window: string;
  readonly officeHours: string;
  readonly phone: string;
  readonly supervisionPhone: string;
  readonly resultDocument: string;
  readonly sampleApplication: string | null;
  readonly form: { readonly fields: readonly FormField[] };
  readonly fallbacks: readonly string[];
  readonly revision: number;
  readonly revisedAt: string;
}

export interface Department {
  readonly id: string;
  readonly name: string;
  readonly address: string;
  readonly phone: string;
  readonly hours: string;
  readonly supervisionPhone: string;
  readonly windows: readonly { readonly id: string; readonly name: string; readonly comprehensive: boolean }[];
}

export type ItemGuide = Item & { readonly department: Department | null };

export type DepartmentWithItems = Department & {
  readonly items: readonly {
    readonly code: string;
    readonly name: string;
    readonly handlingMode: Item['handlingMode'];
    readonly promisedLimitDays: number;
  }[];
};

export interface Tracked {
  readonly id: string;
  readonly itemCode: string;
  readonly itemName: string;
  readonly departmentId: string;
  readonly status: string;
  readonly light: 'GREEN' | 'YELLOW' | 'RED' | 'RED_CARD' | null;
  readonly remainingWorkingDays: number | null;
  readonly receivedAt: string;
  readonly acceptedOn: string | null;
  readonly workingDays: number;
  readonly deadlineDate: string | null;
  readonly deadline: string | null;
  readonly decision: { readonly outcome: 'APPROVED' | 'REJECTED'; readonly at: string } | null;
  readonly expiry: { readonly outcome: 'DEEMED_APPROVED' | 'OVERDUE'; readonly at: string } | null;
  readonly withdrawnAt: string | null;
  readonly timeline: readonly { readonly type: string; readonly at: string }[];
}

export interface Disclosure {
  readonly published: number;
  readonly complete: number;
  readonly rate: number;
  readonly definition: string;
  readonly incomplete: readonly { readonly code: string; readonly score: number }[];
}

const ZONE = 'Asia/Shanghai';
const locale = () => (language() === 'en' ? 'en-GB' : 'zh-CN');

/** An instant as China-local date and time, whatever the browser's zone. */
export function formatInstant(iso: string | null | undefined): string {
  if (!iso) return '';
  return new Intl.DateTimeFormat(locale(), { timeZone: ZONE, dateStyle: 'medium', timeStyle: 'short' }).format(
    new Date(iso),
  );
}

/** A calendar date (YYYY-MM-DD, a China-local day) in the page's language. */
export function formatDate(date: string | null | undefined): string {
  if (!date) return '';
  return new Intl.DateTimeFormat(locale(), { timeZone: ZONE, dateStyle: 'medium' }).format(
    new Date(`${date.slice(0, 10)}T12:00:00+08:00`),
  );
}

/** A share (0–1) as a percentage. */
export function percent(share: number | null | undefined, digits = 1): string {
  if (share === null || share === undefined) return '—';
  return `${(share * 100).toFixed(digits).replace(/\.0+$/, '')}%`;
}
