import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { db, putOnce } from './client.ts';
import { type PageResult, queryPage } from './pages.ts';
import { tableName } from './tables.ts';

/** An official activity with an enterprise, as registered (never changed afterwards; docs/supervision.md). */
export interface OfficialActivity {
  readonly id: string;
  readonly departmentId: string;
  /** The staff member who registered it (token subject) and their role then. */
  readonly registeredBy: string;
  readonly registeredRole: string;
  /** When it was registered (the one clock, +08:00). */
  readonly registeredAt: string;
  /** When the activity took place or takes place (+08:00 as given, normalised). */
  readonly at: string;
  /** `at` in UTC, the indexes' sort key. */
  readonly atUtc: string;
  readonly purpose: string;
  readonly participants: readonly string[];
  readonly enterprise?: { readonly name?: string; readonly creditCode?: string };
  /** The earlier entry this one corrects (same department), if any. */
  readonly corrects?: string;
  readonly note?: string;
  // Index keys (absent where not applicable: the indexes are sparse).
  readonly activityRegister: 'ACTIVITIES';
  readonly enterpriseCode?: string;
  readonly enterpriseKey?: string;
}

const table = () => tableName('officialActivities');
export const ACTIVITY_REGISTER = 'ACTIVITIES';

/** Registers an activity once under its id (a conditional PutItem: an id is never written twice). */
export async function putActivity(activity: OfficialActivity): Promise<boolean> {
  return putOnce(table(), activity as unknown as Record<string, unknown>, 'id');
}

export async function getActivity(id: string): Promise<OfficialActivity | undefined> {
  const out = await db().send(new GetCommand({ TableName: table(), Key: { id } }));
  return out.Item as OfficialActivity | undefined;
}

/** Whose activities a list shows. */
export type ActivityFilter =
  | { readonly all: true }
  | { readonly creditCode: string }
  | { readonly enterpriseKey: string }
  | { readonly officer: string }
  | { readonly departmentId: string };

/** One page, newest activity first; `departmentId` further filters (a department's staff see their own only). */
export async function activitiesPage(
  filter: ActivityFilter,
  options: {
    readonly limit: number;
    readonly cursor?: string | undefined;
    readonly departmentId?: string;
    readonly officer?: string;
  },
): Promise<PageResult<OfficialActivity>> {
  const [index, name, value] =
    'all' in filter
      ? ['register', 'activityRegister', ACTIVITY_REGISTER]
      : 'creditCode' in filter
        ? ['byCreditCode', 'enterpriseCode', filter.creditCode]
        : 'enterpriseKey' in filter
          ? ['byEnterpriseName', 'enterpriseKey', filter.enterpriseKey]
          : 'officer' in filter
            ? ['byOfficer', 'registeredBy', filter.officer]
            : ['byDepartment', 'departmentId', filter.departmentId];
  return queryPage<OfficialActivity>({
    table: table(),
    index,
    partition: { name, value },
    sortKey: 'atUtc',
    tableKey: 'id',
    limit: options.limit,
    cursor: options.cursor,
    filters: {
      ...(options.departmentId && name !== 'departmentId' ? { departmentId: [options.departmentId] } : {}),
      ...(options.officer && name !== 'registeredBy' ? { registeredBy: [options.officer] } : {}),
    },
  });
}
