// Moves a data folder written before the deadline engine (issue 11) to it: each case's clock state — its open-clock
// and start markers, decision token and execution, yellow warning, supervision, red card — was kept on the case item;
// now it is a record of its own in the Clocks table (functions/store/clocks.ts). Run at start, before any execution
// resumes; idempotent (a clock already there is left as it is) and recorded in the data folder once done, so later
// starts skip the scan. The attributes taken off a case are all unbound (functions/domain/timeline.ts
// UNBOUND_ATTRIBUTES), so no case's state digest changes and its timeline verifies as before; `yellowWarnedFor` and
// `redCardAt`, which are bound, stay on the case as the facts they are and are copied to the clock.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { DynamoDBDocumentClient, PutCommand, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { type Duty, policies } from '../functions/domain/duty.ts';
import { shanghaiDateOf } from '../functions/domain/time.ts';
import type { CaseRecord } from '../functions/store/cases.ts';
import { CLOCK_PENDING, type ClockRecord } from '../functions/store/clocks.ts';
import { tables } from '../functions/store/tables.ts';
import { localDynamoClient, localTableName } from './dynamodb.ts';

/** The attributes the case item used to carry for its clock, none of them bound to its timeline. */
const MOVED = ['clockPending', 'clockStartPending', 'taskToken', 'executionArn'] as const;

type LegacyCase = CaseRecord & Partial<Record<(typeof MOVED)[number], string>>;

/** @returns how many clocks were created (0 when the folder was already migrated). */
export async function migrateClocks(endpoint: string, doneFile: string): Promise<number> {
  if (existsSync(doneFile)) return 0;
  const db = DynamoDBDocumentClient.from(localDynamoClient(endpoint), {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: true },
  });
  const casesTable = localTableName(tables.cases);
  const clocksTable = localTableName(tables.clocks);
  let created = 0;
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await db.send(
      new ScanCommand({ TableName: casesTable, ExclusiveStartKey: startKey, ConsistentRead: true }),
    );
    for (const item of (page.Items ?? []) as LegacyCase[]) {
      for (const clock of clocksOf(item)) {
        try {
          await db.send(
            new PutCommand({
              TableName: clocksTable,
              Item: clock,
              ConditionExpression: 'attribute_not_exists(subject)',
            }),
          );
          created++;
        } catch (error) {
          if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
        }
      }
      const present = MOVED.filter((a) => item[a] !== undefined);
      if (present.length) {
        await db.send(
          new UpdateCommand({
            TableName: casesTable,
            Key: { id: item.id },
            UpdateExpression: `REMOVE ${present.join(', ')}`,
          }),
        );
      }
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  db.destroy();
  mkdirSync(dirname(doneFile), { recursive: true });
  writeFileSync(doneFile, `${JSON.stringify({ migratedAt: new Date().toISOString(), clocksCreated: created })}\n`);
  return created;
}

/** The clocks an old case implies: its approval clock once accepted, its intake review while received for review. */
export function clocksOf(c: LegacyCase): ClockRecord[] {
  const out: ClockRecord[] = [];
  const common = (duty: Duty) => ({
    subject: c.id,
    duty,
    unit: policies[duty].unit,
    executionName: policies[duty].executionName(c.id),
    pauses: 0,
    extensions: 0,
    updatedAt: c.updatedAt,
  });
  if (c.status === 'RECEIVED' && c.reviewDeadlineAt && c.reviewDeadline) {
    out.push({
      ...common('INTAKE_REVIEW'),
      phase: 'RUNNING',
      limit: 5,
      startedOn: shanghaiDateOf(new Date(c.receivedAt)),
      startedAt: c.receivedAt,
      deadlineDate: shanghaiDateOf(new Date(Date.parse(c.reviewDeadlineAt) - 1)),
      deadline: c.reviewDeadline,
      deadlineAt: c.reviewDeadlineAt,
      provisional: false,
      // The intake execution was started with the case (by the version that wrote it): the reconciler only settles.
      clockPending: CLOCK_PENDING,
    });
  }
  if (c.acceptedOn && c.deadlineDate && c.deadline && c.deadlineAt && !c.handledOnTheSpot) {
    const open = c.pauses?.at(-1);
    const { phase, outcome } = phaseOf(c);
    out.push({
      ...common('APPROVAL'),
      phase,
      ...(outcome ? { outcome, endedAt: c.updatedAt } : {}),
      limit: c.workingDays,
      startedOn: c.acceptedOn,
      startedAt: c.acceptedOn,
      deadlineDate: c.deadlineDate,
      deadline: c.deadline,
      deadlineAt: c.deadlineAt,
      provisional: Boolean(c.provisional),
      ...(c.yellowWarningDays !== undefined ? { warningDays: c.yellowWarningDays } : {}),
      ...(c.yellowWarnedFor ? { warnedFor: c.yellowWarnedFor } : {}),
      ...(phase === 'PAUSED' && open ? { pausedSince: open.from } : {}),
      pauses: (c.pauses ?? []).filter((p) => p.to).length,
      extensions: c.extension?.status === 'APPROVED' ? 1 : 0,
      ...(c.supervision
        ? {
            supervision: {
              deadlineDate: c.supervision.deadlineDate,
              deadline: c.supervision.deadline,
              deadlineAt: c.supervision.deadlineAt,
            },
          }
        : {}),
      ...(c.redCardAt ? { escalatedAt: c.redCardAt } : {}),
      ...(c.executionArn ? { executionArn: c.executionArn } : {}),
      ...(c.taskToken ? { taskToken: c.taskToken } : {}),
      ...(c.clockPending ? { clockPending: CLOCK_PENDING } : {}),
      ...(c.clockStartPending ? { clockStartPending: c.clockStartPending } : {}),
    });
  }
  return out;
}

function phaseOf(c: LegacyCase): Pick<ClockRecord, 'phase' | 'outcome'> {
  switch (c.status) {
    case 'ACCEPTED':
      return { phase: 'RUNNING' };
    case 'SUSPENDED':
      return { phase: 'PAUSED' };
    case 'OVERDUE':
      return c.redCardAt ? { phase: 'ENDED', outcome: 'RED_CARD' } : { phase: 'OVERDUE' };
    case 'DEEMED_APPROVED':
    case 'REVOKED':
      return { phase: 'ENDED', outcome: 'DEEMED_APPROVED' };
    case 'WITHDRAWN':
      return { phase: 'ENDED', outcome: 'WITHDRAWN' };
    default:
      return { phase: 'ENDED', outcome: c.decision?.late ? 'DECIDED_LATE' : 'DECIDED' };
  }
}
