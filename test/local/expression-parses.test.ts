import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '../../functions/store/client.ts';
import { tables } from '../../functions/store/tables.ts';
import { type LocalDynamo, localTableName } from '../../local/dynamodb.ts';
import { type ExpressionParser, type ParseContext, rememberParses } from '../../local/expression-parses.ts';
import { startTestDynamo } from '../support/dynamo.ts';

// dynalite's expression parses are kept per expression, names and value types (local/expression-parses.ts). What
// must hold: a kept parse gives exactly what dynalite's own parse gives with the new request's values, and every
// check the parse makes still refuses what it refused.

const dynaliteRoot = dirname(createRequire(import.meta.url).resolve('dynalite'));

/** A private copy of one of dynalite's generated parsers, never patched by anything else in the process. */
function freshParser(name: string): ExpressionParser {
  const file = join(dynaliteRoot, 'db', `${name}.js`);
  const module = { exports: {} as ExpressionParser };
  new Function('module', 'exports', 'require', readFileSync(file, 'utf8'))(module, module.exports, () => ({}));
  return module.exports;
}

// A few of DynamoDB's reserved words (dynalite's list is private to its validation): the corpus names them by #name.
const reserved = new Set(['STATUS', 'NAME', 'DATA', 'COUNT', 'DATE', 'TIME', 'TYPE']);
function contextFor(names: Record<string, string>, values: Record<string, unknown>, key = false): ParseContext {
  return {
    attrNames: Object.keys(names).length ? names : undefined,
    attrVals: Object.keys(values).length ? (values as ParseContext['attrVals']) : undefined,
    unusedAttrNames: Object.fromEntries(Object.keys(names).map((n) => [n, true])),
    unusedAttrVals: Object.fromEntries(Object.keys(values).map((v) => [v, true])),
    ...(key ? { isKeyCondition: true } : {}),
    isReserved: (name: string) => reserved.has(name.toUpperCase()),
    compare: () => false,
  };
}

interface Case {
  readonly parser: 'conditionParser' | 'updateParser' | 'projectionParser';
  readonly expression: string;
  readonly names: Record<string, string>;
  /** Two sets of values of the same types: the second is served from what the first kept. */
  readonly values: readonly [Record<string, unknown>, Record<string, unknown>];
  readonly key?: boolean;
}

const CASES: Case[] = [
  {
    parser: 'conditionParser',
    expression: '#s = :from AND deadlineAt <= :now',
    names: { '#s': 'status' },
    values: [
      { ':from': { S: 'ACCEPTED' }, ':now': { S: '2026-09-14T01:00:00.000Z' } },
      { ':from': { S: 'PAUSED' }, ':now': { S: '2026-10-01T01:00:00.000Z' } },
    ],
  },
  {
    parser: 'conditionParser',
    expression: 'attribute_not_exists(#k) OR (size(timeline) < :n AND NOT contains(tags, :t))',
    names: { '#k': 'id' },
    values: [
      { ':n': { N: '3' }, ':t': { S: 'a' } },
      { ':n': { N: '7' }, ':t': { S: 'b' } },
    ],
  },
  {
    parser: 'conditionParser',
    expression: 'phase IN (:a, :b) AND begins_with(#p.#q[1], :prefix)',
    names: { '#p': 'parts', '#q': 'list' },
    values: [
      { ':a': { S: 'RUNNING' }, ':b': { S: 'OVERDUE' }, ':prefix': { S: 'x' } },
      { ':a': { S: 'ENDED' }, ':b': { S: 'PAUSED' }, ':prefix': { S: 'y' } },
    ],
  },
  {
    parser: 'conditionParser',
    expression: 'id = :id AND receivedAt > :since',
    names: {},
    values: [
      { ':id': { S: 'c-1' }, ':since': { S: '2026-01-01' } },
      { ':id': { S: 'c-2' }, ':since': { S: '2026-02-01' } },
    ],
    key: true,
  },
  {
    parser: 'updateParser',
    expression:
      'SET #s = :s, timeline = list_append(if_not_exists(timeline, :empty), :event), n = n + :one REMOVE clockPending ADD tags :tag',
    names: { '#s': 'status' },
    values: [
      {
        ':s': { S: 'APPROVED' },
        ':empty': { L: [] },
        ':event': { L: [{ M: { t: { S: 'A' } } }] },
        ':one': { N: '1' },
        ':tag': { SS: ['x'] },
      },
      {
        ':s': { S: 'REFUSED' },
        ':empty': { L: [] },
        ':event': { L: [{ M: { t: { S: 'B' } } }] },
        ':one': { N: '2' },
        ':tag': { SS: ['y', 'z'] },
      },
    ],
  },
  {
    parser: 'projectionParser',
    expression: 'id, #s, timeline[0].#t',
    names: { '#s': 'status', '#t': 'type' },
    values: [{}, {}],
  },
];

