import fc from 'fast-check';

/**
 * Hostile material for the request fuzzer: strings that have broken other systems (injection-looking text,
 * path tricks, encodings, Unicode that confuses length, direction and comparison), a JSON syntax tree that can
 * express what `JSON.stringify` cannot (duplicate keys, `__proto__` members, raw number tokens such as `1e309`),
 * and body descriptions that stay small until they are sent (huge and deeply nested bodies are built on the wire).
 */

const LONE_SURROGATES = ['\ud800', '\udbff', '\udc00', '\udfff'];

export const hostileStrings: readonly string[] = [
  '',
  ' ',
  '\t',
  '\n',
  '\r\n',
  '\u0000',
  'a\u0000b',
  'null',
  'undefined',
  'true',
  'false',
  '0',
  '-0',
  '-1',
  '1e309',
  '-1e309',
  '1e-400',
  'NaN',
  'Infinity',
  '-Infinity',
  '0x1F',
  '1_000',
  '9007199254740993',
  '1.0',
  '01',
  '+1',
  '１２３',
  '٢٠٢٦',
  "' OR '1'='1",
  "'; DROP TABLE cases; --",
  '" OR ""="',
  '1) OR (1=1',
  "admin'--",
  'UNION SELECT * FROM users',
  '{"$gt":""}',
  '{"$ne":null}',
  '$where',
  '#pk',
  ':v',
  'attribute_not_exists(pk)',
  'ITEM#SC-001',
  'DEPARTMENT#market',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  'javascript:alert(1)',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: template-injection text, on purpose
  '${7*7}',
  '{{7*7}}',
  '#{7*7}',
  '<%= 7*7 %>',
  '`id`',
  '$(id)',
  '; ls -la',
  '| cat /etc/passwd',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  '__defineGetter__',
  '../',
  '../../../../etc/passwd',
  '..\\..\\windows\\win.ini',
  '....//',
  '%2e%2e%2f',
  '..%2F',
  '..%252F',
  '%00',
  '%',
  '%%',
  '%ZZ',
  '%E0%A4%A',
  '%C0%AF',
  '%uD800',
  '/',
  '//',
  '\\',
  '?',
  '#',
  '&',
  '=',
  '+',
  ';',
  '\u202eevil\u202c',
  'a\u200bb',
  '\u200c\u200d',
  '\ufeff',
  '\u2028\u2029',
  ...LONE_SURROGATES,
  'a\ud800b',
  '\udc00\ud800',
  '👩‍👩‍👧‍👦',
  'e\u0301',
  'Z\u0351\u036b\u0343\u036a\u0302\u036b\u033d\u034f\u0334\u0319\u0324\u031e\u0349\u035a\u032f\u031e\u0320\u034d',
  '大连示例科技有限公司',
  'ＳＣ－００１',
  'SC\u2011001',
  'İ',
  'ß',
  '\uffff',
  '\ufffd',
  '\u{10ffff}',
  'SC-001 ',
  ' SC-001',
  'sc-001',
  'SC-001\n',
  'SC-001%00',
  'SC-001/../SC-002',
  '%s%s%s%n',
  '{0}',
  'arn:aws:states:us-east-1:000000000000:stateMachine:ApprovalClock',
  'XN20261102-01KAAAAAAAAAAAAAAAAAAAAAAA',
  'XN20261102-01KAAAAAAAAAAAAAAAAAAAAAAI',
  'xn20261102-01kaaaaaaaaaaaaaaaaaaaaaaa',
  '2026-02-30',
  '2026-13-01',
  '0000-01-01',
  '9999-12-31',
  '2026-11-02T10:00:00',
  '2026-11-02T24:00:00+08:00',
  '2026-11-02T10:00:00+24:00',
];

/** Characters that API Gateway, Node and fetch treat specially in a URL or a header. */
const urlSpecials = ['%', '/', '?', '#', '&', '=', '+', ';', '..', ' ', '\\', '%2F', '%00', '%ZZ'];

const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c));
const specialUnit = fc.constantFrom(...LONE_SURROGATES, '\u202e', '\u200b', '\ufeff', '\u0000', '"', '\\', '\u2028');

/** Any string, short: graphemes, code points, lone surrogates, controls. */
export const shortString: fc.Arbitrary<string> = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...hostileStrings) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 30 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme-ascii', maxLength: 30 }) },
  {
    weight: 1,
    arbitrary: fc.string({
      unit: fc.oneof(fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }), loneSurrogate, specialUnit),
      maxLength: 20,
    }),
  },
  {
    weight: 1,
    arbitrary: fc
      .array(fc.oneof(fc.constantFrom(...hostileStrings), fc.constantFrom(...urlSpecials)), {
        minLength: 2,
        maxLength: 4,
      })
      .map((parts) => parts.join('')),
  },
);

