import type { FunctionName } from '../functions/manifest.ts';

// The account the local runtime pretends to be, in a module of its own: the runtime needs these names but not
// aws-cdk-lib, which lib/render.ts loads (a bundled runtime never loads it: local/bundle.ts).

export const LOCAL_REGION = 'us-east-1';
export const LOCAL_ACCOUNT = '000000000000';
export const LOCAL_PARTITION = 'aws';

/** The placeholder ARN a function has in the locally rendered ASL (and in the synthesized-vs-local comparison). */
export function placeholderFunctionArn(name: FunctionName): string {
  return `arn:aws:lambda:${LOCAL_REGION}:${LOCAL_ACCOUNT}:function:xiaoneng-${name}`;
}
