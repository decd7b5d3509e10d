import { createHash } from 'node:crypto';
import { encodeTime, monotonicFactory } from 'ulid';
import { greenChannelThreshold } from '../common/green-channel.ts';
import { problems } from '../common/problem.ts';
import { isGreenChannel } from '../domain/project.ts';
import { shanghaiDateOf } from '../domain/time.ts';
import { currentCalendar } from '../store/calendar.ts';
import { getItemCached } from '../store/catalog.ts';
import { createProject, getProject, newProject, type ProjectItem } from '../store/projects.ts';
import { httpHandler, requireIdentity } from './handler.ts';
import { nowIso, projectView } from './project-access.ts';
import { projectsCreateRoute } from './routes/projects.ts';

// The deployment's threshold, checked at the cold start: a bad GREEN_CHANNEL_THRESHOLD fails the function's start, named.
greenChannelThreshold();

const nextId = monotonicFactory();

/**
 * An investor (or a clerk for them) registers a project with its investment and the items it needs
 * (docs/green-channel.md). At or above the deployment's threshold (GREEN_CHANNEL_THRESHOLD, RMB 100 m by default) it
 * is a green-channel project; the project keeps the threshold it was registered under. Every item must be published
 * in the catalogue; the departments concerned are the items'.
 */
export const handler = httpHandler(projectsCreateRoute, async (request) => {
  const identity = requireIdentity(request);
  const body = request.body;
  const items: ProjectItem[] = [];
  const unknown: { field: string; reason: string }[] = [];
  for (const [i, code] of body.items.entries()) {
    const item = await getItemCached(code);
    if (item?.status !== 'PUBLISHED') {
      unknown.push({
        field: `body.items.${i}`,
        reason: item
          ? '已停用，不再接受新的申请 retired: takes no new applications'
          : '不在事项目录中 not in the catalogue',
      });
      continue;
    }
    items.push({
      code: item.code,
      name: `${item.name.zh}${item.name.en ? ` ${item.name.en}` : ''}`,
      departmentId: item.departmentId,
    });
  }
  if (unknown.length) {
    throw problems.unprocessable(
      'unknown-item',
      '项目的每个事项都须为事项目录中已发布的事项 Every item of a project must be a published catalogue item.',
      unknown,
    );
  }
  const threshold = greenChannelThreshold();
  const greenChannel = isGreenChannel(body.investment.amount, threshold);
  const { at, when } = nowIso();
  const id = projectIdFor(at, identity.sub, request.idempotencyKey);
  const project = newProject(
    {
      id,
      name: body.name,
      investment: { amount: body.investment.amount, currency: 'CNY' },
      items,
      departmentIds: [...new Set(items.map((i) => i.departmentId))],
      applicant: body.applicant,
      ...(identity.role === 'applicant' ? { applicantSub: identity.sub } : {}),
      registeredBy: identity.sub,
      greenChannel,
      threshold,
      applications: [],
      higherApprovals: [],
      createdAt: when,
      createdAtUtc: at.toISOString(),
    },
    {
      at: when,
      type: 'REGISTERED',
      by: identity.sub,
      note: greenChannel
        ? `重大项目绿色通道：投资 ${body.investment.amount} 元，达到 ${threshold} 元 Green channel: investment at or above ${threshold} CNY`
        : `项目已登记（投资未达绿色通道标准 ${threshold} 元） Registered (below the green-channel threshold of ${threshold} CNY)`,
    },
  );
  const written = (await createProject(project)) ? project : await getProject(id);
  if (!written) throw new Error(`project ${id} neither written nor found`);
  return {
    status: 201,
    headers: { location: `/v1/projects/${id}` },
    body: projectView(written, await currentCalendar(), at),
  };
});

/**
 * `PJ<yyyymmdd>-<ULID>`. With an Idempotency-Key the random part is derived from the caller and the key, so a retry
 * that outlives the key's lock lands on the same project (same day) instead of a second one.
 */
function projectIdFor(at: Date, sub: string, idempotencyKey: string | undefined): string {
  const day = shanghaiDateOf(at).replaceAll('-', '');
  if (!idempotencyKey) return `PJ${day}-${nextId(at.getTime())}`;
  const digest = createHash('sha256').update(`project\n${sub}\n${idempotencyKey}`).digest();
  const crockford = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  const random = Array.from(digest.subarray(0, 16), (b) => crockford[b % 32]).join('');
  return `PJ${day}-${encodeTime(new Date(`${shanghaiDateOf(at)}T00:00:00+08:00`).getTime(), 10)}${random}`;
}
