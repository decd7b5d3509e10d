import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../lib/repo-root.ts';
import { RUNTIME_V8_FLAGS } from '../../local/memory.ts';

describe('the V8 options the local runtime runs with', () => {
  it('are the ones npm start passes (local/memory.ts is their one source; the tests and bench take them from it)', () => {
    const scripts = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')).scripts as Record<string, string>;
    const start = scripts.start?.split(/\s+/) ?? [];

    expect(start.slice(0, 1 + RUNTIME_V8_FLAGS.length)).toEqual(['node', ...RUNTIME_V8_FLAGS]);
    expect(start.slice(-3)).toEqual(['--import', 'tsx', 'local/main.ts']);
  });
});
