import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { routes } from '../../functions/http/routes.ts';
import { type FunctionName, functions, type TableAction } from '../../functions/manifest.ts';
import { type TableKey, tables } from '../../functions/store/tables.ts';

/**
 * What DynamoDB operations a function's code can send, read from the source (no AWS, no running code), so a test can
 * compare it with the grants of its manifest entry.
 *
 * - A store module (functions/store/*) is split into its top-level functions. Each one's operations are the
 *   `new XCommand(…)` it sends and the store helpers it calls (`queryAll`, `putOnce`, local helpers), on the tables its
 *   own body names (`tableName('cases')`, or a helper such as `const table = () => tableName('cases')`); a query that
 *   names an `IndexName` needs the indexes whose names appear in its body or its helpers' (all of the table's when
 *   none does).
 * - A handler needs what every store function imported anywhere in its module closure needs (a module-level
 *   over-approximation: it never misses an operation, it may ask for one the handler does not reach).
 * - One exception mirrors functions/http/handler.ts: the idempotency middleware (functions/http/middleware/idempotency.ts) runs
 *   on POST routes only, so its operations count for the functions that serve a POST route and no others.
 */

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const STORE_DIR = 'functions/store/';
const IDEMPOTENCY_MIDDLEWARE = 'functions/http/middleware/idempotency.ts';

const COMMAND_ACTIONS: Record<string, TableAction> = {
  Get: 'GetItem',
  Put: 'PutItem',
  Update: 'UpdateItem',
  Delete: 'DeleteItem',
  Query: 'Query',
  Scan: 'Scan',
  BatchGet: 'BatchGetItem',
  BatchWrite: 'BatchWriteItem',
  // TransactWrite: see transactionOperations.
  TransactGet: 'GetItem',
  TransactGetItems: 'GetItem',
};

/** What IAM asks of each kind of action in a TransactWriteItems: the single-item action's own permission. */
const TRANSACT_ACTIONS: Record<string, TableAction> = {
  Put: 'PutItem',
  Update: 'UpdateItem',
  Delete: 'DeleteItem',
  ConditionCheck: 'ConditionCheckItem',
};

/**
 * The operations of the TransactWriteCommand(s) in a function body. IAM authorises each action of a transaction as
 * the single-item action it stands for (`dynamodb:PutItem`, `UpdateItem`, `DeleteItem`, `ConditionCheckItem`) on
 * the table it names. Each `Put: {…}` / `Update: {…}` / `Delete: {…}` / `ConditionCheck: {…}` literal in the body
 * needs its action on the tables named inside its braces (on every table the body names, when it names none
 * there: a `TableName` held in a variable). When the body shows no such literal (the items are built elsewhere),
 * the rule is conservative: all four actions on every table the body names.
 */
function transactionOperations(
  body: string,
  tablesNamed: (text: string) => TableKey[],
  conservative = true,
): Operation[] {
  const all = tablesNamed(body);
  const ops: Operation[] = [];
  let seen = false;
  for (const m of body.matchAll(/(?<![\w$.])(Put|Update|Delete|ConditionCheck)\s*:\s*\{/g)) {
    seen = true;
    const action = TRANSACT_ACTIONS[m[1] as string] as TableAction;
    const named = tablesNamed(braced(body, m.index + m[0].length - 1));
    for (const table of named.length > 0 ? named : all) ops.push({ table, action });
  }
  if (!seen && conservative) {
    for (const table of all) for (const action of Object.values(TRANSACT_ACTIONS)) ops.push({ table, action });
  }
  return ops;
}

/** The text from the brace at `open` to its matching closing brace (strings are not special: good enough here). */
function braced(text: string, open: number): string {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) return text.slice(open, i + 1);
  }
  return text.slice(open);
}

/** One operation on one table (or one of its indexes). */
export interface Operation {
  readonly table: TableKey;
  readonly action: TableAction;
  /** For a Query on a secondary index. */
  readonly index?: string;
}

export const operationKey = (op: Operation): string => `${op.table}:${op.action}${op.index ? `:${op.index}` : ''}`;

const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');

/** Source without comments (line comments only where they start a line or follow whitespace: URLs stay). */
function stripComments(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|\s)\/\/.*$/gm, '$1');
}

interface Import {
  readonly names: readonly string[] | '*';
  readonly from: string;
}

