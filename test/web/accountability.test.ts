import { describe, expect, it } from 'vitest';
import {
  accountabilityActions,
  accountabilityEventTypes,
  accountabilityReasons,
  responsibilities as domainResponsibilities,
  accountabilityStatuses as domainStatuses,
} from '../../functions/domain/accountability.ts';
import { text as publicText } from '../../web/src/public/text.ts';
import { text } from '../../web/src/supervision/text.ts';
import {
  accountabilityStatuses,
  actionsOf,
  investigationLight,
  recentQuarters,
  responsibilities,
} from '../../web/src/supervision/workflow.ts';

// The accountability pages (issue 16) against the rules they show: the actions each status offers are exactly the
// domain's, every status, responsibility, reason and timeline event has its words in both languages, the quarter
// picker's quarters and the investigation's light.

describe('the accountability record page', () => {
  it('offers in each status exactly the actions the domain allows', () => {
    expect(accountabilityStatuses).toEqual(domainStatuses);
    for (const status of domainStatuses) {
      const allowed = Object.entries(accountabilityActions)
        .filter(([, a]) => (a.from as readonly string[]).includes(status))
        .map(([name]) => name)
        .sort();
      expect([...actionsOf(status)].sort(), status).toEqual(allowed);
    }
  });

  it('names every status, responsibility, reason and timeline event in Chinese and English', () => {
    expect(responsibilities).toEqual(domainResponsibilities);
    for (const lang of [text.zh, text.en]) {
      expect(Object.keys(lang.acc.statuses).sort()).toEqual([...domainStatuses].sort());
      expect(Object.keys(lang.acc.responsibilities).sort()).toEqual([...domainResponsibilities].sort());
      expect(Object.keys(lang.acc.events).sort()).toEqual([...accountabilityEventTypes].sort());
      expect(Object.keys(lang.reasons).sort()).toEqual([...accountabilityReasons].sort());
    }
    for (const lang of [publicText.zh, publicText.en])
      expect(Object.keys(lang.accountability.responsibilities).sort()).toEqual([...domainResponsibilities].sort());
  });

  it('lights the investigation: green, yellow on its last day, red past it or once escalated, none when it ended', () => {
    const investigation = {
      at: '2026-11-06T09:00:00+08:00',
      by: 'sup',
      note: null,
      deadline: '2026-11-14T00:00:00+08:00',
      deadlineDate: '2026-11-13',
      workingDays: 5,
      overdueAt: null,
    };
    const r = { status: 'INVESTIGATING' as const, investigation };
    const at = (iso: string) => Date.parse(iso);
    expect(investigationLight(r, at('2026-11-12T23:59:59+08:00'), '2026-11-12')).toBe('GREEN');
    expect(investigationLight(r, at('2026-11-13T00:00:00+08:00'), '2026-11-13')).toBe('YELLOW');
    expect(investigationLight(r, at('2026-11-14T00:00:00+08:00'), '2026-11-14')).toBe('RED');
    expect(
      investigationLight(
        { ...r, investigation: { ...investigation, overdueAt: '2026-11-14T00:00:00+08:00' } },
        at('2026-11-10T00:00:00+08:00'),
        '2026-11-10',
      ),
    ).toBe('RED');
    expect(
      investigationLight({ status: 'DECIDED', investigation }, at('2026-11-20T00:00:00+08:00'), '2026-11-20'),
    ).toBe(null);
    expect(investigationLight({ status: 'OPEN', investigation: null }, 0, '2026-11-01')).toBe(null);
  });

  it('offers this quarter and the seven before it in the flags page’s picker, across years', () => {
    expect(recentQuarters('2026-11-05')).toEqual([
      '2026-Q4',
      '2026-Q3',
      '2026-Q2',
      '2026-Q1',
      '2025-Q4',
      '2025-Q3',
      '2025-Q2',
      '2025-Q1',
    ]);
    expect(recentQuarters('2027-01-01', 2)).toEqual(['2027-Q1', '2026-Q4']);
    expect(recentQuarters('2026-03-31', 1)).toEqual(['2026-Q1']);
    expect(recentQuarters('2026-04-01', 1)).toEqual(['2026-Q2']);
  });
});
