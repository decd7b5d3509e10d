import '../../local/polyfills.ts';
import { afterAll } from 'vitest';
import { removeTemporaryFolders } from '../support/temporary.ts';

// Registered first, so it runs after the file's own afterAll hooks (vitest runs them as a stack): by then the
// processes that wrote into the folders have stopped.
afterAll(removeTemporaryFolders);
