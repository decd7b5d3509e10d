import { problems } from '../common/problem.ts';
import { bilingual } from '../domain/guide.ts';
import type { MissingMaterial } from '../domain/intake.ts';
import { toShanghaiIso } from '../domain/time.ts';
import type { CaseRecord, Notice } from '../store/cases.ts';
import type { CatalogItem, DepartmentRecord } from '../store/catalog.ts';
import { getItemCached } from '../store/catalog.ts';
import { caseInReach } from './case-access.ts';
import type { HttpRequest } from './handler.ts';

/** The one-time notice (一次性告知): dated, numbered, every missing or defective material in one list. */
export function notice(
  caseId: string,
  previous: readonly Notice[],
  at: Date,
  by: string,
  missing: readonly MissingMaterial[],
): Notice {
  return { number: `${caseId}-N${previous.length + 1}`, at: toShanghaiIso(at), by, missing };
}

export function noticeNote(n: Notice): string {
  return `一次性告知 One-time notice ${n.number}: ${n.missing.map((m) => `${bilingual(m.name)} (${m.reason})`).join('; ')}`;
}

/** What an applicant is told about a MATERIALS_REQUIRED case: every missing item, and the notice itself. */
export function materialsRequiredView(c: CaseRecord) {
  const latest = c.notices.at(-1);
  return {
    missingMaterials: (latest?.missing ?? []).map((m) => ({ id: m.id, name: bilingual(m.name), reason: m.reason })),
    notice: latest
      ? {
          number: latest.number,
          date: latest.at.slice(0, 10),
          at: latest.at,
          legalBasis: '《中华人民共和国行政许可法》第三十二条 Administrative Licensing Law, Art.32',
          text: '申请材料不齐全或者不符合法定形式，请一次性补正下列全部材料；补正齐全后予以受理。The application is incomplete: supplement ALL of the following at once; it will be accepted when complete.',
          missing: latest.missing.map((m) => ({ id: m.id, name: bilingual(m.name), reason: m.reason })),
          sequence: c.notices.length,
        }
      : null,
  };
}

/** Where to go instead (首问责任制: never a bare "not here"). */
export function referralView(department: DepartmentRecord) {
  return {
    departmentId: department.id,
    name: bilingual(department.name),
    address: bilingual(department.address),
    phone: department.phone,
    hours: bilingual(department.hours),
  };
}

/** Refuses materials the item does not list, naming each by its place in the request (`body.<list>.<i>.id`). */
export function assertKnownMaterials(
  item: Pick<CatalogItem, 'code' | 'materials'>,
  submitted: readonly { readonly id: string }[],
  list: 'materials' | 'defects',
): void {
  const known = new Set(item.materials.map((m) => m.id));
  const unknown = submitted
    .map((m, index) => ({ m, index }))
    .filter(({ m }) => !known.has(m.id))
    .map(({ m, index }) => ({
      field: `body.${list}.${index}.id`,
      reason: `${m.id} 不是事项 ${item.code} 的材料 ${m.id} is not a material of ${item.code}`,
    }));
  if (unknown.length)
    throw problems.unprocessable(
      'unknown-material',
      '部分材料不属于该事项 Some materials are not part of this item.',
      unknown,
    );
}

/** A case received for review (RECEIVED), in the caller's scope, with its item: what /accept and /notice act on. */
export async function receivedCase(
  request: HttpRequest<unknown>,
  id: string,
): Promise<{ found: CaseRecord; item: CatalogItem }> {
  const found = await caseInReach(request, id);
  if (found.status !== 'RECEIVED') {
    throw problems.conflict(
      'not-under-review',
      `案件 ${id} 当前状态为 ${found.status}，不是待审查的收件 Case ${id} is ${found.status}, not received for review.`,
      {
        caseStatus: found.status,
      },
    );
  }
  const item = await getItemCached(found.itemCode);
  if (!item) throw new Error(`case ${id} names unknown item ${found.itemCode}`);
  return { found, item };
}
