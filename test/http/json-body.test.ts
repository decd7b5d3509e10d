import { describe, expect, it } from 'vitest';
import { jsonBody, MAX_BODY_BYTES } from '../../functions/http/middleware/json-body.ts';
import { CASE_ID, harness, httpEvent, route } from './support.ts';

describe('the JSON body middleware', () => {
  const decide = route('POST', '/v1/applications/{id}/decision'); // a body with a required field
  const accept = route('POST', '/v1/applications/{id}/accept'); // no body declared
  const create = route('POST', '/v1/catalog'); // a body
  const lambda = harness([decide, accept, create], [jsonBody()]);
  const params = { id: CASE_ID };

  it('parses a JSON body as sent (validation comes later)', async () => {
    const answer = await lambda(httpEvent(decide, { params, body: { outcome: 'MAYBE', extra: [1] } }));
    expect(answer.status).toBe(200);
    expect(answer.state?.rawBody).toEqual({ outcome: 'MAYBE', extra: [1] });
  });

  it('accepts +json types, a utf-8 charset, and a base64-encoded body', async () => {
    const vendor = await lambda(
      httpEvent(decide, {
        params,
        body: { outcome: '准予' },
        headers: { 'Content-Type': 'application/vnd.xiaoneng+json; charset=UTF-8' },
      }),
    );
    expect(vendor.state?.rawBody).toEqual({ outcome: '准予' });
    const encoded = await lambda(httpEvent(decide, { params, body: { outcome: '准予' }, base64: true }));
    expect(encoded.state?.rawBody).toEqual({ outcome: '准予' });
  });

  it('reads no body on a route that declares none', async () => {
    const answer = await lambda(httpEvent(accept, { params, body: 'not json at all' }));
    expect(answer.status).toBe(200);
    expect(answer.state?.rawBody).toBeUndefined();
  });

  it('answers 415 for another content type or another charset', async () => {
    const text = await lambda(httpEvent(decide, { params, body: '{}', headers: { 'content-type': 'text/plain' } }));
    expect(text.status).toBe(415);
    expect(text.body).toMatchObject({
      type: 'urn:xiaoneng:problem:unsupported-media-type',
      errors: [
        { field: 'header.content-type', reason: '请求体须为 application/json Send the body as application/json.' },
      ],
    });
    const latin = await lambda(
      httpEvent(decide, { params, body: '{}', headers: { 'content-type': 'application/json; charset=iso-8859-1' } }),
    );
    expect(latin.status).toBe(415);
    expect(latin.body.detail).toBe('JSON 须使用 UTF-8 编码（charset=utf-8） Send JSON in UTF-8 (charset=utf-8).');
  });

  it('answers 400 naming `body` for a missing, malformed, oversized or non-UTF-8 body', async () => {
    const reasons = async (shape: Parameters<typeof httpEvent>[1]) => {
      const answer = await lambda(httpEvent(decide, { params, ...shape }));
      expect(answer.status).toBe(400);
      return (answer.body.errors as { field: string; reason: string }[]).map((e) => `${e.field}: ${e.reason}`);
    };
    expect(await reasons({ headers: { 'content-type': 'application/json' } })).toEqual([
      'body: 须提供 JSON 请求体 A JSON body is required.',
    ]);
    expect(await reasons({ body: '{"outcome":' })).toEqual(['body: 请求体不是有效的 JSON The body is not valid JSON.']);
    expect(await reasons({ body: JSON.stringify({ reason: 'x'.repeat(MAX_BODY_BYTES) }) })).toEqual([
      `body: 请求体超过 ${MAX_BODY_BYTES} 字节 The body exceeds ${MAX_BODY_BYTES} bytes.`,
    ]);
    const invalidUtf8 = httpEvent(decide, { params, body: 'x' });
    const bytes = Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x7d]); // {"<0xff>"}
    const answer = await lambda({ ...invalidUtf8, body: bytes.toString('base64'), isBase64Encoded: true });
    expect(answer.body.errors).toEqual([
      { field: 'body', reason: '请求体不是有效的 UTF-8 The body is not valid UTF-8.' },
    ]);
  });

  it('refuses text that would not display as stored (control and bidirectional-override characters)', async () => {
    const answer = await lambda(httpEvent(decide, { params, body: { reason: 'ok\u202Eevil' } }));
    expect(answer.status).toBe(400);
    expect(answer.body.detail).toBe(
      '部分文字含有无法按原样显示的字符 Some text holds characters that would not display as stored.',
    );
    expect(answer.body.errors).toEqual([{ field: 'body.reason', reason: expect.any(String) }]);
  });

  it('takes no body at all as {} where every field is optional', async () => {
    const optional = route('POST', '/v1/applications/{id}/withdraw');
    const answer = await harness([optional], [jsonBody()])(httpEvent(optional, { params }));
    expect(answer.status).toBe(200);
    expect(answer.state?.rawBody).toEqual({});
  });
});
