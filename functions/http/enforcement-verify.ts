import { now } from '../common/clock.ts';
import { formatVerificationCode, normalizeVerificationCode, verificationRefusal } from '../domain/enforcement.ts';
import { shanghaiDateOf } from '../domain/time.ts';
import { getDepartmentCached } from '../store/catalog.ts';
import { inspectionByCode } from '../store/enforcement.ts';
import { httpHandler } from './handler.ts';
import { enforcementVerifyRoute } from './routes/enforcement.ts';

const reasonNames = {
  NOT_YET_VALID: { zh: '尚未到检查有效期', en: 'Not yet within the dates the inspection is filed for' },
  EXPIRED: { zh: '检查有效期已过', en: 'The dates the inspection was filed for have passed' },
  CARRIED_OUT: { zh: '该检查已实施完毕', en: 'This inspection has already been carried out' },
  NOT_FILED: { zh: '该检查未备案', en: 'This inspection is not filed' },
} as const;

/**
 * The enterprise checks the code an inspector at its door gives (anyone, no token): valid only for a FILED plan
 * within its dates. The answer says what the enterprise needs to match who is at the door — the department, the
 * purpose and legal basis, the planned date, the inspectors' names and certificate numbers, and the last 4 characters
 * of the credit code the plan names — and nothing else: not the enterprise's name or full code (a guessed code must
 * not tell who is inspected), no findings, no staff accounts. An unknown code is just `{valid: false}`.
 */
export const handler = httpHandler(enforcementVerifyRoute, async ({ query }) => {
  const code = normalizeVerificationCode(query.code);
  const found = code ? await inspectionByCode(code) : undefined;
  if (!found?.verificationCode || !found.validFrom || !found.validUntil) return { status: 200, body: { valid: false } };
  const refusal = verificationRefusal(
    found.status,
    { validFrom: found.validFrom, validUntil: found.validUntil },
    shanghaiDateOf(now()),
  );
  const shown = {
    code: formatVerificationCode(found.verificationCode),
    validFrom: found.validFrom,
    validUntil: found.validUntil,
  };
  if (refusal)
    return { status: 200, body: { valid: false, reason: refusal, reasonName: reasonNames[refusal], ...shown } };
  const department = await getDepartmentCached(found.departmentId);
  return {
    status: 200,
    body: {
      valid: true,
      ...shown,
      departmentId: found.departmentId,
      departmentName: department
        ? { zh: department.name.zh, en: department.name.en ?? department.name.zh }
        : { zh: found.departmentId, en: found.departmentId },
      purpose: found.purpose,
      legalBasis: found.legalBasis,
      plannedAt: found.plannedAt,
      plannedDate: found.plannedDate,
      creditCodeEndsWith: found.enterprise.creditCode.slice(-4),
      inspectors: found.inspectors.map((x) => ({ name: x.name, certificateNo: x.certificateNo ?? null })),
    },
  };
});
