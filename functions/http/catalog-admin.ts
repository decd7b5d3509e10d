import { now } from '../common/clock.ts';
import { problems } from '../common/problem.ts';
import { completeness } from '../domain/guide.ts';
import { toShanghaiIso } from '../domain/time.ts';
import {
  type CatalogItem,
  type DepartmentRecord,
  getDepartment,
  recordBaseline,
  writeDepartment,
  writeItem,
} from '../store/catalog.ts';
import { type HttpRequest, requireIdentity } from './handler.ts';

/** The revision stamp of a change: who, when, why. */
export function stamp(request: HttpRequest<unknown>, revision: number, reason: string) {
  return { revision, revisedAt: toShanghaiIso(now()), revisedBy: requireIdentity(request).sub, reason };
}

/** Writes an item revision; a stale `revision` (someone else changed it first) is a 409 naming the current one. */
export async function saveItem(item: CatalogItem): Promise<CatalogItem> {
  const department = await getDepartment(item.departmentId);
  if (department?.status !== 'ACTIVE') {
    throw problems.unprocessable(
      'unknown-department',
      `没有在用的部门 ${item.departmentId} No active department ${item.departmentId}.`,
      [
        {
          field: 'body.guide.departmentId',
          reason: '不是在用的部门（部门见 GET /v1/departments） not an active department (GET /v1/departments)',
        },
      ],
    );
  }
  const written = await writeItem(item);
  if (!written.ok) {
    if (!written.current)
      throw problems.notFound(`事项目录中没有审批事项 ${item.code} No approval item ${item.code} in the catalogue.`);
    throw item.revision === 1
      ? problems.conflict(
          'item-exists',
          `事项 ${item.code} 已存在（版本 ${written.current.revision}） Item ${item.code} already exists (revision ${written.current.revision}).`,
        )
      : problems.conflict(
          'stale-revision',
          `事项 ${item.code} 已更新至版本 ${written.current.revision}，请重新读取并在该版本上修改 Item ${item.code} is at revision ${written.current.revision}; re-read it and revise that revision.`,
          { currentRevision: written.current.revision },
        );
  }
  if (item.revision === 1) {
    // An item published during the campaign starts at its first published limits.
    await recordBaseline({
      code: item.code,
      handlingMode: item.handlingMode,
      legalLimitDays: item.legalLimitDays,
      promisedLimitDays: item.promisedLimitDays,
      guideComplete: completeness(item).complete,
      recordedAt: item.revisedAt,
    });
  }
  return written.value;
}

export async function saveDepartment(department: DepartmentRecord): Promise<DepartmentRecord> {
  const written = await writeDepartment(department);
  if (!written.ok) {
    if (!written.current) throw problems.notFound(`没有部门 ${department.id} No department ${department.id}.`);
    throw department.revision === 1
      ? problems.conflict(
          'department-exists',
          `部门 ${department.id} 已存在 Department ${department.id} already exists.`,
        )
      : problems.conflict(
          'stale-revision',
          `部门 ${department.id} 已更新至版本 ${written.current.revision}，请重新读取并在该版本上修改 Department ${department.id} is at revision ${written.current.revision}; re-read it and revise that revision.`,
          { currentRevision: written.current.revision },
        );
  }
  return written.value;
}

/** The path and the body must name the same entry. */
export function assertSameId(pathId: string, bodyId: string, field: string): void {
  if (pathId !== bodyId)
    throw problems.invalid([{ field, reason: `须与路径中的 ${pathId} 一致 must equal the path's ${pathId}` }]);
}
