import { describe, expect, it } from 'vitest';
import {
  assertMove,
  canTransition,
  caseStatuses,
  checkDecision,
  creatingEvent,
  decidableStatuses,
  expiryOutcome,
  hasExpired,
  isMove,
  lifecycle,
  withdrawableStatuses,
} from '../../functions/domain/case.ts';
import { nextWake } from '../../functions/domain/duty.ts';
import { type TimelineEventType, timelineEventTypes } from '../../functions/domain/timeline.ts';

const deadline = new Date('2026-10-08T16:00:00.000Z'); // 2026-10-09T00:00:00+08:00, the end of 10-08
const DAY = 86_400_000;

describe('case lifecycle', () => {
  it.each([
    ['ACCEPTED', 'APPROVED', true],
    ['ACCEPTED', 'REJECTED', true],
    ['ACCEPTED', 'DEEMED_APPROVED', true],
    ['ACCEPTED', 'OVERDUE', true],
    ['OVERDUE', 'APPROVED', true],
    ['OVERDUE', 'REJECTED', true],
    ['OVERDUE', 'DEEMED_APPROVED', false],
    ['DEEMED_APPROVED', 'REJECTED', false],
    ['DEEMED_APPROVED', 'APPROVED', false],
    ['APPROVED', 'REJECTED', false],
    ['REJECTED', 'APPROVED', false],
    ['APPROVED', 'ACCEPTED', false],
    ['MATERIALS_REQUIRED', 'ACCEPTED', true],
    ['MATERIALS_REQUIRED', 'MATERIALS_REQUIRED', true],
    ['MATERIALS_REQUIRED', 'DEEMED_APPROVED', false],
    ['ACCEPTED', 'MATERIALS_REQUIRED', false],
    ['RECEIVED', 'ACCEPTED', true],
    ['RECEIVED', 'MATERIALS_REQUIRED', true],
    ['RECEIVED', 'APPROVED', false],
    ['ACCEPTED', 'WITHDRAWN', true],
    ['OVERDUE', 'WITHDRAWN', false],
    ['DEEMED_APPROVED', 'REVOKED', true],
    ['APPROVED', 'REVOKED', false],
    ['WITHDRAWN', 'ACCEPTED', false],
    ['ACCEPTED', 'SUSPENDED', true],
    ['SUSPENDED', 'ACCEPTED', true],
    ['SUSPENDED', 'DEEMED_APPROVED', false],
    ['SUSPENDED', 'APPROVED', false],
    // Nothing decides a case waiting for materials: it is accepted first (a decision on the spot is made at creation).
    ['MATERIALS_REQUIRED', 'APPROVED', false],
    ['MATERIALS_REQUIRED', 'REJECTED', false],
  ] as const)('%s → %s allowed: %s', (from, to, allowed) => {
    expect(canTransition(from, to)).toBe(allowed);
  });

  it('keeps decisions possible only on ACCEPTED and OVERDUE cases', () => {
    expect([...decidableStatuses].sort()).toEqual(['ACCEPTED', 'OVERDUE']);
    expect(caseStatuses).toHaveLength(10);
  });
});

