import { marshall } from '@aws-sdk/util-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WorkingCalendar } from '../../functions/domain/calendar.ts';
import type { CaseRecord } from '../../functions/store/cases.ts';
import type { LocalDynamo } from '../../local/dynamodb.ts';
import { storedCase } from '../support/cases.ts';
import { startTestDynamo } from '../support/dynamo.ts';

let dynamo: LocalDynamo;
beforeAll(async () => {
  dynamo = await startTestDynamo();
});
afterAll(async () => {
  await dynamo?.close();
});

// Imported after the environment is set (the store reads table names from it).
const { handler } = await import('../../functions/stream/tally.ts');
const { readTallies, tallyCase, tallyMarker } = await import('../../functions/store/evaluations.ts');

const calendar = new WorkingCalendar([]);
const context = {} as never;

/** A case whose timeline is `events` ([type, at, by]), otherwise the store fixture. */
function caseWith(id: string, events: readonly [string, string, string?][], overrides: Partial<CaseRecord> = {}) {
  return storedCase(id, 'ACCEPTED', {
    timeline: events.map(([type, at, by]) => ({ type, at, by: by ?? 'clerk-1', hash: `${id}-${type}` })) as never,
    ...overrides,
  });
}

let sequence = 0;
function record(before: object | undefined, after: object) {
  sequence++;
  return {
    eventID: `t${sequence}`,
    eventName: before ? ('MODIFY' as const) : ('INSERT' as const),
    dynamodb: {
      SequenceNumber: String(sequence).padStart(6, '0'),
      ...(before ? { OldImage: marshall(before, { removeUndefinedValues: true }) } : {}),
      NewImage: marshall(after, { removeUndefinedValues: true }),
    },
  };
}

/** The counts of one unit on one day, as read back. */
async function countsOf(day: string, key: string) {
  const { rows } = await readTallies(day, day);
  return rows.find((r) => `${r.unit.kind}#${r.unit.id}` === key)?.counters ?? {};
}

