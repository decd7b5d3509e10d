import fc from 'fast-check';
import type * as z from 'zod/mini';
import { roles } from '../../functions/common/roles.ts';
import { type RouteSpec, rolesOf, routes } from '../../functions/http/routes.ts';
import {
  AccountabilityQuery,
  ApplicationBody,
  CalendarDeadlineQuery,
  CaseIdPath,
  DecisionBody,
  ItemCodePath,
  MaterialsBody,
  NoticeBody,
  VisitListQuery,
  YearCalendarBody,
  YearPath,
} from '../../functions/http/schemas.ts';
import {
  anyString,
  type BodySpec,
  BYTES_MARK,
  badUtf8Patch,
  deepBody,
  type ForeignEncoding,
  HUGE_MARK,
  hostileStrings,
  invalidJsonText,
  invalidUtf8,
  type JsonNode,
  jsonNode,
  longString,
  nodeText,
  pollutionEntries,
  raw,
  shortString,
  toNode,
  wrongTypeNode,
} from './hostile.ts';
import type { CatalogueFormField, CatalogueItem, FixtureCase } from './model.ts';
import type { TokenSpec } from './wire.ts';

/**
 * The request generator. Routes come from the route table, so a new route is fuzzed the day it is added: its path
 * parameters, query keys (from its zod schema) and body are mutated generically. Routes whose schemas are known
 * here also get near-valid requests (a valid request with one thing broken, or a valid one the domain refuses),
 * which reach furthest: past the JWT authorizer, the access policy and validation into the handler.
 */

export interface FuzzRequest {
  /** `METHOD /path/{template}` of the route the request was made from, or `stray`. */
  readonly route: string;
  readonly method: string;
  /** Path and query as given to the client (for `raw`, exactly the request target on the wire). */
  readonly target: string;
  readonly transport: 'fetch' | 'raw';
  readonly token: TokenSpec;
  /** Headers besides `Authorization`. */
  readonly headers: readonly (readonly [string, string])[];
  readonly body?: BodySpec;
}

export interface FuzzContext {
  readonly items: readonly CatalogueItem[];
  readonly departments: readonly string[];
  readonly cases: readonly FixtureCase[];
}

const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD'] as const;
/** Encoded length of a request target: Node refuses request heads over 16 KiB with a bare 431. */
const MAX_TARGET = 8000;

// ---------------------------------------------------------------------------------------------------------------
// Encodings

const UNRESERVED = /[A-Za-z0-9\-._~]/;

/** Every UTF-8 byte percent-encoded except the unreserved ones (lone surrogates become U+FFFD first). */
const percentBytes = (s: string) =>
  [...Buffer.from(s, 'utf8')]
    .map((b) =>
      UNRESERVED.test(String.fromCharCode(b))
        ? String.fromCharCode(b)
        : `%${b.toString(16).toUpperCase().padStart(2, '0')}`,
    )
    .join('');

type Encoding = 'bytes' | 'raw' | 'double' | 'non-ascii';

function encode(s: string, encoding: Encoding): string {
  switch (encoding) {
    case 'bytes':
      return percentBytes(s);
    case 'double':
      return percentBytes(percentBytes(s));
    case 'non-ascii':
      return s.replace(/[^\x20-\x7e]+/gu, (m) => percentBytes(m));
    case 'raw':
      return s;
  }
}

/** A target a raw socket may carry: printable ASCII, everything else percent-encoded (bytes Node would refuse). */
const wireSafe = (target: string) => target.replace(/[^\x21-\x7e]+/gu, (m) => percentBytes(m));

/** The longest prefix whose percent-encoded form stays within MAX_TARGET. */
function capTarget(target: string): string {
  let size = 0;
  let end = 0;
  for (const ch of target) {
    size += /[\x21-\x7e]/.test(ch) ? 1 : Buffer.byteLength(ch) * 3;
    if (size > MAX_TARGET) break;
    end += ch.length;
  }
  return target.slice(0, end);
}

/** A header-safe Latin-1 character (fetch refuses DEL and controls). */
const latin1Char = (min: number) =>
  fc.integer({ min, max: 0xff }).map((c) => String.fromCharCode(c === 0x7f || (c > 0x7f && c < 0xa0) ? 0x7e : c));

const encoding: fc.Arbitrary<Encoding> = fc.constantFrom('bytes', 'bytes', 'raw', 'raw', 'double', 'non-ascii');

// ---------------------------------------------------------------------------------------------------------------
// Valid values, by schema, so near-valid requests reach the handlers

const pad = (n: number, w: number) => String(n).padStart(w, '0');

const yearText = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 2000, max: 2035 }).map((y) => pad(y, 4)) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      '0000',
      '0001',
      '0999',
      '1000',
      '1899',
      '1900',
      '1999',
      '2027',
      '2050',
      '2051',
      '2099',
      '2100',
      '2101',
      '9998',
      '9999',
    ),
  },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 9999 }).map((y) => pad(y, 4)) },
);

const isoDate = (years: fc.Arbitrary<string>) =>
  fc
    .tuple(years, fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 31 }))
    .map(([y, m, d]) => `${y}-${pad(m, 2)}-${pad(d, 2)}`);

