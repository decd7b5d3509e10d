/** What dynalite's validation gives its expression parsers (dynalite 4.0.0, validations/index.js `parse`). */
export interface ParseContext {
  readonly attrNames?: Record<string, string>;
  readonly attrVals?: Record<string, Record<string, unknown>>;
  /** Names and values not used yet by the request's expressions: each parse deletes the ones it uses. */
  readonly unusedAttrNames?: Record<string, boolean>;
  readonly unusedAttrVals?: Record<string, boolean>;
  readonly isKeyCondition?: boolean;
  readonly [more: string]: unknown;
}

/** One of dynalite's generated expression parsers (db/conditionParser.js, updateParser.js, projectionParser.js). */
export interface ExpressionParser {
  parse(input: string, options: { context: ParseContext }): unknown;
}

interface Kept {
  /** The parse, with each value a marked copy of the value it stood for. */
  readonly tree: unknown;
  readonly names: readonly string[];
  readonly values: readonly string[];
}

/** Marks a value's copy in a kept parse with the value's name (":deadline"). */
const VALUE = Symbol('expression attribute value');
/** Expressions whose parse reads a value's content, not only its type (see `rememberParses`). */
const READS_VALUES = /between|attribute_type/i;
const MAX_KEPT = 2_000;
/** The types of an attribute value, in the order dynalite's parsers look for them (getImmediateType). */
const TYPES = ['S', 'N', 'B', 'NULL', 'BOOL', 'SS', 'NS', 'BS', 'L', 'M'] as const;

/**
 * dynalite parses every expression of every request (conditions, updates, key conditions, filters, projections) with
 * parsers PEG.js generated, which define their hundred-odd rule functions afresh inside each call. Measured on the
 * handlers' path (`npm run bench -- --only store`), the parsing was about a sixth of the store thread's time, and V8
 * compiled those per-call functions again and again — the same parser functions optimized some thirty times each
 * in 16,000 requests, the largest share of V8's compiler thread. The system sends a few dozen expressions, each
 * with values that change (a timestamp, an id) and names that do not.
 *
 * So each parser's result is kept, keyed by all that decides it — the expression, whether it is a key condition,
 * the attribute names, and each value's type — and the next request with the same key gets a copy with its own
 * values in place of the first request's; the names and values the expression uses are struck off the request's
 * unused lists as the parser strikes them, so "unused in expressions" is still refused. Not kept: a parse that
 * failed or was refused (the message may quote a value), and an expression with BETWEEN or attribute_type, whose
 * checks read the values themselves (the bounds' order, the type's name); those parse every time.
 */
export function rememberParses(parser: ExpressionParser): void {
  const parse = parser.parse.bind(parser);
  const kept = new Map<string, Kept>();
  parser.parse = (input, options) => {
    const context = options?.context;
    if (!context || typeof input !== 'string' || READS_VALUES.test(input)) return parse(input, options);
    const key = keyOf(input, context);
    let entry = kept.get(key);
    if (!entry) {
      const first = firstParse(parse, input, context);
      if (!first) return parse(input, options); // refused or failed: dynalite's own parse says why
      entry = first;
      if (kept.size >= MAX_KEPT) kept.clear();
      kept.set(key, entry);
    }
    for (const name of entry.names) delete context.unusedAttrNames?.[name];
    for (const value of entry.values) delete context.unusedAttrVals?.[value];
    return withValues(entry.tree, context.attrVals ?? {});
  };
}

/**
 * Parses with marked copies of the values and fresh unused lists, to learn which names and values the expression
 * uses whatever the request's other expressions used before it. undefined: the parse refused the expression.
 */
function firstParse(parse: ExpressionParser['parse'], input: string, context: ParseContext): Kept | undefined {
  const names = Object.keys(context.attrNames ?? {});
  const values = Object.entries(context.attrVals ?? {});
  const unusedNames: Record<string, boolean> = Object.fromEntries(names.map((n) => [n, true]));
  const unusedValues: Record<string, boolean> = Object.fromEntries(values.map(([v]) => [v, true]));
  let tree: unknown;
  try {
    tree = parse(input, {
      context: {
        ...context,
        attrVals: Object.fromEntries(values.map(([name, value]) => [name, { ...value, [VALUE]: name }])),
        unusedAttrNames: unusedNames,
        unusedAttrVals: unusedValues,
      },
    });
  } catch {
    return undefined;
  }
  if (typeof tree === 'string' || tree === null || tree === undefined) return undefined;
  return {
    tree,
    names: names.filter((n) => !(n in unusedNames)),
    values: values.map(([v]) => v).filter((v) => !(v in unusedValues)),
  };
}

function keyOf(input: string, context: ParseContext): string {
  const types = Object.entries(context.attrVals ?? {})
    .map(([name, value]) => `${name}=${TYPES.find((t) => value?.[t] != null) ?? '?'}`)
    .join(',');
  return `${context.isKeyCondition ? 'key' : ''}\u0000${input}\u0000${JSON.stringify(context.attrNames ?? null)}\u0000${types}`;
}

/** A copy of a kept parse with this request's values where the marked copies stood. */
function withValues(node: unknown, values: Record<string, unknown>): unknown {
  if (node === null || typeof node !== 'object') return node;
  const mark = (node as { [VALUE]?: string })[VALUE];
  if (mark !== undefined) return values[mark];
  const copy: Record<string, unknown> = Array.isArray(node) ? [] : Object.create(Object.getPrototypeOf(node));
  for (const [k, v] of Object.entries(node)) copy[k] = withValues(v, values);
  return copy;
}
