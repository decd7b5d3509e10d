import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { db, queryAll } from './client.ts';
import { tableName } from './tables.ts';

/** A material the applicant submits (申请材料). */
export interface Material {
  readonly id: string;
  readonly name: string;
  readonly nameEn: string;
  readonly required: boolean;
  readonly copies?: number;
  readonly note?: string;
}

/** A person who answers for a department's work. */
export interface Officer {
  readonly id: string;
  readonly name: string;
}

/** A department of the centre, with what an applicant needs to find it (首问责任制: tell them where to go). */
export interface Department {
  readonly id: string;
  readonly name: string;
  readonly nameEn: string;
  readonly address: string;
  readonly phone: string;
  readonly hours: string;
  /** The signing leader answerable for the department's approvals. */
  readonly leader: Officer;
  /** The handler assigned to new cases until assignment is modelled per case. */
  readonly dutyHandler: Officer;
}

/** An approval item of the catalogue (事项) with its service guide essentials. */
export interface CatalogItem {
  readonly code: string;
  readonly name: string;
  readonly nameEn: string;
  readonly departmentId: string;
  readonly handlingMode: 'IMMEDIATE' | 'PROMISED';
  /** Statutory limit in working days (法定时限). */
  readonly legalLimitDays: number;
  /** Promised limit in working days (承诺时限), ≤ legal; 0 for immediate items. */
  readonly promisedLimitDays: number;
  readonly deemedConsentEligible: boolean;
  readonly legalBasis: string;
  readonly conditions: string;
  readonly fee: string;
  readonly materials: readonly Material[];
}

const ITEM = 'ITEM';
const DEPARTMENT = 'DEPARTMENT';

export async function getItem(code: string): Promise<CatalogItem | undefined> {
  const out = await db().send(new GetCommand({ TableName: tableName('catalog'), Key: { pk: `${ITEM}#${code}` } }));
  return out.Item ? (strip(out.Item) as unknown as CatalogItem) : undefined;
}

export async function listItems(): Promise<CatalogItem[]> {
  return (await listKind(ITEM)) as unknown as CatalogItem[];
}

export async function getDepartment(id: string): Promise<Department | undefined> {
  const out = await db().send(new GetCommand({ TableName: tableName('catalog'), Key: { pk: `${DEPARTMENT}#${id}` } }));
  return out.Item ? (strip(out.Item) as unknown as Department) : undefined;
}

export async function listDepartments(): Promise<Department[]> {
  return (await listKind(DEPARTMENT)) as unknown as Department[];
}

export async function putItem(item: CatalogItem): Promise<void> {
  await db().send(
    new PutCommand({ TableName: tableName('catalog'), Item: { pk: `${ITEM}#${item.code}`, kind: ITEM, ...item } }),
  );
}

export async function putDepartment(department: Department): Promise<void> {
  await db().send(
    new PutCommand({
      TableName: tableName('catalog'),
      Item: { pk: `${DEPARTMENT}#${department.id}`, kind: DEPARTMENT, ...department },
    }),
  );
}

async function listKind(kind: string): Promise<Record<string, unknown>[]> {
  const items = await queryAll({
    TableName: tableName('catalog'),
    IndexName: 'byKind',
    KeyConditionExpression: 'kind = :kind',
    ExpressionAttributeValues: { ':kind': kind },
  });
  return items.map(strip);
}

function strip(item: Record<string, unknown>): Record<string, unknown> {
  const { pk: _pk, kind: _kind, ...rest } = item;
  return rest;
}
