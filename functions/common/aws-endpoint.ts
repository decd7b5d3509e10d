/**
 * The configuration of an AWS SDK client: in AWS, the SDK's defaults (region and credentials of the Lambda); with
 * `<SERVICE>_ENDPOINT` set (the local runtime, tests), that endpoint with placeholder credentials.
 */
export function clientConfig(endpointVariable: string): {
  endpoint?: string;
  region?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string };
} {
  const endpoint = process.env[endpointVariable];
  return endpoint
    ? {
        endpoint,
        region: process.env.AWS_REGION ?? 'us-east-1',
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      }
    : {};
}
