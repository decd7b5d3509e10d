import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../lib/repo-root.ts';
import { RUNTIME_BUNDLE } from '../../local/bundle.ts';
import { RUNTIME_V8_FLAGS } from '../../local/memory.ts';

describe('the V8 options the local runtime runs with', () => {
  it('are the ones npm start passes (local/memory.ts is their one source; the tests and bench take them from it)', () => {
    const scripts = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')).scripts as Record<string, string>;
    // npm start builds the bundle (local/build-runtime.ts), then runs it: the options go to the second command.
    const [build, run] = (scripts.start ?? '').split(' && ');
    expect(build).toBe('node --import tsx local/build-runtime.ts');
    const start = run?.split(/\s+/) ?? [];
    expect(start.slice(0, 1 + RUNTIME_V8_FLAGS.length)).toEqual(['node', ...RUNTIME_V8_FLAGS]);
    expect(start.slice(1 + RUNTIME_V8_FLAGS.length)).toEqual([relative(repoRoot, RUNTIME_BUNDLE)]);
    // From source (npm run start:source), with the same options.
    const source = scripts['start:source']?.split(/\s+/) ?? [];
    expect(source.slice(0, 1 + RUNTIME_V8_FLAGS.length)).toEqual(['node', ...RUNTIME_V8_FLAGS]);
    expect(source.slice(-3)).toEqual(['--import', 'tsx', 'local/main.ts']);
  });
});
