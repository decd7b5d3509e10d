import { join } from 'node:path';
import { anchorArchive, type CheckedCheckpoint } from '../functions/common/anchor-archive.ts';
import { checkAnchors, checkpointHash, genesisCheckpoint } from '../functions/domain/anchor.ts';
import { verifyCase } from '../functions/domain/timeline.ts';
import { scanCases } from '../functions/store/cases.ts';
import { tables } from '../functions/store/tables.ts';
import { dataDirFromEnv } from '../local/config.ts';

/**
 * `npm run verify-timelines`: re-computes the hash chain of EVERY case, checks that each case still holds the state
 * its last event bound, walks the whole chain of signed checkpoints (signatures and links) and checks every case
 * against every checkpoint that names it — including cases no longer in the table. Exits 1 if anything is broken.
 * Against AWS: `CASES_TABLE=<table> ANCHOR_BUCKET=<bucket> ANCHOR_KEY_ID=<key arn> npm run verify-timelines` with the
 * usual AWS credentials and region (the key's GetPublicKey suffices). Without CASES_TABLE it checks the running local
 * runtime (DYNAMODB_ENDPOINT, default http://127.0.0.1:<PORT+1>) and its data folder (XIAONENG_DATA_DIR, default .data).
 * An audit tool: it reads everything, so it grows with history (no request path or scheduled job does this).
 */
const usage = `usage: npm run verify-timelines            (the running local runtime: PORT, XIAONENG_DATA_DIR)
       CASES_TABLE=<table> ANCHOR_BUCKET=<bucket> ANCHOR_KEY_ID=<key arn> npm run verify-timelines   (AWS)
exits 0 when every case and checkpoint verifies, 1 when something is broken, 2 when it could not check`;
const args = process.argv.slice(2);
if (args.includes('--help') || args.includes('-h')) {
  process.stdout.write(`${usage}\n`);
  process.exit(0);
}
if (args.length) {
  process.stderr.write(`verify-timelines: takes no arguments (got ${args.join(' ')})\n${usage}\n`);
  process.exit(2);
}
/** What could not be reached or read, said in one line (not a stack trace), exit 2. */
function cannotCheck(error: unknown): never {
  const codes = [error, (error as { cause?: unknown })?.cause].map((e) => (e as { code?: string } | undefined)?.code);
  const refused = codes.includes('ECONNREFUSED');
  process.stderr.write(
    refused && process.env.DYNAMODB_ENDPOINT
      ? `verify-timelines: nothing answers at ${process.env.DYNAMODB_ENDPOINT}: is the local runtime running (npm start; PORT=${process.env.PORT ?? 3000} here)?\n`
      : `verify-timelines: could not read the cases: ${(error as Error)?.message ?? String(error)}\n`,
  );
  process.exit(2);
}

if (!process.env[tables.cases.envVar]) {
  const port = Number(process.env.PORT ?? 3000) + 1;
  process.env.DYNAMODB_ENDPOINT ??= `http://127.0.0.1:${process.env.DYNAMODB_PORT ?? port}`;
  process.env[tables.cases.envVar] = `xiaoneng-local-${tables.cases.name}`;
  process.env.ANCHOR_DIR ??= join(dataDirFromEnv(), 'anchors');
  process.env.ANCHOR_KEY_FILE ??= join(dataDirFromEnv(), 'anchor-key.pem');
}
const out = (line: string) => process.stdout.write(`${line}\n`);

