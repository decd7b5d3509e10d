import '../../local/polyfills.ts';
import { afterAll } from 'vitest';
import { removeTemporaryFolders } from '../support/temporary.ts';

// The files of a worker share one process (vitest.config.ts: isolate false), so what a file puts in the environment
// (a table name, an endpoint, an anchor folder) would reach the files after it — and the processes they spawn, such
// as the verify-timelines CLI, which would then read another file's folders. Each file starts from the environment
// the worker had and leaves it so.
const environment = { ...process.env };

// Registered first, so these run after the file's own afterAll hooks (vitest runs them as a stack): by then the
// processes that wrote into the folders have stopped.
afterAll(() => {
  for (const name of Object.keys(process.env)) if (!(name in environment)) delete process.env[name];
  Object.assign(process.env, environment);
});
afterAll(removeTemporaryFolders);
