import { now } from '../common/clock.ts';
import { problems } from '../common/problem.ts';
import { policies } from '../domain/duty.ts';
import { toShanghaiIso } from '../domain/time.ts';
import { transitionCase } from '../store/cases.ts';
import { getItemCached } from '../store/catalog.ts';
import { caseInReach } from './case-access.ts';
import { httpHandler, requireIdentity } from './handler.ts';
import { applicationsExtensionRoute } from './routes/applications.ts';
import { caseView } from './views.ts';

/** A reviewer requests the case's one extension (Art.42), before the deadline, within the item's legal extension. */
export const handler = httpHandler(applicationsExtensionRoute, async (request) => {
  const identity = requireIdentity(request);
  const { id } = request.path;
  const { workingDays, reason } = request.body;
  const found = await caseInReach(request, id);
  // The policy's number of extensions (Art.42: one); a case records the one it has.
  const allowedExtensions = policies.APPROVAL.extensions?.max ?? 0;
  if (found.extension || allowedExtensions === 0) {
    throw problems.conflict(
      'extension-exists',
      `案件 ${id} 已申请过延期（${found.extension?.status}），依法只能延期一次 Case ${id} already has its one extension (${found.extension?.status}); the law allows one.`,
    );
  }
  if (found.status !== 'ACCEPTED') {
    throw problems.conflict(
      'not-extendable',
      `案件 ${id} 当前状态为 ${found.status}：只有正在计时的案件可以延期 Case ${id} is ${found.status}: only a running clock can be extended.`,
      {
        caseStatus: found.status,
      },
    );
  }
  const item = await getItemCached(found.itemCode);
  const allowed = item?.legalExtensionDays ?? policies.APPROVAL.extensions?.defaultMaxDays ?? 0;
  if (workingDays > allowed) {
    throw problems.unprocessable(
      'extension-too-long',
      `事项 ${found.itemCode} 最多可延期 ${allowed} 个工作日 Item ${found.itemCode} allows at most ${allowed} working days of extension.`,
      [{ field: 'body.workingDays', reason: `最多 ${allowed} at most ${allowed}` }],
    );
  }
  const at = now();
  const extension = {
    workingDays,
    reason,
    requestedBy: identity.sub,
    requestedAt: toShanghaiIso(at),
    status: 'PENDING' as const,
  };
  const after = await transitionCase(
    found,
    'ACCEPTED',
    { extension },
    {
      at: extension.requestedAt,
      type: 'EXTENSION_REQUESTED',
      by: identity.sub,
      note: `申请延期 ${workingDays} 个工作日：${reason} Extension of ${workingDays} working days requested`,
    },
    [],
    at.toISOString(),
  );
  if (!after)
    throw problems.conflict(
      'not-extendable',
      `案件 ${id} 已被他人修改，或承诺时限已届满 Case ${id} changed meanwhile or its deadline has passed.`,
    );
  return { status: 200, body: caseView(after, identity) };
});
