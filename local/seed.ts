import { completeness } from '../functions/domain/guide.ts';
import { listDepartments, recordBaseline, writeDepartment, writeItem } from '../functions/store/catalog.ts';
import { DEMO_BASELINE_RECORDED_AT, demoBaselines, demoDepartments, demoItems } from './demo-data.ts';

const seeded = {
  revision: 1,
  revisedAt: DEMO_BASELINE_RECORDED_AT,
  revisedBy: 'system:demo-data',
  reason: '演示数据 Demo data',
};

/** Loads the demo catalogue on first start (an empty catalogue); never overwrites what is there. */
export async function seedIfEmpty(): Promise<boolean> {
  if ((await listDepartments()).length > 0) return false;
  for (const department of demoDepartments) await writeDepartment({ ...department, status: 'ACTIVE', ...seeded });
  for (const item of demoItems) {
    await writeItem({ ...item, status: 'PUBLISHED', ...seeded });
    const baseline = demoBaselines[item.code] ?? item;
    await recordBaseline({
      code: item.code,
      handlingMode: baseline.handlingMode,
      legalLimitDays: item.legalLimitDays,
      promisedLimitDays: baseline.promisedLimitDays,
      // The demo guides are as complete now as when the baseline was recorded.
      guideComplete: completeness(item).complete,
      recordedAt: DEMO_BASELINE_RECORDED_AT,
    });
  }
  return true;
}
