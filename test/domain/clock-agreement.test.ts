import { describe, expect, it } from 'vitest';
import { clockDisagreements } from '../../functions/domain/duty.ts';

const due = '2026-10-13T16:00:00.000Z';
const running = { phase: 'RUNNING' as const, deadlineAt: due };

describe('a clock agrees with its case', () => {
  it.each([
    ['ACCEPTED', running, []],
    ['ACCEPTED', { ...running, deadlineAt: '2027-01-01T00:00:00.000Z' }, ['deadlineAt']],
    ['ACCEPTED', { ...running, phase: 'ENDED' as const }, ['phase']],
    ['ACCEPTED', undefined, ['missing']],
    ['SUSPENDED', { ...running, phase: 'PAUSED' as const }, []],
    ['SUSPENDED', running, ['phase']],
    ['OVERDUE', { ...running, phase: 'OVERDUE' as const }, []],
    ['OVERDUE', { ...running, phase: 'ENDED' as const, outcome: 'RED_CARD' }, []],
    ['APPROVED', { ...running, phase: 'ENDED' as const, deadlineAt: 'moved after it ended: not compared' }, []],
    ['APPROVED', running, ['phase']],
    ['APPROVED', undefined, []],
    ['MATERIALS_REQUIRED', undefined, []],
  ] as const)('approval of a case %s, clock %j → %j', (status, clock, expected) => {
    expect(clockDisagreements('APPROVAL', { status, deadlineAt: due }, clock)).toEqual(expected);
  });

  it('intake review: running while RECEIVED, with the review deadline; ended once anything happened', () => {
    const received = { status: 'RECEIVED', reviewDeadlineAt: due };
    expect(clockDisagreements('INTAKE_REVIEW', received, running)).toEqual([]);
    expect(clockDisagreements('INTAKE_REVIEW', received, { ...running, deadlineAt: 'later' })).toEqual(['deadlineAt']);
    expect(clockDisagreements('INTAKE_REVIEW', received, undefined)).toEqual(['missing']);
    expect(clockDisagreements('INTAKE_REVIEW', { status: 'ACCEPTED' }, running)).toEqual(['phase']);
    expect(clockDisagreements('INTAKE_REVIEW', { status: 'ACCEPTED' }, undefined)).toEqual([]);
  });
});
