// ASL's data flow for the JSONPath query language: paths, Parameters templates, ResultPath and Choice rules, as the
// Step Functions developer guide defines them ("Processing input and output", "Choice workflow state"). Pure
// functions of their arguments: the engine (engine.ts) calls them; nothing here knows about executions or time.
import { JSONPath } from 'jsonpath-plus';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

/** A failure the state cannot catch as a task error: reported as `States.Runtime` unless said otherwise. */
export class StatesError extends Error {
  readonly error: string;
  readonly reason: string;

  constructor(error: string, reason: string) {
    super(reason);
    this.name = error;
    this.error = error;
    this.reason = reason;
  }
}

const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const SEGMENT = /^(?:\.([A-Za-z_$][\w$-]*)|\[(\d+)\]|\['([^']*)'\]|\["([^"]*)"\])/;

/** `$.a.b[0]` → ['a', 'b', 0]; undefined when the path is not a simple reference path. */
export function referenceSegments(path: string): (string | number)[] | undefined {
  if (!path.startsWith('$') || path.startsWith('$$')) return undefined;
  const segments: (string | number)[] = [];
  let rest = path.slice(1);
  while (rest.length > 0) {
    const match = SEGMENT.exec(rest);
    if (!match) return undefined;
    rest = rest.slice(match[0].length);
    const key = match[1] ?? match[3] ?? match[4];
    segments.push(key !== undefined ? key : Number(match[2]));
  }
  return segments;
}

/** What an ASL path selects in `data`; `found: false` when nothing is there. */
export function select(path: string, data: Json): { found: true; value: Json } | { found: false } {
  const segments = referenceSegments(path);
  if (segments) {
    let value: Json = data;
    for (const segment of segments) {
      if (typeof segment === 'number') {
        if (!Array.isArray(value) || segment >= value.length) return { found: false };
        value = value[segment] as Json;
      } else {
        if (!isObject(value) || !Object.hasOwn(value, segment)) return { found: false };
        value = value[segment] as Json;
      }
    }
    return { found: true, value };
  }
  // Anything richer ($..x, [*], filters): JSONPath as Step Functions evaluates it, a list for an indefinite path.
  const matches = JSONPath({ path, json: data as object, wrap: true, resultType: 'value' }) as Json[];
  if (matches.length === 0) return { found: false };
  const definite = !/\*|\.\.|\[\?|\[.*[:,].*\]/.test(path);
  return { found: true, value: definite ? (matches[0] as Json) : matches };
}

/** A path of the state's input (`$…`) or of the context object (`$$…`), which must select something. */
export function resolve(path: string, input: Json, context: () => Json, where: string): Json {
  const fromContext = path.startsWith('$$');
  const found = fromContext ? select(path.slice(1), context()) : select(path, input);
  if (!found.found) {
    throw new StatesError(
      'States.Runtime',
      `${where}: the JSONPath '${path}' could not be found in the ${fromContext ? 'context object' : 'input'}`,
    );
  }
  return found.value;
}

/** InputPath / OutputPath: `null` gives `{}`, absent gives the whole value. */
export function filterPath(path: string | null | undefined, value: Json, where: string): Json {
  if (path === undefined || path === '$') return value;
  if (path === null) return {};
  return resolve(path, value, () => ({}), where);
}

/**
 * A Parameters / ResultSelector template: fields ending in `.$` take the value their path selects (from the input
 * or, with `$$.`, the context object); everything else is copied. Intrinsic functions are refused when the
 * definition is registered (definition.ts), so a `.$` value here is always a path.
 */
export function applyTemplate(template: Json, input: Json, context: () => Json, where: string): Json {
  if (Array.isArray(template)) return template.map((item) => applyTemplate(item, input, context, where));
  if (!isObject(template)) return template;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(template)) {
    if (key.endsWith('.$') && typeof value === 'string') {
      out[key.slice(0, -2)] = resolve(value, input, context, where);
    } else {
      out[key] = applyTemplate(value, input, context, where);
    }
  }
  return out;
}

/** ResultPath: where `result` goes in `input` (`$` replaces it, `null` discards the result). */
export function placeResult(path: string | null | undefined, input: Json, result: Json, where: string): Json {
  if (path === undefined || path === '$') return result;
  if (path === null) return input;
  const segments = referenceSegments(path);
  if (!segments || segments.length === 0) {
    throw new StatesError('States.Runtime', `${where}: ResultPath '${path}' is not a reference path`);
  }
  if (!isObject(input)) {
    throw new StatesError('States.ResultPathMatchFailure', `${where}: ResultPath '${path}' needs an object input`);
  }
  const root: JsonObject = { ...input };
  let node: JsonObject = root;
  for (let i = 0; i < segments.length - 1; i++) {
    const key = String(segments[i]);
    const next = node[key];
    const copy: JsonObject = isObject(next) ? { ...next } : {};
    node[key] = copy;
    node = copy;
  }
  node[String(segments[segments.length - 1])] = result;
  return root;
}

