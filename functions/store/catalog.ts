import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { ItemGuide, Text } from '../domain/guide.ts';
import { db, isConditionFailed, queryAll } from './client.ts';
import { ReferenceCache } from './reference-cache.ts';
import { tableName } from './tables.ts';

/** A person who answers for a department's work. */
export interface Officer {
  readonly id: string;
  readonly name: string;
}

/** A service window; a comprehensive (one-stop, 综合受理) window takes every department's items. */
export interface ServiceWindow {
  readonly id: string;
  readonly name: Text;
  readonly comprehensive: boolean;
}

/** A department of the centre, with what an applicant needs to find it (首问责任制: tell them where to go). */
export interface Department {
  readonly id: string;
  readonly name: Text;
  readonly address: Text;
  readonly phone: string;
  readonly hours: Text;
  readonly supervisionPhone: string;
  readonly windows: readonly ServiceWindow[];
  /** The signing leader answerable for the department's approvals. */
  readonly leader: Officer;
  /** The handler assigned to new cases until assignment is modelled per case. */
  readonly dutyHandler: Officer;
}

/** Who changed a catalogue entry, when and why: every revision keeps these. */
export interface Revision {
  readonly revision: number;
  readonly revisedAt: string;
  readonly revisedBy: string;
  readonly reason: string;
}

export type CatalogItem = ItemGuide & Revision & { readonly status: 'PUBLISHED' | 'RETIRED' };
export type DepartmentRecord = Department & Revision & { readonly status: 'ACTIVE' | 'RETIRED' };

/** The limits and mode of an item when the campaign started: the targets are measured against it. */
export interface Baseline {
  readonly code: string;
  readonly handlingMode: ItemGuide['handlingMode'];
  readonly legalLimitDays: number;
  readonly promisedLimitDays: number;
  /**
   * Whether the item's guide was complete (every field of Art.30/33 in both languages) when the baseline was recorded:
   * the starting point of the online-disclosure target. Absent on baselines recorded before it was kept.
   */
  readonly guideComplete?: boolean;
  readonly recordedAt: string;
}

const ITEM = 'ITEM';
const DEPARTMENT = 'DEPARTMENT';
const BASELINE = 'BASELINE';
const catalog = () => tableName('catalog');
const revisions = () => tableName('catalogRevisions');

/** The item as stored now (a consistent read): for the catalogue's own routes and its administrators. */
export async function getItem(code: string): Promise<CatalogItem | undefined> {
  return (await getEntry(ITEM, code)) as CatalogItem | undefined;
}

/**
 * Catalogue entries as reference data for the application paths, read at most once per REFERENCE_TTL_MS by a warm
 * Lambda (see reference-cache.ts for what that allows). Writes below drop this process's copies at once.
 */
const reference = new ReferenceCache<Record<string, unknown>>();

/** The item for intake and case handling: cached for up to REFERENCE_TTL_MS (never for an unknown code). */
export async function getItemCached(code: string): Promise<CatalogItem | undefined> {
  return (await reference.get(`${ITEM}#${code}`, () => getEntry(ITEM, code))) as CatalogItem | undefined;
}

/** Every item, published and retired (callers filter). */
export async function listItems(): Promise<CatalogItem[]> {
  return (await listKind(ITEM)) as unknown as CatalogItem[];
}

export async function getDepartment(id: string): Promise<DepartmentRecord | undefined> {
  return (await getEntry(DEPARTMENT, id)) as DepartmentRecord | undefined;
}

/** The department for intake (windows, duty handler, head, where to refer): cached like `getItemCached`. */
export async function getDepartmentCached(id: string): Promise<DepartmentRecord | undefined> {
  return (await reference.get(`${DEPARTMENT}#${id}`, () => getEntry(DEPARTMENT, id))) as DepartmentRecord | undefined;
}

export async function listDepartments(): Promise<DepartmentRecord[]> {
  return (await listKind(DEPARTMENT)) as unknown as DepartmentRecord[];
}

