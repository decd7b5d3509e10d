/** The staff pages' words (namespace `staff`): every key in both languages. */
export const text = {
  zh: {
    timeline: { heading: '办理过程', by: '经办：', hash: '哈希' },
  },
  en: {
    timeline: { heading: 'Timeline', by: 'By:', hash: 'hash' },
  },
} satisfies { zh: Record<string, unknown>; en: Record<string, unknown> };
