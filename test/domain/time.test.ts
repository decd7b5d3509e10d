import { describe, expect, it } from 'vitest';
import {
  addDays,
  compareIsoDate,
  dayOfWeek,
  endOfShanghaiDay,
  isIsoDate,
  parseInstant,
  shanghaiDateOf,
  startOfShanghaiDay,
  toShanghaiIso,
  toUtcWaitTimestamp,
} from '../../functions/domain/time.ts';
import { runInTimeZone, ZONES } from '../support/time-zones.ts';

// Every assertion below runs once per process time zone. The expected values are written by hand (Shanghai is
// UTC+8; `Date.UTC` / `…Z` literals are the independent oracle). The offsets of the zones are checked first, so
// a switch that silently did not happen would fail instead of passing vacuously. Zones west of UTC are the ones
// that expose code reading local Date fields (getDate/getDay/setHours): Los Angeles (with a DST change on
// 2026-03-08 and 2026-11-01) and Pago Pago (UTC-11).
describe.each(ZONES)('time.ts with process TZ=%s', (zone, januaryOffset) => {
  runInTimeZone(zone, januaryOffset);

  describe('shanghaiDateOf', () => {
    it.each([
      ['2026-09-18T15:59:59.999Z', '2026-09-18'], // Friday 23:59:59.999 in Shanghai
      ['2026-09-18T16:00:00.000Z', '2026-09-19'], // Saturday 00:00 in Shanghai
      ['2026-09-18T17:30:00.000Z', '2026-09-19'], // Saturday 01:30 in Shanghai, still Friday in UTC and the Americas
      ['2026-12-31T16:00:00.000Z', '2027-01-01'],
      ['2026-03-08T10:00:00.000Z', '2026-03-08'], // the US DST change day
      ['2028-02-28T16:00:00.000Z', '2028-02-29'],
    ])('%s → %s', (instant, expected) => {
      expect(shanghaiDateOf(new Date(instant))).toBe(expected);
    });

    it('rejects an invalid Date', () => {
      expect(() => shanghaiDateOf(new Date(Number.NaN))).toThrow(RangeError);
    });
  });

  describe('toShanghaiIso', () => {
    it.each([
      ['2026-09-28T02:00:00.000Z', '2026-09-28T10:00:00+08:00'],
      ['2026-09-28T02:00:00.999Z', '2026-09-28T10:00:00+08:00'], // seconds precision, truncated
      ['2026-10-30T16:00:00.000Z', '2026-10-31T00:00:00+08:00'],
      ['2026-12-31T15:59:59.000Z', '2026-12-31T23:59:59+08:00'],
      ['2026-12-31T16:00:00.000Z', '2027-01-01T00:00:00+08:00'],
    ])('%s → %s', (instant, expected) => {
      expect(toShanghaiIso(new Date(instant))).toBe(expected);
    });
  });

  describe('toUtcWaitTimestamp', () => {
    it.each([
      ['2026-09-28T02:00:00.000Z', '2026-09-28T02:00:00Z'], // whole second: unchanged, no fraction
      ['2026-09-28T02:00:00.001Z', '2026-09-28T02:00:01Z'], // rounded UP, never early
      ['2026-09-28T02:00:00.999Z', '2026-09-28T02:00:01Z'],
      ['2026-12-31T23:59:59.500Z', '2027-01-01T00:00:00Z'], // rounding carries into the next year
      ['2026-09-28T10:00:00+08:00', '2026-09-28T02:00:00Z'],
    ])('%s → %s', (instant, expected) => {
      expect(toUtcWaitTimestamp(new Date(instant))).toBe(expected);
    });
  });

  describe('startOfShanghaiDay / endOfShanghaiDay', () => {
    it('00:00+08:00 is 16:00Z the day before', () => {
      expect(startOfShanghaiDay('2026-09-19').toISOString()).toBe('2026-09-18T16:00:00.000Z');
      expect(startOfShanghaiDay('2027-01-01').toISOString()).toBe('2026-12-31T16:00:00.000Z');
      expect(startOfShanghaiDay('2026-03-08').toISOString()).toBe('2026-03-07T16:00:00.000Z');
    });
    it('24:00+08:00 is 16:00Z the same day', () => {
      expect(endOfShanghaiDay('2026-10-30').toISOString()).toBe('2026-10-30T16:00:00.000Z');
      expect(endOfShanghaiDay('2026-12-31').toISOString()).toBe('2026-12-31T16:00:00.000Z');
    });
    it('rejects a malformed date', () => {
      expect(() => startOfShanghaiDay('2026-02-30')).toThrow(RangeError);
      expect(() => startOfShanghaiDay('2026-9-1')).toThrow(RangeError);
    });
  });

  describe('addDays', () => {
    it.each([
      ['2026-02-28', 1, '2026-03-01'],
      ['2028-02-28', 1, '2028-02-29'],
      ['2026-12-31', 1, '2027-01-01'],
      ['2026-01-01', -1, '2025-12-31'],
      ['2026-09-28', 32, '2026-10-30'],
      ['2026-03-07', 2, '2026-03-09'], // across the US spring-forward
      ['2026-10-31', 2, '2026-11-02'], // across the US fall-back
      ['2026-09-19', 0, '2026-09-19'],
    ] as const)('%s + %i → %s', (date, n, expected) => {
      expect(addDays(date, n)).toBe(expected);
    });
    it('rejects a fractional day count and a malformed date', () => {
      expect(() => addDays('2026-09-19', 0.5)).toThrow(RangeError);
      expect(() => addDays('2026-13-01', 1)).toThrow(RangeError);
    });
  });

  describe('dayOfWeek (0 = Sunday)', () => {
    it.each([
      ['2026-09-19', 6], // Saturday
      ['2026-09-20', 0], // Sunday
      ['2026-09-21', 1], // Monday
      ['2026-10-01', 4], // Thursday
      ['2027-01-01', 5], // Friday
      ['2028-02-29', 2], // Tuesday
      ['2026-03-08', 0], // Sunday (US DST change)
    ] as const)('%s → %i', (date, expected) => {
      expect(dayOfWeek(date)).toBe(expected);
    });
  });

  describe('isIsoDate', () => {
    it.each(['2026-02-28', '2028-02-29', '2026-12-31', '0999-01-01'])('accepts %s', (s) => {
      expect(isIsoDate(s)).toBe(true);
    });
    it.each([
      '2026-02-29',
      '2100-02-29',
      '2026-13-01',
      '2026-00-10',
      '2026-04-31',
      '2026-9-1',
      ' 2026-09-01',
      '2026-09-01T00:00:00Z',
      '',
      20260901,
      null,
      undefined,
    ])('rejects %s', (s) => {
      expect(isIsoDate(s)).toBe(false);
    });
  });

  describe('parseInstant', () => {
    const at = (y: number, mo: number, d: number, h: number, mi = 0, s = 0, ms = 0) =>
      Date.UTC(y, mo - 1, d, h, mi, s, ms);
    it.each([
      ['2026-09-28T10:00:00+08:00', at(2026, 9, 28, 2)],
      ['2026-09-28T02:00:00Z', at(2026, 9, 28, 2)],
      ['2026-09-28T02:00:00.123Z', at(2026, 9, 28, 2, 0, 0, 123)],
      ['2026-09-28T02:00:00.1234567Z', at(2026, 9, 28, 2, 0, 0, 123)],
      ['2026-09-28T02:00:00.5+00:00', at(2026, 9, 28, 2, 0, 0, 500)],
      ['2026-09-28T10:00+08:00', at(2026, 9, 28, 2)],
      ['2026-09-28T10:00:00+0800', at(2026, 9, 28, 2)],
      ['2026-09-28T10:00:00+08', at(2026, 9, 28, 2)],
      ['2026-09-27T21:00:00-05:00', at(2026, 9, 28, 2)],
      ['2026-09-28T07:30:00+05:30', at(2026, 9, 28, 2)],
      ['2026-09-28t02:00:00z', at(2026, 9, 28, 2)],
      ['2026-01-01T00:00:00+08:00', at(2025, 12, 31, 16)],
    ])('%s', (s, expected) => {
      expect(parseInstant(s)?.getTime()).toBe(expected);
    });
    it.each([
      '2026-09-28T10:00:00', // no offset: ambiguous
      '2026-09-28',
      '2026-02-30T00:00:00Z',
      '2026-09-28T24:00:00Z',
      '2026-09-28T10:60:00Z',
      '2026-09-28T10:00:60Z',
      '2026-09-28T10:00:00+24:00',
      '2026-09-28T10:00:00+08:60',
      '2026-09-28 10:00:00+08:00',
      'Mon, 28 Sep 2026 02:00:00 GMT',
      '1790560800000',
      '',
    ])('rejects %s', (s) => {
      expect(parseInstant(s)).toBeUndefined();
    });
  });

  describe('compareIsoDate', () => {
    it('orders dates', () => {
      expect(compareIsoDate('2026-09-19', '2026-09-20')).toBe(-1);
      expect(compareIsoDate('2026-09-20', '2026-09-20')).toBe(0);
      expect(compareIsoDate('2027-01-01', '2026-12-31')).toBe(1);
      expect(() => compareIsoDate('2026-09-31', '2026-09-20')).toThrow(RangeError);
    });
  });
});