/** Value imports (and re-exports) of a module, with repository-relative paths for relative specifiers. */
function importsOf(file: string, source: string): Import[] {
  const found: Import[] = [];
  const named = /(?:import|export)\s+(type\s+)?\{([^}]*)\}\s*from\s*'([^']+)'/g;
  for (const m of source.matchAll(named)) {
    if (m[1] || !m[3]?.startsWith('.')) continue;
    const names = (m[2] ?? '')
      .split(',')
      .map((n) => n.trim())
      .filter((n) => n && !n.startsWith('type '))
      .map((n) => n.split(/\s+as\s+/)[0]?.trim() ?? n);
    if (names.length > 0) found.push({ names, from: relative(ROOT, resolve(ROOT, dirname(file), m[3])) });
  }
  for (const m of source.matchAll(/(?:import|export)\s+\*\s+(?:as\s+\w+\s+)?from\s*'([^']+)'/g)) {
    if (m[1]?.startsWith('.')) found.push({ names: '*', from: relative(ROOT, resolve(ROOT, dirname(file), m[1])) });
  }
  return found;
}

interface TopLevel {
  readonly name: string;
  readonly body: string;
}

/** Top-level declarations of a module, each with its text up to the next one. */
function topLevel(source: string): TopLevel[] {
  const starts = [
    ...source.matchAll(/^(?:export\s+)?(?:async\s+)?(?:function\*?|const|let|class)\s*\*?\s*([A-Za-z_$][\w$]*)/gm),
  ];
  return starts.map((m, i) => ({
    name: m[1] as string,
    body: source.slice(m.index, starts[i + 1]?.index ?? source.length),
  }));
}

/** Whether `body` uses the identifier `name` (a use, not only a call: `cache.get(key, freshCalendar)` counts). */
function uses(body: string, name: string): boolean {
  return new RegExp(`(?<![\\w$.'])${name.replaceAll('$', '\\$')}(?![\\w$'])`).test(body);
}

const tableKeys = Object.keys(tables) as TableKey[];
const indexesOf = (key: TableKey): string[] => tables[key].indexes.map((i) => i.indexName);

const storeCache = new Map<string, Map<string, Operation[]>>();

