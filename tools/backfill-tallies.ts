import { currentCalendar } from '../functions/store/calendar.ts';
import { scanCases } from '../functions/store/cases.ts';
import { tallyCase } from '../functions/store/evaluations.ts';
import { tables } from '../functions/store/tables.ts';

/**
 * `npm run backfill-tallies`: counts every case's timeline into the evaluation's Tallies table — once, for a table of
 * cases written before the tally stream reader was deployed. Each case goes through the stream reader's own
 * conditional write (functions/store/evaluations.ts tallyCase: the case's marker says which events are counted), so
 * running it while the stream reader runs, or running it twice, never counts an event twice.
 * Against AWS: `CASES_TABLE=<table> TALLIES_TABLE=<table> CALENDAR_TABLE=<table> npm run backfill-tallies` with the
 * usual credentials and region (Scan on Cases; GetItem and UpdateItem on Tallies; Query on Calendar). Without
 * CASES_TABLE it works on the running local runtime (DYNAMODB_ENDPOINT, default http://127.0.0.1:<PORT+1>), whose
 * start already did this for an old data folder. A one-off tool: it Scans, so it grows with history (no function does).
 */
if (!process.env[tables.cases.envVar]) {
  const port = Number(process.env.PORT ?? 3000) + 1;
  process.env.DYNAMODB_ENDPOINT ??= `http://127.0.0.1:${process.env.DYNAMODB_PORT ?? port}`;
  for (const key of ['cases', 'tallies', 'calendar'] as const) {
    process.env[tables[key].envVar] = `xiaoneng-local-${tables[key].name}`;
  }
}

const calendar = await currentCalendar();
let cases = 0;
let events = 0;
for await (const c of scanCases()) {
  cases++;
  events += await tallyCase(c, 0, calendar);
  if (cases % 1000 === 0) process.stdout.write(`${cases} cases read, ${events} events counted\n`);
}
process.stdout.write(`${cases} cases read, ${events} events counted (the others were counted before)\n`);
