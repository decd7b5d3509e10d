import { type Signer, type Transport, transportFor, transportsVersion } from '../store/transports.ts';

/**
 * The configuration of an AWS SDK client: in AWS, the SDK's defaults (region and credentials of the Lambda); with
 * `<SERVICE>_ENDPOINT` set (the local runtime, tests), that endpoint with placeholder credentials. Either way the
 * middleware stack is resolved once per command class (the SDK's `cacheMiddleware`), not again at every request:
 * nothing changes these clients' stacks after they are made (the document client does the same by other means,
 * functions/store/middleware-cache.ts).
 */
export function clientConfig(endpointVariable: string): {
  cacheMiddleware: true;
  endpoint?: string;
  region?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string };
  requestHandler?: Transport;
  signer?: Signer;
} {
  const endpoint = process.env[endpointVariable];
  return endpoint
    ? {
        cacheMiddleware: true,
        endpoint,
        region: process.env.AWS_REGION ?? 'us-east-1',
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
        ...transportFor(endpoint),
      }
    : { cacheMiddleware: true };
}

/**
 * One SDK client per process, made again when its `<SERVICE>_ENDPOINT` changes (as `db()` of functions/store/client.ts). In a Lambda the environment never
 * changes, so this is made once; a process that points a service elsewhere (the bench, a test file sharing its
 * worker with the files before it) gets a client for the new endpoint, not the first one's.
 */
export function clientFor<C>(endpointVariable: string, make: (config: ReturnType<typeof clientConfig>) => C): () => C {
  let client: C | undefined;
  let madeFor: string | undefined;
  return () => {
    const endpoint = `${process.env[endpointVariable]} ${transportsVersion()}`;
    if (client === undefined || madeFor !== endpoint) {
      madeFor = endpoint;
      client = make(clientConfig(endpointVariable));
    }
    return client;
  };
}
