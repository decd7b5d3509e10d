import { createHash } from 'node:crypto';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { db } from './client.ts';
import { tableName } from './tables.ts';

/** An applicant's profile (一表通): the answers they gave, by form field name, reused on their next application. */
export interface Profile {
  readonly sub: string;
  readonly answers: Readonly<Record<string, unknown>>;
  readonly updatedAt: string;
}

/** The key of a profile: the subject hashed, so any token subject fits DynamoDB's 2,048-byte key limit. */
function keyOf(sub: string): { sub: string } {
  return { sub: createHash('sha256').update(sub).digest('hex') };
}

export async function getProfile(sub: string): Promise<Profile | undefined> {
  const out = await db().send(new GetCommand({ TableName: tableName('profiles'), Key: keyOf(sub) }));
  return out.Item as Profile | undefined;
}

/** Remembers answers; later answers to the same field replace earlier ones (last write wins: a profile, not a record). */
export async function rememberAnswers(
  sub: string,
  answers: Readonly<Record<string, unknown>>,
  at: string,
): Promise<void> {
  const entries = Object.entries(answers).filter(([, v]) => v !== null && v !== undefined && v !== '');
  if (entries.length === 0) return;
  const names: Record<string, string> = { '#answers': 'answers' };
  const values: Record<string, unknown> = { ':at': at, ':empty': {} };
  // Create the map on first use, then set each field in it.
  await db().send(
    new UpdateCommand({
      TableName: tableName('profiles'),
      Key: keyOf(sub),
      UpdateExpression: 'SET #answers = if_not_exists(#answers, :empty), updatedAt = :at',
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    }),
  );
  const sets = entries.map(([key, value], i) => {
    names[`#f${i}`] = key;
    values[`:v${i}`] = value;
    return `#answers.#f${i} = :v${i}`;
  });
  delete values[':empty'];
  await db().send(
    new UpdateCommand({
      TableName: tableName('profiles'),
      Key: keyOf(sub),
      UpdateExpression: `SET ${sets.join(', ')}, updatedAt = :at`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    }),
  );
}
