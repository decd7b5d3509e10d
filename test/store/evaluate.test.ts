import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { WorkingCalendar } from '../../functions/domain/calendar.ts';
import type { Period } from '../../functions/domain/evaluation.ts';
import type { CaseRecord } from '../../functions/store/cases.ts';
import { demoDepartments, demoItems } from '../../local/demo-data.ts';
import type { LocalDynamo } from '../../local/dynamodb.ts';
import { storedCase } from '../support/cases.ts';
import { counting, countStoreRequests, startTestDynamo } from '../support/dynamo.ts';

let dynamo: LocalDynamo;
let sent: string[];
beforeAll(async () => {
  dynamo = await startTestDynamo();
  sent = await countStoreRequests();
  await seed();
});
afterAll(async () => {
  await dynamo?.close();
});
afterEach(() => {
  vi.useRealTimers();
});

// Imported after the environment is set (the store reads table names from it).
const { evaluate, readEvaluation, readOfficers, itemsAsOf } = await import('../../functions/common/evaluate.ts');
const { tallyCase, snapshotHead } = await import('../../functions/store/evaluations.ts');
const catalog = await import('../../functions/store/catalog.ts');
const { recordReferral } = await import('../../functions/store/referrals.ts');
const { db } = await import('../../functions/store/client.ts');

const calendar = new WorkingCalendar([]);
const october: Period = {
  id: '2026-10',
  kind: 'MONTH',
  from: '2026-10-01',
  to: '2026-10-31',
  name: { zh: '2026年10月', en: 'October 2026' },
};
const request = (by: string) => ({ kind: 'REQUEST' as const, by });
const schedule = (scheduledTime: string) => ({
  kind: 'SCHEDULE' as const,
  schedule: 'monthly-evaluation',
  scheduledTime,
});
/** The process clock at `iso` (Date only: the SDK's timers stay real). */
const at = (iso: string) => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date(iso));
};

const revisedBy = { revisedBy: 'admin-1', reason: 'test' };

/** The demo catalogue as of 2026-09-01; SC-003 becomes immediate on 2026-11-05 (after October ends). */
async function seed() {
  for (const d of demoDepartments) {
    await catalog.writeDepartment({
      ...d,
      status: 'ACTIVE',
      revision: 1,
      revisedAt: '2026-09-01T09:00:00+08:00',
      ...revisedBy,
    });
  }
  for (const item of demoItems) {
    await catalog.writeItem({
      ...item,
      status: 'PUBLISHED',
      revision: 1,
      revisedAt: '2026-09-01T09:00:00+08:00',
      ...revisedBy,
    });
    await catalog.recordBaseline({
      code: item.code,
      handlingMode: 'PROMISED',
      legalLimitDays: item.legalLimitDays,
      promisedLimitDays: item.promisedLimitDays + 5,
      guideComplete: false,
      recordedAt: '2026-09-01T09:00:00+08:00',
    });
  }
  const sc003 = demoItems.find((i) => i.code === 'SC-003');
  if (!sc003) throw new Error('demo item SC-003 is gone');
  const revised = await catalog.writeItem({
    ...sc003,
    name: { zh: '改名后的事项', en: 'Renamed in November' },
    handlingMode: 'IMMEDIATE',
    promisedLimitDays: 0,
    status: 'PUBLISHED',
    revision: 2,
    revisedAt: '2026-11-05T09:00:00+08:00',
    ...revisedBy,
  });
  expect(revised.ok).toBe(true);
  // A new item published after October: not in October's catalogue.
  await catalog.writeItem({
    ...sc003,
    code: 'SC-009',
    status: 'PUBLISHED',
    revision: 1,
    revisedAt: '2026-11-06T09:00:00+08:00',
    ...revisedBy,
  });

  // October's work in market: two cases received at window market-1 and decided; one on 10-08, one on 10-20.
  const caseOf = (id: string, day: string, overrides: Partial<CaseRecord> = {}) =>
    storedCase(id, 'ACCEPTED', {
      departmentId: 'market',
      itemCode: 'SC-001',
      receivedBy: { kind: 'window', departmentId: 'market', windowId: 'market-1' } as never,
      acceptedOn: day,
      deadlineDate: '2026-10-30',
      decision: { by: 'market-reviewer', late: false } as never,
      handler: { id: 'market-reviewer', name: '李晓梅 Li Xiaomei' },
      timeline: [
        { type: 'RECEIVED', at: `${day}T09:00:00+08:00`, by: 'market-clerk', hash: 'x' },
        { type: 'ACCEPTED', at: `${day}T09:30:00+08:00`, by: 'market-clerk', hash: 'y' },
        { type: 'APPROVED', at: `${day}T15:00:00+08:00`, by: 'market-reviewer', hash: 'z' },
      ] as never,
      ...overrides,
    });
  await tallyCase(caseOf('E-1', '2026-10-08'), 0, calendar);
  await tallyCase(caseOf('E-2', '2026-10-20'), 0, calendar);
  // September and November work, outside the period.
  await tallyCase(caseOf('E-3', '2026-09-28'), 0, calendar);
  await tallyCase(caseOf('E-4', '2026-11-02'), 0, calendar);
  // A first-inquiry referral at the market window on 10-09 (and one in November).
  for (const [id, when] of [
    ['R-1', '2026-10-09T10:00:00+08:00'],
    ['R-2', '2026-11-03T10:00:00+08:00'],
  ] as const) {
    await recordReferral({
      id,
      at: when,
      itemCode: 'CN-001',
      askedBy: 'applicant-1',
      answeredBy: 'market-clerk',
      receivedBy: { departmentId: 'market', windowId: 'market-1' },
      referredTo: 'construction',
    });
  }
}

