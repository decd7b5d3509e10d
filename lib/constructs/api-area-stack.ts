import { NestedStack, type NestedStackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { ApiArea } from '../api-areas.ts';

export interface ApiAreaStackProps extends NestedStackProps {
  readonly area: ApiArea;
}

/**
 * One area of the HTTP API (lib/api-areas.ts) in a nested stack of its own: the functions behind its routes (each with
 * its role, policy, log group and errors alarm), and the routes with their integrations and Lambda permissions. The
 * API, its stage, the tables, the state machines and everything stateful stay in the parent stack; what the area's
 * resources need of them (table names and ARNs, the API's id, the alarm topic…) CDK passes as stack parameters.
 */
export class ApiAreaStack extends NestedStack {
  readonly area: ApiArea;

  constructor(scope: Construct, id: string, props: ApiAreaStackProps) {
    super(scope, id, props);
    this.area = props.area;
  }
}
