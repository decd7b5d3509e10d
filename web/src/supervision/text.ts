/** The supervision pages' words (namespace `supervision`): every key in both languages. */
export const text = {
  zh: {},
  en: {},
} satisfies { zh: Record<string, unknown>; en: Record<string, unknown> };
