import { mkdirSync, mkdtempSync, readdirSync, realpathSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

/** tsx keeps its compile cache in `<tmp>/tsx-<uid>`: a run links to the system's, so no run compiles anew. */
const tsxCache = `tsx-${process.geteuid ? process.geteuid() : userInfo().username}`;

/** Bytes under `path`, to say how much a leftover weighs. */
function size(path: string): number {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.size;
  return readdirSync(path).reduce((sum, name) => sum + size(join(path, name)), 0);
}

/**
 * Gives this process, and every process it starts from now on, a temporary folder of its own: TMPDIR (and TMP, TEMP)
 * point at a fresh `xiaoneng-<label>-run-*` folder. Tests, local runtimes and the libraries under them (CDK's
 * `cdk.out*` assemblies, our data folders) all make their temporary folders in os.tmpdir(), so whatever is left in
 * it at the end is this run's and no one else's: a concurrent `npm test`, `npm run bench` or `npm start` writes to
 * the system's temporary folder and is never flagged.
 *
 * `finish()` restores the environment and answers what was left behind (`name (size)` lines). With nothing left the
 * folder is removed; otherwise it is kept, for whoever reads the report to look inside.
 */
export function ownTemporaryFolder(label: string): { readonly folder: string; finish(): string[] } {
  const system = realpathSync(tmpdir());
  const saved = { TMPDIR: process.env.TMPDIR, TMP: process.env.TMP, TEMP: process.env.TEMP };
  const folder = mkdtempSync(join(system, `xiaoneng-${label}-run-`));
  mkdirSync(join(system, tsxCache), { recursive: true }); // what tsx itself would make
  symlinkSync(join(system, tsxCache), join(folder, tsxCache), 'dir');
  Object.assign(process.env, { TMPDIR: folder, TMP: folder, TEMP: folder });
  return {
    folder,
    finish() {
      for (const [name, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
      const left = readdirSync(folder).filter((name) => name !== tsxCache);
      if (left.length === 0) rmSync(folder, { recursive: true, force: true });
      return left.map((name) => `${name} (${Math.ceil(size(join(folder, name)) / 1024)} KiB)`);
    },
  };
}