const dateOrInstant = fc.oneof(
  { weight: 3, arbitrary: isoDate(yearText) },
  {
    weight: 3,
    arbitrary: fc
      .tuple(
        isoDate(yearText),
        fc.constantFrom('T', 't'),
        fc.integer({ min: 0, max: 23 }),
        fc.integer({ min: 0, max: 59 }),
        fc.option(fc.integer({ min: 0, max: 59 }), { nil: undefined }),
        fc.constantFrom('Z', 'z', '+08:00', '-12:00', '+0800', '+08', '+23:59', '-23:59', '+14:00', '.123456789Z', ''),
      )
      .map(([d, t, h, m, s, z]) => `${d}${t}${pad(h, 2)}:${pad(m, 2)}${s === undefined ? '' : `:${pad(s, 2)}`}${z}`),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '0000-01-01',
      '0000-01-01T00:00:00+08:01',
      '0000-01-01T00:00:00Z',
      '9999-12-31',
      '9999-12-31T23:59:59Z',
      '9999-12-31T15:59:59Z',
      '9998-12-31',
      '9998-06-01',
      '1899-12-31',
      '1899-12-31T23:59:59-12:00',
      '1900-01-01',
      '1900-01-01T00:00:00+14:00',
      '1900-01-01T00:00:00+23:59',
      '2099-12-31',
      '2099-12-31T23:59:59-12:00',
      '2099-12-31T23:59:59-23:59',
      '2100-01-01',
      '2100-01-01T00:00:00+08:00',
      '2024-02-29',
      '2026-02-29',
      '2026-09-30T16:00:00Z',
    ),
  },
);

const workingDays = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: 0, max: 366 }).map(String) },
  {
    weight: 1,
    arbitrary: fc.constantFrom('367', '999', '1000', '00', '000', '-1', '1.0', '+1', ' 1', '１', '0x10', '1e2'),
  },
);

const caseIdShape = fc.stringMatching(/^XN\d{8}-[0-9A-HJKMNP-TV-Z]{26}$/);

function validPathParam(schema: unknown, name: string, ctx: FuzzContext): fc.Arbitrary<string> {
  if (schema === YearPath && name === 'year') return yearText;
  if (schema === ItemCodePath && name === 'code') {
    return fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom(...ctx.items.map((i) => i.code)) },
      { weight: 1, arbitrary: fc.stringMatching(/^[A-Za-z0-9-]{1,40}$/) },
    );
  }
  if (schema === CaseIdPath && name === 'id') {
    return fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom(...ctx.cases.map((c) => c.id)) },
      { weight: 1, arbitrary: caseIdShape },
    );
  }
  return fc.stringMatching(/^[A-Za-z0-9-]{1,12}$/);
}

function validQueryValue(schema: unknown, key: string): fc.Arbitrary<string> | undefined {
  if (schema === CalendarDeadlineQuery && key === 'from') return dateOrInstant;
  if (schema === CalendarDeadlineQuery && key === 'workingDays') return workingDays;
  if (schema === AccountabilityQuery && key === 'year') return yearText;
  if (schema === VisitListQuery && key === 'year') return yearText;
  if (schema === VisitListQuery && key === 'departmentId') return fc.constantFrom('market', 'tax', 'nowhere');
  return undefined;
}

const fakeCodes = fc.constantFrom('ZZ-999', 'SC-999', 'sc-001', 'X', 'ITEM', 'constructor', '__proto__');

const NO_FORM: CatalogueItem['form'] = { fields: [] };