describe('evaluate', () => {
  it('sums the period’s tallies and referrals for the centre, departments, windows, officers and items', async () => {
    // Act
    at('2026-11-01T01:00:00+08:00');
    const view = await evaluate(october, schedule('2026-10-31T17:00:00Z'));
    const officers = await readOfficers('2026-10');

    // Assess
    expect(view).toMatchObject({ period: '2026-10', from: '2026-10-01', to: '2026-10-31', complete: true });
    expect(view).toMatchObject({ through: '2026-10-31', revision: 1, generatedBy: 'schedule:monthly-evaluation' });
    expect(view.generatedAt).toBe('2026-11-01T01:00:00+08:00');
    expect(view.centre).toMatchObject({ received: 2, accepted: 2, closed: 2, closedOnTime: 2, referred: 1 });
    expect(view.centre.onTimeRate).toBe(1);
    const market = view.departments.find((d) => d.departmentId === 'market');
    expect(market).toMatchObject({ name: { en: 'Market Regulation Bureau' }, received: 2, closed: 2, referred: 1 });
    // Every department is listed, with nothing done a row of zeros.
    expect(view.departments.find((d) => d.departmentId === 'tax')).toMatchObject({ received: 0, onTimeRate: null });
    expect(view.items.find((i) => i.itemCode === 'SC-001')).toMatchObject({ departmentId: 'market', closed: 2 });
    expect(officers?.windows).toEqual([
      expect.objectContaining({ windowId: 'market/market-1', departmentId: 'market', received: 2, referred: 1 }),
    ]);
    expect(officers?.officers.find((o) => o.officer === 'market-reviewer')).toMatchObject({
      name: '李晓梅 Li Xiaomei',
      departmentId: 'market',
      closed: 2,
    });
    expect(officers?.officers.find((o) => o.officer === 'market-clerk')).toMatchObject({
      received: 2,
      accepted: 2,
      referred: 1,
    });
    // The scorecard's four targets and every metric's definition come with the figures.
    expect(Object.keys(view.targets).sort()).toEqual([
      'immediateShare',
      'onlineDisclosure',
      'promisedTimeReduction',
      'shortenedItems',
    ]);
    expect(view.definitions.onTimeRate).toMatchObject({ name: { zh: '按时办结率' } });
  });

  it('judges the catalogue as it stood at the end of the period (an item revised or created later is not)', async () => {
    // Act
    const items = await itemsAsOf(new Date('2026-10-31T23:59:59+08:00'));
    const view = await readEvaluation('2026-10');

    // Assess
    const sc003 = items.find((i) => i.code === 'SC-003');
    expect(sc003).toMatchObject({ revision: 1, handlingMode: 'PROMISED' });
    expect(items.map((i) => i.code)).not.toContain('SC-009');
    expect(view?.items.find((i) => i.itemCode === 'SC-003')?.name).toMatchObject({ en: demoItems[2]?.name.en });
    expect(view?.items.map((i) => i.itemCode)).not.toContain('SC-009');
    // The scorecard (the domain's) on October's catalogue: 3 immediate of 12 published, against a baseline of none.
    expect(view?.targets.immediateShare).toMatchObject({
      unit: 'percentage points',
      baseline: 0,
      current: 25,
      target: 15,
      met: true,
    });
    // market in October: SC-002 immediate of SC-001..003 (SC-003 became immediate only in November).
    expect(view?.departments.find((d) => d.departmentId === 'market')?.immediateShareOfItems).toBe(0.3333);
  });

  it('keeps every run as an immutable revision: a rerun adds one, the earlier stays as it was', async () => {
    // Prepare: a late event in October counted after revision 1.
    await tallyCase(
      storedCase('E-5', 'ACCEPTED', {
        departmentId: 'market',
        timeline: [{ type: 'RECEIVED', at: '2026-10-30T09:00:00+08:00', by: 'applicant-1', hash: 'x' }] as never,
      }),
      0,
      calendar,
    );

    // Act
    at('2026-11-02T10:00:00+08:00');
    const rerun = await evaluate(october, request('supervisor-1'));

    // Assess
    expect(rerun.revision).toBe(2);
    expect(rerun.centre.received).toBe(3);
    expect(rerun.trigger).toEqual({ kind: 'REQUEST', by: 'supervisor-1' });
    expect(rerun.revisions.map((r) => [r.revision, r.generatedBy])).toEqual([
      [1, 'schedule:monthly-evaluation'],
      [2, 'supervisor-1'],
    ]);
    expect((await snapshotHead('2026-10', 1))?.centre).toMatchObject({ received: 2 });
    expect((await readEvaluation('2026-10'))?.revision).toBe(2);
  });

  it('is idempotent per (period, moment): the same instant or the same scheduled time answers, writing nothing', async () => {
    // Act: the same instant as revision 2, and the schedule's retry of revision 1 a minute late.
    at('2026-11-02T10:00:00+08:00');
    const sameInstant = await counting(sent, () => evaluate(october, request('admin-2')));
    at('2026-11-02T10:01:00+08:00');
    const sameSchedule = await counting(sent, () => evaluate(october, schedule('2026-10-31T17:00:00Z')));

    // Assess
    expect(sameInstant.result).toMatchObject({ revision: 2, generatedBy: 'supervisor-1' });
    expect(sameSchedule.result).toMatchObject({ revision: 1, generatedBy: 'schedule:monthly-evaluation' });
    expect(sameSchedule.result.centre.received).toBe(2);
    for (const { requests } of [sameInstant, sameSchedule]) {
      expect(requests.filter((r) => !['Query', 'GetItem'].includes(r))).toEqual([]);
    }
  });

  it('two concurrent runs get distinct revisions and both stand; two of one moment get one', async () => {
    // Act
    at('2026-11-03T10:00:00+08:00');
    const [a, b] = await Promise.all([
      evaluate(october, schedule('2026-11-03T01:00:00Z')),
      evaluate(october, schedule('2026-11-03T02:00:00Z')),
    ]);
    const [c, d] = await Promise.all([
      evaluate(october, schedule('2026-11-03T03:00:00Z')),
      evaluate(october, schedule('2026-11-03T03:00:00Z')),
    ]);

    // Assess
    expect([a.revision, b.revision].sort()).toEqual([3, 4]);
    expect(c.revision).toBe(5);
    expect(d.revision).toBe(5);
    const latest = await readEvaluation('2026-10');
    expect(latest?.revisions.map((r) => r.revision)).toEqual([1, 2, 3, 4, 5]);
    for (const revision of [3, 4]) {
      expect((await snapshotHead('2026-10', revision))?.centre).toMatchObject({ received: 3 });
    }
    expect(latest?.departments.find((x) => x.departmentId === 'market')).toMatchObject({ received: 3 });
  });

  it('stores each unit as an item of its own next to a small head', async () => {
    // Act
    const out = await db().send(
      new QueryCommand({
        TableName: process.env.EVALUATIONS_TABLE,
        KeyConditionExpression: '#p = :p',
        ExpressionAttributeNames: { '#p': 'period' },
        ExpressionAttributeValues: { ':p': '2026-10' },
      }),
    );

    // Assess
    const items = out.Items ?? [];
    const heads = items.filter((i) => String(i.entry).startsWith('head#'));
    expect(heads).toHaveLength(5);
    for (const head of heads) {
      expect(head).not.toHaveProperty('departments');
      expect(JSON.stringify(head).length).toBeLessThan(20_000);
      const units = items.filter((i) => String(i.entry).startsWith(`unit#${head.runId}#`));
      expect(units).toHaveLength(Object.values(head.unitCounts as Record<string, number>).reduce((a, n) => a + n, 0));
    }
  });
});

