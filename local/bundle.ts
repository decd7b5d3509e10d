import { mkdirSync, renameSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { build, type Plugin } from 'esbuild';
import { functions } from '../functions/manifest.ts';
import { repoRoot } from '../lib/repo-root.ts';
import { renderAll } from './preloaded.ts';

/**
 * The local runtime (local/main.ts) bundled into one JavaScript file, for the tests: every end-to-end and browser
 * test file starts runtimes, and the crash test restarts one twenty times. Run from source, each start spends most
 * of its time before anything listens: tsx compiling and Node resolving some three hundred TypeScript modules and
 * the packages they import, and aws-cdk-lib loaded to render the state machines. The bundle is built once per test
 * run (test/setup/runtime-bundle.ts) by the same esbuild that bundles the Lambdas, from the same sources, with the
 * state machines rendered by the same CDK code at build time (local/preloaded.ts), so a start loads one file.
 *
 * Left outside the bundle: dynalite and its native LevelDB binding (the runtime reaches into dynalite's own modules
 * by path), esbuild (the site build runs its binary), and anything of aws-cdk-lib (never loaded by a bundled start:
 * the build fails if the bundle would). `npm start` still runs from source, and so does the test of its options.
 */
export async function buildRuntimeBundle(outFile: string): Promise<void> {
  const stateMachines = await renderAll();
  const entries = Object.entries(functions).map(
    ([name, spec]) => `${JSON.stringify(name)}: () => import(${JSON.stringify(`./${spec.entry}`)})`,
  );
  // Evaluated before local/main.ts (an ESM module's imports run in order): the runtime finds its parts preloaded.
  const preloadModule = [
    "import { preload } from './local/preloaded.ts';",
    `preload({ handlers: { ${entries.join(', ')} }, stateMachines: ${JSON.stringify(stateMachines)} });`,
  ].join('\n');
  const virtual: Plugin = {
    name: 'xiaoneng-runtime',
    setup(build) {
      build.onResolve({ filter: /^xiaoneng:preload$/ }, () => ({ path: 'preload', namespace: 'xiaoneng' }));
      build.onLoad({ filter: /.*/, namespace: 'xiaoneng' }, () => ({
        contents: preloadModule,
        resolveDir: repoRoot,
        loader: 'ts',
      }));
      // Rendering from source is what the preloaded list replaces: leave it (and aws-cdk-lib) out.
      build.onResolve({ filter: /\/lib\/(render|state-machines)\.ts$/ }, (args) => ({
        path: args.path,
        external: true,
      }));
    },
  };
  const temporary = `${outFile}.${process.pid}.tmp`;
  mkdirSync(dirname(outFile), { recursive: true });
  const result = await build({
    stdin: {
      contents: "import 'xiaoneng:preload';\nimport './local/main.ts';\n",
      resolveDir: repoRoot,
      sourcefile: 'runtime-bundle-entry.ts',
      loader: 'ts',
    },
    outfile: temporary,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: ['dynalite', 'esbuild', 'aws-cdk-lib', 'aws-cdk-lib/*', 'constructs'],
    // Bundled CommonJS packages call require(); an ES module has none of its own.
    banner: {
      js: "import { createRequire as __xnRequire } from 'node:module'; const require = __xnRequire(import.meta.url);",
    },
    plugins: [virtual],
    metafile: true,
    // No source map: not minified, the bundle keeps every name, and each module is headed by its path.
    logLevel: 'warning',
  });
  const imported = Object.values(result.metafile.outputs).flatMap((output) =>
    output.imports.filter((i) => i.external && /^aws-cdk-lib|^constructs/.test(i.path)).map((i) => i.path),
  );
  if (imported.length > 0) {
    throw new Error(`the runtime bundle would load ${imported.join(', ')}: only rendering needs it (lib/render.ts)`);
  }
  // The store's worker thread (local/dynamodb-thread.ts) loads its own file, beside the runtime's: written first, so
  // a runtime bundle is never seen without it.
  const workerFile = join(dirname(outFile), 'dynamodb-worker.mjs');
  await build({
    entryPoints: [join(repoRoot, 'local/dynamodb-worker.ts')],
    outfile: `${workerFile}.${process.pid}.tmp`,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: ['dynalite'],
    banner: {
      js: "import { createRequire as __xnRequire } from 'node:module'; const require = __xnRequire(import.meta.url);",
    },
    logLevel: 'warning',
  });
  renameSync(`${workerFile}.${process.pid}.tmp`, workerFile);
  renameSync(temporary, outFile);
}

/** Where the tests' runtime bundle is written: a tool's cache, inside the repository so its packages resolve. */
export const RUNTIME_BUNDLE = join(repoRoot, 'node_modules/.cache/xiaoneng-runtime/main.mjs');
