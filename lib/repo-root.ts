import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The repository's folder: the nearest folder above this module whose package.json is ours. Found, not computed
 * from this file's place, because the same code also runs bundled into one file elsewhere in the repository (the
 * tests' runtime bundle in node_modules/.cache, local/bundle.ts).
 */
export const repoRoot: string = findRepoRoot(import.meta.dirname);

function findRepoRoot(from: string): string {
  for (let folder = from; ; folder = dirname(folder)) {
    const manifest = join(folder, 'package.json');
    if (existsSync(manifest)) {
      try {
        if ((JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'xiaoneng') return folder;
      } catch {
        // Not JSON: not ours; keep looking.
      }
    }
    if (dirname(folder) === folder) throw new Error(`no xiaoneng package.json above ${from}`);
  }
}
