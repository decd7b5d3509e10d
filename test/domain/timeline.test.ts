import { describe, expect, it } from 'vitest';
import { maskIdentityNumber, maskPhone } from '../../functions/domain/privacy.ts';
import {
  type ChainedEvent,
  canonicalJson,
  chainEvent,
  genesisHash,
  headOf,
  verifyChain,
} from '../../functions/domain/timeline.ts';

const caseId = 'XN20261008-01K0000000000000000000000A';

function chainOf(...types: string[]): ChainedEvent[] {
  const events: ChainedEvent[] = [];
  for (const [i, type] of types.entries()) {
    events.push(chainEvent(headOf(caseId, events), { at: `2026-10-0${i + 1}T10:00:00+08:00`, type, by: 'u' }));
  }
  return events;
}

describe('hash-chained timeline', () => {
  it('verifies an untouched chain', () => {
    const events = chainOf('ACCEPTED', 'APPROVED');
    expect(verifyChain(caseId, events, headOf(caseId, events))).toEqual({
      valid: true,
      events: 2,
      firstBrokenAt: null,
    });
    expect(verifyChain(caseId, [], genesisHash(caseId))).toEqual({ valid: true, events: 0, firstBrokenAt: null });
  });

  it('names the first broken link for an edit, a swap, an insertion and a deletion', () => {
    const events = chainOf('ACCEPTED', 'SUSPENDED', 'RESUMED', 'APPROVED');
    const head = headOf(caseId, events);
    const edited = events.map((e, i) => (i === 2 ? { ...e, by: 'someone-else' } : e));
    expect(verifyChain(caseId, edited, head).firstBrokenAt).toBe(2);
    const swapped = [events[0], events[2], events[1], events[3]] as ChainedEvent[];
    expect(verifyChain(caseId, swapped, head).firstBrokenAt).toBe(1);
    const inserted = [events[0], { ...(events[1] as ChainedEvent) }, ...events.slice(1)] as ChainedEvent[];
    expect(verifyChain(caseId, inserted, head).firstBrokenAt).toBe(2);
    const middleRemoved = [events[0], events[2], events[3]] as ChainedEvent[];
    expect(verifyChain(caseId, middleRemoved, head).firstBrokenAt).toBe(1);
    // Dropping the last event leaves a valid shorter chain; the stored head gives it away.
    expect(verifyChain(caseId, events.slice(0, 3), head)).toEqual({ valid: false, events: 3, firstBrokenAt: 3 });
  });

  it('binds the chain to its case: the same events under another case id do not verify', () => {
    const events = chainOf('ACCEPTED');
    expect(verifyChain('XN20261008-01K0000000000000000000000B', events).firstBrokenAt).toBe(0);
  });

  it('hashes content, not key order', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: 'x' } })).toBe(
      '{"a":{"c":"x","d":[1,{"x":1,"y":2}]},"b":1}',
    );
    const a = chainEvent('h', { at: 't', type: 'X', by: 'u' });
    const b = chainEvent('h', { by: 'u', type: 'X', at: 't' });
    expect(a.hash).toBe(b.hash);
    expect(chainEvent('h', { at: 't', type: 'X', by: 'u', note: 'n' }).hash).not.toBe(a.hash);
  });
});

describe('personal data masking', () => {
  it('keeps only what identifies nothing on its own', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone('0411-8888-0000')).toBe('041****0000');
    expect(maskIdentityNumber('210202199001011234')).toBe('2102************34');
    expect(maskIdentityNumber('91210200MA0XXXXX1K')).toBe('9121************1K');
  });
});
