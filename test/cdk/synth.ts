import { readFileSync } from 'node:fs';
import { App, NestedStack, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { FunctionName } from '../../functions/manifest.ts';
import { XiaonengStack, type XiaonengStackProps } from '../../lib/xiaoneng-stack.ts';

/** The feature flags of cdk.json, so a test synthesizes what `cdk synth` synthesizes. */
const cdkJsonContext = (
  JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')) as {
    context: Record<string, unknown>;
  }
).context;

type Json = Record<string, unknown>;

export interface Synthesized {
  readonly app: App;
  readonly stack: XiaonengStack;
  /**
   * Every stack's resources in one template: the root stack's and those of each nested stack (the API's areas), with
   * the references between them resolved to what they point at. A nested stack's `{Ref: <parameter>}` reads as the
   * expression the parent passes (`{"Fn::GetAtt": [<table>, "Arn"]}`, as in the root stack), and the parent's
   * `Outputs.<name>` of a nested stack as that output's value. So an assertion holds wherever the resource lives.
   * Outputs, Parameters and Conditions are the root stack's.
   */
  readonly template: Template;
  /** The root stack's own template, as deployed (nested stacks as AWS::CloudFormation::Stack resources). */
  readonly root: Template;
  /** Each nested stack's own template, as deployed, by the nested stack's construct path. */
  readonly nested: ReadonlyMap<string, Template>;
  /** Logical id of each function's AWS::Lambda::Function → its manifest name. */
  readonly functionNameByLogicalId: ReadonlyMap<string, FunctionName>;
  /** Manifest name → logical id. */
  readonly logicalIdOf: (name: FunctionName) => string;
}

/** Replaces, everywhere in `value`, each object that `replace` recognises by what it returns (undefined: keep). */
function substitute(value: unknown, replace: (node: Json) => unknown): unknown {
  if (Array.isArray(value)) return value.map((v) => substitute(v, replace));
  if (value === null || typeof value !== 'object') return value;
  const replaced = replace(value as Json);
  if (replaced !== undefined) return replaced;
  return Object.fromEntries(Object.entries(value as Json).map(([k, v]) => [k, substitute(v, replace)]));
}

/**
 * A function that rewrites a value of `stack`'s template in the root stack's terms: `{Ref: <parameter>}` becomes what
 * the parent passes (itself rewritten), and `{"Fn::GetAtt": [<nested stack>, "Outputs.<name>"]}` that output's value
 * (rewritten in the nested stack's terms, then up).
 */
function rootTermsOf(
  stack: Stack,
  templateOf: (s: Stack) => Json,
  parameterOf: (name: string) => unknown,
): (value: unknown) => unknown {
  const own = templateOf(stack);
  const children = new Map<string, NestedStack>();
  for (const c of stack.node.findAll()) {
    if (NestedStack.isNestedStack(c) && c.nestedStackParent === stack) {
      children.set(stack.getLogicalId(c.nestedStackResource as never), c);
    }
  }
  const resolve = (value: unknown): unknown =>
    substitute(value, (node) => {
      if (Object.keys(node).length !== 1) return undefined;
      if (typeof node.Ref === 'string') return parameterOf(node.Ref);
      const getAtt = node['Fn::GetAtt'];
      if (Array.isArray(getAtt) && typeof getAtt[1] === 'string' && getAtt[1].startsWith('Outputs.')) {
        const child = children.get(getAtt[0] as string);
        if (!child) return undefined;
        const output = (templateOf(child).Outputs as Record<string, { Value: unknown }> | undefined)?.[
          getAtt[1].slice('Outputs.'.length)
        ];
        return output === undefined ? undefined : childTerms(child)(output.Value);
      }
      return undefined;
    });
  const childTerms = (child: NestedStack) => {
    const resourceId = stack.getLogicalId(child.nestedStackResource as never);
    const passed = (((own.Resources as Record<string, Json>)[resourceId]?.Properties as Json | undefined)?.Parameters ??
      {}) as Json;
    return rootTermsOf(child, templateOf, (name) => (name in passed ? resolve(passed[name]) : undefined));
  };
  return resolve;
}

/**
 * Synthesizes the stack as `cdk synth` would (same feature flags), minus bundling: `aws:cdk:bundling-stacks: []`
 * skips esbuild, which is what makes this take seconds. Bundling is exercised by `npm run synth`.
 */
