import { randomBytes } from 'node:crypto';
import { now } from '../common/clock.ts';
import { enforcementPolicy } from '../common/enforcement-policy.ts';
import { problems } from '../common/problem.ts';
import { formatVerificationCode, validityWindow, verificationCodeFrom } from '../domain/enforcement.ts';
import { shanghaiDateOf, toShanghaiIso } from '../domain/time.ts';
import { inspectionByCode, writeInspection } from '../store/enforcement.ts';
import { concurrentChange, inspectionDetail, inspectionInReach, requireState } from './enforcement-access.ts';
import { httpHandler, requireIdentity } from './handler.ts';
import { enforcementFileRoute } from './routes/enforcement.ts';

/**
 * Supervision files an approved plan (备案): FILED, with the verification code the enterprise checks at its door (10
 * characters of 50 random bits, shown as two groups of five) and the dates it verifies through (the planned date
 * minus ENFORCEMENT_POLICY validDaysBefore, plus validDaysAfter). A plan whose window has already ended is not filed
 * (409): it would be filed only to be invalid.
 */
export const handler = httpHandler(enforcementFileRoute, async (request) => {
  const identity = requireIdentity(request);
  const found = await inspectionInReach(request, request.path.id);
  requireState(found, 'file');
  const at = now();
  const when = toShanghaiIso(at);
  const window = validityWindow(enforcementPolicy(), found.plannedDate);
  if (shanghaiDateOf(at) > window.validUntil) {
    throw problems.conflict(
      'inspection-plan-expired',
      `执法检查 ${found.id} 计划于 ${found.plannedDate} 实施，有效期已于 ${window.validUntil} 结束，请重新制定计划 Inspection ${found.id} was planned for ${found.plannedDate}: its window ended ${window.validUntil}; plan it again.`,
      { inspectionStatus: found.status },
    );
  }
  // 50 random bits: a collision with a live code is about one in 10^11 per filing; drawn again if it happens.
  let code = verificationCodeFrom(randomBytes(10));
  for (let i = 0; i < 3 && (await inspectionByCode(code)); i++) code = verificationCodeFrom(randomBytes(10));
  const note = request.body.note;
  const written = await writeInspection(
    found,
    {
      status: 'FILED',
      filing: { at: when, by: identity.sub, ...(note ? { note } : {}) },
      verificationCode: code,
      validFrom: window.validFrom,
      validUntil: window.validUntil,
    },
    {
      at: when,
      type: 'INSPECTION_FILED',
      by: identity.sub,
      note: `监察备案，核验码 ${formatVerificationCode(code)}，${window.validFrom} 至 ${window.validUntil} 有效 Filed; verification code valid ${window.validFrom} to ${window.validUntil}${note ? `: ${note}` : ''}`,
    },
  );
  if (!written) throw concurrentChange(found.id);
  return { status: 200, body: inspectionDetail(written) };
});
