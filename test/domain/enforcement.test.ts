import { describe, expect, it } from 'vitest';
import { enforcementPolicyOf } from '../../functions/common/enforcement-policy.ts';
import {
  CREDIT_CODE_ALPHABET,
  creditCodeCheckCharacter,
  creditCodeProblem,
  defaultEnforcementPolicy,
  formatVerificationCode,
  mayAct,
  normalizeVerificationCode,
  overLimit,
  VERIFICATION_CODE_ALPHABET,
  validityWindow,
  verificationCodeFrom,
  verificationRefusal,
} from '../../functions/domain/enforcement.ts';

describe('the unified social credit code (GB 32100-2015)', () => {
  // Codes printed on real business licences (public registers): their check characters must agree.
  const known = [
    '914403001922038216', // Huawei Technologies Co., Ltd.
    '9144030071526726XG', // Shenzhen Tencent Computer Systems Co., Ltd.
    '91110108551385082Q', // Beijing Xiaomi Technology Co., Ltd.
    '91310000717866186P', // a Shanghai enterprise
    '91110000802100433B', // a Beijing enterprise
    '91350100M000100Y43', // the standard's own example
  ];

  it('accepts known-valid codes', () => {
    for (const code of known) expect(creditCodeProblem(code), code).toBeUndefined();
  });

  it('computes the check character of each known code from its first 17 characters', () => {
    for (const code of known) expect(creditCodeCheckCharacter(code.slice(0, 17))).toBe(code[17]);
  });

  it('refuses every single-character change of a valid code (the check character catches it)', () => {
    const code = known[0] as string;
    for (let i = 0; i < 18; i++) {
      for (const c of CREDIT_CODE_ALPHABET) {
        if (c === code[i]) continue;
        const changed = `${code.slice(0, i)}${c}${code.slice(i + 1)}`;
        expect(creditCodeProblem(changed), changed).toBeDefined();
      }
    }
  });

  it('says why a code is not one', () => {
    expect(creditCodeProblem('91440300192203821')).toMatch(/18 characters/);
    expect(creditCodeProblem('91440300192203821I')).toMatch(/not a character/);
    expect(creditCodeProblem('9144A3001922038216')).toMatch(/administrative division/);
    expect(creditCodeProblem('914403001922038217')).toMatch(/expected 6/);
  });
});

describe('the verification code', () => {
  it('draws 10 characters of the unambiguous alphabet from random bytes, each byte’s low 5 bits', () => {
    const code = verificationCodeFrom(Uint8Array.from([0, 1, 31, 32, 63, 255, 10, 17, 18, 19]));
    expect(code).toBe('01Z0ZZAHJK');
    expect(VERIFICATION_CODE_ALPHABET).not.toMatch(/[ILOU]/);
    expect(() => verificationCodeFrom(new Uint8Array(9))).toThrow();
  });

  it('reads a code as a person types it: case, spaces, dashes, O for 0, I and L for 1', () => {
    expect(formatVerificationCode('01ZZZZAHJK')).toBe('01ZZZ-ZAHJK');
    expect(normalizeVerificationCode('o1zzz zahjk')).toBe('01ZZZZAHJK');
    expect(normalizeVerificationCode('Ol ZZZ-ZAHJK')).toBe('01ZZZZAHJK');
    expect(normalizeVerificationCode('01ZZZ-ZAHJ')).toBeUndefined();
    expect(normalizeVerificationCode('01ZZZ-ZAHJU')).toBeUndefined();
  });
});

describe('the rules', () => {
  it('lets each act start from its one state only', () => {
    expect(mayAct('approve', 'PENDING_APPROVAL')).toBe(true);
    expect(mayAct('reject', 'PENDING_APPROVAL')).toBe(true);
    expect(mayAct('file', 'APPROVED')).toBe(true);
    expect(mayAct('record', 'FILED')).toBe(true);
    for (const status of ['PENDING_APPROVAL', 'APPROVED', 'REJECTED', 'DONE'] as const) {
      expect(mayAct('record', status)).toBe(false);
    }
    expect(mayAct('file', 'PENDING_APPROVAL')).toBe(false);
  });

  it('verifies a filed plan within its window only', () => {
    const window = validityWindow(defaultEnforcementPolicy, '2026-11-10');
    expect(window).toEqual({ validFrom: '2026-11-09', validUntil: '2026-11-17' });
    expect(verificationRefusal('FILED', window, '2026-11-08')).toBe('NOT_YET_VALID');
    expect(verificationRefusal('FILED', window, '2026-11-09')).toBeUndefined();
    expect(verificationRefusal('FILED', window, '2026-11-17')).toBeUndefined();
    expect(verificationRefusal('FILED', window, '2026-11-18')).toBe('EXPIRED');
    expect(verificationRefusal('DONE', window, '2026-11-10')).toBe('CARRIED_OUT');
    expect(verificationRefusal('APPROVED', window, '2026-11-10')).toBe('NOT_FILED');
  });

  it('counts the limit per enterprise and year', () => {
    expect(overLimit(defaultEnforcementPolicy, 1)).toBe(false);
    expect(overLimit(defaultEnforcementPolicy, 2)).toBe(true);
  });
});

describe('the policy setting (ENFORCEMENT_POLICY)', () => {
  it('completes a setting with the defaults and names a bad field', () => {
    expect(enforcementPolicyOf(undefined)).toBe(defaultEnforcementPolicy);
    expect(enforcementPolicyOf('{"yearlyLimitPerEnterprise":3}')).toEqual({
      ...defaultEnforcementPolicy,
      yearlyLimitPerEnterprise: 3,
    });
    expect(() => enforcementPolicyOf('{"yearlyLimitPerEnterprise":0}')).toThrow(
      'ENFORCEMENT_POLICY: yearlyLimitPerEnterprise: at least 1',
    );
    expect(() => enforcementPolicyOf('{"limit":3}')).toThrow(/unknown field limit/);
    expect(() => enforcementPolicyOf('{')).toThrow(/not JSON/);
  });
});
