import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { db, isConditionFailed } from '../../functions/store/client.ts';
import { tableName } from '../../functions/store/tables.ts';
import type { LocalDynamo } from '../../local/dynamodb.ts';
import { startTestDynamo } from '../support/dynamo.ts';

// The store's document client resolves its middleware stack once per command class (functions/store/middleware-cache.ts).
// What must hold: every send still carries its own input and gets its own answer, errors are still thrown as the SDK
// throws them, a change to the client's stack reaches the next send, and what the cache does not know goes the
// ordinary way. And the cache must really be used: without it, every send resolves the stack again.

let dynamo: LocalDynamo;
let table: string;

beforeAll(async () => {
  dynamo = await startTestDynamo();
  table = tableName('clocks');
});

afterAll(async () => {
  await dynamo.close();
});

afterEach(() => {
  vi.restoreAllMocks();
});

const key = (subject: string) => ({ subject, duty: 'APPROVAL' });

describe("the document client's middleware, resolved once per command class", () => {
  it('resolves the stack once for many sends of one class, each with its own input and answer', async () => {
    const subjects = Array.from({ length: 20 }, (_, i) => `MC-${i}`);
    await Promise.all(
      subjects.map((subject, i) =>
        db().send(new PutCommand({ TableName: table, Item: { ...key(subject), limit: i } })),
      ),
    );
    await db().send(new GetCommand({ TableName: table, Key: key('MC-0') })); // the class's handler, kept from here
    const resolved = vi.spyOn(GetItemCommand.prototype, 'resolveMiddleware');
    const answers = await Promise.all(
      subjects.map((subject) => db().send(new GetCommand({ TableName: table, Key: key(subject) }))),
    );
    expect(answers.map((a) => a.Item)).toEqual(subjects.map((subject, i) => ({ ...key(subject), limit: i })));
    // Without the cache: 20, one per send.
    expect(resolved).not.toHaveBeenCalled();
  });

  it('marshals and unmarshals every kind of command the store sends', async () => {
    await db().send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: table, Item: { ...key('MC-T'), pauses: [{ from: 'a' }], extensions: 0 } } },
          {
            Update: {
              TableName: table,
              Key: key('MC-0'),
              UpdateExpression: 'SET #l = #l + :one',
              ExpressionAttributeNames: { '#l': 'limit' },
              ExpressionAttributeValues: { ':one': 1 },
            },
          },
        ],
      }),
    );
    const updated = await db().send(
      new UpdateCommand({
        TableName: table,
        Key: key('MC-T'),
        UpdateExpression: 'SET extensions = extensions + :one',
        ExpressionAttributeValues: { ':one': 1 },
        ReturnValues: 'ALL_NEW',
      }),
    );
    expect(updated.Attributes).toEqual({ ...key('MC-T'), pauses: [{ from: 'a' }], extensions: 1 });
    const queried = await db().send(
      new QueryCommand({
        TableName: table,
        KeyConditionExpression: 'subject = :s',
        ExpressionAttributeValues: { ':s': 'MC-0' },
      }),
    );
    expect(queried.Items).toEqual([{ ...key('MC-0'), limit: 1 }]);
    const removed = await db().send(new DeleteCommand({ TableName: table, Key: key('MC-T'), ReturnValues: 'ALL_OLD' }));
    expect(removed.Attributes?.extensions).toBe(1);
    expect((await db().send(new GetCommand({ TableName: table, Key: key('MC-T') }))).Item).toBeUndefined();
  });

  it('throws a failed condition as the SDK does, and the next send of the class still works', async () => {
    const once = () =>
      db().send(
        new PutCommand({
          TableName: table,
          Item: { ...key('MC-C'), limit: 1 },
          ConditionExpression: 'attribute_not_exists(subject)',
        }),
      );
    await once();
    const error = await once().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isConditionFailed(error)).toBe(true);
    await db().send(new PutCommand({ TableName: table, Item: { ...key('MC-C2'), limit: 2 } }));
    expect((await db().send(new GetCommand({ TableName: table, Key: key('MC-C2') }))).Item?.limit).toBe(2);
  });

  it("applies a middleware added to the client's stack after sends, and stops applying it once removed", async () => {
    const seen: string[] = [];
    await db().send(new GetCommand({ TableName: table, Key: key('MC-1') }));
    db().middlewareStack.add(
      (next, context) => async (args) => {
        seen.push(String(context.commandName));
        return next(args);
      },
      { step: 'initialize', name: 'middlewareCacheTest' },
    );
    await db().send(new GetCommand({ TableName: table, Key: key('MC-1') }));
    await db().send(new GetCommand({ TableName: table, Key: key('MC-2') }));
    expect(seen).toEqual(['GetItemCommand', 'GetItemCommand']);
    db().middlewareStack.remove('middlewareCacheTest');
    await db().send(new GetCommand({ TableName: table, Key: key('MC-3') }));
    expect(seen).toHaveLength(2);
  });

  it('sends a command with middleware of its own, or with options, the ordinary way', async () => {
    const own: string[] = [];
    const command = new GetCommand({ TableName: table, Key: key('MC-4') });
    command.middlewareStack.add(
      (next) => async (args) => {
        own.push('ran');
        return next(args);
      },
      { step: 'initialize', name: 'ownMiddleware' },
    );
    // lib-dynamodb's own send may throw before it returns a promise: an async function makes either a rejection.
    const outcome = await (async () => db().send(command))().then(
      (answer) => answer.Item?.limit,
      (error: Error) => error.message,
    );
    // lib-dynamodb itself refuses middleware on a document command ("Duplicate middleware name", 3.x). What matters:
    // the cache never answers such a command with its middleware left out.
    if (own.length === 0) expect(outcome).toMatch(/Duplicate middleware name/);
    else expect(outcome).toBe(4);
    // Options reach the SDK only through its own resolution (the cache keeps one handler for every send of a class).
    await db().send(new GetCommand({ TableName: table, Key: key('MC-5') })); // GetCommand's handler kept
    const resolved = vi.spyOn(GetItemCommand.prototype, 'resolveMiddleware');
    const withOptions = await db().send(new GetCommand({ TableName: table, Key: key('MC-5') }), {
      abortSignal: new AbortController().signal,
    });
    expect(withOptions.Item?.limit).toBe(5);
    expect(resolved).toHaveBeenCalledTimes(1);
  });
});
