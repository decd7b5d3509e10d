// vitest globalSetup of `npm run test:dynamodb-local` (vitest.dynamodb-local.config.ts): one DynamoDB Local JVM, in
// memory, for the whole run, named to the workers before vitest forks them (test/support/dynamo.ts,
// test/support/runtime.ts), which give every test dynamo and runtime a database of its own in it (an access key id).
import { javaAvailable, javaCommand, startDynamoDbLocal } from '../../local/dynamodb-local.ts';
import { freePort, TEST_DYNAMODB_VARIABLE } from '../support/dynamo.ts';

export default async function setup(): Promise<() => Promise<void>> {
  if (!javaAvailable()) {
    throw new Error(
      `npm run test:dynamodb-local needs Java 17 or newer (${javaCommand} does not run): ` +
        'apt-get install -y openjdk-17-jre-headless (.ci/run installs it), or set JAVA.',
    );
  }
  const started = performance.now();
  const local = await startDynamoDbLocal({ port: await freePort() });
  process.env[TEST_DYNAMODB_VARIABLE] = local.url;
  console.log(`DynamoDB Local at ${local.url} (in memory), ready in ${Math.round(performance.now() - started)} ms`);
  return async () => {
    await local.close();
  };
}
