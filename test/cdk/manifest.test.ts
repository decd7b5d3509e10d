import { describe, expect, it } from 'vitest';
import { functions } from '../../functions/manifest.ts';

describe('the function manifest', () => {
  it.each(Object.entries(functions))(
    '%s has a description IAM and Lambda accept (Latin-1 only, ≤ 256)',
    (name, spec) => {
      // The description goes into the IAM role's and the Lambda's Description, which refuse other characters.
      const description = `xiaoneng ${name}: ${spec.description}`;
      const allowed = (code: number) =>
        code === 0x09 ||
        code === 0x0a ||
        code === 0x0d ||
        (code >= 0x20 && code <= 0x7e) ||
        (code >= 0xa1 && code <= 0xff);
      expect([...description].filter((ch) => !allowed(ch.codePointAt(0) ?? 0))).toEqual([]);
      expect(description.length).toBeLessThanOrEqual(256);
    },
  );
});