/** `arbitrary` `present` times in `present + absent`, otherwise undefined. */
const sometimes = <T>(present: number, absent: number, arbitrary: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> =>
  fc.oneof({ weight: absent, arbitrary: fc.constant(undefined) }, { weight: present, arbitrary });

/** How each answer of a form is given: fitting, of the wrong type or out of range, empty, or left out. */
type AnswerKind = 'fit' | 'wrong' | 'empty' | 'omit';

/** Kinds for up to 8 fields, and field names the form does not have (some of them prototype names). */
const formAnswerEntries = fc.record({
  kinds: fc.array(fc.constantFrom<AnswerKind>('fit', 'fit', 'fit', 'wrong', 'empty', 'omit'), {
    minLength: 8,
    maxLength: 8,
  }),
  strangers: fc.oneof(
    { weight: 4, arbitrary: fc.constant<string[]>([]) },
    {
      weight: 1,
      arbitrary: fc.array(
        fc.oneof(
          fc.constantFrom('zzNotAField', 'constructor', 'toString', 'valueOf'),
          fc.stringMatching(/^[a-z]\w{0,8}$/),
        ),
        { minLength: 1, maxLength: 2 },
      ),
    },
  ),
});

/** Form answers for an item's fields (`form` of the catalogue), of the given kinds. */
function formFor(
  fields: readonly CatalogueFormField[],
  { kinds, strangers }: { kinds: readonly AnswerKind[]; strangers: readonly string[] },
): Record<string, string | number | boolean | null> {
  const answers: Record<string, string | number | boolean | null> = {};
  fields.forEach((f, i) => {
    const kind = kinds[i % kinds.length];
    if (kind === 'omit') return;
    if (kind === 'empty') answers[f.name] = i % 2 ? null : '';
    else if (kind === 'fit') answers[f.name] = fittingAnswer(f);
    else answers[f.name] = wrongAnswer(f);
  });
  for (const name of strangers) if (!fields.some((f) => f.name === name)) answers[name] = 'x';
  return answers;
}

function fittingAnswer(f: CatalogueFormField): string | number | boolean {
  switch (f.type) {
    case 'number':
      return f.min ?? Math.min(1, f.max ?? 1);
    case 'date':
      return '2026-11-02';
    case 'boolean':
      return true;
    case 'enum':
      return f.options?.[0] ?? 'x';
    default:
      return '模糊测试'.slice(0, Math.max(1, f.max ?? 4));
  }
}

function wrongAnswer(f: CatalogueFormField): string | number | boolean {
  switch (f.type) {
    case 'number':
      return f.min !== undefined ? f.min - 1 : 'many';
    case 'date':
      return '02/11/2026';
    case 'boolean':
      return 'yes';
    case 'enum':
      return 'NOT-AN-OPTION';
    default:
      return f.max !== undefined && f.max < 2000 ? 'x'.repeat(f.max + 1) : 42;
  }
}

function validBody(schema: unknown, ctx: FuzzContext): fc.Arbitrary<unknown> | undefined {
  if (schema === ApplicationBody) {
    const applicant = fc.record(
      {
        type: fc.constantFrom('PERSON', 'ENTERPRISE'),
        name: fc.oneof(fc.constantFrom('李四', '大连示例科技有限公司', 'Zhang San'), shortString),
        phone: fc.constantFrom('13900000000', '0411-8888-0000', '+86 139 0000 0000'),
        idNumber: fc.constantFrom('11010519491231002X', '91210200MA0QXXXX7Y'),
      },
      { requiredKeys: ['type', 'name', 'phone'] },
    );
    const unknownIds = fc.oneof(
      { weight: 2, arbitrary: fc.constant<string[]>([]) },
      { weight: 1, arbitrary: fc.array(fc.stringMatching(/^[A-Za-z0-9_-]{1,20}$/), { minLength: 1, maxLength: 2 }) },
    );
    return fc
      .record({
        item: fc.oneof(
          { weight: 2, arbitrary: fc.constantFrom(...ctx.items) },
          {
            weight: 1,
            arbitrary: fakeCodes.map(
              (code): CatalogueItem => ({ code, departmentId: '', materials: [], form: NO_FORM }),
            ),
          },
        ),
        applicant,
        picks: fc.array(fc.boolean(), { minLength: 12, maxLength: 12 }),
        unknown: unknownIds,
        answers: sometimes(2, 1, formAnswerEntries),
      })
      .map(({ item, applicant, picks, unknown, answers }) => {
        const ids = [
          ...(item.materials.length ? item.materials : [{ id: 'application-form' }, { id: 'id-card' }])
            .map((m) => m.id)
            .filter((_, i) => picks[i % picks.length]),
          ...unknown.filter((id) => !item.materials.some((m) => m.id === id)),
        ];
        // The privileged fields (receivedBy, onTheSpot, review, materials[].defect) come from the route's
        // declaration: withPrivileged below.
        return {
          itemCode: item.code,
          applicant,
          materials: ids.map((id) => ({ id })),
          ...(answers ? { form: formFor(item.form.fields, answers) } : {}),
        };
      });
  }
  if (schema === NoticeBody) {
    const ids = fc.oneof(
      fc.constantFrom(...ctx.items.flatMap((i) => i.materials.map((m) => m.id))),
      fc.stringMatching(/^[A-Za-z0-9_-]{1,20}$/),
    );
    return fc.record({
      defects: fc.array(fc.record({ id: ids, defect: fc.oneof(fc.constant('缺少公章'), shortString) }), {
        maxLength: 3,
      }),
    });
  }
  if (schema === MaterialsBody) {
    const ids = fc.oneof(
      fc.constantFrom(...ctx.items.flatMap((i) => i.materials.map((m) => m.id))),
      fc.stringMatching(/^[A-Za-z0-9_-]{1,20}$/),
    );
    // (a defect in a paper is privileged: withPrivileged below)
    return fc.record({ materials: fc.uniqueArray(ids, { maxLength: 4 }).map((list) => list.map((id) => ({ id }))) });
  }
  if (schema === DecisionBody) {
    return fc.oneof(
      fc.constant({ outcome: 'APPROVED' }),
      fc.record({
        outcome: fc.constantFrom('APPROVED', 'REJECTED'),
        reason: fc.oneof(fc.constant('材料不全'), shortString),
      }),
    );
  }
  if (schema === YearCalendarBody) {
    const dates = isoDate(fc.constantFrom('2027', '2028', '2026', '1999'));
    return fc.record({
      holidays: fc.array(dates, { maxLength: 12 }),
      workdays: fc.array(dates, { maxLength: 4 }),
      source: fc.oneof(fc.constant('国务院办公厅通知 test'), shortString),
    });
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// Who may set what: each route's privileged fields (routes.ts `privileged`, the declaration the middleware enforces
// and the authorization matrix reads) are added to its valid bodies from the declaration, so a field declared later
// is sent too. Values per field name below (odd ones too: the rule holds whatever the value); a declared field
// without one stops the fuzz run before it starts.

const privilegedValues: Record<string, (ctx: FuzzContext) => fc.Arbitrary<unknown>> = {
  receivedBy: (ctx) =>
    fc.oneof(
      { weight: 4, arbitrary: fc.record({ departmentId: fc.constantFrom(...ctx.departments) }) },
      { weight: 1, arbitrary: fc.constantFrom(null, {}, 'window') },
    ),
  onTheSpot: () =>
    fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom({ outcome: 'APPROVED' }, { outcome: 'REJECTED', reason: '不予许可' }) },
      { weight: 1, arbitrary: fc.constantFrom(null, false, {}) },
    ),
  review: () => fc.oneof({ weight: 4, arbitrary: fc.boolean() }, { weight: 1, arbitrary: fc.constant(null) }),
  defect: () =>
    fc.oneof({ weight: 4, arbitrary: fc.constant('复印件不清晰') }, { weight: 1, arbitrary: fc.constant('') }),
};

/** The value of a privileged field for its last step (`materials[].defect` → `defect`). */
function privilegedValue(field: string, ctx: FuzzContext): fc.Arbitrary<unknown> {
  const name = field.split('.').at(-1)?.replace(/\[\]$/, '') ?? field;
  const value = privilegedValues[name];
  if (!value)
    throw new Error(`privileged field ${field} has no sample value in test/fuzz/requests.ts privilegedValues`);
  return value(ctx);
}

/** A copy of `body` with `value` set at a declared field path (`a.b`; `list[].c` on the `at`-th element of list). */
function setAtField(body: unknown, steps: readonly string[], value: unknown, at: number): unknown {
  const [step, ...rest] = steps;
  if (step === undefined) return value;
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return body;
  const record = body as Record<string, unknown>;
  if (!step.endsWith('[]')) return { ...record, [step]: setAtField(record[step] ?? {}, rest, value, at) };
  const key = step.slice(0, -2);
  const list = record[key];
  if (!Array.isArray(list) || list.length === 0) return body;
  const i = at % list.length;
  return { ...record, [key]: list.map((element, j) => (j === i ? setAtField(element, rest, value, at) : element)) };
}

/**
 * The route's valid bodies, each declared privileged field set in about one body in two (one in four left POST
 * /v1/applications' `materials[].defect` unsent by a refused role for the default seed once the route table grew to
 * 62 routes: the per-route share of the 10,000 requests shrinks with every route added).
 */
function withPrivileged(route: RouteSpec | undefined, valid: fc.Arbitrary<unknown>, ctx: FuzzContext) {
  const declared = route?.privileged ?? [];
  if (declared.length === 0) return valid;
  const settings = fc.tuple(
    ...declared.map((p) => sometimes(1, 1, fc.record({ value: privilegedValue(p.field, ctx), at: fc.nat() }))),
  );
  return fc
    .tuple(valid, settings)
    .map(([body, set]) =>
      declared.reduce(
        (b, p, i) => (set[i] ? setAtField(b, p.field.split('.'), set[i].value, set[i].at) : b),
        body as unknown,
      ),
    );
}

function validRouteBody(route: RouteSpec | undefined, ctx: FuzzContext): fc.Arbitrary<unknown> | undefined {
  const valid = validBody(route?.request?.body, ctx);
  return valid && withPrivileged(route, valid, ctx);
}

function shapeKeys(schema: z.ZodMiniType | undefined): string[] {
  const shape = (schema as { shape?: Record<string, unknown> } | undefined)?.shape;
  return shape && typeof shape === 'object' ? Object.keys(shape) : [];
}

// ---------------------------------------------------------------------------------------------------------------
// Tokens

function tokenFor(route: RouteSpec | undefined, ctx: FuzzContext): fc.Arbitrary<TokenSpec> {
  const admitted = route ? rolesOf(route.access) : [];
  const others = roles.filter((r) => !admitted.includes(r));
  const role = fc.oneof(
    { weight: admitted.length ? 6 : 0, arbitrary: fc.constantFrom(...(admitted.length ? admitted : roles)) },
    { weight: 3, arbitrary: fc.constantFrom(...(others.length ? others : roles)) },
    {
      weight: 1,
      arbitrary: fc.constantFrom('root', 'ADMIN', '', 'admin ', '__proto__', 'supervisor,admin', '[admin]'),
    },
  );
  const department = fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...ctx.departments) },
    { weight: 1, arbitrary: fc.constant(undefined) },
    { weight: 2, arbitrary: shortString },
  );
  const owners = ctx.cases.flatMap((c) => (c.applicantSub ? [c.applicantSub] : []));
  const sub = fc.oneof(
    { weight: 8, arbitrary: fc.constantFrom('fuzz-a', 'fuzz-b', ...owners) },
    { weight: 3, arbitrary: shortString },
    { weight: 1, arbitrary: fc.constantFrom('', 's'.repeat(2100), '中'.repeat(700)) },
  );
  const scheme = fc.constantFrom('Bearer', 'Bearer', 'Bearer', 'Bearer', 'bearer', 'BEARER', 'Bearer ');
  const signed = fc.record(
    { kind: fc.constant('signed' as const), role, department, sub, scheme },
    { requiredKeys: ['kind', 'role', 'sub', 'scheme'] },
  );
  const flawed = fc.record(
    {
      kind: fc.constant('signed' as const),
      role,
      department,
      sub,
      scheme,
      flaw: fc.constantFrom(
        'expired',
        'other-key',
        'tampered',
        'alg-none',
        'wrong-issuer',
        'not-yet-valid',
        'no-expiry',
      ),
    },
    { requiredKeys: ['kind', 'role', 'sub', 'scheme', 'flaw'] },
  );
  const groups = fc.record(
    {
      kind: fc.constant('groups' as const),
      groups: fc.array(fc.oneof(fc.constantFrom(...roles), shortString), { maxLength: 3 }),
      department,
      sub,
    },
    { requiredKeys: ['kind', 'groups', 'sub'] },
  );
  const latin1 = fc.string({
    unit: latin1Char(0x21),
    maxLength: 60,
  });
  const literal = fc
    .oneof(
      fc.constantFrom(
        'Bearer',
        'Bearer not.a.jwt',
        'Basic dXNlcjpwYXNz',
        'Token abc',
        'Bearer a.b.c',
        `Bearer ${'A'.repeat(3000)}`,
        'Bearer eyJhbGciOiJIUzI1NiJ9.e30.',
        "Bearer ' OR 1=1 --",
        'Bearer x y',
        'null',
        'undefined',
        'Bearer eyJhbGciOiJub25lIn0.eyJyb2xlIjoiYWRtaW4ifQ.',
      ),
      latin1.map((s) => `Bearer ${s}`),
      latin1,
    )
    .map((value): TokenSpec => ({ kind: 'literal', value }));
  const isPublic = route ? 'public' in route.access : true;
  return fc.oneof(
    { weight: isPublic ? 10 : 2, arbitrary: fc.constant<TokenSpec>({ kind: 'none' }) },
    { weight: 2, arbitrary: literal },
    { weight: isPublic ? 5 : 12, arbitrary: signed },
    { weight: 2, arbitrary: flawed },
    { weight: 1, arbitrary: groups },
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Bodies

type Path = (string | number)[];

function pathsOf(value: unknown, at: Path = []): Path[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => [[...at, i], ...pathsOf(v, [...at, i])]);
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => [[...at, k], ...pathsOf(v, [...at, k])]);
  }
  return [];
}

