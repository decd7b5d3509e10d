import type { DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';

// Lives with the store, the lowest layer that talks to AWS: the store's client and common/aws-endpoint.ts's clients
// read it alike.

/** What the SDK's clients accept as `requestHandler`. */
export type Transport = NonNullable<DynamoDBClientConfig['requestHandler']>;

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

/** The transport registered for `endpoint`, if any. */
export function transportFor(endpoint: string | undefined): { requestHandler?: Transport } {
  const transport = endpoint === undefined ? undefined : transports.get(endpoint);
  return transport ? { requestHandler: transport } : {};
}

/** Changes with every `setTransport`: a client cached for an endpoint is made again when its transport changes. */
export function transportsVersion(): number {
  return transportsChanged;
}
