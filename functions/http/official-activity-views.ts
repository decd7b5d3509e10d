import type { OfficialActivity } from '../store/official-activities.ts';

/** An activity as the API shows it (no index keys). */
export function activityView(a: OfficialActivity) {
  return {
    id: a.id,
    departmentId: a.departmentId,
    registeredBy: a.registeredBy,
    registeredRole: a.registeredRole,
    registeredAt: a.registeredAt,
    at: a.at,
    purpose: a.purpose,
    participants: [...a.participants],
    enterprise: a.enterprise ? { name: a.enterprise.name ?? null, creditCode: a.enterprise.creditCode ?? null } : null,
    corrects: a.corrects ?? null,
    note: a.note ?? null,
  };
}