type Edit = 'replace' | 'delete' | 'duplicate' | 'pollute' | 'extra';

/** The syntax tree of `value` with one edit at `path`. */
function edit(
  node: JsonNode,
  path: Path,
  op: Edit,
  replacement: JsonNode,
  extra: readonly (readonly [string, JsonNode])[],
): JsonNode {
  if (path.length === 0) {
    if (op === 'pollute' || op === 'extra')
      return node.t === 'obj' ? { t: 'obj', entries: [...node.entries, ...extra] } : node;
    return replacement;
  }
  const [head, ...rest] = path;
  if (node.t === 'arr' && typeof head === 'number') {
    if (rest.length === 0 && op === 'delete') return { t: 'arr', items: node.items.filter((_, i) => i !== head) };
    return { t: 'arr', items: node.items.map((n, i) => (i === head ? edit(n, rest, op, replacement, extra) : n)) };
  }
  if (node.t === 'obj') {
    if (rest.length === 0 && op === 'delete') return { t: 'obj', entries: node.entries.filter(([k]) => k !== head) };
    if (rest.length === 0 && op === 'duplicate') {
      // JSON.parse keeps the last of duplicate members.
      return { t: 'obj', entries: [...node.entries, [String(head), replacement]] };
    }
    return {
      t: 'obj',
      entries: node.entries.map(([k, n]) => [k, k === head ? edit(n, rest, op, replacement, extra) : n] as const),
    };
  }
  return replacement;
}