describe('the lifecycle table: which event each status takes, and where it leaves the case', () => {
  // Every move the code makes, with who makes it: the table must hold each one, and nothing the code does not do.
  it.each([
    ['RECEIVED', 'ACCEPTED', 'ACCEPTED'], // POST /applications/{id}/accept
    ['RECEIVED', 'MATERIALS_REQUIRED', 'MATERIALS_REQUIRED'], // POST …/notice
    ['RECEIVED', 'DEEMED_ACCEPTED', 'ACCEPTED'], // the intake clock at the end of the review period
    ['RECEIVED', 'WITHDRAWN', 'WITHDRAWN'], // POST …/withdraw
    ['MATERIALS_REQUIRED', 'ACCEPTED', 'ACCEPTED'], // POST …/materials, complete
    ['MATERIALS_REQUIRED', 'REPEATED_NOTICE', 'MATERIALS_REQUIRED'], // POST …/materials, still incomplete
    ['MATERIALS_REQUIRED', 'WITHDRAWN', 'WITHDRAWN'],
    ['ACCEPTED', 'APPROVED', 'APPROVED'], // POST …/decision (recordDecision), or on the spot at creation
    ['ACCEPTED', 'REJECTED', 'REJECTED'],
    ['ACCEPTED', 'DEEMED_APPROVED', 'DEEMED_APPROVED'], // the expiry rule (applyExpiry)
    ['ACCEPTED', 'OVERDUE', 'OVERDUE'],
    ['ACCEPTED', 'WITHDRAWN', 'WITHDRAWN'], // withdrawAccepted
    ['ACCEPTED', 'SUSPENDED', 'SUSPENDED'], // POST …/suspend
    ['ACCEPTED', 'YELLOW_WARNING', 'ACCEPTED'], // the approval clock
    ['ACCEPTED', 'EXTENSION_REQUESTED', 'ACCEPTED'], // POST …/extension
    ['ACCEPTED', 'EXTENDED', 'ACCEPTED'], // POST …/extension/approve
    ['SUSPENDED', 'RESUMED', 'ACCEPTED'], // POST …/resume
    ['SUSPENDED', 'WITHDRAWN', 'WITHDRAWN'],
    ['OVERDUE', 'APPROVED', 'APPROVED'], // a late decision
    ['OVERDUE', 'REJECTED', 'REJECTED'],
    ['OVERDUE', 'RED_CARD', 'OVERDUE'], // the approval clock at the supervision deadline
    ['DEEMED_APPROVED', 'REVOKED', 'REVOKED'], // POST …/review, WRONGFUL
    ['DEEMED_APPROVED', 'DEEMED_APPROVAL_CONFIRMED', 'DEEMED_APPROVED'], // POST …/review, CONFIRMED
  ] as const)('%s takes %s and becomes %s', (from, event, to) => {
    expect(isMove(from, event, to)).toBe(true);
    expect(() => assertMove(from, to, event)).not.toThrow();
  });

  it.each([
    ['ACCEPTED', 'YELLOW_WARNING', 'SUSPENDED'], // the right event, the wrong status after it
    ['OVERDUE', 'YELLOW_WARNING', 'OVERDUE'], // an event the status does not take, even without a status change
    ['ACCEPTED', 'RED_CARD', 'ACCEPTED'],
    ['SUSPENDED', 'EXTENDED', 'SUSPENDED'],
    ['RECEIVED', 'APPROVED', 'APPROVED'],
    ['MATERIALS_REQUIRED', 'APPROVED', 'APPROVED'],
    ['OVERDUE', 'WITHDRAWN', 'WITHDRAWN'],
    ['DEEMED_APPROVED', 'APPROVED', 'APPROVED'],
    ['APPROVED', 'REVOKED', 'REVOKED'],
    ['ACCEPTED', 'RECEIVED', 'RECEIVED'], // RECEIVED only ever creates a case
  ] as const)('refuses %s taking %s to become %s, before anything is written', (from, event, to) => {
    expect(isMove(from, event, to)).toBe(false);
    expect(() => assertMove(from, to, event)).toThrow(/lifecycle/);
  });

  it('names the move it refuses, so the programming error is found from the log', () => {
    expect(() => assertMove('OVERDUE', 'OVERDUE', 'YELLOW_WARNING')).toThrow(
      'lifecycle: an OVERDUE case takes no YELLOW_WARNING event',
    );
    expect(() => assertMove('ACCEPTED', 'SUSPENDED', 'YELLOW_WARNING')).toThrow(
      'lifecycle: YELLOW_WARNING leaves an ACCEPTED case ACCEPTED, not SUSPENDED',
    );
  });

  it('starts every case with RECEIVED, and every other event type is taken by some status', () => {
    expect(creatingEvent).toBe('RECEIVED');
    const taken = new Set(Object.values(lifecycle).flatMap((events) => Object.keys(events)));
    expect(taken.has(creatingEvent)).toBe(false);
    const others = timelineEventTypes.filter((t) => t !== creatingEvent);
    expect(others.filter((t) => !taken.has(t))).toEqual([]);
  });

  it('reaches every status from RECEIVED; the final ones take no event at all', () => {
    const reached = new Set<string>(['RECEIVED']);
    for (let grew = true; grew; ) {
      grew = false;
      for (const from of [...reached]) {
        for (const to of Object.values(lifecycle[from as keyof typeof lifecycle])) {
          if (reached.has(to)) continue;
          reached.add(to);
          grew = true;
        }
      }
    }
    expect([...reached].sort()).toEqual([...caseStatuses].sort());
    const final = caseStatuses.filter((s) => Object.keys(lifecycle[s]).length === 0);
    expect(final.sort()).toEqual(['APPROVED', 'REJECTED', 'REVOKED', 'WITHDRAWN']);
  });

  it('lets the applicant withdraw exactly where the table takes a withdrawal', () => {
    const takesWithdrawal = caseStatuses.filter((s) => isMove(s, 'WITHDRAWN', 'WITHDRAWN'));
    expect(takesWithdrawal.sort()).toEqual([...withdrawableStatuses].sort());
  });

  it('keys the table by the closed set of timeline event types (a misspelled one does not compile)', () => {
    // @ts-expect-error — not a timeline event type
    const misspelled: TimelineEventType = 'YELLOW_WARNIG';
    expect(timelineEventTypes).not.toContain(misspelled);
  });
});

