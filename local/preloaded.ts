import { join } from 'node:path';
import type { FunctionName } from '../functions/manifest.ts';
import { repoRoot } from '../lib/repo-root.ts';
import type { LambdaHandler } from './http-server.ts';

// What a runtime loads before it can start: every function's handler module, and every state machine rendered to
// ASL by CDK. Run from source (`npm start`), it imports each handler by its manifest entry and renders the state
// machines with aws-cdk-lib at every start. The tests' runtime bundle (local/bundle.ts) does both once, when it is
// built, and hands them over here: its starts load no TypeScript, no handler by path and no aws-cdk-lib.

/** A state machine as the runtime runs it: its name, the variable carrying its ARN, and its rendered ASL. */
export interface RenderedStateMachine {
  readonly name: string;
  readonly envVar: string;
  readonly definition: Record<string, unknown>;
}

interface Preloaded {
  /** Each function's module, imported when the runtime asks for it (as from source: after it set the environment). */
  readonly handlers: Readonly<Record<string, () => Promise<{ handler: LambdaHandler }>>>;
  readonly stateMachines: readonly RenderedStateMachine[];
}

let preloaded: Preloaded | undefined;

/** Called by the bundle's entry, before the runtime's own modules run. */
export function preload(what: Preloaded): void {
  preloaded = what;
}

/** A function's handler: the preloaded one, else its manifest entry's module imported from source. */
export async function handlerOf(name: FunctionName, entry: string): Promise<LambdaHandler> {
  const load = preloaded?.handlers[name];
  if (load) return (await load()).handler;
  return ((await import(join(repoRoot, entry))) as { handler: LambdaHandler }).handler;
}

/** Every state machine of lib/state-machines.ts, rendered: the preloaded list, else rendered now with CDK. */
export async function renderedStateMachines(): Promise<readonly RenderedStateMachine[]> {
  if (preloaded) return preloaded.stateMachines;
  return renderAll();
}

/** Renders every state machine from source with aws-cdk-lib (loaded only here). */
export async function renderAll(): Promise<RenderedStateMachine[]> {
  const [{ stateMachines }, { renderStateMachine }] = await Promise.all([
    import('../lib/state-machines.ts'),
    import('../lib/render.ts'),
  ]);
  return stateMachines.map((spec) => ({ name: spec.name, envVar: spec.envVar, definition: renderStateMachine(spec) }));
}
