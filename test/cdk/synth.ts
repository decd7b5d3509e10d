import { readFileSync } from 'node:fs';
import { App } from 'aws-cdk-lib';
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

export interface Synthesized {
  readonly app: App;
  readonly stack: XiaonengStack;
  readonly template: Template;
  /** Logical id of each function's AWS::Lambda::Function → its manifest name. */
  readonly functionNameByLogicalId: ReadonlyMap<string, FunctionName>;
  /** Manifest name → logical id. */
  readonly logicalIdOf: (name: FunctionName) => string;
}

/**
 * Synthesizes the stack as `cdk synth` would (same feature flags), minus bundling: `aws:cdk:bundling-stacks: []`
 * skips esbuild, which is what makes this take seconds. Bundling is exercised by `npm run synth`.
 */
export function synthesize(props: XiaonengStackProps = {}): Synthesized {
  const app = new App({ context: { ...cdkJsonContext, 'aws:cdk:bundling-stacks': [] } });
  const stack = new XiaonengStack(app, 'Xiaoneng', props);
  const template = Template.fromStack(stack);
  const byLogicalId = new Map<string, FunctionName>();
  const byName = new Map<FunctionName, string>();
  for (const [name, fn] of Object.entries(stack.functions) as [
    FunctionName,
    XiaonengStack['functions'][FunctionName],
  ][]) {
    const logicalId = stack.getLogicalId(fn.function.node.defaultChild as CfnFunction);
    byLogicalId.set(logicalId, name);
    byName.set(name, logicalId);
  }
  return {
    app,
    stack,
    template,
    functionNameByLogicalId: byLogicalId,
    logicalIdOf: (name) => {
      const id = byName.get(name);
      if (!id) throw new Error(`no function ${name} in the stack`);
      return id;
    },
  };
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
