import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { applicationFor } from '../../test/support/applications.ts';
import { benchApplicant, catalogItems, itemByCode } from './applications.ts';
import { documentClient, localTable } from './aws.ts';
import { BenchRuntime } from './runtime.ts';
import type { BenchContext } from './section.ts';

type Item = Record<string, unknown>;

/** A case as the system stored it, with its approval clock (functions/store/clocks.ts). */
export interface Template {
  readonly case: Item;
  readonly clock: Item;
}

/** A decided, a deemed-approved and an open case, each with its clock, made by the real system in a short-lived runtime. */
export async function caseTemplates(
  ctx: BenchContext,
): Promise<{ decided: Template; deemed: Template; open: Template }> {
  const runtime = new BenchRuntime();
  await runtime.start({ now: '2026-09-14T09:00:00+08:00' });
  const db = documentClient(runtime.dynamoUrl, 64, runtime.dynamoAccessKeyId);
  try {
    const item = itemByCode(await catalogItems(runtime), 'SC-001');
    const token = await runtime.token('applicant', { sub: 'bench-applicant' });
    const make = async (n: number) => {
      const answer = await runtime.call('POST', '/v1/applications', {
        token,
        body: applicationFor(item, benchApplicant(n)),
      });
      if (answer.status !== 201) throw new Error(`template case refused (${answer.status}): ${answer.text}`);
      return answer.json.id as string;
    };
    const decidedId = await make(1);
    const deemedId = await make(2);
    await runtime.advance(0);
    const reviewer = await runtime.token('reviewer', { department: item.departmentId });
    const decision = await runtime.call('POST', `/v1/applications/${decidedId}/decision`, {
      token: reviewer,
      body: { outcome: 'APPROVED', reason: '符合条件' },
    });
    if (decision.status !== 200) throw new Error(`template decision refused (${decision.status}): ${decision.text}`);
    await runtime.advance(5 * 86_400);
    const openId = await make(3);
    await runtime.advance(0);
    const get = async (id: string): Promise<Template> => {
      const [found, clock] = await Promise.all([
        db.send(new GetCommand({ TableName: localTable('cases'), Key: { id }, ConsistentRead: true })),
        db.send(
          new GetCommand({
            TableName: localTable('clocks'),
            Key: { subject: id, duty: 'APPROVAL' },
            ConsistentRead: true,
          }),
        ),
      ]);
      if (!found.Item || !clock.Item) throw new Error(`template case ${id} or its approval clock not found`);
      return { case: found.Item, clock: clock.Item };
    };
    const templates = { decided: await get(decidedId), deemed: await get(deemedId), open: await get(openId) };
    const open = templates.open.clock;
    if (
      templates.deemed.case.status !== 'DEEMED_APPROVED' ||
      templates.deemed.clock.clockPending !== undefined ||
      templates.decided.clock.clockPending !== undefined ||
      open.phase !== 'RUNNING' ||
      open.clockPending !== 'OPEN' ||
      !open.executionArn ||
      open.clockStartPending !== undefined
    ) {
      throw new Error(
        `unexpected template states: ${templates.deemed.case.status}, open clock ${String(open.phase)}, clockPending ${String(open.clockPending)}, executionArn ${String(open.executionArn)}, clockStartPending ${String(open.clockStartPending)}`,
      );
    }
    const size = (t: Template) => `${JSON.stringify(t.case).length} B + clock ${JSON.stringify(t.clock).length} B`;
    ctx.log(`templates: closed case ${size(templates.deemed)}, open case ${size(templates.open)} (JSON)`);
    return templates;
  } finally {
    db.destroy();
    await runtime.dispose();
  }
}
