import { describe, expect, it } from 'vitest';
import { greenChannelThresholdOf } from '../../functions/common/green-channel.ts';
import { policies } from '../../functions/domain/duty.ts';
import { projectContributions, unitKey } from '../../functions/domain/evaluation.ts';
import type { FormField } from '../../functions/domain/guide.ts';
import { answersForItem, isGreenChannel, jointResultOf, unionForm } from '../../functions/domain/project.ts';

const field = (name: string, type: FormField['type'], more: Partial<FormField> = {}): FormField => ({
  name,
  label: { zh: name },
  type,
  required: true,
  ...more,
});

describe('the green channel threshold', () => {
  it('is at or above the threshold, RMB 100 m by default; a bad setting is refused, named', () => {
    expect(isGreenChannel(100_000_000, greenChannelThresholdOf(undefined))).toBe(true);
    expect(isGreenChannel(99_999_999, greenChannelThresholdOf(''))).toBe(false);
    expect(greenChannelThresholdOf('50_000_000')).toBe(50_000_000);
    expect(() => greenChannelThresholdOf('0')).toThrow('GREEN_CHANNEL_THRESHOLD=0: expected a whole number');
    expect(() => greenChannelThresholdOf('1e8')).toThrow(/expected a whole number/);
  });
});

describe('the one form (一表通)', () => {
  it('asks each field once: required if any item requires it, the tighter limits, the items that ask it', () => {
    const { fields, conflicts } = unionForm([
      { code: 'A', form: { fields: [field('name', 'string', { max: 100 }), field('area', 'number', { min: 0 })] } },
      {
        code: 'B',
        form: { fields: [field('name', 'string', { max: 50, required: false }), field('area', 'number', { min: 1 })] },
      },
      { code: 'C', form: { fields: [field('area', 'string'), field('date', 'date', { required: false })] } },
    ]);
    expect(fields.map((f) => [f.name, f.type, f.required, f.items, f.min ?? null, f.max ?? null])).toEqual([
      ['name', 'string', true, ['A', 'B'], null, 50],
      ['area', 'number', true, ['A', 'B', 'C'], 1, null],
      ['date', 'date', false, ['C'], null, null],
    ]);
    expect(conflicts).toEqual([{ name: 'area', items: ['A', 'B', 'C'] }]);
  });

  it("reuses the project's answers for the item's own fields, under the answers given", () => {
    const reused = answersForItem(
      [{ name: 'name' }, { name: 'area' }],
      { name: 'P', area: 3, other: 'x' },
      { area: 5 },
    );
    expect(reused).toEqual({ answers: { name: 'P', area: 5 }, reused: ['name'] });
  });
});

describe('the joint result', () => {
  it('waits for every department; one disagreement decides; conditions stand; deemed counts as agreement', () => {
    expect(jointResultOf(['AGREED', 'PENDING'])).toBeNull();
    expect(jointResultOf(['AGREED', 'DEEMED_AGREED'])).toBe('AGREED');
    expect(jointResultOf(['AGREED_WITH_CONDITIONS', 'DEEMED_AGREED'])).toBe('AGREED_WITH_CONDITIONS');
    expect(jointResultOf(['DISAGREED', 'AGREED_WITH_CONDITIONS'])).toBe('DISAGREED');
  });

  it('runs on two policies: silence deemed agreement, the joint one extendable once by 15 by an admin', () => {
    expect(policies.JOINT_OPINION).toMatchObject({
      atDeadline: 'DEEMED_AGREEMENT',
      extensions: null,
      supervision: null,
    });
    expect(policies.JOINT_APPROVAL.extensions).toEqual({ max: 1, defaultMaxDays: 15, approvedBy: 'admin' });
    expect(policies.JOINT_OPINION.executionName('PJ20261102-01M3JVV380QJJZT2T48YR1WNCY/market')).toBe(
      'PJ20261102-01M3JVV380QJJZT2T48YR1WNCY-opinion-market',
    );
    expect(
      policies.JOINT_OPINION.executionName(`PJ20261102-01M3JVV380QJJZT2T48YR1WNCY/${'d'.repeat(60)}`).length,
    ).toBeLessThanOrEqual(80);
  });
});

describe('what a project adds to the evaluation', () => {
  it('a green-channel project for the centre; opinions on time and deemed agreements for the centre and department', () => {
    const counts = projectContributionsFor();
    expect(counts).toEqual([
      ['REGISTERED', 'CENTRE#centre', { greenChannelProjects: 1 }],
      ['OPINION_GIVEN', 'CENTRE#centre', { jointOpinions: 1, opinionsOnTime: 1 }],
      ['OPINION_GIVEN', 'DEPARTMENT#market', { jointOpinions: 1, opinionsOnTime: 1 }],
      ['OPINION_DEEMED', 'CENTRE#centre', { jointOpinions: 1, deemedAgreements: 1 }],
      ['OPINION_DEEMED', 'DEPARTMENT#environment', { jointOpinions: 1, deemedAgreements: 1 }],
    ]);
  });
});

/** A project's log as the tally reads it: registered green, one opinion given, one deemed. */
function projectContributionsFor() {
  const timeline = [
    { type: 'REGISTERED', at: '2026-11-02T10:00:00+08:00', by: 'investor' },
    { type: 'OFFICER_ASSIGNED', at: '2026-11-02T10:00:00+08:00', by: 'admin' },
    { type: 'OPINION_GIVEN', at: '2026-11-03T10:00:00+08:00', by: 'r', departmentId: 'market' },
    { type: 'OPINION_DEEMED', at: '2026-11-10T00:00:00+08:00', by: 'system:x', departmentId: 'environment' },
  ];
  const p = { greenChannel: true, items: [{ departmentId: 'market' }, { departmentId: 'environment' }], timeline };
  return timeline.flatMap((e, seq) =>
    projectContributions(p, seq).map((c) => [e.type, unitKey(c.unit), c.counters] as const),
  );
}