/** A long string made of one repeated unit (kept short in memory until it is built). */
export const longString = (max: number): fc.Arbitrary<string> =>
  fc
    .tuple(
      fc.constantFrom('A', '中', '\u202e', '😀', '%', "'", 'e\u0301', '\u200b', '9'),
      fc.integer({ min: 100, max }),
    )
    .map(([unit, n]) => unit.repeat(Math.max(1, Math.floor(n / unit.length))));

export const anyString = (maxLong = 2000): fc.Arbitrary<string> =>
  fc.oneof({ weight: 9, arbitrary: shortString }, { weight: 1, arbitrary: longString(maxLong) });

// ---------------------------------------------------------------------------------------------------------------
// A JSON syntax tree

/** A JSON value as text is built from it: raw tokens and duplicate or `__proto__` members are expressible. */
export type JsonNode =
  | { readonly t: 'raw'; readonly text: string }
  | { readonly t: 'arr'; readonly items: readonly JsonNode[] }
  | { readonly t: 'obj'; readonly entries: readonly (readonly [string, JsonNode])[] };

export const raw = (text: string): JsonNode => ({ t: 'raw', text });

/** The syntax tree of a plain value (objects keep their own keys, in order). */
export function toNode(value: unknown): JsonNode {
  if (Array.isArray(value)) return { t: 'arr', items: value.map(toNode) };
  if (value !== null && typeof value === 'object') {
    return { t: 'obj', entries: Object.entries(value).map(([k, v]) => [k, toNode(v)] as const) };
  }
  return raw(JSON.stringify(value) ?? 'null');
}

export function nodeText(node: JsonNode): string {
  switch (node.t) {
    case 'raw':
      return node.text;
    case 'arr':
      return `[${node.items.map(nodeText).join(',')}]`;
    case 'obj':
      return `{${node.entries.map(([k, v]) => `${JSON.stringify(k)}:${nodeText(v)}`).join(',')}}`;
  }
}

const numberTokens = [
  '0',
  '-0',
  '1',
  '-1',
  '1e309',
  '-1e309',
  '1e-400',
  '1E+2',
  '0.1',
  '123456789012345678901234567890',
  '9007199254740993',
  '2026',
  '366',
  '367',
];

const hostileKey = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      '__proto__',
      'constructor',
      'prototype',
      'toString',
      'valueOf',
      '$gt',
      '$where',
      '',
      ' ',
      'role',
      'isAdmin',
      'status',
      'id',
      'outcome',
      'itemCode',
    ),
  },
  { weight: 1, arbitrary: shortString },
);

export const leafNode: fc.Arbitrary<JsonNode> = fc.oneof(
  fc.constantFrom(...numberTokens).map(raw),
  fc.constantFrom('null', 'true', 'false').map(raw),
  shortString.map((s) => raw(JSON.stringify(s))),
  fc.double().map((d) => raw(Number.isFinite(d) ? JSON.stringify(d) : 'null')),
);

/** Random JSON of moderate depth, with hostile keys (fc.letrec). */
export const jsonNode: fc.Arbitrary<JsonNode> = fc.letrec<{ node: JsonNode; arr: JsonNode; obj: JsonNode }>((tie) => ({
  node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leafNode, tie('arr'), tie('obj')),
  arr: fc.array(tie('node'), { maxLength: 4 }).map((items): JsonNode => ({ t: 'arr', items })),
  obj: fc
    .array(fc.tuple(hostileKey, tie('node')), { maxLength: 4 })
    .map((entries): JsonNode => ({ t: 'obj', entries })),
})).node;

/** A value of the wrong JSON type for any field: arrays, numbers, null, objects, booleans. */
export const wrongTypeNode: fc.Arbitrary<JsonNode> = fc.oneof(
  fc.constantFrom('null', 'true', '0', '-0', '1e309', '[]', '{}', '[null]', '{"__proto__":{"isAdmin":true}}').map(raw),
  jsonNode,
);

/** `{"__proto__": …}`-style members that try to reach Object.prototype through a parser or a merge. */
export const pollutionEntries: fc.Arbitrary<(readonly [string, JsonNode])[]> = fc.constantFrom(
  [['__proto__', raw('{"role":"admin","isAdmin":true,"status":"APPROVED"}')] as const],
  [['constructor', raw('{"prototype":{"role":"admin","polluted":true}}')] as const],
  [['__proto__', raw('{"polluted":true}')] as const, ['constructor', raw('{"prototype":{"polluted":true}}')] as const],
);

