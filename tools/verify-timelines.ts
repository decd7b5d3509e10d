import { verifyCase } from '../functions/domain/timeline.ts';
import { scanCases } from '../functions/store/cases.ts';
import { tables } from '../functions/store/tables.ts';

/**
 * `npm run verify-timelines`: re-computes the hash chain of EVERY case, checks that each case still holds the state
 * its last event bound, and reports what is broken; exits 1 if anything is. Against AWS:
 * `CASES_TABLE=<table name> npm run verify-timelines` with the usual AWS credentials and region. Without CASES_TABLE
 * it checks the running local runtime (DYNAMODB_ENDPOINT, default http://127.0.0.1:<PORT+1>).
 */
if (!process.env[tables.cases.envVar]) {
  const port = Number(process.env.PORT ?? 3000) + 1;
  process.env.DYNAMODB_ENDPOINT ??= `http://127.0.0.1:${process.env.DYNAMODB_PORT ?? port}`;
  process.env[tables.cases.envVar] = `xiaoneng-local-${tables.cases.name}`;
}

let checked = 0;
let broken = 0;
let unbound = 0;
for await (const c of scanCases()) {
  checked++;
  const verdict = verifyCase(c);
  if (!verdict.state.bound) unbound++;
  if (verdict.valid) continue;
  broken++;
  if (verdict.firstBrokenAt !== null) {
    const event = c.timeline?.[verdict.firstBrokenAt];
    process.stdout.write(
      `BROKEN ${c.id}: first broken link at event ${verdict.firstBrokenAt} of ${verdict.events}${event ? ` (${event.type} at ${event.at} by ${event.by})` : ' (events missing at the end)'}\n`,
    );
  }
  if (verdict.state.valid === false) {
    process.stdout.write(
      `EDITED ${c.id}: the state differs from what its last event bound: ${verdict.state.changed?.join(', ') ?? 'attributes not named (their per-attribute digests were altered too)'}\n`,
    );
  }
  for (const edit of verdict.editsRecorded) {
    process.stdout.write(
      `EDITED ${c.id}: event ${edit.event} was appended on a state edited outside any event: ${edit.fields.join(', ')}\n`,
    );
  }
}
process.stdout.write(
  `${checked} case(s) checked, ${broken} broken${unbound ? ` (${unbound} written before state binding: chain checked, state not)` : ''}\n`,
);
process.exit(broken > 0 ? 1 : 0);
