import { listDepartments, putDepartment, putItem } from '../functions/store/catalog.ts';
import { demoDepartments, demoItems } from './demo-data.ts';

/** Loads the demo catalogue on first start (an empty catalogue); never overwrites what is there. */
export async function seedIfEmpty(): Promise<boolean> {
  if ((await listDepartments()).length > 0) return false;
  for (const department of demoDepartments) await putDepartment(department);
  for (const item of demoItems) await putItem(item);
  return true;
}
