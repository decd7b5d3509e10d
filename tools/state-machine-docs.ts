import { join } from 'node:path';
import { renderStateMachine } from '../lib/render.ts';
import { stateMachines } from '../lib/state-machines.ts';

/** Where each state machine is documented: `<name>.md` (written by hand) beside the generated files below. */
export const STATE_MACHINE_DOCS_DIR = join(import.meta.dirname, '..', 'docs', 'state-machines');

/** The command that rewrites the generated files (a stale file's test failure names it). */
export const REGENERATE_COMMAND = 'npm run docs:asl';

export interface GeneratedDoc {
  /** Absolute path. */
  readonly path: string;
  readonly text: string;
}

/** 2-space JSON with a final newline: the generated files' one format, so a comparison can be byte for byte. */
function jsonText(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/**
 * The generated files of every state machine in lib/state-machines.ts: `<name>.asl.json`, the ASL exactly as the
 * local runtime runs it and CDK deploys it (function ARNs are the local placeholders), and `<name>.input.json`, an
 * input an execution starts with.
 */
export function generatedStateMachineDocs(): GeneratedDoc[] {
  return stateMachines.flatMap((spec) => [
    { path: join(STATE_MACHINE_DOCS_DIR, `${spec.name}.asl.json`), text: jsonText(renderStateMachine(spec)) },
    { path: join(STATE_MACHINE_DOCS_DIR, `${spec.name}.input.json`), text: jsonText(spec.exampleInput) },
  ]);
}