const replacementNode: fc.Arbitrary<JsonNode> = fc.oneof(
  { weight: 4, arbitrary: wrongTypeNode },
  { weight: 4, arbitrary: anyString(5000).map((s) => raw(JSON.stringify(s))) },
  {
    weight: 1,
    arbitrary: fc.integer({ min: 100, max: 3000 }).map((d) => raw(`${'['.repeat(d)}${']'.repeat(d)}`)),
  },
  { weight: 1, arbitrary: fc.constantFrom(...hostileStrings).map((s) => raw(JSON.stringify(s))) },
);

const HUGE_SIZES = [100_000, 256 * 1024 - 300, 256 * 1024 + 1, 300_000, 1024 * 1024 - 200, 1024 * 1024 + 1, 1_500_000];

function hugeBody(host: fc.Arbitrary<unknown> | undefined): fc.Arbitrary<BodySpec> {
  const hosts = host
    ? fc.oneof(
        host.chain((v) => {
          const paths = pathsOf(v);
          return fc
            .nat()
            .map((i) =>
              paths.length
                ? edit(toNode(v), paths[i % paths.length] as Path, 'replace', raw(JSON.stringify(HUGE_MARK)), [])
                : toNode(v),
            );
        }),
        host.map((v) => edit(toNode(v), [], 'extra', raw('null'), [['x', raw(JSON.stringify(HUGE_MARK))]])),
      )
    : fc.constant(toNode({ x: HUGE_MARK }));
  return fc
    .record({
      node: hosts,
      unit: fc.constantFrom('A', '中', '😀', '\u202e', '"'),
      size: fc.constantFrom(...HUGE_SIZES),
    })
    .map(({ node, unit, size }) => ({
      kind: 'huge',
      node,
      unit,
      count: Math.ceil(size / (unit === '"' ? 2 : Buffer.byteLength(unit))),
    }));
}

function bodyFor(route: RouteSpec | undefined, ctx: FuzzContext): fc.Arbitrary<BodySpec> {
  const valid = validRouteBody(route, ctx);
  const json = (node: JsonNode): BodySpec => ({ kind: 'json', node });
  const broken = valid?.chain((v) => {
    const paths = pathsOf(v);
    return fc
      .record({
        at: fc.nat(),
        op: fc.constantFrom<Edit>('replace', 'replace', 'replace', 'delete', 'duplicate', 'pollute', 'extra'),
        replacement: replacementNode,
        extra: fc.oneof(
          pollutionEntries,
          fc.array(fc.tuple(shortString, replacementNode), { minLength: 1, maxLength: 2 }),
        ),
      })
      .map(({ at, op, replacement, extra }) => {
        const path = paths.length && op !== 'pollute' && op !== 'extra' ? (paths[at % paths.length] as Path) : [];
        return json(edit(toNode(v), path, op, replacement, extra));
      });
  });
  const options: fc.WeightedArbitrary<BodySpec>[] = [
    { weight: 3, arbitrary: jsonNode.map(json) },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom('[]', 'null', '0', '-0', '"x"', 'true', '1e309', '{}', '[{}]')
        .map((t) => json(raw(t))),
    },
    { weight: 2, arbitrary: invalidJsonText.map((text): BodySpec => ({ kind: 'text', text })) },
    { weight: 1, arbitrary: deepBody(fc.constant(undefined)) },
    { weight: 1, arbitrary: hugeBody(valid) },
    { weight: 1, arbitrary: fc.constantFrom('', ' ', '\n').map((text): BodySpec => ({ kind: 'text', text })) },
    { weight: 1, arbitrary: invalidUtf8.map((base64): BodySpec => ({ kind: 'bytes', base64 })) },
    { weight: 1, arbitrary: misEncoded(jsonNode.map((n) => fromNode(n))) },
  ];
  if (valid && broken) {
    options.push(
      { weight: 9, arbitrary: broken },
      { weight: 4, arbitrary: valid.map((v) => json(toNode(v))) },
      { weight: 1, arbitrary: deepBody(valid.map(toNode)) },
      { weight: 2, arbitrary: misEncoded(valid) },
    );
  }
  return fc.oneof(...options);
}

/**
 * A body whose text is JSON (a valid one, for a route that has a schema) but whose bytes are not UTF-8: bad bytes
 * inside one of its strings (or in an extra member), or the whole text in Latin-1 or UTF-16.
 */
