// TEMPORARY adapter: the domain API of /work/notes/eval-design.md that helper "domain" is writing in
// functions/domain/evaluation.ts (branch wt-domain). Written against the agreed signatures only, minimal; deleted
// when wt-domain is merged (imports then point at ../domain/evaluation.ts).
import type { Period } from '../domain/evaluation.ts';
import type { Text } from '../domain/guide.ts';
import { addDays, type IsoDate } from '../domain/time.ts';

export interface ItemFacts {
  readonly code: string;
  readonly departmentId: string;
  readonly status: 'PUBLISHED' | 'RETIRED';
  readonly handlingMode: 'IMMEDIATE' | 'PROMISED';
  readonly legalLimitDays: number;
  readonly promisedLimitDays: number;
  readonly guideComplete: boolean;
}
export interface BaselineFacts {
  readonly code: string;
  readonly handlingMode: 'IMMEDIATE' | 'PROMISED';
  readonly legalLimitDays: number;
  readonly promisedLimitDays: number;
  readonly guideComplete?: boolean;
}
export type TargetName = 'immediateShare' | 'shortenedItems' | 'promisedTimeReduction' | 'onlineDisclosure';
export interface Target {
  readonly name: Text;
  readonly definition: string;
  readonly unit: 'percentage points' | 'share';
  readonly baseline: number | null;
  readonly current: number | null;
  readonly target: number | null;
  readonly met: boolean | null;
  readonly note?: string;
}

export const definitionsVersion = 1;

export function immediateShareOfItems(items: readonly ItemFacts[]): number | null {
  const published = items.filter((i) => i.status === 'PUBLISHED');
  if (published.length === 0) return null;
  return (
    Math.round((published.filter((i) => i.handlingMode === 'IMMEDIATE').length / published.length) * 10_000) / 10_000
  );
}

export function scorecard(
  _baselines: readonly BaselineFacts[],
  items: readonly ItemFacts[],
): Record<TargetName, Target> {
  const t = (en: string): Target => ({
    name: { zh: en, en },
    definition: en,
    unit: 'share',
    baseline: null,
    current: null,
    target: null,
    met: null,
  });
  return {
    immediateShare: { ...t('immediate share'), current: immediateShareOfItems(items) },
    shortenedItems: t('shortened items'),
    promisedTimeReduction: t('promised time reduction'),
    onlineDisclosure: t('online disclosure'),
  };
}

const monthEnd = (month: string): IsoDate => addDays(`${month === '12' ? '' : ''}${nextMonth(month)}-01`, -1);
function nextMonth(ym: string): string {
  const [y, m] = ym.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

export function monthPeriod(ym: string): Period {
  return { id: ym, kind: 'MONTH', from: `${ym}-01`, to: monthEnd(ym), name: { zh: ym, en: ym } };
}

export function parsePeriod(text: string): Period | { readonly error: string } {
  if (/^\d{4}-\d{2}$/.test(text)) return monthPeriod(text);
  if (/^\d{4}$/.test(text))
    return { id: text, kind: 'YEAR', from: `${text}-01-01`, to: `${text}-12-31`, name: { zh: text, en: text } };
  return { error: 'not a period' };
}

export function periodsClosingOn(lastDay: IsoDate): Period[] {
  const ym = lastDay.slice(0, 7);
  if (monthEnd(ym) !== lastDay) return [];
  const out = [monthPeriod(ym)];
  if (lastDay.endsWith('-12-31')) out.push(parsePeriod(lastDay.slice(0, 4)) as Period);
  return out;
}

export function monthToDate(through: IsoDate): Period & { complete: false } {
  return { ...monthPeriod(through.slice(0, 7)), to: through, complete: false };
}
