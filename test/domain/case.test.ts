import { describe, expect, it } from 'vitest';
import {
  canTransition,
  caseStatuses,
  checkDecision,
  decidableStatuses,
  expiryOutcome,
  hasExpired,
  nextCheckpoint,
} from '../../functions/domain/case.ts';

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
  ] as const)('%s → %s allowed: %s', (from, to, allowed) => {
    expect(canTransition(from, to)).toBe(allowed);
  });

  it('keeps decisions possible only on ACCEPTED and OVERDUE cases', () => {
    expect([...decidableStatuses].sort()).toEqual(['ACCEPTED', 'OVERDUE']);
    expect(caseStatuses).toHaveLength(10);
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
    expect(nextCheckpoint(deadline, now, 20)).toEqual(new Date(now.getTime() + 20 * DAY));
    const close = new Date(deadline.getTime() - 3 * DAY);
    expect(nextCheckpoint(deadline, close, 20)).toEqual(deadline);
  });
});
