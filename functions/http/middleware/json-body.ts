import { problems } from '../../common/problem.ts';
import { unsafeTextIn } from '../../common/text.ts';
import type { RouteSpec } from '../route-spec.ts';
import { type HttpEvent, type HttpMiddleware, headerOf, stateOf } from './request.ts';

export const MAX_BODY_BYTES = 256 * 1024;

/**
 * Reads the JSON body of a route that declares one: application/json (or a `+json` type) in UTF-8, at most
 * MAX_BODY_BYTES, well-formed, and free of text that would not display as stored. Validation against the route's
 * schema comes later (functions/http/middleware/validation.ts).
 */
export function jsonBody(): HttpMiddleware {
  return {
    before: (request) => {
      const state = stateOf(request);
      state.rawBody = readJsonBody(state.route, request.event);
    },
  };
}

function readJsonBody(route: RouteSpec, event: HttpEvent): unknown {
  // Only routes that declare a body read one (a POST that is a pure action, like /accept, takes none).
  if (!route.request?.body) return undefined;
  // A POST whose fields are all optional may come with no body at all (and then no content type): it means `{}`.
  if (!event.body && route.request.body.safeParse({}).success) return {};
  const contentType = headerOf(event, 'content-type') ?? '';
  if (!/^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i.test(contentType)) {
    throw problems.unsupportedMediaType('请求体须为 application/json Send the body as application/json.');
  }
  // JSON is UTF-8 (RFC 8259): another declared charset, or bytes that do not decode, would be stored garbled.
  const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(contentType)?.[1];
  if (charset && !/^utf-?8$/i.test(charset))
    throw problems.unsupportedMediaType('JSON 须使用 UTF-8 编码（charset=utf-8） Send JSON in UTF-8 (charset=utf-8).');
  let raw = event.body ?? '';
  if (event.body && event.isBase64Encoded) {
    try {
      raw = new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(event.body, 'base64'));
    } catch {
      throw problems.invalid([{ field: 'body', reason: '请求体不是有效的 UTF-8 The body is not valid UTF-8.' }]);
    }
  }
  if (raw.length === 0)
    throw problems.invalid([{ field: 'body', reason: '须提供 JSON 请求体 A JSON body is required.' }]);
  if (Buffer.byteLength(raw) > MAX_BODY_BYTES) {
    throw problems.invalid([
      { field: 'body', reason: `请求体超过 ${MAX_BODY_BYTES} 字节 The body exceeds ${MAX_BODY_BYTES} bytes.` },
    ]);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw) as unknown;
  } catch {
    throw problems.invalid([{ field: 'body', reason: '请求体不是有效的 JSON The body is not valid JSON.' }]);
  }
  const unsafe = unsafeTextIn(parsed);
  if (unsafe.length)
    throw problems.invalid(
      unsafe,
      '部分文字含有无法按原样显示的字符 Some text holds characters that would not display as stored.',
    );
  return parsed;
}
