import { policies } from '../../functions/domain/duty.ts';
import { chainEvent, genesisHash, type TimelineEventType } from '../../functions/domain/timeline.ts';
import type { CaseRecord, ClockedCase } from '../../functions/store/cases.ts';
import { CLOCK_PENDING, type ClockRecord } from '../../functions/store/clocks.ts';

/**
 * A case as the store holds it, for store tests: SC-001 received online and accepted on Thursday 2026-10-08 at
 * 10:00, due by the end of Tuesday 10-13 (3 working days), its timeline one `firstEvent`. Its clock is
 * `storedClock(case)`.
 */
export function storedCase(
  id: string,
  firstEvent: TimelineEventType = 'ACCEPTED',
  overrides: Partial<CaseRecord> = {},
): ClockedCase {
  const first = chainEvent(genesisHash(id), { at: '2026-10-08T10:00:00+08:00', type: firstEvent, by: 'applicant-1' });
  return {
    id,
    itemCode: 'SC-001',
    itemName: '企业设立登记',
    departmentId: 'market',
    applicant: { type: 'ENTERPRISE', name: '大连示例科技有限公司', phone: '0411-1234567' },
    submittedBy: 'applicant-1',
    applicantSub: 'applicant-1',
    materials: [],
    form: {},
    receivedBy: { kind: 'online' },
    notices: [],
    status: 'ACCEPTED',
    version: 1,
    receivedAt: '2026-10-08T10:00:00+08:00',
    acceptedOn: '2026-10-08',
    workingDays: 3,
    deadlineDate: '2026-10-13',
    deadline: '2026-10-14T00:00:00+08:00',
    deadlineAt: '2026-10-13T16:00:00.000Z',
    provisional: false,
    deemedConsentEligible: true,
    handler: { id: 'h', name: 'Handler' },
    leader: { id: 'l', name: 'Leader' },
    timeline: [first],
    timelineHead: first.hash,
    createdAt: '2026-10-08T10:00:00+08:00',
    updatedAt: '2026-10-08T10:00:00+08:00',
    ...overrides,
  };
}

/** The approval clock of a stored case, as acceptance writes it: running, open, its execution not yet recorded. */
export function storedClock(c: ClockedCase, overrides: Partial<ClockRecord> = {}): ClockRecord {
  return {
    subject: c.id,
    duty: 'APPROVAL',
    phase: 'RUNNING',
    unit: 'WORKING_DAYS',
    limit: c.workingDays,
    startedOn: c.acceptedOn,
    startedAt: c.receivedAt,
    deadlineDate: c.deadlineDate,
    deadline: c.deadline,
    deadlineAt: c.deadlineAt,
    provisional: c.provisional,
    pauses: 0,
    extensions: 0,
    executionName: policies.APPROVAL.executionName(c.id),
    clockPending: CLOCK_PENDING,
    updatedAt: c.updatedAt,
    ...overrides,
  };
}

/**
 * A timeline of `types` chained from the case's genesis, an hour apart from the fixture's 2026-10-08 10:00, and its
 * head: `storedCase(id, types[0], chainedTimeline(id, types))` is a stored case further along.
 */
export function chainedTimeline(
  id: string,
  types: readonly string[],
  by = 'applicant-1',
): Pick<CaseRecord, 'timeline' | 'timelineHead'> {
  let head = genesisHash(id);
  const timeline = types.map((type, i) => {
    // Any string: the table holds what older versions wrote as well.
    const event = chainEvent(head, { at: `2026-10-08T${10 + i}:00:00+08:00`, type: type as never, by });
    head = event.hash;
    return event;
  });
  return { timeline, timelineHead: head };
}
