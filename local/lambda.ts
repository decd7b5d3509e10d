import { randomUUID } from 'node:crypto';

/** A Lambda context for handlers run in-process by the local runtime. */
export function lambdaContext(functionName: string, timeoutMs = 30_000) {
  const started = Date.now();
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: `xiaoneng-${functionName}`,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:000000000000:function:xiaoneng-${functionName}`,
    memoryLimitInMB: '512',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/xiaoneng-${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, timeoutMs - (Date.now() - started)),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
