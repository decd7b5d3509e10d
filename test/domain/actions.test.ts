import { describe, expect, it } from 'vitest';
import { type ActionCaller, type ActionCase, actionsFor, caseActions } from '../../functions/domain/actions.ts';

// The pure rules behind GET /v1/applications/{id} `actions`; test/e2e/case-actions.test.ts holds them to what the
// API does over HTTP. Here: the moments the e2e test cannot stop at (between the deadline and the expiry rule), and
// the reach of each role.

const NOW = new Date('2026-11-03T02:00:00.000Z'); // Tuesday 10:00 in Shanghai
const accepted: ActionCase = {
  status: 'ACCEPTED',
  departmentId: 'market',
  applicantSub: 'applicant-1',
  deadlineAt: '2026-11-05T16:00:00.000Z',
};
const reviewer: ActionCaller = { role: 'reviewer', sub: 'r1', department: 'market' };
const applicant: ActionCaller = { role: 'applicant', sub: 'applicant-1' };

const allowed = (c: ActionCase, who: ActionCaller, now = NOW) =>
  actionsFor(c, who, now)
    .filter((a) => a.allowed)
    .map((a) => a.action);
const reasonOf = (c: ActionCase, who: ActionCaller, action: string, now = NOW) =>
  actionsFor(c, who, now).find((a) => a.action === action)?.reason;

describe('actionsFor', () => {
  it('answers every action, a reason in both languages exactly for the refused ones', () => {
    const answers = actionsFor(accepted, reviewer, NOW);
    expect(answers.map((a) => a.action)).toEqual([...caseActions]);
    for (const a of answers) {
      if (a.allowed) expect(a.reason).toBeUndefined();
      else {
        expect(a.reason?.zh).toMatch(/[\u4e00-\u9fff]/);
        expect(a.reason?.en).toMatch(/^[A-Z].*\.$/);
      }
    }
  });

  it('a running clock: the reviewer decides, pauses, extends; the applicant withdraws', () => {
    expect(allowed(accepted, reviewer)).toEqual(['decide', 'suspend', 'extension']);
    expect(allowed(accepted, applicant)).toEqual(['withdraw']);
    expect(reasonOf(accepted, { role: 'clerk', sub: 'c1', department: 'market' }, 'decide')).toEqual({
      zh: '只有审核人可以作出决定。',
      en: 'Only a reviewer may decide a case.',
    });
  });

  it('at the deadline, before the expiry rule has run: nothing the store would refuse is offered', () => {
    const at = new Date(accepted.deadlineAt as string);
    expect(allowed(accepted, reviewer, at)).toEqual([]);
    expect(allowed(accepted, applicant, at)).toEqual([]);
    expect(reasonOf(accepted, reviewer, 'decide', at)?.en).toContain('deadline has passed');
    const pending: ActionCase = { ...accepted, extension: { status: 'PENDING' } };
    expect(allowed(pending, { role: 'head', sub: 'h', department: 'market' }, at)).toEqual([]);
    // One millisecond before: still allowed (the store's condition is `deadlineAt > now`).
    expect(allowed(accepted, reviewer, new Date(at.getTime() - 1))).toEqual(['decide', 'suspend', 'extension']);
  });

  it('a paused case may be withdrawn whatever the time (its clock stands); an accepted one only before the deadline', () => {
    const paused: ActionCase = { ...accepted, status: 'SUSPENDED', pauses: [{}] };
    const late = new Date('2026-12-01T00:00:00Z');
    expect(allowed(paused, applicant, late)).toEqual(['withdraw']);
    expect(allowed(paused, reviewer, late)).toEqual(['resume']);
    expect(reasonOf({ ...paused, pauses: [{ to: 'x' }] }, reviewer, 'resume')?.en).toContain('not paused');
  });

  it('reaches only its own: another department’s staff, another applicant', () => {
    expect(allowed(accepted, { ...reviewer, department: 'tax' })).toEqual([]);
    expect(reasonOf(accepted, { ...reviewer, department: 'tax' }, 'decide')?.en).toBe(
      'The case belongs to another department.',
    );
    expect(allowed(accepted, { role: 'applicant', sub: 'someone-else' })).toEqual([]);
    expect(allowed({ ...accepted, applicantSub: undefined }, applicant)).toEqual([]);
  });

  it('a deemed approval: one review by supervision', () => {
    const deemed: ActionCase = { ...accepted, status: 'DEEMED_APPROVED' };
    const supervisor: ActionCaller = { role: 'supervisor', sub: 's' };
    expect(allowed(deemed, supervisor)).toEqual(['review']);
    expect(allowed({ ...deemed, review: { verdict: 'CONFIRMED' } }, supervisor)).toEqual([]);
    expect(reasonOf(deemed, reviewer, 'decide')?.en).toContain('deemed approved');
    expect(allowed(deemed, { role: 'admin', sub: 'a' })).toEqual([]);
  });
});
