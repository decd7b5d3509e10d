import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The folders this test file made with `temporaryFolder`, removed after its last test (test/setup/each-file.ts). */
const made = new Set<string>();

/**
 * A fresh folder `xiaoneng-<label>-*` in the temporary folder, removed with everything in it once the test file has
 * run, passed or failed — for data that no process outlives the file with (a runtime's own data folder is
 * RuntimeProcess's, removed by its `dispose()`).
 */
export function temporaryFolder(label: string): string {
  const folder = mkdtempSync(join(tmpdir(), `xiaoneng-${label}-`));
  made.add(folder);
  return folder;
}

/** Removes every folder `temporaryFolder` made in this file. */
export function removeTemporaryFolders(): void {
  for (const folder of made) rmSync(folder, { recursive: true, force: true });
  made.clear();
}
