import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { GrievanceEventType } from '../domain/grievance.ts';
import type { NotificationContent, Recipient } from '../domain/notifications.ts';
import { db, putOnce } from './client.ts';
import { tableName } from './tables.ts';

/**
 * A notification as stored: what one timeline event tells whom. `kind` is the event's type: a case's, or a
 * grievance's (functions/domain/grievance.ts; `caseId` is then the grievance's id).
 */
export interface NotificationRecord extends Omit<NotificationContent, 'kind'> {
  readonly kind: NotificationContent['kind'] | GrievanceEventType;
  readonly caseId: string;
  /** The event's index on the case's timeline (the sort key: one notification per event). */
  readonly seq: number;
  /** The event's hash: ties the notification to the tamper-evident timeline. */
  readonly eventHash: string;
  readonly at: string;
  readonly departmentId: string;
  readonly itemName: string;
  readonly handler: { readonly id: string; readonly name: string };
  readonly leader: { readonly id: string; readonly name: string };
  /** Sparse inbox keys: present only when the notification is addressed there. */
  readonly departmentInbox?: string;
  readonly applicantInbox?: string;
  readonly supervisionInbox?: typeof SUPERVISION_INBOX;
  /** A project officer's inbox (their token subject): every event of the projects they follow. */
  readonly officerInbox?: string;
}

export const SUPERVISION_INBOX = 'SUPERVISION';

/** The inbox keys of a notification addressed to `to`. */
export function inboxKeys(
  to: readonly Recipient[],
  c: { readonly departmentId: string; readonly applicantSub?: string },
): Pick<NotificationRecord, 'departmentInbox' | 'applicantInbox' | 'supervisionInbox'> {
  return {
    ...(to.includes('HANDLER') || to.includes('HEAD') ? { departmentInbox: c.departmentId } : {}),
    // An application a clerk entered at a window has no applicant account: the applicant is told by SMS or letter
    // (an event consumer), and the notification stays on the case.
    ...(to.includes('APPLICANT') && c.applicantSub ? { applicantInbox: c.applicantSub } : {}),
    ...(to.includes('SUPERVISION') ? { supervisionInbox: SUPERVISION_INBOX } : {}),
  };
}

/**
 * Writes a notification once. A redelivered stream record finds it written and changes nothing.
 * @returns false when it was already there.
 */
export async function putNotification(record: NotificationRecord): Promise<boolean> {
  // Two deliveries of the same event (a stream retry, a replayed batch): the first writes, the second finds it.
  return putOnce(tableName('notifications'), { ...record }, 'caseId');
}

/** A case's notifications, in timeline order. */
export async function notificationsOfCase(caseId: string): Promise<NotificationRecord[]> {
  const out = await db().send(
    new QueryCommand({
      TableName: tableName('notifications'),
      KeyConditionExpression: 'caseId = :id',
      ExpressionAttributeValues: { ':id': caseId },
      ConsistentRead: true,
    }),
  );
  return (out.Items ?? []) as NotificationRecord[];
}

export type Inbox =
  | { readonly kind: 'department'; readonly departmentId: string }
  | { readonly kind: 'applicant'; readonly sub: string }
  | { readonly kind: 'supervision' }
  | { readonly kind: 'officer'; readonly sub: string };

/** The index of an inbox, and the value of its key for this inbox. */
function inboxKey(box: Inbox): { index: string; value: string } {
  if (box.kind === 'department') return { index: 'departmentInbox', value: box.departmentId };
  if (box.kind === 'applicant') return { index: 'applicantInbox', value: box.sub };
  if (box.kind === 'officer') return { index: 'officerInbox', value: box.sub };
  return { index: 'supervisionInbox', value: SUPERVISION_INBOX };
}

/** One page of an inbox, newest first, and the cursor of the next page (DynamoDB's own key, opaque), if any. */
export async function inbox(
  box: Inbox,
  limit: number,
  startKey?: Record<string, unknown>,
): Promise<{ items: NotificationRecord[]; next: string | null }> {
  const { index, value } = inboxKey(box);
  const out = await db().send(
    new QueryCommand({
      TableName: tableName('notifications'),
      IndexName: index,
      KeyConditionExpression: `${index} = :v`,
      ExpressionAttributeValues: { ':v': value },
      ScanIndexForward: false,
      Limit: limit,
      ExclusiveStartKey: startKey,
    }),
  );
  return {
    items: (out.Items ?? []) as NotificationRecord[],
    next: out.LastEvaluatedKey ? Buffer.from(JSON.stringify(out.LastEvaluatedKey)).toString('base64url') : null,
  };
}

/**
 * Where the page a cursor names starts: exactly the keys of this inbox's index, the inbox's own key value (a cursor
 * cannot open another inbox), or undefined when the cursor is not one `inbox` handed out for this inbox.
 */
export function pageStart(box: Inbox, cursor: string): Record<string, unknown> | undefined {
  const { index, value } = inboxKey(box);
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (!key || typeof key !== 'object' || Array.isArray(key)) return undefined;
  const fields = key as Record<string, unknown>;
  const names = Object.keys(fields).sort();
  const valid =
    JSON.stringify(names) === JSON.stringify(['at', 'caseId', index, 'seq'].sort()) &&
    fields[index] === value &&
    Number.isInteger(fields.seq) &&
    (fields.seq as number) >= 0 &&
    typeof fields.at === 'string' &&
    fields.at.length <= 40 &&
    typeof fields.caseId === 'string' &&
    fields.caseId.length <= 200;
  return valid ? fields : undefined;
}
