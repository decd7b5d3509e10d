/** The applicant pages' words (namespace `applicant`): every key in both languages. */
export const text = {
  zh: {},
  en: {},
} satisfies { zh: Record<string, unknown>; en: Record<string, unknown> };
