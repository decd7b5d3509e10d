// A dynalite of its own, in a child process (`node --import tsx bench/support/dynalite-process.ts <dir> <port>`):
// the tables of functions/store/tables.ts, served until the process is killed. Loading 100,000 items is then not
// slowed by the loader's own work in the same process, and the reconciler talks to it over HTTP as it would in AWS.
import { ensureTables, startDynamo } from '../../local/dynamodb.ts';

const [dir, port] = process.argv.slice(2);
if (!dir || !port) {
  process.stderr.write('usage: dynalite-process.ts <data dir> <port>\n');
  process.exit(2);
}
const dynamo = await startDynamo(dir, Number(port));
await ensureTables(dynamo.url);
process.stdout.write(`dynalite ready ${dynamo.url}\n`);
process.on('SIGTERM', () => {
  void dynamo.close().finally(() => process.exit(0));
});
