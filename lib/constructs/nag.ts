import { Stack, Validations } from 'aws-cdk-lib';
// cdk-nag's own flattening, so the finding ids we acknowledge are spelled exactly as the rule reports them.
import { flattenCfnReference } from 'cdk-nag/lib/utils/flatten-cfn-reference.js';
import type { IConstruct } from 'constructs';

/**
 * Acknowledge one cdk-nag finding on one construct (and its children), with the reason a reviewer will read.
 * cdk-nag 3 reports through CDK's policy validation; `Validations.of(…).acknowledge` is its suppression.
 */
export function acknowledge(scope: IConstruct, id: string, reason: string): void {
  Validations.of(scope).acknowledge({ id, reason });
}

/**
 * Acknowledge AwsSolutions-IAM5 for one wildcard resource only. `resource` may hold tokens (an ARN from a GetAtt
 * joined with `/index/*`); it is resolved and flattened the way cdk-nag spells it (`<Logical.Arn>/index/*`), so the
 * acknowledgement covers that resource and nothing else.
 */
export function acknowledgeWildcardResource(scope: IConstruct, resource: string, reason: string): void {
  // Spelled when the tree is validated, not now: by then CDK has turned a reference to another stack's resource into
  // a parameter of this one (a function in an API area's nested stack reads the parent's bucket through one), and
  // the finding names that parameter. Validation runs before the policy validation plugins (cdk-nag).
  scope.node.addValidation({
    validate: () => {
      const flat = flattenCfnReference(Stack.of(scope).resolve(resource));
      acknowledge(scope, `AwsSolutions-IAM5[Resource::${flat}]`, reason);
      return [];
    },
  });
}
