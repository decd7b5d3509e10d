// vitest globalSetup: every test run gets a temporary folder of its own, and fails if the run leaves anything in it.
//
// Tests, the local runtimes they start and the libraries under them (CDK's `cdk.out*` assemblies, our data folders)
// all make their temporary folders in os.tmpdir(). Pointing TMPDIR at a fresh folder for the run, before vitest
// forks its workers (which hand their environment on to every runtime they spawn), makes whatever the run leaves
// behind this run's and no one else's: a concurrent `npm test`, `npm run bench` or `npm start` writes to the system
// temporary folder and is never flagged. A test that removes what it made leaves the folder empty.
import { mkdirSync, mkdtempSync, readdirSync, realpathSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

/** tsx keeps its compile cache in `<tmp>/tsx-<uid>`: the run links to the system's, so no run compiles anew. */
const tsxCache = `tsx-${process.geteuid ? process.geteuid() : userInfo().username}`;

/** Bytes under `path`, to say how much a leftover weighs. */
function size(path: string): number {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.size;
  return readdirSync(path).reduce((sum, name) => sum + size(join(path, name)), 0);
}

export default function setup(): () => void {
  const system = realpathSync(tmpdir());
  const saved = { TMPDIR: process.env.TMPDIR, TMP: process.env.TMP, TEMP: process.env.TEMP };
  const run = mkdtempSync(join(system, 'xiaoneng-test-run-'));
  mkdirSync(join(system, tsxCache), { recursive: true }); // what tsx itself would make
  symlinkSync(join(system, tsxCache), join(run, tsxCache), 'dir');
  Object.assign(process.env, { TMPDIR: run, TMP: run, TEMP: run });

  return () => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    const left = readdirSync(run).filter((name) => name !== tsxCache);
    if (left.length === 0) {
      rmSync(run, { recursive: true, force: true });
      return;
    }
    // Kept, so whoever reads this can look inside (a failed crash test keeps its data folder on purpose). The run
    // fails: vitest reports a teardown error but keeps exit code 0, so the code is set here.
    const lines = left.map((name) => `  ${name} (${Math.ceil(size(join(run, name)) / 1024)} KiB)`);
    console.error(
      `\n✗ The test run left ${left.length} temporary folder(s) or file(s) behind in ${run}.\n` +
        '  A test, helper or process that makes a temporary folder must remove it (afterAll / finally), also when ' +
        `the test fails:\n${lines.join('\n')}\n`,
    );
    process.exitCode = 1;
  };
}