function misEncoded(value: fc.Arbitrary<unknown>): fc.Arbitrary<BodySpec> {
  const patched = fc.record({ v: value, at: fc.nat(), bytes: badUtf8Patch }).map(({ v, at, bytes }): BodySpec => {
    const node = toNode(v);
    const strings = pathsOf(v).filter((p) => typeof valueAt(v, p) === 'string');
    const path = strings[at % Math.max(1, strings.length)];
    const marked = path
      ? edit(node, path, 'replace', raw(JSON.stringify(`${String(valueAt(v, path))}${BYTES_MARK}`)), [])
      : edit(node, [], 'extra', raw('null'), [['note', raw(JSON.stringify(BYTES_MARK))]]);
    return { kind: 'patched', node: marked, base64: bytes };
  });
  const encoded = fc
    .record({ v: value, encoding: fc.constantFrom<ForeignEncoding>('latin1', 'utf16le', 'utf16le-bom') })
    .map(({ v, encoding }): BodySpec => ({ kind: 'encoded', node: toNode(v), encoding }));
  return fc.oneof({ weight: 3, arbitrary: patched }, { weight: 1, arbitrary: encoded });
}

/** A parsed value back from a syntax tree (for `misEncoded`, which edits values). */
function fromNode(node: JsonNode): unknown {
  try {
    return JSON.parse(nodeText(node)) as unknown;
  } catch {
    return null;
  }
}

function valueAt(value: unknown, path: Path): unknown {
  let at = value;
  for (const key of path) at = (at as Record<string | number, unknown> | null)?.[key];
  return at;
}

/** Charsets declared on a JSON media type: UTF-8 in its spellings (accepted), and others (415). */
const charsetParameter = fc.constantFrom(
  '; charset=utf-8',
  ';charset=UTF-8',
  '; charset="utf-8"',
  '; charset=utf8',
  '; charset=latin1',
  '; charset=ISO-8859-1',
  '; charset="iso-8859-1"',
  '; charset=utf-16',
  '; charset=UTF-16LE',
  '; charset=gbk',
  '; charset=GB18030',
  '; charset=us-ascii',
  '; charset=utf-7',
  '; charset=utf-8x',
  '; charset = big5',
  '; charset=',
  '; foo=bar; charset=shift_jis',
  '; charset=utf-8; charset=latin1',
  '; charset=latin1; charset=utf-8',
);

const contentType = fc.oneof(
  { weight: 20, arbitrary: fc.constant<string | undefined>('application/json') },
  {
    weight: 4,
    arbitrary: fc
      .tuple(fc.constantFrom('application/json', 'application/problem+json', 'APPLICATION/JSON'), charsetParameter)
      .map(([type, charset]): string | undefined => `${type}${charset}`),
  },
  { weight: 1, arbitrary: fc.constant<string | undefined>(undefined) },
  {
    weight: 6,
    arbitrary: fc.constantFrom<string | undefined>(
      'application/json; charset=utf-8',
      'application/json; charset=latin1',
      'APPLICATION/JSON',
      'application/problem+json',
      'application/vnd.api+json',
      'text/plain',
      'text/plain;charset=UTF-8',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/jsonx',
      'application/json, text/plain',
      'application/xml',
      'json',
      '',
      '*/*',
      'application/json\u00e9',
    ),
  },
);

// ---------------------------------------------------------------------------------------------------------------
// Headers

const latin1Value = fc.string({
  unit: latin1Char(0x20),
  maxLength: 80,
});

const idempotency: fc.Arbitrary<string[]> = fc.oneof(
  { weight: 10, arbitrary: fc.constant<string[]>([]) },
  { weight: 6, arbitrary: fc.uuid().map((u) => [`fuzz:${u}`]) },
  { weight: 1, arbitrary: fc.constantFrom('fuzz-reused-key-0001', 'fuzz-reused-key-0002').map((k) => [k]) },
  {
    weight: 3,
    arbitrary: fc
      .oneof(
        fc.constantFrom(
          '',
          'short',
          'a'.repeat(129),
          'has space here',
          'clé-clé-clé',
          '../../../../',
          "' OR 1=1 --",
          // biome-ignore lint/suspicious/noTemplateCurlyInString: log4shell-looking text, on purpose
          '${jndi:ldap://x}',
          'é'.repeat(10),
          'abcdefgh/1',
        ),
        latin1Value,
      )
      .map((v) => [v]),
  },
  { weight: 1, arbitrary: fc.tuple(fc.uuid(), fc.uuid()).map(([a, b]) => [`fuzz:${a}`, `fuzz:${b}`]) },
);

const junkHeaders = fc.array(
  fc.tuple(
    fc.constantFrom(
      'accept',
      'accept-language',
      'x-forwarded-for',
      'origin',
      'x-http-method-override',
      'cookie',
      'x-amz-date',
      'content-encoding',
      'referer',
      'user-agent',
      'x-requested-with',
      'if-none-match',
      'range',
      'x-api-key',
      '__proto__',
      'constructor',
    ),
    fc.oneof(
      latin1Value,
      fc.constantFrom(
        "' OR 1=1",
        '../../etc/passwd',
        'gzip',
        'DELETE',
        'null',
        '<script>',
        'text/html',
        'text/html, application/json',
      ),
    ),
  ),
  { maxLength: 3 },
);

// ---------------------------------------------------------------------------------------------------------------
// Requests

const hostileValue = fc.oneof({ weight: 9, arbitrary: anyString(3000) }, { weight: 1, arbitrary: longString(4000) });

function pathFor(route: RouteSpec, ctx: FuzzContext): fc.Arbitrary<string> {
  const parts = route.path.split(/(\{\w+\})/);
  return fc
    .tuple(
      ...parts.map((part) => {
        const name = /^\{(\w+)\}$/.exec(part)?.[1];
        if (!name) return fc.constant(part);
        return fc.oneof(
          { weight: 3, arbitrary: validPathParam(route.request?.path, name, ctx).map((v) => encode(v, 'bytes')) },
          { weight: 2, arbitrary: fc.tuple(hostileValue, encoding).map(([v, e]) => encode(v, e)) },
        );
      }),
    )
    .map((segments) => segments.join(''));
}

