import { describe, expect, it } from 'vitest';
import { routes } from '../../functions/http/routes.ts';
import { type FunctionName, type FunctionSpec, functions, type TableGrant } from '../../functions/manifest.ts';
import type { TableKey } from '../../functions/store/tables.ts';
import { type Operation, operationKey, operationsNeeded, storeModuleOperations } from './store-operations.ts';

const entries = Object.entries(functions) as [FunctionName, FunctionSpec][];
const httpFunctions = new Set<FunctionName>(routes.map((r) => r.function));

/** The operations a manifest entry grants, spelled like the ones read from the code. */
function granted(spec: FunctionSpec): string[] {
  const ops: Operation[] = [];
  for (const [table, grant] of Object.entries(spec.tables) as [TableKey, TableGrant][]) {
    for (const action of grant.actions ?? []) ops.push({ table, action });
    for (const index of grant.indexes ?? []) ops.push({ table, action: 'Query', index });
  }
  return ops.map(operationKey).sort();
}

describe('the function manifest', () => {
  it.each(entries)('%s has a description IAM and Lambda accept (Latin-1 only, ≤ 256)', (name, spec) => {
    // The description goes into the IAM role's and the Lambda's Description, which refuse other characters.
    const description = `xiaoneng ${name}: ${spec.description}`;
    const allowed = (code: number) =>
      code === 0x09 ||
      code === 0x0a ||
      code === 0x0d ||
      (code >= 0x20 && code <= 0x7e) ||
      (code >= 0xa1 && code <= 0xff);
    expect([...description].filter((ch) => !allowed(ch.codePointAt(0) ?? 0))).toEqual([]);
    expect(description.length).toBeLessThanOrEqual(256);
  });

  it.each(entries)(
    '%s grants exactly the DynamoDB operations its code can send (read from the handler and the store functions it reaches)',
    (name, spec) => {
      // Act
      const needed = operationsNeeded(name).map(operationKey);

      // Assess: nothing missing (AccessDenied in AWS, invisible locally) and nothing more (least privilege)
      expect(granted(spec)).toEqual(needed);
    },
  );

  it.each(entries.filter(([name]) => httpFunctions.has(name)))(
    '%s (an HTTP function) may not Scan or batch-write, and deletes nothing but its own idempotency claims',
    (_name, spec) => {
      // Assess
      const ops = granted(spec);
      expect(ops.filter((op) => /:(Scan|BatchWriteItem)\b/.test(op))).toEqual([]);
      expect(ops.filter((op) => op.includes(':DeleteItem'))).toEqual(
        Object.keys(spec.tables).includes('idempotency') ? ['idempotency:DeleteItem'] : [],
      );
    },
  );

  it('reading the code sees what each store function sends (it can fail)', () => {
    // Act
    const cases = storeModuleOperations('functions/store/cases.ts');
    const idempotency = storeModuleOperations('functions/store/idempotency.ts');
    const catalog = storeModuleOperations('functions/store/catalog.ts');
    const notifications = storeModuleOperations('functions/store/notifications.ts');

    // Assess: a Scan where there is one (tools/verify-timelines.ts, no function), a Delete, a helper's table, indexes
    expect(cases.get('scanCases')?.map(operationKey)).toEqual(['cases:Scan']);
    expect(cases.get('openCasesOf')?.map(operationKey)).toEqual(['cases:Query:openByDepartment']);
    expect(idempotency.get('releaseKey')?.map(operationKey)).toEqual(['idempotency:DeleteItem']);
    expect(catalog.get('listRevisions')?.map(operationKey).sort()).toEqual([
      'catalog:GetItem',
      'catalogRevisions:Query',
    ]);
    expect(notifications.get('inbox')?.map(operationKey).sort()).toEqual([
      'notifications:Query:applicantInbox',
      'notifications:Query:departmentInbox',
      'notifications:Query:officerInbox',
      'notifications:Query:supervisionInbox',
    ]);
    // The idempotency middleware counts on POST routes only, as functions/http/middleware/idempotency.ts applies it.
    expect(operationsNeeded('applicationsGet').map(operationKey)).not.toContain('idempotency:PutItem');
    expect(operationsNeeded('applicationsDecide').map(operationKey)).toContain('idempotency:PutItem');
  });

  it('reading a transaction sees each of its actions on the table that action names, and all four when it cannot tell', () => {
    // Prepare: a store module as the deadline engine will write one (a decision and its clock, one transaction).
    // Top-level declarations start their line, as in a real module.
    const source = [
      "import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';",
      "import { db, tableName } from './client.ts';",
      "const clocks = () => tableName('accountability');",
      'export async function decide(id: string) {',
      '  await db().send(new TransactWriteCommand({ TransactItems: [',
      "    { Update: { TableName: tableName('cases'), Key: { id }, UpdateExpression: 'SET s = :s' } },",
      "    { ConditionCheck: { TableName: clocks(), Key: { caseId: id }, ConditionExpression: 'attribute_exists(caseId)' } },",
      '  ] }));',
      '}',
      'export async function settle(items: unknown[]) {',
      "  await db().send(new TransactWriteCommand({ TransactItems: items.map((Item) => ({ Put: { TableName: tableName('notifications'), Item } })) }));",
      '}',
      'export async function opaque(items: never[]) {',
      "  const table = tableName('profiles');",
      '  await db().send(new TransactWriteCommand({ TransactItems: items, table }));',
      '}',
    ].join('\n');

    // Act
    const module = storeModuleOperations('functions/store/transaction-fixture.ts', source);

    // Assess
    expect(module.get('decide')?.map(operationKey).sort()).toEqual([
      'accountability:ConditionCheckItem',
      'cases:UpdateItem',
    ]);
    expect(module.get('settle')?.map(operationKey).sort()).toEqual(['notifications:PutItem']);
    expect(module.get('opaque')?.map(operationKey).sort()).toEqual([
      'profiles:ConditionCheckItem',
      'profiles:DeleteItem',
      'profiles:PutItem',
      'profiles:UpdateItem',
    ]);
  });
});
