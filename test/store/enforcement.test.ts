import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyChain } from '../../functions/domain/timeline.ts';
import type { InspectionRecord } from '../../functions/store/enforcement.ts';
import type { LocalDynamo } from '../../local/dynamodb.ts';
import { startTestDynamo } from '../support/dynamo.ts';

/**
 * The inspections' writes against dynalite (docs/enforcement.md): the yearly count per enterprise decided by the
 * counter's condition when departments plan at once, a rejection releasing its count, and every change appended under
 * the timeline head it read (two writers from one head: one wins).
 */
let dynamo: LocalDynamo;
beforeAll(async () => {
  dynamo = await startTestDynamo();
});
afterAll(async () => {
  await dynamo?.close();
});

const store = () => import('../../functions/store/enforcement.ts');

let counter = 0;
async function plan(creditCode: string, departmentId = 'market'): Promise<InspectionRecord> {
  const { newInspection } = await store();
  counter++;
  const at = '2026-11-02T10:00:00+08:00';
  return newInspection(
    {
      id: `EI20261102-01KSTORE${String(counter).padStart(18, '0')}`,
      departmentId,
      enterprise: { name: '存储测试企业', creditCode },
      purpose: 'p',
      legalBasis: 'l',
      plannedAt: '2026-11-10T09:00:00+08:00',
      plannedDate: '2026-11-10',
      inspectors: [{ name: '王执法' }],
      status: 'PENDING_APPROVAL',
      plannedBy: 'reviewer-1',
      overLimit: false,
      createdAt: at,
      createdAtUtc: '2026-11-02T02:00:00.000Z',
    },
    { at, type: 'INSPECTION_PLANNED', by: 'reviewer-1' },
  );
}

describe('the yearly count per enterprise', () => {
  it('lets exactly the limit through when eight departments plan at once, and counts them', async () => {
    const { createInspection, countedInYear } = await store();
    const code = '914403001922038216';
    const plans = await Promise.all(Array.from({ length: 8 }, (_, i) => plan(code, `dept${i}`)));
    const outcomes = await Promise.all(plans.map((p) => createInspection(p, 2)));
    expect(outcomes.filter((o) => o === 'CREATED')).toHaveLength(2);
    expect(outcomes.filter((o) => o === 'OVER_LIMIT')).toHaveLength(6);
    expect(await countedInYear('2026', code)).toBe(2);
    // Without a limit (a cause stated): counted all the same.
    expect(await createInspection(await plan(code), undefined)).toBe('CREATED');
    expect(await countedInYear('2026', code)).toBe(3);
    // The same plan again (a replay): EXISTS, not counted twice.
    expect(await createInspection(plans[outcomes.indexOf('CREATED')] as InspectionRecord, 2)).toBe('EXISTS');
    expect(await countedInYear('2026', code)).toBe(3);
  });

  it('releases the count of a rejected plan, in the same write as the rejection', async () => {
    const { createInspection, countedInYear, releaseQuota, writeInspection, getInspection } = await store();
    const code = '9144030071526726XG';
    const p = await plan(code);
    expect(await createInspection(p, 2)).toBe('CREATED');
    expect(await countedInYear('2026', code)).toBe(1);
    const at = '2026-11-03T10:00:00+08:00';
    const rejected = await writeInspection(
      p,
      { status: 'REJECTED', rejection: { at, by: 'head-1', reason: 'r' } },
      { at, type: 'INSPECTION_REJECTED', by: 'head-1' },
      [releaseQuota(p)],
    );
    expect(rejected?.status).toBe('REJECTED');
    expect(await countedInYear('2026', code)).toBe(0);
    const stored = (await getInspection(p.id)) as InspectionRecord;
    expect(verifyChain(stored.id, stored.timeline, stored.timelineHead).valid).toBe(true);
    expect(stored.timeline.map((e) => e.type)).toEqual(['INSPECTION_PLANNED', 'INSPECTION_REJECTED']);
  });
});

describe('changes under the timeline head', () => {
  it('lets one of two writers from the same head through (an approval racing a rejection)', async () => {
    const { createInspection, writeInspection, releaseQuota, getInspection, countedInYear } = await store();
    const code = '91110108551385082Q';
    const p = await plan(code);
    await createInspection(p, 2);
    const at = '2026-11-03T10:00:00+08:00';
    const [approved, rejected] = await Promise.all([
      writeInspection(
        p,
        { status: 'APPROVED', approval: { at, by: 'head-1' } },
        { at, type: 'INSPECTION_APPROVED', by: 'head-1' },
      ),
      writeInspection(
        p,
        { status: 'REJECTED', rejection: { at, by: 'head-2', reason: 'r' } },
        { at, type: 'INSPECTION_REJECTED', by: 'head-2' },
        [releaseQuota(p)],
      ),
    ]);
    expect([approved, rejected].filter(Boolean)).toHaveLength(1);
    const stored = (await getInspection(p.id)) as InspectionRecord;
    expect(stored.timeline).toHaveLength(2);
    // The losing rejection released nothing: its counter change was in its cancelled transaction.
    expect(await countedInYear('2026', code)).toBe(stored.status === 'REJECTED' ? 0 : 1);
  });

  it('finds a filed plan by its code, and nothing by another', async () => {
    const { createInspection, writeInspection, inspectionByCode, getInspection } = await store();
    const p = await plan('91310000717866186P');
    await createInspection(p, 2);
    const at = '2026-11-03T10:00:00+08:00';
    const filed = await writeInspection(
      p,
      {
        status: 'FILED',
        filing: { at, by: 'sup' },
        verificationCode: 'ABCDE12345',
        validFrom: '2026-11-09',
        validUntil: '2026-11-17',
      },
      { at, type: 'INSPECTION_FILED', by: 'sup' },
    );
    expect(filed?.verificationCode).toBe('ABCDE12345');
    expect((await inspectionByCode('ABCDE12345'))?.id).toBe(p.id);
    expect(await inspectionByCode('ABCDE12346')).toBeUndefined();
    expect(await getInspection('QUOTA#2026#91310000717866186P')).toBeUndefined();
  });
});
