import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { db } from './client.ts';

/**
 * One page of a Query on an index, newest first, with the cursor of the next page: DynamoDB's own key of the last
 * item read, base64url JSON (opaque to the caller). A filter may leave a page short or empty with a `next` still set:
 * DynamoDB's Limit counts the items read, not those kept.
 */
export interface PageQuery {
  readonly table: string;
  readonly index: string;
  /** The index's partition key and the caller's value of it (the cursor is held to it). */
  readonly partition: { readonly name: string; readonly value: string };
  /** The index's sort key and the table's partition key: with the partition key, the only keys a cursor may carry. */
  readonly sortKey: string;
  readonly tableKey: string;
  readonly limit: number;
  readonly cursor?: string | undefined;
  /** Attribute = one of these values (each a FilterExpression term, ANDed). */
  readonly filters?: Readonly<Record<string, readonly string[] | undefined>>;
}

export type PageResult<T> = { items: T[]; next: string | null } | { invalidCursor: true };

export async function queryPage<T>(q: PageQuery): Promise<PageResult<T>> {
  const start = q.cursor === undefined ? undefined : pageStart(q, q.cursor);
  if (q.cursor !== undefined && !start) return { invalidCursor: true };
  const names: Record<string, string> = { '#pk': q.partition.name };
  const values: Record<string, unknown> = { ':pk': q.partition.value };
  const terms: string[] = [];
  Object.entries(q.filters ?? {}).forEach(([attribute, allowed], i) => {
    if (!allowed?.length) return;
    names[`#f${i}`] = attribute;
    const placeholders = allowed.map((value, j) => {
      values[`:f${i}_${j}`] = value;
      return `:f${i}_${j}`;
    });
    terms.push(`#f${i} IN (${placeholders.join(', ')})`);
  });
  const out = await db().send(
    new QueryCommand({
      TableName: q.table,
      IndexName: q.index,
      KeyConditionExpression: '#pk = :pk',
      ...(terms.length ? { FilterExpression: terms.join(' AND ') } : {}),
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
      ScanIndexForward: false,
      Limit: q.limit,
      ExclusiveStartKey: start,
    }),
  );
  return {
    items: (out.Items ?? []) as T[],
    next: out.LastEvaluatedKey ? Buffer.from(JSON.stringify(out.LastEvaluatedKey)).toString('base64url') : null,
  };
}

/**
 * Where the page a cursor names starts: exactly the keys of the index for the caller's partition (a cursor cannot
 * open another department's or applicant's list), or undefined when it is not one `queryPage` handed out.
 */
function pageStart(q: PageQuery, cursor: string): Record<string, unknown> | undefined {
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (!key || typeof key !== 'object' || Array.isArray(key)) return undefined;
  const fields = key as Record<string, unknown>;
  const expected = [...new Set([q.partition.name, q.sortKey, q.tableKey])].sort();
  const valid =
    JSON.stringify(Object.keys(fields).sort()) === JSON.stringify(expected) &&
    fields[q.partition.name] === q.partition.value &&
    expected.every((k) => typeof fields[k] === 'string' && (fields[k] as string).length <= 200);
  return valid ? fields : undefined;
}
