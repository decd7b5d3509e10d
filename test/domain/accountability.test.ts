import { describe, expect, it } from 'vitest';
import { accountabilityPolicyOf } from '../../functions/common/accountability-policy.ts';
import {
  accountabilityIdOf,
  accountabilityKeyOf,
  answerableOf,
  decisionProblem,
  defaultAccountabilityPolicy,
  flagsOf,
  investigationExecutionName,
  mayAct,
  namesPublished,
  publicRefOf,
  quarterOf,
  quarterOfDate,
  statusOf,
} from '../../functions/domain/accountability.ts';

describe('record ids (the key in one path segment)', () => {
  it('round-trips a case’s, a grievance’s and a deemed agreement’s key', () => {
    for (const [caseId, reason] of [
      ['XN20260928-01M3JVV380QJJZT2T48YR1WNCY', 'DEEMED_APPROVAL'],
      ['GV20260304-01M3JVV380QJJZT2T48YR1WNCY', 'COMPLAINT'],
      ['PJ20261102-01M3JVV380QJJZT2T48YR1WNCY/environment_bureau', 'DEEMED_AGREEMENT'],
    ] as const) {
      const id = accountabilityIdOf(caseId, reason);
      expect(id).not.toContain('/');
      expect(accountabilityKeyOf(id)).toEqual({ caseId, reason });
    }
  });

  it('refuses what is not a record id', () => {
    for (const id of ['XN1', 'XN1.NOPE', '.OVERDUE', 'a/b.OVERDUE', 'a.b.c.OVERDUE']) {
      expect(accountabilityKeyOf(id), id).toBeUndefined();
    }
  });

  it('names the execution within 80 characters of letters, digits, _ and -', () => {
    const short = investigationExecutionName('XN20260928-01M3JVV380QJJZT2T48YR1WNCY.DEEMED_APPROVAL');
    expect(short).toBe('XN20260928-01M3JVV380QJJZT2T48YR1WNCY_DEEMED_APPROVAL-investigation');
    const long = investigationExecutionName(`PJ20261102-01M3JVV380QJJZT2T48YR1WNCY.${'d'.repeat(60)}.DEEMED_AGREEMENT`);
    for (const name of [short, long]) expect(name).toMatch(/^[A-Za-z0-9_-]{1,80}$/);
  });

  it('gives a public reference with no digit', () => {
    expect(publicRefOf('XN20260928-01M3JVV380QJJZT2T48YR1WNCY.DEEMED_APPROVAL')).toMatch(/^AC-[A-P]{12}$/);
  });
});

describe('the workflow', () => {
  it('reads a record without status as OPEN, and allows each act only from its states', () => {
    expect(statusOf({})).toBe('OPEN');
    expect(statusOf({ status: 'garbage' })).toBe('OPEN');
    expect(mayAct('investigate', 'OPEN')).toBe(true);
    expect(mayAct('decide', 'OPEN')).toBe(false);
    expect(mayAct('decide', 'INVESTIGATING')).toBe(true);
    expect(mayAct('publish', 'INVESTIGATING')).toBe(false);
    expect(mayAct('publish', 'DECIDED')).toBe(true);
    expect(mayAct('publish', 'PUBLISHED')).toBe(false);
    expect(mayAct('dismiss', 'INVESTIGATING')).toBe(true);
    expect(mayAct('dismiss', 'DECIDED')).toBe(false);
  });

  it('holds the leader answerable for a deemed approval, a red card and a deemed agreement', () => {
    const p = defaultAccountabilityPolicy;
    for (const reason of ['DEEMED_APPROVAL', 'RED_CARD', 'DEEMED_AGREEMENT'] as const) {
      expect(decisionProblem(p, reason, { responsibility: 'HANDLER', sanction: 'WARNING' })?.field).toBe(
        'body.responsibility',
      );
      expect(decisionProblem(p, reason, { responsibility: 'BOTH', sanction: 'WARNING' })).toBeNull();
    }
    expect(decisionProblem(p, 'OVERDUE', { responsibility: 'HANDLER', sanction: 'WARNING' })).toBeNull();
    expect(decisionProblem(p, 'OVERDUE', { responsibility: 'NONE', sanction: 'WARNING' })?.field).toBe('body.sanction');
    expect(decisionProblem(p, 'OVERDUE', { responsibility: 'LEADER', sanction: 'FINE' })?.reason).toContain('DEMERIT');
  });

  it('names the handler, the leader or both as the record holds them', () => {
    const r = { handler: { id: 'h', name: '甲' }, leader: { id: 'l', name: '乙' } };
    expect(answerableOf(r, 'BOTH').map((a) => a.role)).toEqual(['HANDLER', 'LEADER']);
    expect(answerableOf(r, 'NONE')).toEqual([]);
  });

  it('publishes names only from the configured sanction on, never by default', () => {
    expect(namesPublished(defaultAccountabilityPolicy, 'DEMERIT')).toBe(false);
    const p = accountabilityPolicyOf('{"publishNamesFrom":"WARNING"}');
    expect(namesPublished(p, 'CRITICISM')).toBe(false);
    expect(namesPublished(p, 'WARNING')).toBe(true);
    expect(namesPublished(p, 'DEMERIT')).toBe(true);
  });
});

