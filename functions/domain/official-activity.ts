/**
 * The official activity registry (公务活动登记, issue 16 item 5; docs/supervision.md "Official activities"): staff
 * register every official activity with an enterprise — who (the token's subject), when, why, with whom — so that
 * supervision can see, per enterprise and per officer, who went where and why (investors are not visited at will).
 * Entries are immutable: a mistake is corrected by a new entry that names the one it corrects. Pure rules.
 */

/**
 * The shape of a unified social credit code (统一社会信用代码, GB 32100-2015): 18 characters, registration authority and
 * kind (2), administrative division (6 digits), organisation code (9) and check character (1), from the digits and
 * the capitals except I, O, Z, S, V. Only the shape is checked here; the check character (its weighted sum mod 31) is
 * left to the enforcement inspections' validation, which owns it.
 */
export const CREDIT_CODE_SHAPE = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/;

export function isCreditCodeShape(value: string): boolean {
  return CREDIT_CODE_SHAPE.test(value);
}

/**
 * An enterprise's name as the registry matches it: spaces removed, full-width letters and digits and brackets made
 * half-width, Latin letters upper-cased — so "某某科技（苏州）有限公司" and "某某科技(苏州)有限公司" are one enterprise.
 */
export function normalizeEnterpriseName(name: string): string {
  return name.normalize('NFKC').replace(/\s+/g, '').toUpperCase();
}

/** How a query's `enterprise` is read: a credit code when it has the shape of one, otherwise a name. */
export function enterpriseQueryOf(value: string): { creditCode: string } | { name: string } {
  const trimmed = value.trim().toUpperCase();
  return isCreditCodeShape(trimmed) ? { creditCode: trimmed } : { name: normalizeEnterpriseName(value) };
}

/** Registration id: `OA-` and a ULID (time-ordered, so the id says when it was registered). */
export function activityIdOf(ulid: string): string {
  return `OA-${ulid}`;
}

export const ACTIVITY_ID = /^OA-[0-9A-HJKMNP-TV-Z]{26}$/;
