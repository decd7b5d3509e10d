import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { maskIdentityNumber, maskPhone } from '../../functions/domain/privacy.ts';
import {
  bindCreated,
  bindEvent,
  type ChainedEvent,
  canonicalJson,
  chainEvent,
  genesisHash,
  headOf,
  legacyStateDigestOf,
  legacyStateDigests,
  stateAfter,
  stateDigestOf,
  stateDigests,
  type TimelineEventType,
  UNBOUND_ATTRIBUTES,
  verifyCase,
  verifyChain,
  verifyState,
} from '../../functions/domain/timeline.ts';

const caseId = 'XN20261008-01K0000000000000000000000A';

function chainOf(...types: TimelineEventType[]): ChainedEvent[] {
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
    const a = chainEvent('h', { at: 't', type: 'APPROVED', by: 'u' });
    const b = chainEvent('h', { by: 'u', type: 'APPROVED', at: 't' });
    expect(a.hash).toBe(b.hash);
    expect(chainEvent('h', { at: 't', type: 'APPROVED', by: 'u', note: 'n' }).hash).not.toBe(a.hash);
  });

  it('verifies events of a type this version no longer writes (stored data outlives the vocabulary)', () => {
    const events = chainOf('RECEIVED', 'ACCEPTED');
    // An older version's event, as read back from the store: the type is any string there.
    const legacy = { at: '2026-10-03T10:00:00+08:00', type: 'LEGACY_REMARK', by: 'u' };
    const stored = [...events, { ...legacy, hash: chainEvent(headOf(caseId, events), legacy as never).hash }];
    expect(verifyChain(caseId, stored)).toMatchObject({ valid: true, events: 3 });
    expect(
      verifyChain(caseId, [...stored.slice(0, 2), { ...legacy, hash: stored[2]?.hash ?? '', by: 'x' }]),
    ).toMatchObject({
      valid: false,
      firstBrokenAt: 2,
    });
  });
});