describe('the tally (Cases stream → per-day counts per unit)', () => {
  it('counts each new event once, however often the stream delivers its record', async () => {
    // Prepare: a case received online on 2026-03-02 and accepted the next day, then approved on the 5th.
    const received = caseWith('T-1', [['RECEIVED', '2026-03-02T09:00:00+08:00', 'applicant-1']], {
      departmentId: 'd-once',
    });
    const accepted = caseWith(
      'T-1',
      [
        ['RECEIVED', '2026-03-02T09:00:00+08:00', 'applicant-1'],
        ['ACCEPTED', '2026-03-03T10:00:00+08:00', 'clerk-1'],
      ],
      { departmentId: 'd-once' },
    );
    const event = { Records: [record(undefined, received), record(received, accepted)] };

    // Act: delivered, then delivered again (a retry of the whole batch).
    const first = await handler(event, context);
    const again = await handler(event, context);

    // Assess
    expect(first).toEqual({ batchItemFailures: [] });
    expect(again).toEqual({ batchItemFailures: [] });
    expect(await countsOf('2026-03-02', 'DEPARTMENT#d-once')).toEqual({ received: 1 });
    expect(await countsOf('2026-03-03', 'DEPARTMENT#d-once')).toEqual({ accepted: 1 });
    expect(await countsOf('2026-03-03', 'OFFICER#clerk-1')).toMatchObject({ accepted: 1 });
    expect(await tallyMarker('T-1')).toBe(1);
  });

  it('counts an on-the-spot decision (received and approved in one write) for the centre, window and clerk', async () => {
    // Prepare
    const onTheSpot = caseWith(
      'T-2',
      [
        ['RECEIVED', '2026-03-09T09:00:00+08:00', 'clerk-9'],
        ['APPROVED', '2026-03-09T09:00:00+08:00', 'clerk-9'],
      ],
      {
        departmentId: 'd-spot',
        receivedBy: { kind: 'window', departmentId: 'd-spot', windowId: 'w1' } as never,
        handledOnTheSpot: true,
        acceptedOn: '2026-03-09',
        deadlineDate: '2026-03-09',
        workingDays: 0,
        decision: { by: 'clerk-9', late: false } as never,
      },
    );

    // Act
    expect(await handler({ Records: [record(undefined, onTheSpot)] }, context)).toEqual({ batchItemFailures: [] });

    // Assess
    const closing = { received: 1, closed: 1, closedOnTime: 1, closedOnTheSpot: 1 };
    expect(await countsOf('2026-03-09', 'DEPARTMENT#d-spot')).toMatchObject(closing);
    expect(await countsOf('2026-03-09', 'WINDOW#d-spot/w1')).toMatchObject(closing);
    expect(await countsOf('2026-03-09', 'OFFICER#clerk-9')).toMatchObject(closing);
  });

  it('reports the record whose write failed, alone, and counts it (once) when the stream retries from it', async () => {
    // Prepare: two cases; the Tallies table is unreachable for every write that counts the second one — the batch's
    // single write (both cases), then that case's own.
    const a = caseWith('T-3a', [['RECEIVED', '2026-03-10T09:00:00+08:00', 'applicant-1']], { departmentId: 'd-fail' });
    const b = caseWith('T-3b', [['RECEIVED', '2026-03-10T10:00:00+08:00', 'applicant-1']], { departmentId: 'd-fail' });
    const ra = record(undefined, a);
    const rb = record(undefined, b);
    const writes: string[] = [];
    const { db } = await import('../../functions/store/client.ts');
    db().middlewareStack.add(
      (next, ctx) => async (args) => {
        if (String(ctx.commandName).startsWith('TransactWrite')) {
          const markers: string[] = JSON.stringify(args.input).match(/CASE#T-3[ab]/g) ?? [];
          writes.push(markers.join('+'));
          if (markers.includes('CASE#T-3b')) throw new Error('network down');
        }
        return next(args);
      },
      { step: 'initialize', name: 'failTallyWritesOfB' },
    );

    // Act
    const failed = await handler({ Records: [ra, rb] }, context);
    db().middlewareStack.remove('failTallyWritesOfB');
    const retried = await handler({ Records: [rb] }, context);

    // Assess: the batch in one write first; when it failed, record by record — the first counted, the second
    // reported alone, and counted once when the stream retries from it.
    expect(writes).toEqual(['CASE#T-3a+CASE#T-3b', 'CASE#T-3a', 'CASE#T-3b']);
    expect(failed).toEqual({ batchItemFailures: [{ itemIdentifier: rb.dynamodb.SequenceNumber }] });
    expect(retried).toEqual({ batchItemFailures: [] });
    expect(await countsOf('2026-03-10', 'DEPARTMENT#d-fail')).toEqual({ received: 2 });
  });

  it('a backfill overlapping the stream never counts an event twice, in either order or at once', async () => {
    // Prepare: cases written before the tally existed (two events, no marker), then changed once more.
    const events: [string, string, string?][] = [
      ['RECEIVED', '2026-03-16T09:00:00+08:00', 'applicant-1'],
      ['ACCEPTED', '2026-03-16T10:00:00+08:00', 'clerk-1'],
      ['YELLOW_WARNING', '2026-03-17T09:00:00+08:00', 'system:clock'],
    ];
    const earlier = (id: string) => caseWith(id, events.slice(0, 2), { departmentId: 'd-backfill' });
    const later = (id: string) => caseWith(id, events, { departmentId: 'd-backfill' });

    // Act: the stream first (it counts the whole case: no marker yet), then the backfill…
    await handler({ Records: [record(earlier('T-4a'), later('T-4a'))] }, context);
    const backfillAfterStream = await tallyCase(later('T-4a'), 0, calendar);
    // …the backfill first, then the stream delivers the change…
    const backfillFirst = await tallyCase(later('T-4b'), 0, calendar);
    await handler({ Records: [record(earlier('T-4b'), later('T-4b'))] }, context);
    // …and both at once.
    await Promise.all([
      tallyCase(later('T-4c'), 0, calendar),
      handler({ Records: [record(earlier('T-4c'), later('T-4c'))] }, context),
      tallyCase(later('T-4c'), 0, calendar),
    ]);

    // Assess: three cases, each event once.
    expect(backfillAfterStream).toBe(0);
    expect(backfillFirst).toBe(3);
    expect(await countsOf('2026-03-16', 'DEPARTMENT#d-backfill')).toEqual({ received: 3, accepted: 3 });
    expect(await countsOf('2026-03-17', 'DEPARTMENT#d-backfill')).toEqual({ yellowWarnings: 3 });
    for (const id of ['T-4a', 'T-4b', 'T-4c']) expect(await tallyMarker(id)).toBe(2);
  });

  it('a case with a long timeline is counted in several writes (≤ 100 actions each), each event once', async () => {
    // Prepare: 40 events on 40 days, each adding to 4 units: 160 aggregates.
    const long: [string, string, string?][] = Array.from({ length: 40 }, (_, i) => [
      'YELLOW_WARNING',
      `2026-0${4 + Math.floor(i / 28)}-${String((i % 28) + 1).padStart(2, '0')}T09:00:00+08:00`,
      'system:clock',
    ]);

    // Act
    const counted = await tallyCase(caseWith('T-5', long, { departmentId: 'd-long' }), 0, calendar);
    const again = await tallyCase(caseWith('T-5', long, { departmentId: 'd-long' }), 0, calendar);

    // Assess
    expect([counted, again]).toEqual([40, 0]);
    const { rows } = await readTallies('2026-04-01', '2026-05-31');
    const total = rows
      .filter((r) => r.unit.kind === 'DEPARTMENT' && r.unit.id === 'd-long')
      .reduce((sum, r) => sum + (r.counters.yellowWarnings ?? 0), 0);
    expect(total).toBe(40);
  });
});

/** The number of actions of every TransactWriteItems the store sends while `act` runs. */
async function transactWrites(act: () => Promise<unknown>): Promise<number[]> {
  const { db } = await import('../../functions/store/client.ts');
  const sizes: number[] = [];
  const name = `countTallyWrites${++sequence}`;
  db().middlewareStack.add(
    (next, ctx) => async (args) => {
      if (String(ctx.commandName).startsWith('TransactWrite')) {
        sizes.push((args.input as { TransactItems: unknown[] }).TransactItems.length);
      }
      return next(args);
    },
    { step: 'initialize', name },
  );
  try {
    await act();
  } finally {
    db().middlewareStack.remove(name);
  }
  return sizes;
}

describe('a stream batch in as few writes as it takes', () => {
  it("counts a burst's batch in one write, and nothing again when the batch is delivered again", async () => {
    // Prepare: 25 cases received on one day by one department's clerk: the same few aggregates, 25 markers.
    const cases = Array.from({ length: 25 }, (_, i) =>
      caseWith(`T-6-${i}`, [['RECEIVED', '2026-06-02T09:00:00+08:00', 'applicant-1']], { departmentId: 'd-burst' }),
    );
    const batch = { Records: cases.map((c) => record(undefined, c)) };

    // Act
    const first = await transactWrites(() => handler(batch, context));
    const again = await transactWrites(() => handler(batch, context));

    // Assess: one write of 25 markers and the aggregates they share; the batch again writes nothing (its one write
    // is refused on the markers, then each record finds its own counted).
    expect(first).toHaveLength(1);
    expect(first[0]).toBeGreaterThan(25);
    expect(first[0]).toBeLessThanOrEqual(30);
    expect(again.length).toBeGreaterThan(1);
    expect(await countsOf('2026-06-02', 'DEPARTMENT#d-burst')).toEqual({ received: 25 });
    for (const c of cases) expect(await tallyMarker(c.id)).toBe(0);
  });

  it('counts the new records of a batch that also carries records counted before, each once', async () => {
    // Prepare: three cases counted already; three new ones, and the three again, in one batch (a retry of a batch
    // that failed part-way, with new records behind it).
    const received = (id: string) =>
      caseWith(id, [['RECEIVED', '2026-06-03T09:00:00+08:00', 'applicant-1']], { departmentId: 'd-mixed' });
    const old = ['T-7a', 'T-7b', 'T-7c'].map((id) => record(undefined, received(id)));
    await handler({ Records: old }, context);
    const fresh = ['T-7d', 'T-7e', 'T-7f'].map((id) => record(undefined, received(id)));

    // Act
    const out = await handler({ Records: [old[0], fresh[0], old[1], fresh[1], old[2], fresh[2]] as never }, context);

    // Assess
    expect(out).toEqual({ batchItemFailures: [] });
    expect(await countsOf('2026-06-03', 'DEPARTMENT#d-mixed')).toEqual({ received: 6 });
  });

  it("joins a case's consecutive records in a batch, and counts records that skip ahead one by one", async () => {
    // Prepare: T-8 received, accepted and approved in three records of one batch; T-9's record of its approval
    // arrives without the one of its acceptance (dropped after its retries): the gap is counted from its image.
    const events: [string, string, string?][] = [
      ['RECEIVED', '2026-06-04T09:00:00+08:00', 'applicant-1'],
      ['ACCEPTED', '2026-06-04T10:00:00+08:00', 'clerk-1'],
      ['APPROVED', '2026-06-05T10:00:00+08:00', 'clerk-1'],
    ];
    const stage = (id: string, n: number) => caseWith(id, events.slice(0, n), { departmentId: 'd-join' });
    const t8 = [record(undefined, stage('T-8', 1)), record(stage('T-8', 1), stage('T-8', 2))];
    t8.push(record(stage('T-8', 2), stage('T-8', 3)));
    await handler({ Records: [record(undefined, stage('T-9', 1))] }, context);
    const t9 = record(stage('T-9', 2), stage('T-9', 3));

    // Act
    const writes = await transactWrites(() => handler({ Records: [...t8] }, context));
    const out = await handler({ Records: [t9] }, context);

    // Assess: T-8 in one write; T-9's accepted and approved both counted, once.
    expect(writes).toHaveLength(1);
    expect(out).toEqual({ batchItemFailures: [] });
    expect(await countsOf('2026-06-04', 'DEPARTMENT#d-join')).toEqual({ received: 2, accepted: 2 });
    expect(await countsOf('2026-06-05', 'DEPARTMENT#d-join')).toMatchObject({ closed: 2, closedOnTime: 2 });
    expect(await tallyMarker('T-8')).toBe(2);
    expect(await tallyMarker('T-9')).toBe(2);
  });

  it('splits a batch whose aggregates pass 100 actions into several writes, each case counted once', async () => {
    // Prepare: 40 cases in 40 departments, each with its own clerk: more aggregates than one write holds.
    const cases = Array.from({ length: 40 }, (_, i) =>
      caseWith(`T-10-${i}`, [['ACCEPTED', '2026-06-08T09:00:00+08:00', `clerk-10-${i}`]], {
        departmentId: `d-split-${i}`,
      }),
    );

    // Act
    const writes = await transactWrites(() => handler({ Records: cases.map((c) => record(undefined, c)) }, context));

    // Assess
    expect(writes.length).toBeGreaterThan(1);
    for (const size of writes) expect(size).toBeLessThanOrEqual(100);
    for (let i = 0; i < 40; i++) {
      expect(await countsOf('2026-06-08', `DEPARTMENT#d-split-${i}`)).toEqual({ accepted: 1 });
    }
  });
});

describe('readTallies', () => {
  it("reads only the period's items: eleven more months of history leave the items read unchanged", async () => {
    // Prepare: a month of activity (2027-06), then its items read.
    const activity = (id: string, month: string) =>
      tallyCase(
        caseWith(
          id,
          [
            ['RECEIVED', `${month}-10T09:00:00+08:00`, 'applicant-1'],
            ['ACCEPTED', `${month}-11T09:00:00+08:00`, 'clerk-1'],
          ],
          { departmentId: 'd-history' },
        ),
        0,
        calendar,
      );
    await activity('H-2027-06', '2027-06');
    const alone = await readTallies('2027-06-01', '2027-06-30');

    // Act: eleven more months around it.
    const months = ['2026-08', '2026-09', '2026-10', '2026-11', '2026-12', '2027-01', '2027-02', '2027-03', '2027-04'];
    for (const month of [...months, '2027-05', '2027-07']) await activity(`H-${month}`, month);
    const withHistory = await readTallies('2027-06-01', '2027-06-30');

    // Assess: the same rows, the same number of items read (2 days × centre, department, item, officer on day 2).
    expect(withHistory.itemsRead).toBe(alone.itemsRead);
    expect(withHistory.rows).toEqual(alone.rows);
    expect(alone.itemsRead).toBe(7);
    const all = await readTallies('2026-08-01', '2027-07-31');
    expect(all.itemsRead).toBe(12 * 7);
  });
});