/** Every top-level function of a store module → the operations it (and the helpers it calls) can send. */
export function storeModuleOperations(file: string, text?: string): Map<string, Operation[]> {
  const cached = text === undefined ? storeCache.get(file) : undefined;
  if (cached) return cached;
  const source = stripComments(text ?? read(file));
  const declarations = topLevel(source);
  const byName = new Map(declarations.map((d) => [d.name, d]));
  const imported = new Map<string, string>();
  for (const imp of importsOf(file, source)) {
    if (imp.names !== '*') for (const n of imp.names) imported.set(n, imp.from);
  }

  // Table helpers: `const table = () => tableName('cases')`.
  const tableHelpers = new Map<string, TableKey>();
  for (const d of declarations) {
    const m = /^(?:export\s+)?const\s+\w+\s*=\s*\(\)\s*=>\s*tableName\('(\w+)'\)/.exec(d.body);
    if (m) tableHelpers.set(d.name, m[1] as TableKey);
  }
  const calls = uses;
  const tablesNamed = (body: string): TableKey[] => {
    const named = new Set<TableKey>();
    for (const m of body.matchAll(/tableName\('(\w+)'\)/g)) named.add(m[1] as TableKey);
    for (const [helper, key] of tableHelpers) if (calls(body, helper)) named.add(key);
    return [...named].filter((k) => tableKeys.includes(k));
  };

  const result = new Map<string, Operation[]>();
  const resolving = new Set<string>();
  const resolveOps = (name: string): Operation[] => {
    const done = result.get(name);
    if (done) return done;
    const declaration = byName.get(name);
    if (!declaration || resolving.has(name)) return [];
    resolving.add(name);
    const body = declaration.body.slice(declaration.body.indexOf(name) + name.length);
    const own = tablesNamed(body);
    const actions = new Set<TableAction>();
    for (const m of body.matchAll(/new\s+(\w+)Command\s*\(/g)) {
      const action = COMMAND_ACTIONS[m[1] as string];
      if (action) actions.add(action);
    }
    // A transaction, or a builder of one of its items (typed `TransactItem`: what it returns goes into one). A call of
    // client.ts's `transact` helper is a transaction too: the action literals in the caller's body count, and items
    // it only passes on were built (and are analysed) where they were made.
    const ops: Operation[] =
      /\bnew\s+TransactWrite(?:Items)?Command\s*\(/.test(body) || /\)\s*:\s*TransactItem\b/.test(body)
        ? transactionOperations(body, tablesNamed)
        : /(?<![\w$.])transact\s*\(/.test(body)
          ? transactionOperations(body, tablesNamed, false)
          : [];
    const texts = [body];
    for (const other of byName.keys()) {
      if (other === name || tableHelpers.has(other) || !calls(body, other)) continue;
      ops.push(...resolveOps(other));
      texts.push(byName.get(other)?.body ?? '');
    }
    // Helpers of client.ts (`queryAll`, `putOnce`) act on the table this body names; a function of another store
    // module (a case write that changes the case's clocks in its transaction) acts on the tables it names itself.
    // pages.ts's `queryPage` names no table either: it queries the index its caller names (`index: '…'`) on the
    // table its caller passes, so it counts as the caller's Query on the indexes named in the caller's body.
    let pagesAnIndex = false;
    for (const [other, from] of imported) {
      if (!from.startsWith(STORE_DIR) || from === file || !calls(body, other)) continue;
      if (from === `${STORE_DIR}pages.ts` && other === 'queryPage') {
        actions.add('Query');
        pagesAnIndex = true;
        continue;
      }
      if (from !== `${STORE_DIR}client.ts`) {
        ops.push(...(storeModuleOperations(from).get(other) ?? []));
        continue;
      }
      for (const op of storeModuleOperations(from).get(other) ?? []) actions.add(op.action);
      if (other === 'queryAll') actions.add('Query');
    }
    for (const table of own) {
      for (const action of actions) {
        if (action === 'Query' && (/\bIndexName\b/.test(body) || pagesAnIndex)) {
          const text = texts.join('\n');
          const named = indexesOf(table).filter((index) => text.includes(`'${index}'`));
          for (const index of named.length > 0 ? named : indexesOf(table)) ops.push({ table, action, index });
        } else ops.push({ table, action });
      }
    }
    resolving.delete(name);
    const unique = [...new Map(ops.map((op) => [operationKey(op), op])).values()];
    result.set(name, unique);
    return unique;
  };
  for (const d of declarations) resolveOps(d.name);
  // client.ts's generic helpers name no table: their callers' bodies do (above). Record the action alone.
  if (file === `${STORE_DIR}client.ts`) {
    result.set('queryAll', [{ table: tableKeys[0] as TableKey, action: 'Query' }]);
    result.set('putOnce', [{ table: tableKeys[0] as TableKey, action: 'PutItem' }]);
  }
  if (text === undefined) storeCache.set(file, result);
  return result;
}

/**
 * The store functions that the named top-level declarations of a module (all of them for `'*'`) reach: the local
 * declarations they use, the names they use from other modules of functions/, and so on down to the store.
 */
function storeFunctionsReached(
  entry: string,
  entryNames: readonly string[] | '*',
  skip: ReadonlySet<string>,
): Map<string, Set<string>> {
  const reached = new Map<string, Set<string>>();
  const seen = new Set<string>();
  const visit = (file: string, names: readonly string[] | '*') => {
    if (skip.has(file)) return;
    if (file.startsWith(STORE_DIR)) {
      const all = reached.get(file) ?? new Set<string>();
      for (const n of names === '*' ? storeModuleOperations(file).keys() : names) all.add(n);
      reached.set(file, all);
      return;
    }
    const source = stripComments(read(file));
    const declarations = topLevel(source);
    const byName = new Map(declarations.map((d) => [d.name, d]));
    const imported = new Map<string, string>();
    for (const imp of importsOf(file, source)) {
      if (!imp.from.startsWith('functions/')) continue;
      if (imp.names === '*') visit(imp.from, '*');
      else for (const n of imp.names) imported.set(n, imp.from);
    }
    const pending = names === '*' ? declarations.map((d) => d.name) : [...names];
    while (pending.length > 0) {
      const name = pending.pop() as string;
      if (seen.has(`${file}#${name}`)) continue;
      seen.add(`${file}#${name}`);
      const declaration = byName.get(name);
      if (!declaration) {
        // A re-export (`export { x } from './y.ts'`): follow it.
        const from = imported.get(name);
        if (from) visit(from, [name]);
        continue;
      }
      for (const other of byName.keys()) if (other !== name && uses(declaration.body, other)) pending.push(other);
      for (const [other, from] of imported) if (uses(declaration.body, other)) visit(from, [other]);
    }
  };
  visit(entry, entryNames);
  return reached;
}

/** Every operation the function's code can send: what its manifest grants must cover. */
export function operationsNeeded(name: FunctionName): Operation[] {
  const spec = functions[name];
  const servesPost = routes.some((r) => r.function === name && r.method === 'POST');
  const reached = storeFunctionsReached(spec.entry, '*', new Set([IDEMPOTENCY_MIDDLEWARE]));
  if (servesPost) {
    for (const [from, names] of storeFunctionsReached(IDEMPOTENCY_MIDDLEWARE, ['idempotency'], new Set())) {
      const all = reached.get(from) ?? new Set<string>();
      for (const n of names) all.add(n);
      reached.set(from, all);
    }
  }
  const ops = new Map<string, Operation>();
  for (const [from, names] of reached) {
    if (from === `${STORE_DIR}client.ts` || from === `${STORE_DIR}tables.ts`) continue;
    const module = storeModuleOperations(from);
    for (const n of names) for (const op of module.get(n) ?? []) ops.set(operationKey(op), op);
  }
  return [...ops.values()].sort((a, b) => operationKey(a).localeCompare(operationKey(b)));
}
