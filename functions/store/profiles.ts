import { createHash } from 'node:crypto';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { answerOf } from '../domain/guide.ts';
import { db, isConditionFailed } from './client.ts';
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

/** A consistent read: the answers reused now, and what `rememberAnswers` compares against, are the latest. */
export async function getProfile(sub: string): Promise<Profile | undefined> {
  const out = await db().send(
    new GetCommand({ TableName: tableName('profiles'), Key: keyOf(sub), ConsistentRead: true }),
  );
  return out.Item as Profile | undefined;
}

/**
 * Remembers answers; later answers to the same field replace earlier ones (last write wins: a profile, not a record).
 * `known` is the profile as the caller just read it (`getProfile`): only the answers that differ from it are written,
 * in one UpdateItem, and nothing at all when none differ (so `updatedAt` is when the answers last changed).
 * @returns the number of writes sent: 0, 1, or 2 when another request created the profile meanwhile.
 */
export async function rememberAnswers(
  sub: string,
  answers: Readonly<Record<string, unknown>>,
  at: string,
  known: Profile | undefined,
): Promise<number> {
  const changed = Object.entries(answers).filter(
    ([name, value]) =>
      value !== null && value !== undefined && value !== '' && !sameAnswer(answerOf(known?.answers, name), value),
  );
  if (changed.length === 0) return 0;
  const setFields = () => {
    const names: Record<string, string> = { '#answers': 'answers' };
    const values: Record<string, unknown> = { ':at': at };
    const sets = changed.map(([name, value], i) => {
      names[`#f${i}`] = name;
      values[`:v${i}`] = value;
      return `#answers.#f${i} = :v${i}`;
    });
    return new UpdateCommand({
      TableName: tableName('profiles'),
      Key: keyOf(sub),
      UpdateExpression: `SET ${sets.join(', ')}, updatedAt = :at`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    });
  };
  // Profiles are never deleted: the answers map the caller read is still there, so set the changed fields in it.
  if (known?.answers !== undefined) {
    await db().send(setFields());
    return 1;
  }
  // No map yet. A field can be set inside the map only once it exists, and one expression cannot both create it and
  // write into it (overlapping paths): so the first application creates it whole, on the condition that it is absent.
  //   A: SET answers = {…A} if absent ──▶ ok      B: SET answers = {…B} if absent ──▶ fails → sets its fields in A's
  try {
    await db().send(
      new UpdateCommand({
        TableName: tableName('profiles'),
        Key: keyOf(sub),
        UpdateExpression: 'SET #answers = :answers, updatedAt = :at',
        ConditionExpression: 'attribute_not_exists(#answers)',
        ExpressionAttributeNames: { '#answers': 'answers' },
        ExpressionAttributeValues: { ':answers': Object.fromEntries(changed), ':at': at },
      }),
    );
    return 1;
  } catch (error) {
    if (!isConditionFailed(error)) throw error;
  }
  await db().send(setFields());
  return 2;
}

/** Answers are form values (text, numbers, dates, booleans): equal when their JSON is. */
function sameAnswer(stored: unknown, given: unknown): boolean {
  return stored !== undefined && JSON.stringify(stored) === JSON.stringify(given);
}
