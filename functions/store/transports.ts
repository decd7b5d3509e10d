import type { DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { now } from '../common/clock.ts';

// Lives with the store, the lowest layer that talks to AWS: the store's client and common/aws-endpoint.ts's clients
// read it alike.

/** What the SDK's clients accept as `requestHandler`. */
export type Transport = NonNullable<DynamoDBClientConfig['requestHandler']>;
/** What they accept as `signer`: an object that signs a request (not the provider form). */
export type Signer = Exclude<NonNullable<DynamoDBClientConfig['signer']>, (...args: never[]) => unknown>;

/** Transports by endpoint URL (`setTransport`); empty in Lambda. */
const transports = new Map<string, Transport>();
let transportsChanged = 0;

/**
 * Sends every client's requests for `endpoint` through `transport` instead of HTTP. Only the local runtime calls it,
 * for its own endpoints (dynalite in its worker thread, Step Functions, the event bus: local/in-process-http.ts):
 * the same signed requests and answers without a socket round trip on the handlers' thread. In Lambda nothing
 * calls it, and every client uses the SDK's HTTP handler.
 */
export function setTransport(endpoint: string, transport: Transport): void {
  transports.set(endpoint, transport);
  transportsChanged++;
}

/**
 * The transport registered for `endpoint`, if any, with the signer its requests take. Nothing on the far side of a
 * transport checks a signature (dynalite checks that the Authorization header is well formed and names its date;
 * DynamoDB Local reads the access key id from it; the local Step Functions endpoint and event bus read neither), and
 * SigV4 — hashing every body and deriving an HMAC per request — cost the handlers' thread about 6 % of its time for
 * nothing. So those requests carry a header of the same form, with the access key id, date, region and service a
 * SigV4 signer would name, and no signature. A client without a transport (every client in AWS, the CLI's, the
 * bench's) signs as always.
 */
export function transportFor(
  endpoint: string | undefined,
  accessKeyId = 'local',
): { requestHandler?: Transport; signer?: Signer } {
  const transport = endpoint === undefined ? undefined : transports.get(endpoint);
  return transport ? { requestHandler: transport, signer: unsignedFor(accessKeyId) } : {};
}

const UNSIGNED = '0'.repeat(64);

/** A signer that writes SigV4's headers without computing the signature (see `transportFor`). */
function unsignedFor(accessKeyId: string): Signer {
  return {
    async sign(request, options) {
      // SigV4's basic format: 20260914T010000Z, from the date the SDK signs with (its clock, skew-corrected).
      const amzDate = new Date(options?.signingDate ?? now()).toISOString().replace(/[-:]|\.\d{3}/g, '');
      const scope = `${amzDate.slice(0, 8)}/${options?.signingRegion ?? 'us-east-1'}/${options?.signingService ?? 'dynamodb'}/aws4_request`;
      request.headers['x-amz-date'] = amzDate;
      request.headers.authorization = `AWS4-HMAC-SHA256 Credential=${accessKeyId}/${scope}, SignedHeaders=host;x-amz-date, Signature=${UNSIGNED}`;
      return request;
    },
  };
}

/** Changes with every `setTransport`: a client cached for an endpoint is made again when its transport changes. */
export function transportsVersion(): number {
  return transportsChanged;
}
