import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { AccountabilityReason } from '../domain/case.ts';
import { db, putOnce, queryAll } from './client.ts';
import { tableName } from './tables.ts';

/** A record that puts the handler and the signing leader on record for a case that ran out of time (问责). */
export interface AccountabilityRecord {
  readonly caseId: string;
  readonly reason: AccountabilityReason;
  readonly departmentId: string;
  readonly itemCode: string;
  readonly handler: { readonly id: string; readonly name: string };
  readonly leader: { readonly id: string; readonly name: string };
  /** When the deadline ran out (ISO 8601, +08:00). */
  readonly at: string;
  readonly deadline: string;
  readonly recordedBy: string;
  /** The project of a deemed agreement (its `caseId` is `<project id>/<department id>`: one record per department). */
  readonly projectId?: string;
  /** Set when a supervisor finds the deemed approval wrongful. */
  readonly escalation?: { readonly at: string; readonly by: string; readonly why: string; readonly level: 'SERIOUS' };
}

/**
 * Writes the record once per (case, reason). Every observer of an expired case (the clock's checkpoint, its retry,
 * the reconciler) calls this; the key condition makes the second and later calls no-ops.
 * @returns true if this call wrote it.
 */
export async function recordOnce(record: AccountabilityRecord): Promise<boolean> {
  // Two observers finishing the same expiry:   A: put ───────────▶ ok
  //                                            B:     put ────────▶ ConditionalCheckFailed (already there)
  // The key (caseId, reason) exists once, so exactly one record stands whoever comes first.
  return putOnce(tableName('accountability'), { ...record, year: record.at.slice(0, 4) }, 'caseId');
}

export async function listByYear(year: string): Promise<AccountabilityRecord[]> {
  const items = await queryAll({
    TableName: tableName('accountability'),
    IndexName: 'byYear',
    KeyConditionExpression: '#year = :year',
    ExpressionAttributeNames: { '#year': 'year' },
    ExpressionAttributeValues: { ':year': year },
    ScanIndexForward: false,
  });
  return items.map(({ year: _year, ...rest }) => rest) as unknown as AccountabilityRecord[];
}

/** A wrongful deemed approval: the record is escalated for serious handling (严肃处理), once. */
export async function escalate(
  caseId: string,
  reason: AccountabilityReason,
  escalation: { readonly at: string; readonly by: string; readonly why: string },
): Promise<void> {
  await db().send(
    new UpdateCommand({
      TableName: tableName('accountability'),
      Key: { caseId, reason },
      UpdateExpression: 'SET escalation = :escalation',
      ExpressionAttributeValues: { ':escalation': { ...escalation, level: 'SERIOUS' } },
      ConditionExpression: 'attribute_exists(caseId)',
    }),
  );
}