describe('the state bound to the chain', () => {
  // A case as the store writes it: created (two events, the last bound), then decided (bound by bindEvent).
  const created = bindCreated({
    id: caseId,
    status: 'ACCEPTED',
    deadline: '2026-10-17T00:00:00+08:00',
    deadlineAt: '2026-10-16T16:00:00.000Z',
    applicant: { type: 'ENTERPRISE', name: '甲公司', phone: '0411-8888-0000' },
    handler: { id: 'h1', name: '张三' },
    clockPending: 'OPEN',
    version: 1,
    timeline: chainOf('RECEIVED', 'ACCEPTED'),
  });
  const decide = (current: typeof created) => {
    const set = { status: 'APPROVED', decision: { outcome: 'APPROVED', by: 'r', at: 't', late: false } };
    const bound = bindEvent(
      current,
      { at: 't', type: 'APPROVED', by: 'r' },
      stateAfter(current, set, ['clockPending']),
    );
    const event = chainEvent(current.timelineHead, bound.entry);
    const { clockPending: _c, ...rest } = current;
    return {
      ...rest,
      ...set,
      timeline: [...current.timeline, event],
      timelineHead: event.hash,
      stateDigests: bound.digests,
    };
  };

  it('verifies a case written through the bound paths, and tells where binding starts', () => {
    const decided = decide(created);
    expect(verifyCase(created)).toMatchObject({ valid: true, state: { bound: true, boundFrom: 1, valid: true } });
    expect(verifyCase(decided)).toMatchObject({
      valid: true,
      events: 3,
      firstBrokenAt: null,
      state: { bound: true, boundFrom: 1, valid: true, changed: [] },
      editsRecorded: [],
    });
  });

  it('names each bound attribute edited directly, added or removed', () => {
    const decided = decide(created);
    const cases: [string, Record<string, unknown>, string[]][] = [
      [
        'deadline',
        { deadline: '2026-12-31T00:00:00+08:00', deadlineAt: '2026-12-30T16:00:00.000Z' },
        ['deadline', 'deadlineAt'],
      ],
      ['status', { status: 'REJECTED' }, ['status']],
      ['phone', { applicant: { ...decided.applicant, phone: '13900000000' } }, ['applicant']],
      ['handler', { handler: { id: 'h2', name: '李四' } }, ['handler']],
      ['an added decision-like attribute', { expiry: { outcome: 'DEEMED_APPROVED' } }, ['expiry']],
    ];
    for (const [what, edit, fields] of cases) {
      expect(verifyCase({ ...decided, ...edit }), what).toMatchObject({
        valid: false,
        firstBrokenAt: null,
        state: { bound: true, valid: false, changed: fields },
      });
    }
    const { decision: _removed, ...withoutDecision } = decided;
    expect(verifyState(withoutDecision)).toMatchObject({ valid: false, changed: ['decision'] });
  });

  it('ignores what changes without an event: the clock markers, the token, the worklist key', () => {
    const decided = decide(created);
    const touched = {
      ...decided,
      clockPending: 'OPEN',
      taskToken: 'tok',
      executionArn: 'arn',
      openDepartment: 'x',
      version: 9,
    };
    expect(verifyCase(touched).valid).toBe(true);
    expect([...UNBOUND_ATTRIBUTES]).toEqual(
      expect.arrayContaining(['clockPending', 'clockStartPending', 'taskToken', 'executionArn', 'openDepartment']),
    );
  });

  it('detects an edit even when the per-attribute digests are edited too, and then says it cannot name it', () => {
    const decided = decide(created);
    const forged = {
      ...decided,
      status: 'REJECTED',
      stateDigests: decided.stateDigests.replace(/(^| )status=[^ ]+/, '$1status=AAAAAAAAAAAAAAAAAAAAAA'),
    };
    expect(forged.stateDigests).not.toBe(decided.stateDigests);
    expect(verifyState(forged)).toMatchObject({ bound: true, valid: false, changed: null });
  });

  it('stores the digests compactly: the whole state in full, each attribute cut to 128 bits, far smaller than the map', () => {
    const decided = decide(created);
    const [whole, ...pairs] = decided.stateDigests.split(' ');
    // First the whole state's full SHA-256: what binds, recomputed here from the bound attributes on their own.
    const bound = Object.keys(decided)
      .filter((k) => !UNBOUND_ATTRIBUTES.has(k))
      .sort();
    const state = createHash('sha256');
    for (const k of bound) state.update(`${k}\n${canonicalJson((decided as Record<string, unknown>)[k])}\n`);
    expect(whole).toBe(`*=${state.digest('base64url')}`);
    // Then every bound attribute present, sorted by name, each with 22 base64url characters (128 bits).
    expect(pairs.map((p) => p.split('=')[0])).toEqual(bound);
    for (const pair of pairs) expect(pair).toMatch(/^[A-Za-z]+=[A-Za-z0-9_-]{22}$/);
    expect(decided.stateDigests.length).toBeLessThan(JSON.stringify(legacyStateDigests(decided)).length * 0.55);
  });

  it('detects an edit the attribute digests cannot tell apart, by the whole state, and says it cannot name it', () => {
    // Two values sharing a 128-bit attribute digest (2^64 tries to make) are stood in for by an aid whose status
    // digest was taken from the edited value: every attribute digest agrees with the item, the whole state does not.
    const decided = decide(created);
    const edited = { ...decided, status: 'REJECTED' };
    const editedStatus = stateDigests(edited)
      .split(' ')
      .find((p) => p.startsWith('status='));
    const aid = decided.stateDigests.replace(/(^| )status=[^ ]+/, `$1${editedStatus}`);
    const head = decided.timeline.at(-1) as ChainedEvent;
    const { hash: _h, ...entry } = head;
    const relinked = chainEvent(headOf(caseId, decided.timeline.slice(0, -1)), {
      ...(entry as Parameters<typeof chainEvent>[1]),
      state: stateDigestOf(aid),
    });
    const forged = {
      ...edited,
      timeline: [...decided.timeline.slice(0, -1), relinked],
      timelineHead: relinked.hash,
      stateDigests: aid,
    };
    expect(verifyState(forged)).toMatchObject({ bound: true, valid: false, changed: null });
  });

  it('verifies a record last written with the legacy map, names its edits from it, and moves it on at its next write', () => {
    // The same decided state as a version before the compact form wrote it: its head's digest over the legacy map.
    const decided = decide(created);
    const { stateDigests: _compact, timeline, ...state } = decided;
    const map = legacyStateDigests(state);
    const head = timeline.at(-1) as ChainedEvent;
    const { hash: _h, ...entry } = head;
    const relinked = chainEvent(headOf(caseId, timeline.slice(0, -1)), {
      ...(entry as Parameters<typeof chainEvent>[1]),
      state: legacyStateDigestOf(map),
    });
    const legacy = {
      ...state,
      timeline: [...timeline.slice(0, -1), relinked],
      timelineHead: relinked.hash,
      stateDigests: map,
    };
    expect(verifyCase(legacy)).toMatchObject({ valid: true, state: { bound: true, valid: true, changed: [] } });
    const rejected = { ...legacy, status: 'REJECTED' };
    expect(verifyState(rejected)).toMatchObject({ valid: false, changed: ['status'] });
    // The legacy map edited as well: detected, not named.
    const forged = { ...rejected, stateDigests: { ...map, status: 'x' } };
    expect(verifyState(forged)).toMatchObject({ valid: false, changed: null });
    // A compact aid does not make a legacy head's state verify, nor the reverse: the tags differ.
    expect(legacyStateDigestOf(map)).not.toBe(stateDigestOf(stateDigests(state)));
    // Its next write binds the compact form, with no edit on record.
    const next = bindEvent(legacy, { at: 't2', type: 'REVOKED', by: 's' }, stateAfter(legacy, { status: 'REVOKED' }));
    expect(next.entry.stateEditedBefore).toBeUndefined();
    const event = chainEvent(legacy.timelineHead, next.entry);
    const moved = {
      ...legacy,
      status: 'REVOKED',
      timeline: [...legacy.timeline, event],
      timelineHead: event.hash,
      stateDigests: next.digests,
    };
    expect(typeof moved.stateDigests).toBe('string');
    expect(verifyCase(moved)).toMatchObject({ valid: true, state: { valid: true } });
    const reassigned = { ...moved, handler: { id: 'h9', name: '王五' } };
    expect(verifyState(reassigned).changed).toEqual(['handler']);
  });

  it('keeps on record an edit the next write found, so the write cannot launder it', () => {
    const edited = { ...created, deadlineAt: '2027-01-01T00:00:00.000Z' };
    const decided = decide(edited);
    const verdict = verifyCase(decided);
    expect(verdict.state.valid).toBe(true);
    expect(verdict).toMatchObject({ valid: false, editsRecorded: [{ event: 2, fields: ['deadlineAt'] }] });
  });

  it('verifies a case written before state binding as far as it can: chain checked, state not bound', () => {
    const events = chainOf('RECEIVED', 'ACCEPTED');
    const legacy = { id: caseId, status: 'ACCEPTED', timeline: events, timelineHead: headOf(caseId, events) };
    expect(verifyCase(legacy)).toEqual({
      valid: true,
      events: 2,
      firstBrokenAt: null,
      state: { bound: false, boundFrom: null, valid: null, changed: null },
      editsRecorded: [],
    });
    // Its next write binds it from there on.
    const next = bindEvent(legacy, { at: 't', type: 'APPROVED', by: 'r' }, stateAfter(legacy, { status: 'APPROVED' }));
    const event = chainEvent(legacy.timelineHead, next.entry);
    const bound = {
      ...legacy,
      status: 'APPROVED',
      timeline: [...events, event],
      timelineHead: event.hash,
      stateDigests: next.digests,
    };
    expect(verifyCase(bound)).toMatchObject({ valid: true, state: { bound: true, boundFrom: 2, valid: true } });
    const rejected = { ...bound, status: 'REJECTED' };
    expect(verifyCase(rejected).state.changed).toEqual(['status']);
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
