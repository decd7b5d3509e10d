// Small helpers for the history events the engine records (engine.ts): the JSON form of a state's data, and the
// resource parts Step Functions reports for an optimized integration.

export const toJson = (value: unknown): string => JSON.stringify(value === undefined ? null : value);

/** `arn:aws:states:::lambda:invoke.waitForTaskToken` → { resourceType: 'lambda', resource: 'invoke.waitForTaskToken' } */
export function resourceParts(resource: string): { resourceType: string; resource: string } {
  const match = /^arn:aws[a-z-]*:states:::([^:]+):(.+)$/.exec(resource);
  return match
    ? { resourceType: match[1] ?? resource, resource: match[2] ?? resource }
    : { resourceType: 'unknown', resource };
}
