import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { db } from './client.ts';
import { tableName } from './tables.ts';

/** A first-inquiry referral (首问责任制): who asked, who answered, where they were sent. */
export interface Referral {
  readonly id: string;
  readonly at: string;
  readonly itemCode: string;
  readonly askedBy: string;
  readonly answeredBy: string;
  readonly receivedBy: { readonly departmentId: string; readonly windowId: string };
  readonly referredTo: string;
}

export async function recordReferral(referral: Referral): Promise<void> {
  await db().send(
    new PutCommand({ TableName: tableName('referrals'), Item: { ...referral, day: referral.at.slice(0, 10) } }),
  );
}
