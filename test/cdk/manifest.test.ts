import { describe, expect, it } from 'vitest';
import { functions } from '../../functions/manifest.ts';

describe('the function manifest', () => {
  it.each(Object.entries(functions))(
    '%s has a description IAM and Lambda accept (Latin-1 only, ≤ 256)',
    (name, spec) => {
      // The description goes into the IAM role's and the Lambda's Description, which refuse other characters.
      const description = `xiaoneng ${name}: ${spec.description}`;
      expect(description).toMatch(/^[\u0009\u000A\u000D\u0020-\u007E\u00A1-\u00FF]*$/);
      expect(description.length).toBeLessThanOrEqual(256);
    },
  );
});
