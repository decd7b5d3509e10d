import { verifyChain } from '../functions/domain/timeline.ts';
import { scanCases } from '../functions/store/cases.ts';
import { tables } from '../functions/store/tables.ts';

/**
 * `npm run verify-timelines`: re-computes the hash chain of EVERY case and reports the first broken link of each
 * broken one; exits 1 if any is broken. Against AWS: `CASES_TABLE=<table name> npm run verify-timelines` with the
 * usual AWS credentials and region. Without CASES_TABLE it checks the running local runtime (DYNAMODB_ENDPOINT,
 * default http://127.0.0.1:<PORT+1>).
 */
if (!process.env[tables.cases.envVar]) {
  const port = Number(process.env.PORT ?? 3000) + 1;
  process.env.DYNAMODB_ENDPOINT ??= `http://127.0.0.1:${process.env.DYNAMODB_PORT ?? port}`;
  process.env[tables.cases.envVar] = `xiaoneng-local-${tables.cases.name}`;
}

let checked = 0;
let broken = 0;
for await (const c of scanCases()) {
  checked++;
  const verdict = verifyChain(c.id, c.timeline ?? [], c.timelineHead);
  if (!verdict.valid) {
    broken++;
    const event = c.timeline?.[verdict.firstBrokenAt ?? 0];
    process.stdout.write(
      `BROKEN ${c.id}: first broken link at event ${verdict.firstBrokenAt} of ${verdict.events}${event ? ` (${event.type} at ${event.at} by ${event.by})` : ' (events missing at the end)'}\n`,
    );
  }
}
process.stdout.write(`${checked} case(s) checked, ${broken} broken\n`);
process.exit(broken > 0 ? 1 : 0);