describe('the policy setting', () => {
  it('completes a partial setting with the defaults and refuses a bad one, naming the field', () => {
    expect(accountabilityPolicyOf(undefined)).toBe(defaultAccountabilityPolicy);
    expect(accountabilityPolicyOf('{"investigationWorkingDays":20}')).toMatchObject({
      investigationWorkingDays: 20,
      flagThreshold: 3,
    });
    expect(() => accountabilityPolicyOf('{"investigationWorkingDays":0}')).toThrow(
      'ACCOUNTABILITY_POLICY: investigationWorkingDays: at least 1',
    );
    expect(() => accountabilityPolicyOf('{"sanctions":[]}')).toThrow(/sanctions/);
    expect(() => accountabilityPolicyOf('{"color":"red"}')).toThrow(/unknown field color/);
    expect(() => accountabilityPolicyOf('not json')).toThrow(/not JSON/);
  });
});

describe('flags for public handling', () => {
  const record = (id: string, at: string, extra: Partial<Parameters<typeof flagsOf>[0][number]> = {}) => ({
    id,
    departmentId: 'market',
    handler: { id: 'h1', name: '甲' },
    leader: { id: 'l1', name: '乙' },
    at,
    status: 'OPEN' as const,
    ...extra,
  });

  it('counts a quarter’s records per department and named officer, dismissed ones left out', () => {
    const q4 = quarterOf('2026-Q4');
    if ('error' in q4) throw new Error(q4.error);
    expect(q4).toEqual({ year: '2026', from: '2026-10-01', to: '2026-12-31' });
    const flags = flagsOf(
      [
        record('a', '2026-10-01T00:00:00+08:00'),
        record('b', '2026-12-31T23:59:59+08:00', { handler: { id: '-', name: '未指明' } }),
        record('c', '2026-11-05T00:00:00+08:00', { status: 'DISMISSED' }),
        record('d', '2026-09-30T23:59:59+08:00'),
        record('e', '2026-11-05T00:00:00+08:00', {
          departmentId: 'tax',
          handler: { id: 'h2', name: '丁' },
          leader: { id: 'l2', name: '丙' },
        }),
      ],
      q4,
      2,
    );
    expect(flags.map((f) => [f.kind, f.departmentId, f.officer?.id ?? null, f.records])).toEqual([
      ['DEPARTMENT', 'market', null, 2],
      ['OFFICER', 'market', 'l1', 2],
    ]);
  });

  it('reads quarters and refuses anything else', () => {
    expect(quarterOfDate('2026-02-28')).toBe('2026-Q1');
    expect(quarterOf('2026-Q1')).toMatchObject({ to: '2026-03-31' });
    expect(quarterOf('2026-Q5')).toHaveProperty('error');
  });
});
