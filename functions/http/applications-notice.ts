import { now } from '../common/clock.ts';
import { problems } from '../common/problem.ts';
import { missingMaterials } from '../domain/intake.ts';
import { transitionCase } from '../store/cases.ts';
import { clockEnds } from '../store/clocks.ts';
import { httpHandler, requireIdentity } from './handler.ts';
import { assertKnownMaterials, materialsRequiredView, notice, noticeNote, receivedCase } from './intake.ts';
import { applicationsNoticeRoute } from './routes/applications.ts';
import { caseView } from './views.ts';

/**
 * A clerk answers an application received for review with ONE notice: every paper found defective, plus any
 * required one missing. Within the review period this stops the Art.32 deemed acceptance.
 */
export const handler = httpHandler(applicationsNoticeRoute, async (request) => {
  const identity = requireIdentity(request);
  const { id } = request.path;
  const { found, item } = await receivedCase(request, id);
  const { defects } = request.body;
  assertKnownMaterials(item, defects, 'defects');
  const flagged = new Map(found.materials.map((m) => [m.id, m]));
  for (const d of defects) flagged.set(d.id, { id: d.id, defect: d.defect });
  const materials = [...flagged.values()];
  const missing = missingMaterials(item.materials, materials);
  if (missing.length === 0) {
    throw problems.invalid([
      {
        field: 'body.defects',
        reason:
          '一次性告知须至少列出一项缺少或不符合要求的材料 a notice needs at least one defective or missing material',
      },
    ]);
  }
  const at = now();
  const given = notice(id, found.notices, at, identity.sub, missing);
  // The notice answers the intake review in time: its clock ends with it.
  const after = await transitionCase(
    found,
    'RECEIVED',
    { status: 'MATERIALS_REQUIRED', materials, notices: [...found.notices, given] },
    { at: given.at, type: 'MATERIALS_REQUIRED', by: identity.sub, note: noticeNote(given) },
    [],
    undefined,
    { changes: [clockEnds({ subject: id, duty: 'INTAKE_REVIEW' }, ['RUNNING'], 'NOTICE_GIVEN', given.at)] },
  );
  if (!after)
    throw problems.conflict(
      'not-under-review',
      `案件 ${id} 已被他人修改，请重新读取 Case ${id} changed meanwhile; read it again.`,
    );
  return { status: 200, body: { ...caseView(after, identity), ...materialsRequiredView(after) } };
});
