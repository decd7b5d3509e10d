import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CaseStatus, caseStatuses, isMove } from '../../functions/domain/case.ts';
import type { TimelineEventType } from '../../functions/domain/timeline.ts';
import type { CaseRecord } from '../../functions/store/cases.ts';
import type { LocalDynamo } from '../../local/dynamodb.ts';
import { storedCase, storedClock } from '../support/cases.ts';
import { startTestDynamo } from '../support/dynamo.ts';

let dynamo: LocalDynamo;
beforeAll(async () => {
  dynamo = await startTestDynamo();
});
afterAll(async () => {
  await dynamo?.close();
});

// Imported after the environment is set (the store reads table names from it).
const cases = () => import('../../functions/store/cases.ts');

let counter = 0;
function newCase(status: CaseStatus): CaseRecord {
  counter++;
  return storedCase(`XN20261001-LIFE${String(counter).padStart(22, '0')}`, 'ACCEPTED', { status });
}

/** The case with its approval clock in the phase its status implies. */
async function create(store: Awaited<ReturnType<typeof cases>>, c: CaseRecord): Promise<void> {
  const phase =
    c.status === 'ACCEPTED'
      ? 'RUNNING'
      : c.status === 'SUSPENDED'
        ? 'PAUSED'
        : c.status === 'OVERDUE'
          ? 'OVERDUE'
          : 'ENDED';
  await store.createCase(c, [storedClock(c as Parameters<typeof storedClock>[0], { phase })]);
}
const approvalEnds = { key: { subject: '', duty: 'APPROVAL' as const }, from: ['RUNNING' as const] };

const at = '2026-10-09T10:00:00+08:00';
/** Before the stored case's deadline (the end of 2026-10-13), and after it. */
const beforeDeadline = '2026-10-09T02:00:00.000Z';
const afterDeadline = '2026-10-14T02:00:00.000Z';

describe('transitionCase holds every move to the lifecycle table', () => {
  it.each([
    ['ACCEPTED', 'ACCEPTED', 'RED_CARD'], // a red card on a running clock
    ['OVERDUE', 'OVERDUE', 'YELLOW_WARNING'], // a yellow warning after the deadline
    ['ACCEPTED', 'SUSPENDED', 'YELLOW_WARNING'], // the right event, the wrong status after it
    ['MATERIALS_REQUIRED', 'APPROVED', 'APPROVED'], // a decision before acceptance
  ] as const)('refuses %s → %s by %s as a programming error, before anything is written', async (from, to, type) => {
    // Prepare
    const store = await cases();
    const c = newCase(from);
    await create(store, c);
    // Act
    const move = store.transitionCase(c, from, to === from ? {} : { status: to }, { at, type, by: 'someone' });
    // Assess
    await expect(move).rejects.toThrow(/lifecycle/);
    expect(await store.getCase(c.id)).toEqual(c);
  });

  it('writes a move the table holds, with or without a status change', async () => {
    const store = await cases();
    const c = newCase('ACCEPTED');
    await create(store, c);
    const warned = await store.transitionCase(
      c,
      'ACCEPTED',
      { yellowWarnedFor: c.deadlineAt },
      { at, type: 'YELLOW_WARNING', by: 'system:test' },
    );
    expect(warned).toMatchObject({ status: 'ACCEPTED', version: 2 });
    const paused =
      warned &&
      (await store.transitionCase(warned, 'ACCEPTED', { status: 'SUSPENDED' }, { at, type: 'SUSPENDED', by: 'h' }));
    expect(paused).toMatchObject({ status: 'SUSPENDED', version: 3 });
  });
});

/**
 * The store's own writers (a decision, the expiry rule, the withdrawal of an accepted case) are tried from every
 * status: each write they make must be a move of the table — the status before, the event appended, the status after.
 */
describe("the store's other writers make only moves the table holds", () => {
  type Writer = (store: Awaited<ReturnType<typeof cases>>, c: CaseRecord) => Promise<CaseRecord | undefined>;
  const writers: Record<string, { readonly type: TimelineEventType; readonly write: Writer }> = {
    'recordDecision APPROVED': {
      type: 'APPROVED',
      write: async (store, c) => {
        const decision = { outcome: 'APPROVED', by: 'r', at, late: false } as const;
        const out = await store.recordDecision(c, decision, { at, type: 'APPROVED', by: 'r' }, beforeDeadline);
        return out.ok ? out.after : undefined;
      },
    },
    'recordDecision REJECTED': {
      type: 'REJECTED',
      write: async (store, c) => {
        const decision = { outcome: 'REJECTED', by: 'r', at, late: false } as const;
        const out = await store.recordDecision(c, decision, { at, type: 'REJECTED', by: 'r' }, beforeDeadline);
        return out.ok ? out.after : undefined;
      },
    },
    'applyExpiry DEEMED_APPROVED': {
      type: 'DEEMED_APPROVED',
      write: (store, c) =>
        store.applyExpiry(
          c,
          { outcome: 'DEEMED_APPROVED', at: '2026-10-14T00:00:00+08:00', appliedAt: at, appliedBy: 'system:test' },
          { at, type: 'DEEMED_APPROVED', by: 'system:test' },
          afterDeadline,
          { ...approvalEnds, key: { subject: c.id, duty: 'APPROVAL' }, set: { phase: 'ENDED' } },
        ),
    },
    'applyExpiry OVERDUE': {
      type: 'OVERDUE',
      write: (store, c) =>
        store.applyExpiry(
          c,
          { outcome: 'OVERDUE', at: '2026-10-14T00:00:00+08:00', appliedAt: at, appliedBy: 'system:test' },
          { at, type: 'OVERDUE', by: 'system:test' },
          afterDeadline,
          { ...approvalEnds, key: { subject: c.id, duty: 'APPROVAL' }, set: { phase: 'OVERDUE' } },
          {
            since: at,
            deadlineDate: '2026-10-15',
            deadline: '2026-10-16T00:00:00+08:00',
            deadlineAt: '2026-10-15T16:00:00.000Z',
          },
        ),
    },
    withdrawAccepted: {
      type: 'WITHDRAWN',
      write: async (store, c) => {
        const out = await store.withdrawAccepted(c, { at, type: 'WITHDRAWN', by: 'a' }, beforeDeadline);
        return out.ok ? out.after : undefined;
      },
    },
  };

  it.each(Object.keys(writers))('%s', async (name) => {
    const store = await cases();
    const writer = writers[name];
    if (!writer) throw new Error(name);
    const made: string[] = [];
    for (const from of caseStatuses) {
      const c = newCase(from);
      await create(store, c);
      const after = await writer.write(store, c);
      if (!after) continue;
      made.push(`${from} → ${after.status}`);
      expect(after.timeline.at(-1)?.type).toBe(writer.type);
      expect(isMove(from, writer.type, after.status), `${from} --${writer.type}--> ${after.status}`).toBe(true);
    }
    // Not vacuous: each writer makes at least one move.
    expect(made.length).toBeGreaterThan(0);
  });
});
