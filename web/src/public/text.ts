/** The public pages' words (namespace `public`): every key in both languages. */
export const text = {
  zh: {},
  en: {},
} satisfies { zh: Record<string, unknown>; en: Record<string, unknown> };