// ---- Choice rules ------------------------------------------------------------------------------------------------

const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const timestampOf = (value: Json): number | undefined =>
  typeof value === 'string' && ISO_TIMESTAMP.test(value) ? Date.parse(value) : undefined;

type Compare = (a: Json, b: Json) => boolean;
const strings =
  (test: (a: string, b: string) => boolean): Compare =>
  (a, b) =>
    typeof a === 'string' && typeof b === 'string' && test(a, b);
const numbers =
  (test: (a: number, b: number) => boolean): Compare =>
  (a, b) =>
    typeof a === 'number' && typeof b === 'number' && test(a, b);
const timestamps =
  (test: (a: number, b: number) => boolean): Compare =>
  (a, b) => {
    const x = timestampOf(a);
    const y = timestampOf(b);
    return x !== undefined && y !== undefined && test(x, y);
  };

/** `*` matches any run of characters; `\*` and `\\` are literal. */
function wildcardMatch(value: string, pattern: string): boolean {
  let regex = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (c === '\\' && i + 1 < pattern.length) regex += (pattern[++i] as string).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    else if (c === '*') regex += '.*';
    else regex += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${regex}$`, 's').test(value);
}

const COMPARISONS: Record<string, Compare> = {
  StringEquals: strings((a, b) => a === b),
  StringLessThan: strings((a, b) => a < b),
  StringGreaterThan: strings((a, b) => a > b),
  StringLessThanEquals: strings((a, b) => a <= b),
  StringGreaterThanEquals: strings((a, b) => a >= b),
  StringMatches: strings(wildcardMatch),
  NumericEquals: numbers((a, b) => a === b),
  NumericLessThan: numbers((a, b) => a < b),
  NumericGreaterThan: numbers((a, b) => a > b),
  NumericLessThanEquals: numbers((a, b) => a <= b),
  NumericGreaterThanEquals: numbers((a, b) => a >= b),
  BooleanEquals: (a, b) => typeof a === 'boolean' && a === b,
  TimestampEquals: timestamps((a, b) => a === b),
  TimestampLessThan: timestamps((a, b) => a < b),
  TimestampGreaterThan: timestamps((a, b) => a > b),
  TimestampLessThanEquals: timestamps((a, b) => a <= b),
  TimestampGreaterThanEquals: timestamps((a, b) => a >= b),
};

const TYPE_TESTS: Record<string, (value: Json) => boolean> = {
  IsNull: (value) => value === null,
  IsString: (value) => typeof value === 'string',
  IsNumeric: (value) => typeof value === 'number',
  IsBoolean: (value) => typeof value === 'boolean',
  IsTimestamp: (value) => timestampOf(value) !== undefined,
};

/** The operator names a Choice rule may use (definition.ts refuses others at registration). */
export const CHOICE_OPERATORS: ReadonlySet<string> = new Set([
  ...Object.keys(COMPARISONS),
  ...Object.keys(COMPARISONS).map((name) => `${name}Path`),
  ...Object.keys(TYPE_TESTS),
  'IsPresent',
  'And',
  'Or',
  'Not',
]);

/** Whether one Choice rule (with `Variable`, or a boolean `And`/`Or`/`Not`) holds for `input`. */
export function ruleHolds(rule: JsonObject, input: Json, context: () => Json, where: string): boolean {
  if (Array.isArray(rule.And)) return rule.And.every((r) => ruleHolds(r as JsonObject, input, context, where));
  if (Array.isArray(rule.Or)) return rule.Or.some((r) => ruleHolds(r as JsonObject, input, context, where));
  if (isObject(rule.Not)) return !ruleHolds(rule.Not, input, context, where);
  const variable = String(rule.Variable);
  const found = variable.startsWith('$$') ? select(variable.slice(1), context()) : select(variable, input);
  if (rule.IsPresent !== undefined) return found.found === rule.IsPresent;
  for (const [name, test] of Object.entries(TYPE_TESTS)) {
    if (rule[name] !== undefined) return found.found && test(found.value) === rule[name];
  }
  if (!found.found) {
    throw new StatesError(
      'States.Runtime',
      `${where}: Invalid path '${variable}': the choice's variable was not found`,
    );
  }
  for (const [name, compare] of Object.entries(COMPARISONS)) {
    if (rule[name] !== undefined) return compare(found.value, rule[name] as Json);
    const byPath = rule[`${name}Path`];
    if (typeof byPath === 'string') return compare(found.value, resolve(byPath, input, context, where));
  }
  throw new StatesError('States.Runtime', `${where}: a Choice rule has no comparison`);
}