function queryFor(route: RouteSpec): fc.Arbitrary<string> {
  const schema = route.request?.query;
  const keys = shapeKeys(schema);
  const entryFor = (key: string): fc.Arbitrary<[string, string][]> => {
    const valid = validQueryValue(schema, key) ?? anyString(200);
    return fc.oneof(
      { weight: 6, arbitrary: valid.map((v): [string, string][] => [[key, v]]) },
      { weight: 1, arbitrary: fc.constant<[string, string][]>([]) },
      { weight: 2, arbitrary: hostileValue.map((v): [string, string][] => [[key, v]]) },
      {
        weight: 1,
        arbitrary: fc.tuple(valid, fc.oneof(valid, hostileValue)).map(([a, b]): [string, string][] => [
          [key, a],
          [key, b],
        ]),
      },
      { weight: 1, arbitrary: fc.constant<[string, string][]>([[key, '']]) },
    );
  };
  const junk = fc.array(
    fc.tuple(
      fc.oneof(fc.constantFrom('__proto__', 'constructor', 'toString', 'a[b]', 'a.b', '', 'from', 'year'), shortString),
      anyString(200),
    ),
    { maxLength: 3 },
  );
  return fc
    .record({
      entries: fc.tuple(...keys.map(entryFor)),
      junk: fc.oneof({ weight: 3, arbitrary: fc.constant<[string, string][]>([]) }, { weight: 1, arbitrary: junk }),
      encoding: fc.constantFrom<Encoding>('bytes', 'bytes', 'bytes', 'raw', 'non-ascii'),
      separator: fc.constantFrom('&', '&', '&', '&', ';', '&&'),
    })
    .map(({ entries, junk, encoding: e, separator }) => {
      const all = [...entries.flat(), ...junk];
      if (all.length === 0) return '';
      return `?${all.map(([k, v]) => `${encode(k, e)}=${encode(v, e)}`).join(separator)}`;
    });
}

function finish(
  route: string,
  method: string,
  target: string,
  transport: 'fetch' | 'raw',
  token: TokenSpec,
  headers: [string, string][],
  body: BodySpec | undefined,
  type: string | undefined,
): FuzzRequest {
  const capped = capTarget(target);
  const carriesBody = method !== 'GET' && method !== 'HEAD' && body !== undefined;
  return {
    route,
    method,
    target: transport === 'raw' ? wireSafe(capped) : capped,
    transport,
    token,
    headers: [...(carriesBody && type !== undefined ? [['content-type', type] as [string, string]] : []), ...headers],
    ...(carriesBody ? { body } : {}),
  };
}

/**
 * A request that passes the gateway, the access policy and validation and carries an Idempotency-Key, so the
 * handler (and the idempotency layer's fingerprint and key) see it: a valid body with an extra member that is
 * deeply nested, big (under the 256 KiB limit) or prototype-polluting; sometimes a caller with a very long `sub`.
 */
function nearValidRequest(route: RouteSpec, ctx: FuzzContext): fc.Arbitrary<FuzzRequest> | undefined {
  const valid = validRouteBody(route, ctx);
  const admitted = rolesOf(route.access);
  if (!valid || admitted.length === 0) return undefined;
  const parts = route.path.split(/(\{\w+\})/);
  const path = fc
    .tuple(
      ...parts.map((part) => {
        const name = /^\{(\w+)\}$/.exec(part)?.[1];
        return name ? validPathParam(route.request?.path, name, ctx).map((v) => encode(v, 'bytes')) : fc.constant(part);
      }),
    )
    .map((segments) => segments.join(''));
  const body = fc.oneof(
    { weight: 3, arbitrary: deepBody(valid.map(toNode)) },
    {
      weight: 1,
      arbitrary: valid.map(
        (v): BodySpec => ({
          kind: 'huge',
          node: edit(toNode(v), [], 'extra', raw('null'), [['x', raw(JSON.stringify(HUGE_MARK))]]),
          unit: '中',
          count: 60_000,
        }),
      ),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(valid, pollutionEntries)
        .map(([v, extra]): BodySpec => ({ kind: 'json', node: edit(toNode(v), [], 'pollute', raw('null'), extra) })),
    },
  );
  // Bodies the middleware must refuse before the handler, so nothing is written: a valid body in bytes that are
  // not UTF-8 (declared as UTF-8 or not), a valid UTF-8 body declared in another charset, or one in another charset.
  const refused = fc.oneof(
    {
      weight: 3,
      arbitrary: fc.record({
        body: misEncoded(valid),
        type: fc.constantFrom('application/json', 'application/json; charset=utf-8', 'application/json;charset=UTF8'),
      }),
    },
    {
      weight: 2,
      arbitrary: fc.record({
        body: fc.oneof(
          { weight: 2, arbitrary: valid.map((v): BodySpec => ({ kind: 'json', node: toNode(v) })) },
          { weight: 1, arbitrary: misEncoded(valid) },
        ),
        type: charsetParameter.map((c) => `application/json${c}`),
      }),
    },
  );
  const token = fc.record({
    kind: fc.constant('signed' as const),
    role: fc.constantFrom(...admitted),
    department: fc.constantFrom(...ctx.departments),
    sub: fc.constantFrom('fuzz-a', 'fuzz-owner', 'x'.repeat(2100)),
    scheme: fc.constant('Bearer'),
  });
  return fc
    .record({
      path,
      token,
      sent: fc.oneof(
        { weight: 5, arbitrary: body.map((b) => ({ body: b, type: 'application/json' })) },
        { weight: 4, arbitrary: refused },
      ),
      key: fc.uuid(),
    })
    .map(({ path, token, sent, key }) =>
      finish(
        `${route.method} ${route.path}`,
        route.method,
        path,
        'fetch',
        token,
        [['idempotency-key', `fuzz:${key}`]],
        sent.body,
        sent.type,
      ),
    );
}

function routeRequest(route: RouteSpec, ctx: FuzzContext): fc.Arbitrary<FuzzRequest> {
  const near = nearValidRequest(route, ctx);
  const generic = genericRequest(route, ctx);
  return near ? fc.oneof({ weight: 10, arbitrary: generic }, { weight: 1, arbitrary: near }) : generic;
}