export async function getBaseline(code: string): Promise<Baseline | undefined> {
  return (await getEntry(BASELINE, code)) as Baseline | undefined;
}

export async function listBaselines(): Promise<Baseline[]> {
  return (await listKind(BASELINE)) as unknown as Baseline[];
}

/** Records an item's baseline once; later calls keep the first (the campaign's starting point never moves). */
export async function recordBaseline(baseline: Baseline): Promise<void> {
  await putOnce(BASELINE, baseline.code, baseline as unknown as Record<string, unknown>);
}

export type Written<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly current: T | undefined };

/** Writes a new revision of an item: revision 1 creates it, revision n+1 replaces revision n. */
export async function writeItem(item: CatalogItem): Promise<Written<CatalogItem>> {
  return writeRevision(ITEM, item.code, item) as Promise<Written<CatalogItem>>;
}

export async function writeDepartment(department: DepartmentRecord): Promise<Written<DepartmentRecord>> {
  return writeRevision(DEPARTMENT, department.id, department) as Promise<Written<DepartmentRecord>>;
}

/** Every revision of an item or department, oldest first. */
export async function listRevisions(kind: 'ITEM' | 'DEPARTMENT', id: string): Promise<Record<string, unknown>[]> {
  const items = await queryAll({
    TableName: revisions(),
    KeyConditionExpression: 'subject = :subject',
    ExpressionAttributeValues: { ':subject': `${kind}#${id}` },
  });
  const history = items.map(({ subject: _s, ...rest }) => rest);
  // The current entry is written first (see writeRevision): include it in case its history copy is not there yet.
  const current = await getEntry(kind, id);
  if (current && !history.some((h) => h.revision === current.revision)) history.push(current);
  return history.sort((a, b) => Number(a.revision) - Number(b.revision));
}

async function writeRevision(
  kind: string,
  id: string,
  entry: Revision & object,
): Promise<Written<Record<string, unknown>>> {
  const item = { pk: `${kind}#${id}`, kind, ...entry };
  try {
    await db().send(
      new PutCommand({
        TableName: catalog(),
        Item: item,
        // Two admins revising the same entry from revision n: both write n+1 on condition "still n";
        //   A: put (revision = n) ──▶ ok        B: put (revision = n) ──▶ ConditionalCheckFailed → 409, re-read
        ConditionExpression:
          entry.revision === 1 ? 'attribute_not_exists(pk)' : 'attribute_exists(pk) AND revision = :previous',
        ...(entry.revision === 1 ? {} : { ExpressionAttributeValues: { ':previous': entry.revision - 1 } }),
      }),
    );
  } catch (error) {
    if (!isConditionFailed(error)) throw error;
    return { ok: false, current: await getEntry(kind, id) };
  } finally {
    // This process reads the new revision at once; other warm Lambdas within REFERENCE_TTL_MS (reference-cache.ts).
    reference.invalidate(`${kind}#${id}`);
  }
  // History second: a crash here leaves the current entry as the newest revision (listRevisions includes it).
  await db().send(new PutCommand({ TableName: revisions(), Item: { subject: `${kind}#${id}`, ...entry } }));
  return { ok: true, value: entry as Record<string, unknown> };
}

async function putOnce(kind: string, id: string, entry: Record<string, unknown>): Promise<void> {
  try {
    await db().send(
      new PutCommand({
        TableName: catalog(),
        Item: { pk: `${kind}#${id}`, kind, ...entry },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  } catch (error) {
    if (!isConditionFailed(error)) throw error;
  }
}

async function getEntry(kind: string, id: string): Promise<Record<string, unknown> | undefined> {
  const out = await db().send(
    new GetCommand({ TableName: catalog(), Key: { pk: `${kind}#${id}` }, ConsistentRead: true }),
  );
  return out.Item ? strip(out.Item) : undefined;
}

async function listKind(kind: string): Promise<Record<string, unknown>[]> {
  const items = await queryAll({
    TableName: catalog(),
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
