import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, describe, expect, it } from 'vitest';
import { db } from '../../functions/store/client.ts';
import { setTransport } from '../../functions/store/transports.ts';
import { asTransport, InProcessTransport, type PlainRequest } from '../../local/in-process-http.ts';

// The handlers' clients of the local runtime hand their requests to an in-process transport, and those requests are
// not signed (nothing checks a signature there): they carry SigV4's headers, well formed, with the access key id,
// date, region and service a signer would name — dynalite refuses a request whose Authorization header is not of that
// form, and DynamoDB Local keeps one database per access key id. A client without a transport still signs.

const saved = { endpoint: process.env.DYNAMODB_ENDPOINT, key: process.env.DYNAMODB_ACCESS_KEY_ID };
afterEach(() => {
  process.env.DYNAMODB_ENDPOINT = saved.endpoint;
  process.env.DYNAMODB_ACCESS_KEY_ID = saved.key;
  if (saved.endpoint === undefined) delete process.env.DYNAMODB_ENDPOINT;
  if (saved.key === undefined) delete process.env.DYNAMODB_ACCESS_KEY_ID;
});

/** A transport that keeps what it is handed and answers an empty GetItem. */
function recording(): { seen: PlainRequest[]; transport: InProcessTransport } {
  const seen: PlainRequest[] = [];
  const transport = new InProcessTransport(async (request) => {
    seen.push(request);
    return { status: 200, headers: { 'content-type': 'application/x-amz-json-1.0' }, body: '{}' };
  });
  return { seen, transport };
}

describe('requests through an in-process transport', () => {
  it("carry a well-formed SigV4 header with the store's access key id and no signature", async () => {
    // Arrange: an endpoint nobody listens on, so only the transport can answer.
    const endpoint = 'http://127.0.0.1:9/transport-signer';
    const { seen, transport } = recording();
    setTransport(endpoint, asTransport(transport));
    process.env.DYNAMODB_ENDPOINT = endpoint;
    process.env.DYNAMODB_ACCESS_KEY_ID = 'tenant-a';
    // Act
    await db().send(new GetCommand({ TableName: 'Cases', Key: { id: 'X' } }));
    // Assess
    expect(seen).toHaveLength(1);
    const headers = (seen[0] as PlainRequest).headers;
    const date = headers['x-amz-date'] as string;
    expect(date).toMatch(/^\d{8}T\d{6}Z$/);
    expect(headers.authorization).toBe(
      `AWS4-HMAC-SHA256 Credential=tenant-a/${date.slice(0, 8)}/us-east-1/dynamodb/aws4_request, ` +
        `SignedHeaders=host;x-amz-date, Signature=${'0'.repeat(64)}`,
    );
  });

  it('leave a client for any other endpoint signing as SigV4 does', async () => {
    // Arrange: a transport for one endpoint; the client is made for another (as in AWS, where none is registered).
    const { transport } = recording();
    setTransport('http://127.0.0.1:9/registered', asTransport(transport));
    process.env.DYNAMODB_ENDPOINT = 'http://127.0.0.1:9/not-registered';
    let authorization: string | undefined;
    const client = db();
    client.middlewareStack.add(
      (_next) => async (args) => {
        authorization = (args.request as { headers: Record<string, string> }).headers.authorization;
        throw new Error('stop before the network');
      },
      { step: 'finalizeRequest', priority: 'low', name: 'captureAuthorization' },
    );
    // Act
    await expect(client.send(new GetCommand({ TableName: 'Cases', Key: { id: 'X' } }))).rejects.toThrow(
      'stop before the network',
    );
    // Assess: a real signature (64 hex digits, not the placeholder).
    expect(authorization).toMatch(/Signature=[0-9a-f]{64}$/);
    expect(authorization).not.toContain('0'.repeat(64));
  });
});