function genericRequest(route: RouteSpec, ctx: FuzzContext): fc.Arbitrary<FuzzRequest> {
  return fc
    .record({
      method: fc.oneof(
        { weight: 14, arbitrary: fc.constant<string>(route.method) },
        { weight: 1, arbitrary: fc.constantFrom<string>(...METHODS) },
      ),
      path: pathFor(route, ctx),
      query: queryFor(route),
      token: tokenFor(route, ctx),
      body: bodyFor(route, ctx),
      type: contentType,
      keys: idempotency,
      junk: junkHeaders,
      transport: fc.constantFrom<'fetch' | 'raw'>(...Array<'fetch'>(24).fill('fetch'), 'raw'),
    })
    .map(({ method, path, query, token, body, type, keys, junk, transport }) =>
      finish(
        `${route.method} ${route.path}`,
        method,
        `${path}${query}`,
        transport,
        token,
        [...keys.map((k): [string, string] => ['idempotency-key', k]), ...junk],
        body,
        type,
      ),
    );
}

/** Paths no route serves, or serves only after normalisation: 404s, and the server's own URL handling. */
function strayRequest(ctx: FuzzContext): fc.Arbitrary<FuzzRequest> {
  const template = fc.constantFrom(...routes.map((r) => r.path.replace(/\{\w+\}/g, 'SC-001')));
  const path = fc.oneof(
    fc.constantFrom(
      '/',
      '/v1',
      '/v1/',
      '/v2/catalog',
      '/V1/catalog',
      '/v1/catalog/',
      '/v1/applications//decision',
      '/v1/catalog/../../etc/passwd',
      '/.env',
      '/v1/openapi.json/..',
      '/%2e%2e/%2e%2e/etc/passwd',
      '/v1/catalog%2FSC-001',
      '/v1/catalog;jsessionid=1',
      '/v1/catalog/SC-001/extra',
      '/v1/calendar/years/2026/extra',
      '/_local',
      '/_localx/clock',
      '/*',
      '/v1/catalog/%',
    ),
    template.chain((t) =>
      fc
        .tuple(fc.constantFrom('/', '/../', '//', '/./', '%2F'), shortString)
        .map(([sep, s]) => `${t}${sep}${encode(s, 'non-ascii')}`),
    ),
    fc.tuple(fc.constantFrom('//', '///', '/\\'), shortString).map(([p, s]) => `${p}${encode(s, 'non-ascii')}`),
  );
  return fc
    .record({
      method: fc.constantFrom<string>(...METHODS),
      path,
      token: tokenFor(undefined, ctx),
      body: bodyFor(undefined, ctx),
      type: contentType,
      transport: fc.constantFrom<'fetch' | 'raw'>('fetch', 'fetch', 'fetch', 'raw'),
    })
    .map(({ method, path, token, body, type, transport }) =>
      finish('stray', method, path, transport, token, [], body, type),
    );
}

/**
 * For each declared privileged field (routes.ts `privileged`) that some admitted role may not set: a valid request of
 * such a role with the field set, to be refused with 403 naming it. The generic requests send these too, but only by
 * chance, and each route added to the table made that chance smaller (twice a new route left `materials[].defect`
 * unsent for the default seed); these probes keep every such cell covered whatever the table's size.
 */
function privilegedProbes(ctx: FuzzContext): fc.Arbitrary<FuzzRequest>[] {
  const probes: fc.Arbitrary<FuzzRequest>[] = [];
  for (const route of routes as readonly RouteSpec[]) {
    const valid = validBody(route.request?.body, ctx);
    const admitted = rolesOf(route.access);
    for (const p of route.privileged ?? []) {
      const refused = admitted.filter((r) => !p.roles.includes(r));
      if (!valid || refused.length === 0) continue;
      const parts = route.path.split(/(\{\w+\})/);
      const path = fc
        .tuple(
          ...parts.map((part) => {
            const name = /^\{(\w+)\}$/.exec(part)?.[1];
            return name
              ? validPathParam(route.request?.path, name, ctx).map((v) => encode(v, 'bytes'))
              : fc.constant(part);
          }),
        )
        .map((segments) => segments.join(''));
      probes.push(
        fc
          .record({
            path,
            body: fc
              .tuple(valid, privilegedValue(p.field, ctx), fc.nat())
              .map(([b, value, at]) => setAtField(b, p.field.split('.'), value, at)),
            token: fc.record({
              kind: fc.constant('signed' as const),
              role: fc.constantFrom(...refused),
              department: fc.constantFrom(...ctx.departments),
              sub: fc.constantFrom('fuzz-a', 'fuzz-owner'),
              scheme: fc.constant('Bearer'),
            }),
            key: fc.uuid(),
          })
          .map(({ path, body, token, key }) =>
            finish(
              `${route.method} ${route.path}`,
              route.method,
              path,
              'fetch',
              token,
              [['idempotency-key', `fuzz:${key}`]],
              { kind: 'json', node: toNode(body) },
              'application/json',
            ),
          ),
      );
    }
  }
  return probes;
}

/**
 * Every route of the table, equally often, a few requests for paths no route serves, and the privileged-field probes
 * (about one request in 250 per field: a dozen or more each in 10,000).
 */
export function requestArbitrary(ctx: FuzzContext): fc.Arbitrary<FuzzRequest> {
  const perRoute = routes.map((route: RouteSpec) => routeRequest(route, ctx));
  const probes = privilegedProbes(ctx);
  return fc.oneof(
    { weight: 24 * perRoute.length, arbitrary: fc.oneof(...perRoute) },
    { weight: 24, arbitrary: strayRequest(ctx) },
    ...(probes.length ? [{ weight: 6 * probes.length, arbitrary: fc.oneof(...probes) }] : []),
  );
}
