import { statSync } from 'node:fs';
import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The order the workers take the test files in: longest first, so that none is left with a long file while the
 * others have nothing to do (the suite's time is the last worker's). vitest's own order is by the last run's
 * durations when it has them (node_modules/.vite), and by file SIZE on a fresh clone, which is what CI runs: there
 * the crash test came fifth and a worker took it up after a minute, and the browser files came between unit files.
 *
 * Without durations for every file, files are taken by what they start, then by size:
 *  1. the crash test (one file, a third of the suite's time: it must start at once);
 *  2. browser journeys (a runtime, Chromium and the simulated clock: 10–80 s each);
 *  3. end-to-end files (a runtime each: 2–80 s);
 *  4. the CDK synths and the model check (10–40 s);
 *  5. everything else (mostly under a second: they fill the gaps at the end).
 */
export default class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const cache = this.ctx.cache;
    const key = (file: TestSpecification) => `${file.project.name}:${relative(this.ctx.config.root, file.moduleId)}`;
    if (files.every((file) => cache.getFileTestResults(key(file)))) return super.sort(files);
    const rank = (file: TestSpecification) => {
      const path = relative(this.ctx.config.root, file.moduleId);
      if (path.startsWith('test/crash/')) return 0;
      if (path.startsWith('test/browser/')) return 1;
      if (path.startsWith('test/e2e/')) return 2;
      if (path.startsWith('test/cdk/') || path.startsWith('test/model/')) return 3;
      return 4;
    };
    const size = (file: TestSpecification) => statSync(file.moduleId).size;
    return [...files].sort((a, b) => rank(a) - rank(b) || size(b) - size(a));
  }
}
