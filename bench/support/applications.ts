import type { BenchRuntime } from './runtime.ts';

/** What the bench needs of a published catalogue item (GET /v1/catalog). */
export interface BenchItem {
  readonly code: string;
  readonly departmentId: string;
  readonly promisedLimitDays: number;
  readonly deemedConsentEligible: boolean;
  readonly materials: readonly { id: string; required: boolean }[];
  readonly form?: {
    readonly fields: readonly {
      name: string;
      type: string;
      required: boolean;
      options?: string[];
      min?: number;
      max?: number;
    }[];
  };
}

export async function catalogItems(runtime: BenchRuntime): Promise<BenchItem[]> {
  const answer = await runtime.call('GET', '/v1/catalog');
  if (answer.status !== 200) throw new Error(`GET /v1/catalog answered ${answer.status}: ${answer.text}`);
  return answer.json.items as BenchItem[];
}

export function itemByCode(items: readonly BenchItem[], code: string): BenchItem {
  const item = items.find((i) => i.code === code);
  if (!item) throw new Error(`the demo catalogue has no item ${code}`);
  return item;
}

/** A complete application for `item`: every required material and a valid answer to every required form field. */
export function applicationFor(item: BenchItem, n = 0) {
  const form: Record<string, string | number | boolean> = {};
  for (const field of item.form?.fields ?? []) {
    if (!field.required) continue;
    switch (field.type) {
      case 'number':
        form[field.name] = Math.max(field.min ?? 1, 1);
        break;
      case 'boolean':
        form[field.name] = true;
        break;
      case 'date':
        form[field.name] = '2026-12-01';
        break;
      case 'enum':
        form[field.name] = field.options?.[0] ?? '';
        break;
      default:
        form[field.name] = `基准测试 ${n}`.slice(0, field.max ?? 100);
    }
  }
  return {
    itemCode: item.code,
    applicant: { type: 'ENTERPRISE', name: `基准测试科技有限公司 ${n}`, phone: '0411-8888-0000' },
    materials: item.materials.filter((m) => m.required).map((m) => ({ id: m.id })),
    ...(item.form && item.form.fields.length > 0 ? { form } : {}),
  };
}