describe('the scheduled evaluation (functions/schedule/evaluate.ts)', () => {
  it('on the 1st evaluates every period that closed the day before; on other days the month to date', async () => {
    // Prepare
    const { handler } = await import('../../functions/schedule/evaluate.ts');
    const { periodsClosingOn } = await import('../../functions/domain/evaluation.ts');

    // Act: 2027-01-01 01:00 Shanghai (the year closes), then 2026-11-03 01:00 (month to date through 11-02).
    at('2027-01-01T01:00:05+08:00');
    const closing = await handler(
      { run: 'closing', schedule: 'monthly-evaluation', scheduledTime: '2026-12-31T17:00:00Z' },
      {} as never,
    );
    at('2026-11-03T01:00:02+08:00');
    const daily = await handler(
      { run: 'month-to-date', schedule: 'daily-evaluation', scheduledTime: '2026-11-02T17:00:00Z' },
      {} as never,
    );
    const retried = await handler(
      { run: 'month-to-date', schedule: 'daily-evaluation', scheduledTime: '2026-11-02T17:00:00Z' },
      {} as never,
    );

    // Assess
    expect(closing.day).toBe('2026-12-31');
    expect(closing.evaluated.map((e) => e.period)).toEqual(periodsClosingOn('2026-12-31').map((p) => p.id));
    expect(closing.evaluated.map((e) => e.period)).toEqual(expect.arrayContaining(['2026-12', '2026']));
    const year = await readEvaluation('2026');
    expect(year).toMatchObject({ complete: true, through: '2026-12-31', generatedBy: 'schedule:monthly-evaluation' });
    expect(year?.centre.received).toBe(5);
    expect(daily.evaluated).toEqual([{ period: '2026-11', revision: 1, generatedAt: '2026-11-03T01:00:02+08:00' }]);
    expect(retried.evaluated).toEqual(daily.evaluated);
    const november = await readEvaluation('2026-11');
    expect(november).toMatchObject({ from: '2026-11-01', to: '2026-11-02', through: '2026-11-02', complete: false });
    expect(november?.centre).toMatchObject({ received: 1, closed: 1, referred: 0 });
  });
});