// ---------------------------------------------------------------------------------------------------------------
// Bodies, described small and built when sent

export type BodySpec =
  /** JSON text from a syntax tree. */
  | { readonly kind: 'json'; readonly node: JsonNode }
  /** Any text (invalid JSON, form data, multipart …). */
  | { readonly kind: 'text'; readonly text: string }
  /** Raw bytes (invalid UTF-8 …), base64. */
  | { readonly kind: 'bytes'; readonly base64: string }
  /** JSON text from a syntax tree whose string "@@BYTES@@" becomes raw bytes (base64): bad bytes in a good body. */
  | { readonly kind: 'patched'; readonly node: JsonNode; readonly base64: string }
  /** JSON text from a syntax tree, encoded in another charset than UTF-8 (`utf16le-bom`: with a byte order mark). */
  | { readonly kind: 'encoded'; readonly node: JsonNode; readonly encoding: ForeignEncoding }
  /** `node` with the string "@@HUGE@@" somewhere replaced by a string of `count` times `unit`. */
  | { readonly kind: 'huge'; readonly node: JsonNode; readonly unit: string; readonly count: number }
  /** `prefix` + `open` × depth + `leaf` + `close` × depth + `suffix`: nesting no recursive serializer survives. */
  | {
      readonly kind: 'deep';
      readonly prefix: string;
      readonly open: string;
      readonly leaf: string;
      readonly close: string;
      readonly depth: number;
      readonly suffix: string;
    };

export const HUGE_MARK = '@@HUGE@@';
export const BYTES_MARK = '@@BYTES@@';

export type ForeignEncoding = 'latin1' | 'utf16le' | 'utf16le-bom';

export function bodyBytes(spec: BodySpec): Buffer {
  switch (spec.kind) {
    case 'json':
      return Buffer.from(nodeText(spec.node), 'utf8');
    case 'text':
      return Buffer.from(spec.text, 'utf8');
    case 'bytes':
      return Buffer.from(spec.base64, 'base64');
    case 'patched': {
      const [before = '', ...after] = nodeText(spec.node).split(BYTES_MARK);
      const bytes = Buffer.from(spec.base64, 'base64');
      return Buffer.concat([Buffer.from(before, 'utf8'), bytes, Buffer.from(after.join(BYTES_MARK), 'utf8')]);
    }
    case 'encoded': {
      const text = nodeText(spec.node);
      if (spec.encoding === 'latin1') return Buffer.from(text, 'latin1');
      return Buffer.from(spec.encoding === 'utf16le-bom' ? `\ufeff${text}` : text, 'utf16le');
    }
    case 'huge':
      return Buffer.from(
        nodeText(spec.node).replace(JSON.stringify(HUGE_MARK), () => JSON.stringify(spec.unit.repeat(spec.count))),
        'utf8',
      );
    case 'deep':
      return Buffer.from(
        `${spec.prefix}${spec.open.repeat(spec.depth)}${spec.leaf}${spec.close.repeat(spec.depth)}${spec.suffix}`,
        'utf8',
      );
  }
}

/** A body as a human reads it in a failure report: small ones whole, big ones by their recipe. */
export function describeBody(spec: BodySpec): string {
  switch (spec.kind) {
    case 'huge':
      return `${nodeText(spec.node)} with ${JSON.stringify(HUGE_MARK)} = ${JSON.stringify(spec.unit)} × ${spec.count}`;
    case 'deep':
      return `${JSON.stringify(spec.prefix)} + ${JSON.stringify(spec.open)} × ${spec.depth} + ${JSON.stringify(spec.leaf)} + ${JSON.stringify(spec.close)} × ${spec.depth} + ${JSON.stringify(spec.suffix)}`;
    case 'bytes':
      return `bytes(base64) ${spec.base64.slice(0, 400)}`;
    case 'patched':
      return `${nodeText(spec.node).slice(0, 1500)} with ${JSON.stringify(BYTES_MARK)} = bytes ${Buffer.from(spec.base64, 'base64').toString('hex')}`;
    case 'encoded':
      return `${nodeText(spec.node).slice(0, 1500)} encoded as ${spec.encoding}`;
    default: {
      const text = spec.kind === 'json' ? nodeText(spec.node) : spec.text;
      return text.length > 1500
        ? `${JSON.stringify(text.slice(0, 1500))}… (${text.length} chars)`
        : JSON.stringify(text);
    }
  }
}

