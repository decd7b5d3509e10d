import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/**
 * The AWS SDK's `cacheMiddleware`, for the document client, which refuses that option.
 *
 * Why: without it the SDK builds the whole middleware stack again for every request — about forty entries copied,
 * sorted and linked, then a handler made of them. In the local runtime's month (BENCHMARKS.md, 2026-12-06, tenth
 * session) that was about a tenth of the main thread's work, and more in the garbage it left. A plain client with
 * `cacheMiddleware: true` resolves its stack once per command class and reuses it: the SDK's own, documented option,
 * valid while the stack is not changed between sends. The document client refuses it only because its commands
 * resolve to a function that ignores the command it is given.
 *
 * How: for each document command class, the first send resolves the stack as lib-dynamodb does (its marshalling
 * middlewares added to the wrapped command's stack, the client's stack before it), keeps the resolved handler, and
 * every later send of that class calls it with its own wrapped command. The marshalling middlewares read only the
 * command class's key nodes and the request's own input, and the SDK's middlewares read the command only through
 * `args.input` and its class — which is what makes the SDK's own option safe.
 *
 * What keeps it correct:
 * - a change to the client's middleware stack (a test's counter, the bench's tally) clears the cache;
 * - a send with options or a callback, a command carrying middleware of its own, and a command whose shape this
 *   version of lib-dynamodb does not have go the ordinary way (test/store/middleware-cache.test.ts covers each, and
 *   fails if the cache stops being used).
 */
export function cacheDocumentMiddleware(client: DynamoDBDocumentClient): DynamoDBDocumentClient {
  const handlers = new Map<unknown, ResolvedHandler>();
  const stack = client.middlewareStack as unknown as Record<string, (...args: unknown[]) => unknown>;
  for (const name of STACK_CHANGES) {
    const change = stack[name];
    if (typeof change !== 'function') continue;
    stack[name] = (...args: unknown[]) => {
      handlers.clear();
      return change.apply(stack, args);
    };
  }
  const send = client.send.bind(client) as (...args: unknown[]) => unknown;
  const cached = (command: unknown, ...rest: unknown[]) => {
    const c = command as DocumentCommandInternals;
    if (rest.some((r) => r !== undefined) || !cacheable(c)) return send(command, ...rest);
    let handler = handlers.get(c.constructor);
    if (!handler) {
      // As lib-dynamodb's resolveMiddleware, once: its marshalling on the wrapped command, the client's stack first.
      c.addMarshallingMiddleware(client.config);
      handler = c.clientCommand.resolveMiddleware(
        client.middlewareStack.concat(c.middlewareStack as never),
        client.config,
      );
      handlers.set(c.constructor, handler);
    }
    return handler(c.clientCommand).then((result) => result.output);
  };
  client.send = cached as DynamoDBDocumentClient['send'];
  return client;
}

/** The stack's methods that change it: any of them makes the resolved handlers stale. */
const STACK_CHANGES = ['add', 'addRelativeTo', 'use', 'remove', 'removeByTag'] as const;

type ResolvedHandler = (command: unknown) => Promise<{ output: unknown }>;

/** lib-dynamodb's own members of a document command, protected in its types. */
interface DocumentCommandInternals {
  readonly constructor: unknown;
  readonly middlewareStack: { identify(): readonly string[] };
  readonly clientCommand: { resolveMiddleware(stack: unknown, config: unknown, options?: unknown): ResolvedHandler };
  addMarshallingMiddleware(config: unknown): void;
}

/** A document command of the shape this code knows, with no middleware of its own. */
function cacheable(c: DocumentCommandInternals): boolean {
  return (
    typeof c.addMarshallingMiddleware === 'function' &&
    typeof c.clientCommand?.resolveMiddleware === 'function' &&
    typeof c.middlewareStack?.identify === 'function' &&
    c.middlewareStack.identify().length === 0
  );
}
