import { afterAll, beforeAll, expect, it } from 'vitest';

/** Process time zones the domain must not depend on: Lambda's UTC, Shanghai, and both sides of the date line. */
export const ZONES: [zone: string, januaryOffsetMinutes: number][] = [
  ['UTC', 0],
  ['Asia/Shanghai', -480],
  ['America/Los_Angeles', 480],
  ['Pacific/Pago_Pago', 660],
  ['Pacific/Kiritimati', -840],
];

/**
 * Inside a `describe`: run its tests with the process time zone set to `zone`, restore it afterwards, and prove the
 * zone really took effect (a test that silently ran in UTC could not catch a time-zone bug).
 */
export function runInTimeZone(zone: string, januaryOffset: number): void {
  const originalTz = process.env.TZ;
  beforeAll(() => {
    process.env.TZ = zone;
  });
  afterAll(() => {
    if (originalTz === undefined) delete process.env.TZ;
    else process.env.TZ = originalTz;
  });
  it('really runs in that time zone', () => {
    expect(new Date(Date.UTC(2026, 0, 15, 12)).getTimezoneOffset()).toBe(januaryOffset);
  });
}
