// Counts the cases of a data folder written before the evaluation's tallies (issue 12) into the Tallies table, once:
// run at start, recorded in the data folder when done, so later starts skip the scan — unless the previous run was
// killed, when the stream records it held in memory are gone and their events are counted from the cases instead. Every case goes through the
// same conditional write the Cases stream reader uses (functions/store/evaluations.ts tallyCase), so a case the stream
// has already counted (or counts meanwhile) is never counted twice, and a start killed half-way simply runs again.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { currentCalendar } from '../functions/store/calendar.ts';
import { scanCases } from '../functions/store/cases.ts';
import { tallyCase, tallyMarker } from '../functions/store/evaluations.ts';

/**
 * `recount`: count again even if the folder was done — after a run that did not stop cleanly (killed, crashed), whose
 * stream records still in memory were lost (local/streams.ts): each case's marker says what is counted, so only the
 * events those records carried are added, and nothing twice.
 * @returns how many timeline events were counted (0 when the folder was already done).
 */
export async function migrateTallies(
  doneFile: string,
  { recount = false }: { readonly recount?: boolean } = {},
): Promise<{ cases: number; events: number }> {
  if (existsSync(doneFile) && !recount) return { cases: 0, events: 0 };
  const calendar = await currentCalendar();
  let cases = 0;
  let events = 0;
  for await (const c of scanCases()) {
    cases++;
    // The marker first (one GetItem): a case already counted through its last event — nearly all of them on a
    // recount after a kill — costs no transaction. tallyCase still holds the write to the marker it read.
    const through = await tallyMarker(c.id);
    if (through !== undefined && through >= c.timeline.length - 1) continue;
    events += await tallyCase(c, through === undefined ? 0 : through + 1, calendar);
  }
  mkdirSync(dirname(doneFile), { recursive: true });
  writeFileSync(doneFile, `${JSON.stringify({ migratedAt: new Date().toISOString(), cases, events })}\n`);
  return { cases, events };
}
