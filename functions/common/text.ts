import type { FieldError } from './problem.ts';

/**
 * Characters refused anywhere in a request body's text: C0 and C1 control characters other than tab, line feed and
 * carriage return, the bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069: they make a
 * note or a name display as something other than what is stored, "Trojan Source"), and lone surrogates (not
 * Unicode; JSON lets them through as \ud800). Everything a person writes in Chinese or English passes.
 */
const UNSAFE = new RegExp(
  [
    '[\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F]', // C0 and C1 controls, but \t \n \r
    '[\\u202A-\\u202E\\u2066-\\u2069]', // bidirectional embeddings, overrides, isolates
    '[\\uD800-\\uDBFF](?![\\uDC00-\\uDFFF])|(?<![\\uD800-\\uDBFF])[\\uDC00-\\uDFFF]', // lone surrogates
  ].join('|'),
  'u',
);

/**
 * The field errors for every string (value or key) of a parsed JSON body holding an unsafe character. Iterative: a
 * body may nest thousands of levels deep (the schemas refuse it later; this must not overflow the stack first).
 */
export function unsafeTextIn(body: unknown): FieldError[] {
  const errors: FieldError[] = [];
  const pending: [unknown, string][] = [[body, 'body']];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const [value, at] = next;
    if (typeof value === 'string') {
      const found = UNSAFE.exec(value);
      if (!found) continue;
      const code = found[0].codePointAt(0)?.toString(16).toUpperCase().padStart(4, '0');
      errors.push({
        field: at,
        reason: `含有不可见字符或控制字符 U+${code}（第 ${found.index} 位），请删除 contains the invisible or control character U+${code} at position ${found.index}: remove it`,
      });
    } else if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) pending.push([value[i], `${at}.${i}`]);
    } else if (value !== null && typeof value === 'object') {
      for (const [key, element] of Object.entries(value).reverse()) {
        if (UNSAFE.test(key))
          errors.push({
            field: at,
            reason: '字段名含有不可见字符或控制字符 has a field name with an invisible or control character',
          });
        else pending.push([element, `${at}.${key}`]);
      }
    }
  }
  return errors;
}
