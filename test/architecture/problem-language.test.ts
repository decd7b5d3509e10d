import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The house rule: user-facing domain text is Simplified Chinese with English alongside. A problem's `detail` and its
 * field errors' `reason`s are shown as they come on the web pages (web/src/components/Status.tsx), so every one is
 * bilingual, Chinese first: `案件尚未受理 Case … is not accepted yet …` (the titles in functions/common/problem.ts
 * are).
 *
 * Read from the source of functions/: every `problems.<kind>(…)` call and every `new HttpProblem(…)`, its parentheses
 * balanced by a small lexer that knows string, template (with `${…}` holding anything, nested templates too) and
 * regular-expression literals and comments. Each string expression in it (literals joined by `+` count as one; a
 * template counts with the literals inside its `${…}`) that holds English prose — two or more words — must hold a CJK
 * character too. Details built outside the call from literals are read as well: a `const` of the same file that the
 * call names (a map of details such as applications-decide.ts's, a list of field errors built before the call).
 * Besides, every `reason: '…'` property written anywhere in functions/ (the field errors the domain and the
 * middleware build and hand to a problem) follows the same rule.
 *
 * Not read: a detail a caller in another file passes to a helper, one a function returns (functions/common/auth.ts's
 * token refusals, made bilingual by hand), and the request schemas' messages (functions/http/schemas.ts: zod's own
 * and the schemas' `says(…)`, still English).
 */

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * English-only texts that are codes, not prose, and stay so: each with why. Remove an entry once its text is gone.
 * - `not submitted`: a one-time notice's material reason (functions/domain/intake.ts) is a code the web translates
 *   (web/src/applicant/format.ts compares it), beside `defective: <the clerk's words>`.
 */
const KNOWN_EXCEPTIONS: readonly { readonly file: string; readonly text: string }[] = [
  { file: 'functions/domain/intake.ts', text: 'not submitted' },
];

type Token =
  /** `words`: the names a template's `${…}` uses (a detail map read inside the template). */
  | { readonly kind: 'string'; readonly text: string; readonly at: number; readonly words: readonly string[] }
  | { readonly kind: 'word'; readonly text: string; readonly at: number }
  | { readonly kind: 'punct'; readonly text: string; readonly at: number };

const WORD_START = /[A-Za-z_$\u0080-\uffff]/;
const WORD_PART = /[A-Za-z0-9_$\u0080-\uffff]/;
/** After these a `/` starts a regular expression, not a division. */
const REGEX_AFTER_PUNCT = new Set([
  '(',
  ',',
  '=',
  ':',
  '[',
  '!',
  '&',
  '|',
  '?',
  '{',
  '}',
  ';',
  '+',
  '-',
  '*',
  '%',
  '<',
  '>',
  '~',
  '^',
]);
const REGEX_AFTER_WORD = new Set([
  'return',
  'typeof',
  'case',
  'do',
  'else',
  'in',
  'of',
  'new',
  'delete',
  'void',
  'throw',
]);

/**
 * The tokens of `source` from `start` until the `}` that closes a template's `${` (when `inTemplate`) or the end.
 * Comments and whitespace are dropped; a template literal is one string token whose text is its own text with
 * each `${…}` replaced by the text of the string literals inside it (code elsewhere counts as no text).
 */
function lex(source: string, start = 0, inTemplate = false): { tokens: Token[]; end: number } {
  const tokens: Token[] = [];
  let i = start;
  let braces = 0;
  const regexMayStart = () => {
    const last = tokens.at(-1);
    if (!last) return true;
    if (last.kind === 'punct') return REGEX_AFTER_PUNCT.has(last.text);
    return last.kind === 'word' && REGEX_AFTER_WORD.has(last.text);
  };
  while (i < source.length) {
    const c = source[i] as string;
    const next = source[i + 1];
    if (/\s/.test(c)) {
      i++;
    } else if (c === '/' && next === '/') {
      while (i < source.length && source[i] !== '\n') i++;
    } else if (c === '/' && next === '*') {
      const close = source.indexOf('*/', i + 2);
      i = close < 0 ? source.length : close + 2;
    } else if (c === '/' && regexMayStart()) {
      let inClass = false;
      i++;
      while (i < source.length && (inClass || source[i] !== '/')) {
        if (source[i] === '\\') i++;
        else if (source[i] === '[') inClass = true;
        else if (source[i] === ']') inClass = false;
        i++;
      }
      i++;
      while (i < source.length && /[a-z]/.test(source[i] as string)) i++;
      tokens.push({ kind: 'punct', text: 'regex', at: i });
    } else if (c === "'" || c === '"') {
      const at = i;
      let text = '';
      i++;
      while (i < source.length && source[i] !== c) {
        if (source[i] === '\\') i++;
        text += source[i];
        i++;
      }
      i++;
      tokens.push({ kind: 'string', text, at, words: [] });
    } else if (c === '`') {
      const at = i;
      let text = '';
      const words: string[] = [];
      i++;
      while (i < source.length && source[i] !== '`') {
        if (source[i] === '\\') {
          text += source[i + 1];
          i += 2;
        } else if (source[i] === '$' && source[i + 1] === '{') {
          const inner = lex(source, i + 2, true);
          // A placeholder, not letters: `${a} ${b}` is no prose of its own.
          text += ` \uE000${inner.tokens.flatMap((t) => (t.kind === 'string' ? [t.text] : [])).join(' \uE000 ')}\uE000 `;
          words.push(...namesIn(inner.tokens));
          i = inner.end;
        } else {
          text += source[i];
          i++;
        }
      }
      i++;
      tokens.push({ kind: 'string', text, at, words });
    } else if (WORD_START.test(c)) {
      const at = i;
      while (i < source.length && WORD_PART.test(source[i] as string)) i++;
      tokens.push({ kind: 'word', text: source.slice(at, i), at });
    } else if (/[0-9]/.test(c)) {
      const at = i;
      while (i < source.length && /[0-9A-Za-z_.]/.test(source[i] as string)) i++;
      tokens.push({ kind: 'word', text: source.slice(at, i), at });
    } else {
      if (inTemplate && c === '}' && braces === 0) return { tokens, end: i + 1 };
      if (c === '{') braces++;
      if (c === '}') braces--;
      tokens.push({ kind: 'punct', text: c, at: i });
      i++;
    }
  }
  return { tokens, end: i };
}

/** The names `tokens` use (not a property after `.`), those inside templates too. */
function namesIn(tokens: readonly Token[]): string[] {
  return tokens.flatMap((t, n) => {
    if (t.kind === 'string') return [...t.words];
    return t.kind === 'word' && tokens[n - 1]?.text !== '.' ? [t.text] : [];
  });
}

/** The index just after the token that closes the bracket opened at `open`. */
function closing(tokens: readonly Token[], open: number): number {
  let depth = 0;
  for (let k = open; k < tokens.length; k++) {
    const t = tokens[k] as Token;
    if (t.kind !== 'punct') continue;
    if ('([{'.includes(t.text)) depth++;
    if (')]}'.includes(t.text)) depth--;
    if (depth === 0) return k + 1;
  }
  return tokens.length;
}

/** Each string expression of `tokens`: literals joined by `+` are one. */
function stringExpressions(tokens: readonly Token[]): { text: string; at: number }[] {
  const out: { text: string; at: number }[] = [];
  let joining = false;
  for (const t of tokens) {
    if (t.kind === 'string') {
      const last = out.at(-1);
      if (joining && last) last.text += t.text;
      else out.push({ text: t.text, at: t.at });
      joining = false;
    } else {
      joining = t.kind === 'punct' && t.text === '+' && out.length > 0 && !joining;
    }
  }
  return out;
}

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;
/** Two or more English words in a row. */
const PROSE = /\b[A-Za-z]{2,}[’']?[a-z]*\s+[A-Za-z]{2,}\b/;

const englishOnly = (text: string): boolean => PROSE.test(text) && !CJK.test(text);

interface Offence {
  readonly file: string;
  readonly line: number;
  readonly text: string;
}

/** The English-only problem details and reasons of one source file. */
function offencesIn(file: string, source: string): Offence[] {
  const { tokens } = lex(source);
  const lineOf = (at: number) => source.slice(0, at).split('\n').length;
  // `const NAME … = initializer;` (the initializer's tokens), by name.
  const consts = new Map<string, Token[][]>();
  for (let k = 0; k + 1 < tokens.length; k++) {
    const t = tokens[k] as Token;
    const name = tokens[k + 1] as Token;
    if (t.kind !== 'word' || t.text !== 'const' || name.kind !== 'word') continue;
    let j = k + 2;
    while (j < tokens.length && !(tokens[j]?.kind === 'punct' && ['=', ';'].includes(tokens[j]?.text as string))) {
      j = tokens[j]?.kind === 'punct' && '([{<'.includes(tokens[j]?.text as string) ? closing(tokens, j) : j + 1;
    }
    if (tokens[j]?.text !== '=') continue;
    let end = j + 1;
    while (end < tokens.length && !(tokens[end]?.kind === 'punct' && tokens[end]?.text === ';')) {
      end =
        tokens[end]?.kind === 'punct' && '([{'.includes(tokens[end]?.text as string) ? closing(tokens, end) : end + 1;
    }
    consts.set(name.text, [...(consts.get(name.text) ?? []), tokens.slice(j + 1, end)]);
  }
  const found = new Map<number, Offence>();
  const check = (part: readonly Token[]) => {
    for (const s of stringExpressions(part)) {
      if (englishOnly(s.text))
        found.set(s.at, { file, line: lineOf(s.at), text: s.text.replace(/\s*\uE000[\s\uE000]*/g, ' … ').trim() });
    }
  };
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k] as Token;
    const call =
      (t.text === 'problems' && tokens[k + 1]?.text === '.' && tokens[k + 2]?.kind === 'word' && k + 3) ||
      (t.text === 'new' && tokens[k + 1]?.text === 'HttpProblem' && k + 2);
    if (call && tokens[call]?.text === '(') {
      const args = tokens.slice(call, closing(tokens, call));
      check(args);
      for (const name of new Set(namesIn(args))) for (const initializer of consts.get(name) ?? []) check(initializer);
    }
    // `reason: '…'` (a field error's reason) anywhere; not a schema's `reason: z.string(…)` (a call: its messages
    // are zod's, see above).
    if (t.kind === 'word' && t.text === 'reason' && tokens[k + 1]?.text === ':') {
      let end = k + 2;
      while (end < tokens.length && !(tokens[end]?.kind === 'punct' && ',;})'.includes(tokens[end]?.text as string))) {
        end =
          tokens[end]?.kind === 'punct' && '([{'.includes(tokens[end]?.text as string) ? closing(tokens, end) : end + 1;
      }
      const value = tokens.slice(k + 2, end);
      if (!value.some((v) => v.kind === 'punct' && v.text === '(')) check(value);
    }
  }
  return [...found.values()].sort((a, b) => a.line - b.line);
}

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

