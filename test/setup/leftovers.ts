// vitest globalSetup: the test run gets a temporary folder of its own (test/support/run-folder.ts), set before vitest
// forks its workers, which hand it on to every runtime they spawn; the run fails if anything is left in it.
import { ownTemporaryFolder } from '../support/run-folder.ts';

export default function setup(): () => void {
  const run = ownTemporaryFolder('test');
  return () => {
    const left = run.finish();
    if (left.length === 0) return;
    console.error(
      `\n✗ The test run left ${left.length} temporary folder(s) or file(s) behind in ${run.folder}.\n` +
        '  A test, helper or process that makes a temporary folder must remove it (afterAll / finally), also when ' +
        `the test fails:\n${left.map((line) => `  ${line}`).join('\n')}\n`,
    );
    // vitest reports an error thrown here but keeps exit code 0: the code is set instead.
    process.exitCode = 1;
  };
}
