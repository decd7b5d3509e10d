import { now } from '../common/clock.ts';
import { assertInScope, httpHandler, requireIdentity } from '../common/http.ts';
import { problems } from '../common/problem.ts';
import { missingMaterials } from '../domain/intake.ts';
import { getCase, transitionCase } from '../store/cases.ts';
import { getItem } from '../store/catalog.ts';
import { materialsRequiredView, notice, noticeNote } from './intake.ts';
import { caseView } from './views.ts';

/**
 * A clerk answers an application received for review with ONE notice: every paper found defective, plus any
 * required one missing. Within the review period this stops the Art.32 deemed acceptance.
 */
export const handler = httpHandler('applicationsNotice', async (request) => {
  const identity = requireIdentity(request);
  const { id } = request.path;
  const found = await getCase(id);
  if (!found) throw problems.notFound(`No case ${id}.`);
  assertInScope(request, { departmentId: found.departmentId, what: `Case ${id}` });
  if (found.status !== 'RECEIVED') {
    throw problems.conflict('not-under-review', `Case ${id} is ${found.status}, not received for review.`, {
      caseStatus: found.status,
    });
  }
  const item = await getItem(found.itemCode);
  if (!item) throw new Error(`case ${id} names unknown item ${found.itemCode}`);
  const known = new Set(item.materials.map((m) => m.id));
  const { defects } = request.body;
  const unknown = defects
    .map((d, index) => ({ d, index }))
    .filter(({ d }) => !known.has(d.id))
    .map(({ d, index }) => ({
      field: `body.defects.${index}.id`,
      reason: `${d.id} is not a material of ${item.code}`,
    }));
  if (unknown.length)
    throw problems.unprocessable('unknown-material', 'Some materials are not part of this item.', unknown);
  const flagged = new Map(found.materials.map((m) => [m.id, m]));
  for (const d of defects) flagged.set(d.id, { id: d.id, defect: d.defect });
  const materials = [...flagged.values()];
  const missing = missingMaterials(item.materials, materials);
  if (missing.length === 0) {
    throw problems.invalid([
      { field: 'body.defects', reason: 'a notice needs at least one defective or missing material' },
    ]);
  }
  const given = notice(id, found.notices, now(), identity.sub, missing);
  const after = await transitionCase(
    found,
    'RECEIVED',
    { status: 'MATERIALS_REQUIRED', materials, notices: [...found.notices, given] },
    { at: given.at, type: 'MATERIALS_REQUIRED', by: identity.sub, note: noticeNote(given) },
  );
  if (!after) throw problems.conflict('not-under-review', `Case ${id} changed meanwhile; read it again.`);
  return { status: 200, body: { ...caseView(after, identity), ...materialsRequiredView(after) } };
});