describe('a kept parse', () => {
  for (const c of CASES) {
    it(`equals dynalite's own parse with the next request's values: ${c.expression}`, () => {
      const plain = freshParser(c.parser);
      const kept = freshParser(c.parser);
      rememberParses(kept);
      for (const values of c.values) {
        const own = contextFor(c.names, values, c.key);
        const served = contextFor(c.names, values, c.key);
        const expected = plain.parse(c.expression, { context: own });
        expect(typeof expected).not.toBe('string'); // the corpus is valid
        expect(kept.parse(c.expression, { context: served })).toEqual(expected);
        // The same names and values struck off as used.
        expect(served.unusedAttrNames).toEqual(own.unusedAttrNames);
        expect(served.unusedAttrVals).toEqual(own.unusedAttrVals);
      }
    });
  }

  it('holds the request’s own value objects, not the first request’s', () => {
    const kept = freshParser('updateParser');
    rememberParses(kept);
    const first = { ':s': { S: 'APPROVED' } };
    const second = { ':s': { S: 'REFUSED' } };
    kept.parse('SET #s = :s', { context: contextFor({ '#s': 'status' }, first) });
    const tree = kept.parse('SET #s = :s', { context: contextFor({ '#s': 'status' }, second) });
    expect(JSON.stringify(tree)).toContain('REFUSED');
    expect(JSON.stringify(tree)).not.toContain('APPROVED');
  });

  it('is not shared between values of another type, and a refusal is never kept', () => {
    const plain = freshParser('conditionParser');
    const kept = freshParser('conditionParser');
    rememberParses(kept);
    const expression = 'begins_with(id, :p)';
    // A string prefix parses; a number is refused by the parser (wrong operand type) — each time, as dynalite would.
    for (const value of [{ S: 'a' }, { N: '1' }, { S: 'b' }, { N: '2' }]) {
      const expected = plain.parse(expression, { context: contextFor({}, { ':p': value }) });
      expect(kept.parse(expression, { context: contextFor({}, { ':p': value }) })).toEqual(expected);
    }
    expect(typeof plain.parse(expression, { context: contextFor({}, { ':p': { N: '1' } }) })).toBe('string');
  });
});

describe('through dynalite', () => {
  const CASES_TABLE = localTableName(tables.cases);
  // The store's own client on the project's test dynalite (test/support/dynamo.ts): the path the handlers take.
  let dynamo: LocalDynamo;
  beforeAll(async () => {
    dynamo = await startTestDynamo();
  });
  afterAll(() => dynamo?.close());
  const update = (id: string, status: string, from: string, extra: Record<string, unknown> = {}) =>
    db().send(
      new UpdateCommand({
        TableName: CASES_TABLE,
        Key: { id },
        UpdateExpression: 'SET #s = :s',
        ConditionExpression: '#s = :from',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':s': status, ':from': from, ...extra },
      }),
    );

  it('writes each request’s own values and decides each condition on them', async () => {
    await db().send(new PutCommand({ TableName: CASES_TABLE, Item: { id: 'e-1', status: 'ACCEPTED' } }));
    await update('e-1', 'PAUSED', 'ACCEPTED');
    await update('e-1', 'ACCEPTED', 'PAUSED');
    await expect(update('e-1', 'APPROVED', 'PAUSED')).rejects.toThrow(/conditional request failed/i);
    await update('e-1', 'APPROVED', 'ACCEPTED');
    const item = await db().send(new GetCommand({ TableName: CASES_TABLE, Key: { id: 'e-1' }, ConsistentRead: true }));
    expect(item.Item?.status).toBe('APPROVED');
  });

  it('still refuses a value no expression uses, after the same expressions were kept', async () => {
    await db().send(new PutCommand({ TableName: CASES_TABLE, Item: { id: 'e-2', status: 'ACCEPTED' } }));
    await update('e-2', 'PAUSED', 'ACCEPTED');
    await expect(update('e-2', 'ACCEPTED', 'PAUSED', { ':spare': 'x' })).rejects.toThrow(
      /unused in expressions: keys: \{:spare\}/,
    );
  });

  it('still checks what reads the values themselves: BETWEEN bounds in order', async () => {
    const between = (low: string, high: string) =>
      db().send(
        new QueryCommand({
          TableName: CASES_TABLE,
          IndexName: 'openByDepartment',
          KeyConditionExpression: 'openDepartment = :d AND receivedAt BETWEEN :low AND :high',
          ExpressionAttributeValues: { ':d': 'market', ':low': low, ':high': high },
        }),
      );
    await between('2026-01-01', '2026-12-31');
    await expect(between('2026-12-31', '2026-01-01')).rejects.toThrow(/BETWEEN operator requires upper bound/);
  });
});
