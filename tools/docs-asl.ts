import { mkdirSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { generatedStateMachineDocs, STATE_MACHINE_DOCS_DIR } from './state-machine-docs.ts';

/**
 * `npm run docs:asl`: writes docs/state-machines/<name>.asl.json and <name>.input.json for every state machine, so
 * an operator can read what runs without running CDK. test/cdk/state-machine.test.ts fails while they are stale.
 */
mkdirSync(STATE_MACHINE_DOCS_DIR, { recursive: true });
for (const doc of generatedStateMachineDocs()) {
  writeFileSync(doc.path, doc.text);
  process.stdout.write(`${relative(process.cwd(), doc.path)}\n`);
}
