import { describe, expect, it } from 'vitest';
import { caseStatuses } from '../../functions/domain/case.ts';
import { timelineEventTypes } from '../../functions/domain/timeline.ts';
import { text } from '../../web/src/common-text.ts';

// The one set of words for case statuses and timeline events (web/src/common-text.ts, namespace `common`) that every
// area shows: a status or event type the domain adds without words here fails this test.

describe('the common words', () => {
  it('name every timeline event and every case status, in both languages', () => {
    for (const language of ['zh', 'en'] as const) {
      expect(Object.keys(text[language].events).sort()).toEqual([...timelineEventTypes].sort());
      expect(Object.keys(text[language].statuses).sort()).toEqual([...caseStatuses].sort());
    }
  });
});
