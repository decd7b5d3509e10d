import type * as z from 'zod/mini';

/**
 * A deployment setting given as one JSON object (ACCOUNTABILITY_POLICY, APPRAISAL_POLICY, ENFORCEMENT_POLICY: the CDK
 * context of the same name, or `npm start`'s environment), read the same way wherever it is read — `cdk synth`,
 * `npm start`, a function's cold start: absent or empty means the defaults (undefined here); anything else must be a
 * JSON object `schema` accepts, or it is refused with `fail`, naming the field and why.
 */
export function parseJsonSetting<S extends z.ZodMiniType>(
  setting: unknown,
  schema: S,
  how: {
    /** Where the value came from (the variable or the context key): the start of every message. */
    readonly source: string;
    /** A valid value, shown when the text is not JSON. */
    readonly example: string;
    /** The fields the setting knows, named when an unknown one is given. */
    readonly known: readonly string[];
    readonly fail: (message: string) => Error;
  },
): z.infer<S> | undefined {
  let value = setting;
  if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) return undefined;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch (error) {
      throw how.fail(
        `${how.source}: not JSON (${(error as Error).message}); expected an object such as ${how.example}`,
      );
    }
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join('.') || '(the whole setting)';
    const why =
      issue?.code === 'unrecognized_keys'
        ? `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.join(', ')} (known: ${how.known.join(', ')})`
        : issue?.path.length === 0
          ? 'must be a JSON object'
          : issue?.message;
    throw how.fail(`${how.source}: ${field}: ${why}`);
  }
  return parsed.data;
}

/**
 * The setting in force in this process, from its environment variable (absent or empty: the defaults), read again
 * only when the variable's text changes (a test or the bench may change it; a Lambda's never does).
 */
export function settingFromEnvironment<P>(variable: string, of: (text: string | undefined) => P): () => P {
  let cached: { text: string | undefined; value: P } | undefined;
  return () => {
    const text = process.env[variable]?.trim() || undefined;
    if (cached && cached.text === text) return cached.value;
    const value = of(text);
    cached = { text, value };
    return value;
  };
}