describe('the expiry rule', () => {
  it('deems an eligible item approved and turns an ineligible one overdue', () => {
    expect(expiryOutcome({ deemedConsentEligible: true })).toBe('DEEMED_APPROVED');
    expect(expiryOutcome({ deemedConsentEligible: false })).toBe('OVERDUE');
  });

  it('expires at the deadline instant, never a millisecond before', () => {
    expect(hasExpired(deadline, new Date(deadline.getTime() - 1))).toBe(false);
    expect(hasExpired(deadline, deadline)).toBe(true);
  });

  it('takes an on-time decision before the deadline, a late one on an OVERDUE case, none otherwise', () => {
    const before = new Date(deadline.getTime() - 1);
    expect(checkDecision('ACCEPTED', deadline, before)).toEqual({ ok: true, late: false });
    expect(checkDecision('ACCEPTED', deadline, deadline)).toEqual({ ok: false, reason: 'DEADLINE_PASSED' });
    expect(checkDecision('OVERDUE', deadline, new Date(deadline.getTime() + DAY))).toEqual({ ok: true, late: true });
    expect(checkDecision('DEEMED_APPROVED', deadline, before)).toEqual({ ok: false, reason: 'DEEMED_APPROVED' });
    expect(checkDecision('APPROVED', deadline, before)).toEqual({ ok: false, reason: 'ALREADY_DECIDED' });
    expect(checkDecision('REJECTED', deadline, before)).toEqual({ ok: false, reason: 'ALREADY_DECIDED' });
    expect(checkDecision('MATERIALS_REQUIRED', undefined, before)).toEqual({ ok: false, reason: 'NOT_ACCEPTED' });
    expect(checkDecision('RECEIVED', undefined, before)).toEqual({ ok: false, reason: 'NOT_ACCEPTED' });
    expect(checkDecision('SUSPENDED', deadline, before)).toEqual({ ok: false, reason: 'NOT_ACCEPTED' });
  });

  it('wakes the clock at the deadline, or after at most the chunk length when the deadline is further', () => {
    const now = new Date(deadline.getTime() - 30 * DAY);
    expect(nextWake(deadline, now, 20)).toEqual(new Date(now.getTime() + 20 * DAY));
    const close = new Date(deadline.getTime() - 3 * DAY);
    expect(nextWake(deadline, close, 20)).toEqual(deadline);
  });
});
