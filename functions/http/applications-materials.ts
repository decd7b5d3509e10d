import { acceptanceOf } from '../common/acceptance.ts';
import { now } from '../common/clock.ts';
import { startClockOf } from '../common/clock-executions.ts';
import { problems } from '../common/problem.ts';
import { missingMaterials } from '../domain/intake.ts';
import { toShanghaiIso } from '../domain/time.ts';
import { currentCalendar } from '../store/calendar.ts';
import { transitionCase } from '../store/cases.ts';
import { getItemCached } from '../store/catalog.ts';
import { caseInReach } from './case-access.ts';
import { httpHandler, requireIdentity } from './handler.ts';
import { assertKnownMaterials, materialsRequiredView, notice, noticeNote } from './intake.ts';
import { applicationsMaterialsRoute } from './routes/applications.ts';
import { caseView } from './views.ts';

/**
 * Resubmission after a one-time notice (补正). Complete now → ACCEPTED from today, the deadline told and the clock
 * started. Still incomplete → a second notice, flagged as an anomaly supervision sees (一次性告知 means once).
 */
export const handler = httpHandler(applicationsMaterialsRoute, async (request) => {
  const identity = requireIdentity(request);
  const { id } = request.path;
  const found = await caseInReach(request, id);
  if (found.status !== 'MATERIALS_REQUIRED') {
    throw problems.conflict(
      'not-awaiting-materials',
      `案件 ${id} 当前状态为 ${found.status}，不在等待补正材料 Case ${id} is ${found.status}: it is not waiting for materials.`,
      {
        caseStatus: found.status,
      },
    );
  }
  const item = await getItemCached(found.itemCode);
  if (!item) throw new Error(`case ${id} names unknown item ${found.itemCode}`);
  const { materials } = request.body;
  assertKnownMaterials(item, materials, 'materials');

  // The new papers replace the old ones of the same id (a defective paper resubmitted counts as fixed).
  const merged = new Map(found.materials.map((m) => [m.id, m]));
  for (const m of materials) merged.set(m.id, m);
  const submitted = [...merged.values()];
  const stillMissing = missingMaterials(item.materials, submitted);
  const at = now();
  let after: Awaited<ReturnType<typeof transitionCase>>;
  if (stillMissing.length === 0) {
    const acceptance = acceptanceOf(await currentCalendar(), id, item, at, { kind: 'STAFF', by: identity.sub });
    after = await transitionCase(
      found,
      'MATERIALS_REQUIRED',
      { ...acceptance.fields, materials: submitted },
      acceptance.event,
      [],
      undefined,
      { created: [acceptance.clock] },
    );
    if (after) await startClockOf(acceptance.clock);
  } else {
    const second = notice(id, found.notices, at, identity.sub, stillMissing);
    after = await transitionCase(
      found,
      'MATERIALS_REQUIRED',
      {
        materials: submitted,
        notices: [...found.notices, second],
        anomalies: [...(found.anomalies ?? []), 'REPEATED_NOTICE'],
      },
      {
        at: toShanghaiIso(at),
        type: 'REPEATED_NOTICE',
        by: identity.sub,
        note: `再次告知（异常，监察可见）Repeated notice — an anomaly supervision sees. ${noticeNote(second)}`,
      },
    );
  }
  if (!after)
    throw problems.conflict(
      'concurrent-change',
      `案件 ${id} 已被他人修改，请重新读取 Case ${id} changed meanwhile; read it again.`,
    );
  return {
    status: 200,
    body: {
      ...caseView(after, identity),
      ...(after.status === 'MATERIALS_REQUIRED' ? { ...materialsRequiredView(after), anomaly: true } : {}),
    },
  };
});
