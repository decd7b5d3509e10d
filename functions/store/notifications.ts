import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { NotificationContent, Recipient } from '../domain/notifications.ts';
import { db, putOnce } from './client.ts';
import { tableName } from './tables.ts';

/** A notification as stored: what one timeline event tells whom. */
export interface NotificationRecord extends NotificationContent {
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
  | { readonly kind: 'supervision' };

/** One page of an inbox, newest first, and where the next page starts (DynamoDB's own key), if there is one. */
export async function inbox(
  box: Inbox,
  limit: number,
  startKey?: Record<string, unknown>,
): Promise<{ items: NotificationRecord[]; nextKey?: Record<string, unknown> }> {
  const [index, value] =
    box.kind === 'department'
      ? (['departmentInbox', box.departmentId] as const)
      : box.kind === 'applicant'
        ? (['applicantInbox', box.sub] as const)
        : (['supervisionInbox', SUPERVISION_INBOX] as const);
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
    ...(out.LastEvaluatedKey ? { nextKey: out.LastEvaluatedKey } : {}),
  };
}
