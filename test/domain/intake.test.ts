import { describe, expect, it } from 'vitest';
import type { GuideMaterial } from '../../functions/domain/guide.ts';
import { decideIntake, missingMaterials } from '../../functions/domain/intake.ts';

const m = (id: string, required = true): GuideMaterial => ({
  id,
  name: { zh: id, en: id },
  required,
  originals: 1,
  copies: 0,
});
const materials = [m('form'), m('licence'), m('plan'), m('optional', false)];
const promised = { departmentId: 'market', handlingMode: 'PROMISED' as const, materials };
const immediate = { ...promised, handlingMode: 'IMMEDIATE' as const };
const marketWindow = { kind: 'window' as const, departmentId: 'market', windowId: 'm-1', comprehensive: false };
const taxWindow = { kind: 'window' as const, departmentId: 'tax', windowId: 't-1', comprehensive: false };
const oneStop = { kind: 'window' as const, departmentId: 'centre', windowId: 'one-stop', comprehensive: true };
const all = [{ id: 'form' }, { id: 'licence' }, { id: 'plan' }];

describe('intake', () => {
  it('refers an item of another department, whatever was submitted', () => {
    expect(decideIntake({ item: promised, receivedAt: taxWindow, submitted: [] })).toEqual({
      kind: 'REFER',
      departmentId: 'market',
    });
  });

  it('takes any item at a comprehensive window and online', () => {
    expect(decideIntake({ item: promised, receivedAt: oneStop, submitted: all }).kind).toBe('ACCEPT');
    expect(decideIntake({ item: promised, receivedAt: { kind: 'online' }, submitted: all }).kind).toBe('ACCEPT');
  });

  it('lists every missing and every defective required material in one notice, optional ones never', () => {
    const outcome = decideIntake({
      item: promised,
      receivedAt: marketWindow,
      submitted: [{ id: 'licence', defect: 'expired' }],
    });
    expect(outcome).toEqual({
      kind: 'NOTICE',
      missing: [
        { id: 'form', name: { zh: 'form', en: 'form' }, reason: 'not submitted' },
        { id: 'licence', name: { zh: 'licence', en: 'licence' }, reason: 'defective: expired' },
        { id: 'plan', name: { zh: 'plan', en: 'plan' }, reason: 'not submitted' },
      ],
    });
    expect(missingMaterials(materials, [...all, { id: 'optional', defect: 'torn' }]).map((x) => x.id)).toEqual([
      'optional',
    ]);
  });

  it('decides a complete immediate item on the spot at a window, but accepts it online', () => {
    expect(decideIntake({ item: immediate, receivedAt: marketWindow, submitted: all }).kind).toBe('ON_THE_SPOT');
    expect(decideIntake({ item: immediate, receivedAt: { kind: 'online' }, submitted: all }).kind).toBe('ACCEPT');
    expect(decideIntake({ item: immediate, receivedAt: marketWindow, submitted: [] }).kind).toBe('NOTICE');
  });
});
