import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { WorkingCalendar, type YearCalendar } from '../domain/calendar.ts';
import { db } from './client.ts';
import { ReferenceCache } from './reference-cache.ts';
import { tableName } from './tables.ts';

const PK = 'YEAR';

/** The years an administrator loaded (State Council notices), each replacing the built-in data for its year. */
export async function loadYearCalendars(): Promise<YearCalendar[]> {
  const out = await db().send(
    new QueryCommand({
      TableName: tableName('calendar'),
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': PK },
    }),
  );
  // Only the calendar fields: the item also carries who loaded it and when.
  return (out.Items ?? []).map((item) => ({
    year: Number(item.year),
    holidays: item.holidays as string[],
    workdays: item.workdays as string[],
    source: String(item.source),
  }));
}

const inForce = new ReferenceCache<WorkingCalendar>();

/**
 * The calendar in force: built-in data plus every loaded year, read at most once per REFERENCE_TTL_MS by a warm
 * Lambda (a load takes effect within that, with no redeploy; at once in the process that loaded it — locally, every
 * handler). See reference-cache.ts for why that staleness is acceptable.
 */
export async function currentCalendar(): Promise<WorkingCalendar> {
  return (await inForce.get(PK, freshCalendar)) as WorkingCalendar;
}

/** The calendar as stored now, uncached: for an administrator checking what they loaded. */
export async function freshCalendar(): Promise<WorkingCalendar> {
  return new WorkingCalendar(await loadYearCalendars());
}

export async function getYearCalendarRecord(year: number): Promise<Record<string, unknown> | undefined> {
  const out = await db().send(new GetCommand({ TableName: tableName('calendar'), Key: { pk: PK, year } }));
  return out.Item;
}

export async function putYearCalendar(year: YearCalendar & { loadedAt: string; loadedBy: string }): Promise<void> {
  try {
    await db().send(new PutCommand({ TableName: tableName('calendar'), Item: { pk: PK, ...year } }));
  } finally {
    inForce.invalidate();
  }
}
