import { createHash } from 'node:crypto';
import type { RecordedKind, Scores } from '../domain/appraisal.ts';
import { putOnce, queryAll } from './client.ts';
import { tableName } from './tables.ts';

/**
 * A representative's rating of a department (and its leader) in a year's appraisal. The ballot is secret: the item
 * keeps a digest of the representative's token subject (so one rating per representative per department is a key,
 * and a representative can see what they rated), never the subject itself, and the public summary reads no rater.
 */
export interface AppraisalRating {
  readonly year: string;
  /** `<rater digest>#<department id>`: the key that makes a rating once per representative and department. */
  readonly ballot: string;
  readonly rater: string;
  readonly kind: RecordedKind;
  readonly departmentId: string;
  readonly scores: Scores;
  /** The leader rated (the department's head as the directory named them when the rating was given). */
  readonly leader?: { readonly id: string; readonly name: string };
  readonly leaderScores?: Scores;
  readonly comment?: string;
  readonly at: string;
}

const table = () => tableName('appraisals');

/** The digest a rater is kept under: SHA-256 of the subject, hex (a subject never appears in the table). */
export function raterDigest(sub: string): string {
  return createHash('sha256').update(`appraisal-rater:${sub}`).digest('hex');
}

export function ballotOf(rater: string, departmentId: string): string {
  return `${rater}#${departmentId}`;
}

/**
 * Records a rating once: a conditional PutItem on the ballot's key. Two requests of one representative for one
 * department at once: DynamoDB applies one, the other finds the key taken (false → 409).
 */
export async function putRating(rating: AppraisalRating): Promise<boolean> {
  return putOnce(table(), rating as unknown as Record<string, unknown>, 'year');
}

/** Every rating of a year: one Query of the year's partition (a summary reads them all). */
export async function ratingsOfYear(year: number): Promise<AppraisalRating[]> {
  return (await queryAll({
    TableName: table(),
    KeyConditionExpression: '#y = :y',
    ExpressionAttributeNames: { '#y': 'year' },
    ExpressionAttributeValues: { ':y': String(year) },
  })) as unknown as AppraisalRating[];
}

/** One representative's ratings of a year (begins_with their digest). */
export async function ratingsOfRater(year: number, sub: string): Promise<AppraisalRating[]> {
  return (await queryAll({
    TableName: table(),
    KeyConditionExpression: '#y = :y AND begins_with(ballot, :r)',
    ExpressionAttributeNames: { '#y': 'year' },
    ExpressionAttributeValues: { ':y': String(year), ':r': `${raterDigest(sub)}#` },
  })) as unknown as AppraisalRating[];
}