/** Text that is not JSON, or not only JSON. */
export const invalidJsonText: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '{',
    '}',
    '[',
    '{"outcome":"APPROVED",}',
    "{'outcome':'APPROVED'}",
    '{"a":1}{"b":2}',
    '{"a":NaN}',
    '{"a":Infinity}',
    '{"a":undefined}',
    '{"a":0x10}',
    '{"a":01}',
    '{"a":.5}',
    '{"a":"\\x41"}',
    '{"a":"\\ud800"',
    '/* comment */ {}',
    '{} // trailing',
    '\ufeff{}',
    'undefined',
    'NaN',
    'itemCode=SC-001&applicant=x',
    '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--x--\r\n',
    '<?xml version="1.0"?><a/>',
    '\u0000',
    '"unterminated',
    '{"a":"line\nbreak"}',
    '{"a":"tab\there"}',
  ),
  fc.string({ unit: 'binary', maxLength: 50 }).filter((s) => {
    try {
      JSON.parse(s);
      return false;
    } catch {
      return true;
    }
  }),
  jsonNode.map((n) => nodeText(n).slice(0, -1)).filter((s) => s.length > 0),
);

/** Bytes that are not UTF-8 (overlong encodings, lone continuation bytes, UTF-16 …). */
export const invalidUtf8: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    Buffer.from([0xc0, 0xaf]).toString('base64'),
    Buffer.from([0xed, 0xa0, 0x80]).toString('base64'),
    Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]).toString('base64'),
    Buffer.from('{"outcome":"APPROVED"}', 'utf16le').toString('base64'),
    Buffer.from([0xfe, 0xff, 0x00, 0x7b, 0x00, 0x7d]).toString('base64'),
  ),
  fc.uint8Array({ minLength: 1, maxLength: 64 }).map((bytes) => Buffer.from(bytes).toString('base64')),
);

/**
 * Byte sequences that are never UTF-8 (RFC 3629): a lone continuation byte, bytes that never occur, overlong forms,
 * UTF-16 surrogates, code points past U+10FFFF, a truncated sequence, and the same text in Latin-1 and GBK.
 */
export const badUtf8Sequences: readonly (readonly number[])[] = [
  [0x80],
  [0xbf],
  [0xff],
  [0xfe],
  [0xc0, 0xaf],
  [0xc1, 0xbf],
  [0xe0, 0x80, 0xaf],
  [0xf0, 0x80, 0x80, 0xaf],
  [0xed, 0xa0, 0x80],
  [0xed, 0xbf, 0xbf],
  [0xed, 0xa0, 0xbd, 0xed, 0xb8, 0x80],
  [0xf4, 0x90, 0x80, 0x80],
  [0xf8, 0x88, 0x80, 0x80, 0x80],
  [0xe4, 0xb8],
  [0xe4, 0xb8, 0x41],
  [0xe9],
  [0x4a, 0xfc, 0x72, 0x67, 0x65, 0x6e],
  [0xd6, 0xd0, 0xce, 0xc4],
  [0xc3],
];

/** One or two bad sequences, possibly between good UTF-8 text, as base64 (for a `patched` body). */
export const badUtf8Patch: fc.Arbitrary<string> = fc
  .tuple(
    fc.constantFrom('', '李', 'a', 'é'),
    fc.array(fc.constantFrom(...badUtf8Sequences), { minLength: 1, maxLength: 2 }),
    fc.constantFrom('', '四', 'z'),
  )
  .map(([before, bad, after]) =>
    Buffer.concat([Buffer.from(before), ...bad.map((b) => Buffer.from(b)), Buffer.from(after)]).toString('base64'),
  );

/** Deep nesting in every flavour: arrays, objects, mixed; alone or inside an otherwise plausible body. */
export const deepBody = (plausible: fc.Arbitrary<JsonNode | undefined>): fc.Arbitrary<BodySpec> =>
  fc
    .record({
      flavour: fc.constantFrom(
        { open: '[', leaf: '0', close: ']' },
        { open: '{"a":', leaf: 'null', close: '}' },
        { open: '[{"__proto__":', leaf: '{}', close: '}]' },
        { open: '{"":[', leaf: '"\\ud800"', close: ']}' },
      ),
      depth: fc.oneof(fc.integer({ min: 1000, max: 5000 }), fc.integer({ min: 5000, max: 60_000 })),
      host: plausible,
    })
    .map(({ flavour, depth, host }): BodySpec => {
      if (host?.t !== 'obj') return { kind: 'deep', prefix: '', suffix: '', depth, ...flavour };
      // The deep value as one more member of a plausible object: `{...host, "x": <deep>}`.
      const text = nodeText(host);
      const prefix = `${text.slice(0, -1)}${host.entries.length ? ',' : ''}"nested":`;
      return { kind: 'deep', prefix, suffix: '}', depth, ...flavour };
    });
