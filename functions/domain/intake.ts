/**
 * Intake under the first-inquiry rules (首问责任制) and Licensing Law Art.32: what happens to an application the
 * moment it is received. Pure: the caller supplies the item, where it was received and what was submitted.
 */
import type { GuideMaterial, Text } from './guide.ts';

/** Working days staff have to accept or give notice before an application counts as accepted from receipt (docs/rules.md §2). */
export const INTAKE_REVIEW_WORKING_DAYS = 5;

/** Where an application came in: a department's window (maybe a comprehensive one-stop window), or online. */
export type ReceivingPoint =
  | {
      readonly kind: 'window';
      readonly departmentId: string;
      readonly windowId: string;
      readonly comprehensive: boolean;
    }
  | { readonly kind: 'online' };

export interface SubmittedMaterial {
  readonly id: string;
  /** Set by the receiving clerk when the paper is there but defective (unsigned, expired, illegible, …). */
  readonly defect?: string;
}

export interface MissingMaterial {
  readonly id: string;
  readonly name: Text;
  /** Why it counts as missing: not submitted, or the defect the clerk found. */
  readonly reason: string;
}

export type IntakeOutcome =
  /** Not this window's item: name the responsible department (never a bare "not here"). */
  | { readonly kind: 'REFER'; readonly departmentId: string }
  /** One notice listing EVERY missing or defective material (一次性告知); the clock has not started. */
  | { readonly kind: 'NOTICE'; readonly missing: readonly MissingMaterial[] }
  /** An immediate item, complete, at a window: decided on the spot (即办件当场办结). */
  | { readonly kind: 'ON_THE_SPOT' }
  /** Complete: accepted now, with a dated receipt and the completion date (Art.32(5)). */
  | { readonly kind: 'ACCEPT' };

export function decideIntake(input: {
  readonly item: {
    readonly departmentId: string;
    readonly handlingMode: 'IMMEDIATE' | 'PROMISED';
    readonly materials: readonly GuideMaterial[];
  };
  readonly receivedAt: ReceivingPoint;
  readonly submitted: readonly SubmittedMaterial[];
}): IntakeOutcome {
  const { item, receivedAt } = input;
  if (receivedAt.kind === 'window' && !receivedAt.comprehensive && receivedAt.departmentId !== item.departmentId) {
    return { kind: 'REFER', departmentId: item.departmentId };
  }
  const missing = missingMaterials(item.materials, input.submitted);
  if (missing.length > 0) return { kind: 'NOTICE', missing };
  if (item.handlingMode === 'IMMEDIATE' && receivedAt.kind === 'window') return { kind: 'ON_THE_SPOT' };
  return { kind: 'ACCEPT' };
}

/** Every required material that was not submitted, or was submitted with a defect — all of them, at once. */
export function missingMaterials(
  materials: readonly GuideMaterial[],
  submitted: readonly SubmittedMaterial[],
): MissingMaterial[] {
  const byId = new Map(submitted.map((m) => [m.id, m]));
  const missing: MissingMaterial[] = [];
  for (const material of materials) {
    const given = byId.get(material.id);
    if (given?.defect) missing.push({ id: material.id, name: material.name, reason: `defective: ${given.defect}` });
    else if (!given && material.required)
      missing.push({ id: material.id, name: material.name, reason: 'not submitted' });
  }
  return missing;
}