describe('problem details and reasons are bilingual (Simplified Chinese with English alongside)', () => {
  it('every problem detail and field reason in functions/ holds Chinese beside its English', () => {
    const offences = sourceFiles('functions')
      .flatMap((file) => offencesIn(file, readFileSync(join(ROOT, file), 'utf8')))
      .filter((o) => !KNOWN_EXCEPTIONS.some((e) => e.file === o.file && e.text === o.text));
    expect(offences.map((o) => `${o.file}:${o.line}: ${o.text}`)).toEqual([]);
  });

  it('still needs each known exception', () => {
    for (const e of KNOWN_EXCEPTIONS) {
      const texts = offencesIn(e.file, readFileSync(join(ROOT, e.file), 'utf8')).map((o) => o.text);
      expect(texts).toContain(e.text);
    }
  });

  it('reads every call of the problems: it finds them all in problem.ts and in a known handler', () => {
    // The reader must see calls at all, or the rule above would pass on nothing.
    const calls = sourceFiles('functions').reduce(
      (n, file) => n + (readFileSync(join(ROOT, file), 'utf8').match(/\bproblems\.\w+\(/g)?.length ?? 0),
      0,
    );
    expect(calls).toBeGreaterThan(100);
  });

  it('would refuse an English-only detail or reason, however it is written', () => {
    const source = [
      "// problems.notFound('a comment is not a call')",
      "/* problems.notFound('nor is this') */",
      'const re = /[\'"(]/g;',
      "const why = { a: 'only an OPEN record is taken', b: '只有 OPEN 的记录 only an OPEN record' };",
      'throw problems.conflict(',
      "  'slug-only',",
      '  `Case #{id} is #{f(\')\', "(")} #{`nested #{x}`}: not found #{why[a]}.`,',
      '  { caseStatus: s },',
      ');',
      "throw problems.invalid([{ field: 'body.x', reason: 'must be today or later' }]);",
      "throw problems.invalid([{ field: 'body.x', reason: '须为今天或以后 must be today or later' }]);",
      "throw problems.notFound('前半 First half; ' + 'the second half');",
      "throw problems.notFound('First half; ' + 'the second half');",
      "throw new HttpProblem(404, 'not-found', '未找到 Not found', `No case #{id} with this phone.`);",
      "const e = { field: 'body', reason: `The body exceeds #{n} bytes.` };",
      "throw problems.forbidden(`无权 Role #{r} #{r === 'x' ? 'may not' : '须'} call.`);",
    ]
      .join('\n')
      // `#{` stands for `${` (so the lint does not read these strings as mistaken templates).
      .replaceAll('#{', '${');
    expect(offencesIn('x.ts', source).map((o) => [o.line, o.text])).toEqual([
      [4, 'only an OPEN record is taken'],
      [7, 'Case … is … ) … ( … nested … : not found … .'],
      [10, 'must be today or later'],
      [13, 'First half; the second half'],
      [14, 'No case … with this phone.'],
      [15, 'The body exceeds … bytes.'],
    ]);
    expect(englishOnly('案件尚未受理 Case C-1 is not accepted yet')).toBe(false);
    expect(englishOnly('body.itemCode')).toBe(false);
    expect(englishOnly('not-under-review')).toBe(false);
  });
});
