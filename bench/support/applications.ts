import type { ApplicableItem, Applicant } from '../../test/support/applications.ts';
import type { BenchRuntime } from './runtime.ts';

/** What the bench needs of a published catalogue item (GET /v1/catalog). */
export interface BenchItem extends ApplicableItem {
  readonly departmentId: string;
  readonly promisedLimitDays: number;
  readonly deemedConsentEligible: boolean;
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

/** The applicant of the bench's `n`th application (an enterprise of its own name). */
export function benchApplicant(n: number): Applicant {
  return { type: 'ENTERPRISE', name: `基准测试科技有限公司 ${n}`, phone: '0411-8888-0000' };
}