// The chain of checkpoints, from the first: every signature, every link.
const archive = anchorArchive();
const byCase = new Map<string, CheckedCheckpoint[]>();
let checkpoints = 0;
let badCheckpoints = 0;
if (archive) {
  let previous = genesisCheckpoint();
  for (let seq = 1; ; seq++) {
    let checked: CheckedCheckpoint | undefined;
    try {
      checked = await archive.checkpoint(seq);
    } catch (error) {
      out(`CHECKPOINT ${seq}: unreadable (${(error as Error).message})`);
      badCheckpoints++;
      break;
    }
    if (!checked) break;
    checkpoints++;
    if (!checked.signatureValid || !checked.checkpoint) {
      out(`CHECKPOINT ${seq}: the signature does not verify with the anchor key`);
      badCheckpoints++;
    } else if (checked.document?.previous !== previous) {
      out(`CHECKPOINT ${seq}: does not chain to checkpoint ${seq - 1}`);
      badCheckpoints++;
    }
    previous = checked.checkpoint ? checkpointHash(checked.checkpoint) : previous;
    const named = [...(checked.document?.heads ?? []), ...(checked.document?.alerts ?? [])].map((h) => h.caseId);
    for (const caseId of new Set(named)) {
      const list = byCase.get(caseId) ?? [];
      list.push(checked);
      byCase.set(caseId, list);
    }
  }
}

let checked = 0;
let broken = 0;
let unbound = 0;
const cases = scanCases()[Symbol.asyncIterator]();
for (;;) {
  const next = await cases.next().catch(cannotCheck);
  if (next.done) break;
  const c = next.value;
  checked++;
  const verdict = verifyCase(c);
  const anchored = checkAnchors(c.id, c.timeline ?? [], byCase.get(c.id) ?? []);
  byCase.delete(c.id);
  if (!verdict.state.bound) unbound++;
  if (verdict.valid && anchored.rewritten.length === 0 && anchored.alerts.length === 0) continue;
  broken++;
  if (verdict.firstBrokenAt !== null) {
    const event = c.timeline?.[verdict.firstBrokenAt];
    out(
      `BROKEN ${c.id}: first broken link at event ${verdict.firstBrokenAt} of ${verdict.events}${event ? ` (${event.type} at ${event.at} by ${event.by})` : ' (events missing at the end)'}`,
    );
  }
  if (verdict.state.valid === false) {
    out(
      `EDITED ${c.id}: the state differs from what its last event bound: ${verdict.state.changed?.join(', ') ?? 'attributes not named (their per-attribute digests were altered too)'}`,
    );
  }
  for (const edit of verdict.editsRecorded) {
    out(
      `EDITED ${c.id}: event ${edit.event} was appended on a state edited outside any event: ${edit.fields.join(', ')}`,
    );
  }
  for (const a of anchored.alerts) out(describeAlert(c.id, a));
  for (const r of anchored.rewritten) {
    out(
      `REWRITTEN ${c.id}: checkpoint ${r.checkpoint} anchored ${r.events} event(s) ending in ${r.anchoredHead.slice(0, 16)}…; the table has ${r.found ? `${r.found.slice(0, 16)}… there` : 'fewer events'}`,
    );
  }
}
for (const [caseId, list] of byCase) {
  broken++;
  const last = list.at(-1);
  out(`DELETED ${caseId}: anchored in checkpoint ${last?.seq ?? '?'}, no longer in the table`);
}

/** What the anchor saw happen outside the API, as it happened (signed into the checkpoint then). */
function describeAlert(caseId: string, a: ReturnType<typeof checkAnchors>['alerts'][number]): string {
  const what =
    a.kind === 'TIMELINE_REWRITTEN'
      ? `timeline rewritten from event ${a.event}`
      : a.kind === 'STATE_EDITED'
        ? `state edited without an event: ${a.fields?.join(', ') ?? 'attributes not named'}`
        : 'case deleted';
  return `ALERT ${caseId}: checkpoint ${a.checkpoint} saw the ${what}`;
}
out(
  `${checked} case(s) checked, ${broken} broken${unbound ? ` (${unbound} written before state binding: chain checked, state not)` : ''}; ${
    archive
      ? `${checkpoints} checkpoint(s) in ${archive.description}, ${badCheckpoints} bad`
      : 'no anchor archive configured (ANCHOR_BUCKET and ANCHOR_KEY_ID): checkpoints not checked'
  }`,
);
process.exit(broken > 0 || badCheckpoints > 0 ? 1 : 0);