export function synthesize(props: XiaonengStackProps = {}): Synthesized {
  const app = new App({ context: { ...cdkJsonContext, 'aws:cdk:bundling-stacks': [] } });
  const stack = new XiaonengStack(app, 'Xiaoneng', props);
  const root = Template.fromStack(stack);
  const nested = new Map<string, Template>();
  for (const child of stack.node.findAll()) {
    if (NestedStack.isNestedStack(child)) nested.set(child.node.path, Template.fromStack(child));
  }
  const templateOf = (s: Stack): Json => (s === stack ? root : (nested.get(s.node.path) as Template)).toJSON() as Json;
  // Each stack's resources in the root's terms (a parameter's chain of values is followed up to the root).
  const resources: Record<string, Json> = {};
  const merge = (s: Stack, parameterOf: (name: string) => unknown) => {
    const terms = rootTermsOf(s, templateOf, parameterOf);
    const own = templateOf(s);
    for (const [id, resource] of Object.entries((own.Resources ?? {}) as Record<string, Json>)) {
      if (resources[id]) throw new Error(`logical id ${id} is in two stacks: the merged template would hide one`);
      resources[id] = terms(resource) as Json;
    }
    for (const c of s.node.findAll()) {
      if (!NestedStack.isNestedStack(c) || c.nestedStackParent !== s) continue;
      const resourceId = s.getLogicalId(c.nestedStackResource as never);
      const passed = (((own.Resources as Record<string, Json>)[resourceId]?.Properties as Json | undefined)
        ?.Parameters ?? {}) as Json;
      merge(c, (name) => (name in passed ? terms(passed[name]) : undefined));
    }
  };
  merge(stack, () => undefined);
  const template = Template.fromJSON({ ...(root.toJSON() as Json), Resources: resources });

  const byLogicalId = new Map<string, FunctionName>();
  const byName = new Map<FunctionName, string>();
  for (const [name, fn] of Object.entries(stack.functions) as [
    FunctionName,
    XiaonengStack['functions'][FunctionName],
  ][]) {
    const logicalId = Stack.of(fn).getLogicalId(fn.function.node.defaultChild as CfnFunction);
    byLogicalId.set(logicalId, name);
    byName.set(name, logicalId);
  }
  return {
    app,
    stack,
    template,
    root,
    nested,
    functionNameByLogicalId: byLogicalId,
    logicalIdOf: (name) => {
      const id = byName.get(name);
      if (!id) throw new Error(`no function ${name} in the stack`);
      return id;
    },
  };
}

/** Every synthesized stack's own template, by name: the root's and each nested stack's, as deployed. */
export function stacksOf(synth: Synthesized): [string, Template][] {
  return [[synth.stack.stackName, synth.root], ...synth.nested];
}

/** Count of a template's resources, in total and by type (largest first). */
export function countOf(template: Template): { total: number; byType: [string, number][] } {
  const byType = new Map<string, number>();
  for (const resource of Object.values((template.toJSON().Resources ?? {}) as Record<string, { Type: string }>)) {
    byType.set(resource.Type, (byType.get(resource.Type) ?? 0) + 1);
  }
  const sorted = [...byType].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  return { total: sorted.reduce((sum, [, n]) => sum + n, 0), byType: sorted };
}

/** One line per stack over `budget`, with its count by resource type: what to move or trim. */
export function overBudget(stacks: readonly [string, Template][], budget: number): string[] {
  return stacks.flatMap(([name, template]) => {
    const { total, byType } = countOf(template);
    if (total <= budget) return [];
    return [
      `${name}: ${total} resources, over the budget of ${budget} (CloudFormation's limit is 500): ${byType
        .map(([type, n]) => `${type} ${n}`)
        .join(', ')}`,
    ];
  });
}

/** cdk-nag's AwsSolutions findings that are not acknowledged, as `rule: construct paths` lines. */
export function unacknowledgedNagFindings(app: App): string[] {
  const report = new AwsSolutionsChecks(app, { verbose: true }).validateScope(app);
  return report.violations.map(
    (v) => `${v.severity} ${v.ruleName}: ${v.violatingResources.map((r) => r.constructPath).join(', ')}`,
  );
}

/**
 * Removes the `cdk.out*` folders this test file's Apps made in the temporary folder. CDK removes them itself only when
 * the process exits normally, which vitest's workers do not: every file that makes an App runs `afterAll(removeAssemblies)`.
 */
export function removeAssemblies(): void {
  CloudAssembly.cleanupTemporaryDirectories();
}
