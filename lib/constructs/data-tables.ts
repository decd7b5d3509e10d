import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { type KeySpec, type TableKey, type TableSpec, tables } from '../../functions/store/tables.ts';

export interface DataTablesProps {
  /**
   * What happens to the tables when they leave the stack.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
  /**
   * DynamoDB deletion protection: a table cannot be deleted, by CloudFormation or by hand, until it is turned off.
   * @default true
   */
  readonly deletionProtection?: boolean;
}

const attribute = (key: KeySpec): dynamodb.Attribute => ({
  name: key.name,
  type: key.type === 'N' ? dynamodb.AttributeType.NUMBER : dynamodb.AttributeType.STRING,
});

/**
 * Every table of `functions/store/tables.ts`, one `TableV2` each, with the same keys and indexes the local runtime
 * creates in dynalite.
 *
 * - On-demand billing: a service centre's traffic is office-hours shaped and small; nothing to size or autoscale.
 * - Point-in-time recovery on (cdk-nag does not check it for TableV2, so it is set here and asserted in a test):
 *   cases and accountability records are the official record of what happened to an application.
 * - Encryption with the AWS managed key (`aws/dynamodb`): every use of the key is logged in CloudTrail, which an
 *   audit of who read the official record can rely on; there is no key policy to maintain and no customer key whose
 *   deletion would make a retained table unreadable. (An AWS owned key logs nothing; a customer managed key adds a
 *   key to run for no gain while nothing outside this account reads the tables.)
 */
export class DataTables extends Construct {
  /** The tables by their key in `functions/store/tables.ts`. */
  readonly byKey: Record<TableKey, dynamodb.TableV2>;

  constructor(scope: Construct, id: string, props: DataTablesProps = {}) {
    super(scope, id);
    const entries = (Object.entries(tables) as [TableKey, TableSpec][]).map(([key, spec]) => {
      const table = new dynamodb.TableV2(this, spec.name, {
        partitionKey: attribute(spec.partitionKey),
        sortKey: spec.sortKey ? attribute(spec.sortKey) : undefined,
        billing: dynamodb.Billing.onDemand(),
        pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
        timeToLiveAttribute: 'ttlAttribute' in spec ? spec.ttlAttribute : undefined,
        dynamoStream: 'stream' in spec ? dynamodb.StreamViewType.NEW_AND_OLD_IMAGES : undefined,
        encryption: dynamodb.TableEncryptionV2.awsManagedKey(),
        deletionProtection: props.deletionProtection ?? true,
        removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
        globalSecondaryIndexes: spec.indexes.map((index) => ({
          indexName: index.indexName,
          partitionKey: attribute(index.partitionKey),
          sortKey: index.sortKey ? attribute(index.sortKey) : undefined,
          ...(index.projection
            ? { projectionType: dynamodb.ProjectionType.INCLUDE, nonKeyAttributes: [...index.projection] }
            : { projectionType: dynamodb.ProjectionType.ALL }),
        })),
      });
      return [key, table] as const;
    });
    this.byKey = Object.fromEntries(entries) as Record<TableKey, dynamodb.TableV2>;
  }
}
