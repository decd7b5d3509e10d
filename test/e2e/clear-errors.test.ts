import { connect } from 'node:net';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { decodeJwt, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completeGuide } from '../support/catalog.ts';
import { RuntimeProcess } from '../support/runtime.ts';

/**
 * The smaller holes found by trying the API as an attacker and as a new user would (issue 10): each test here
 * failed on the code before the fix. Real HTTP against the local runtime.
 */

const runtime = new RuntimeProcess();
const NOW = '2026-11-02T10:00:00+08:00';
const application = {
  itemCode: 'SC-001',
  applicant: { type: 'ENTERPRISE', name: '大连清晰错误有限公司', phone: '0411-8888-0002' },
  materials: ['application-form', 'articles', 'id-card', 'address-proof'].map((id) => ({ id })),
};

beforeAll(async () => {
  await runtime.start({ now: NOW });
});

afterAll(async () => {
  await runtime.dispose();
});

async function casesStored(): Promise<number> {
  const scan = await runtime
    .documents()
    .send(new ScanCommand({ TableName: 'xiaoneng-local-Cases', Select: 'COUNT', ConsistentRead: true }));
  return scan.Count ?? 0;
}

/** Sends bytes as they are (a client that does not percent-encode, as curl does with `?q=营业`). */
function rawRequest(
  requestLine: Buffer,
  connection = 'close',
): Promise<{ status: number; headers: string; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(runtime.port, '127.0.0.1', () => {
      socket.write(
        Buffer.concat([requestLine, Buffer.from(` HTTP/1.1\r\nhost: localhost\r\nconnection: ${connection}\r\n\r\n`)]),
      );
    });
    let data = '';
    socket.on('data', (chunk) => {
      data += chunk.toString('utf8');
    });
    socket.on('error', reject);
    socket.on('close', () => {
      const split = data.indexOf('\r\n\r\n');
      const head = data.slice(0, split);
      let body = data.slice(split + 4);
      if (/\r\ntransfer-encoding: chunked/i.test(head)) {
        let rest = body;
        body = '';
        for (let size = Number.parseInt(rest, 16); size > 0; size = Number.parseInt(rest, 16)) {
          const start = rest.indexOf('\r\n') + 2;
          const bytes = Buffer.from(rest.slice(start), 'utf8');
          body += bytes.subarray(0, size).toString('utf8');
          rest = bytes.subarray(size + 2).toString('utf8');
        }
      }
      resolve({ status: Number(head.split(' ')[1]), headers: head, body });
    });
  });
}

describe('401: every refusal of a token is problem+json saying what is wrong', () => {
  it('no token, a malformed header, an expired token, a token of another key', async () => {
    const supervisor = await runtime.token('supervisor', { sub: 'errors-supervisor' });
    const expired = await runtime.token('supervisor', {
      sub: 'errors-supervisor',
      issuedAt: Date.parse(NOW) - 7_200_000,
      expiresInSeconds: 3600,
    });
    const otherKey = await new SignJWT(decodeJwt(supervisor))
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .sign(new Uint8Array(32).fill(7));
    const cases: [Record<string, string>, RegExp][] = [
      [{}, /No token/],
      [{ authorization: `Basic ${Buffer.from('a:b').toString('base64')}` }, /must read "Bearer <token>"/],
      [{ authorization: `Bearer ${expired}` }, /expired at 2026-11-02T09:00:00\+08:00/],
      [{ authorization: `Bearer ${otherKey}` }, /signed by another key/],
      [{ authorization: 'Bearer not.a.jwt' }, /not a well-formed/],
    ];
    for (const [headers, detail] of cases) {
      const response = await runtime.call('GET', '/v1/accountability', { headers });
      expect(response.status).toBe(401);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect(response.json.title).toBe('未登录或令牌无效 Not authenticated');
      expect(response.json.detail).toMatch(detail);
      expect(response.json.errors[0].field).toBe('header.authorization');
    }
  });
});

describe('form fields named like Object.prototype members', () => {
  it('an item whose form has `constructor` and `toString` fields takes applications', async () => {
    // Prepare: an item of market with such form fields (an administrator may name fields so).
    const admin = await runtime.token('admin', { sub: 'errors-admin' });
    const guide = completeGuide('ER-001', {
      name: { zh: '原型字段测试事项', en: 'Prototype field test item' },
      form: {
        fields: [
          { name: 'constructor', label: { zh: '建设单位', en: 'Constructor' }, type: 'string', required: false },
          { name: 'toString', label: { zh: '备注', en: 'Note' }, type: 'string', required: false },
        ],
      },
    });
    const created = await runtime.call('POST', '/v1/catalog', {
      token: admin,
      body: { guide, reason: '原型字段 prototype fields' },
    });
    expect(created.status, created.text).toBe(201);
    const applicant = await runtime.token('applicant', { sub: 'errors-prototype' });
    // Act: without the fields, then with one of them.
    const without = await runtime.call('POST', '/v1/applications', {
      token: applicant,
      body: { ...application, itemCode: 'ER-001', materials: [{ id: 'application-form' }], form: {} },
    });
    const withOne = await runtime.call('POST', '/v1/applications', {
      token: applicant,
      body: {
        ...application,
        itemCode: 'ER-001',
        materials: [{ id: 'application-form' }],
        form: { constructor: '大连建工' },
      },
    });
    // Assess
    expect(without.status, without.text).toBe(201);
    expect(withOne.status, withOne.text).toBe(201);
    expect(withOne.json.status).toBe('ACCEPTED');
  });
});

describe('reasons that say what is wrong', () => {
  it('an out-of-range number is told its range, not that it is "required"', async () => {
    const applicant = await runtime.token('applicant', { sub: 'errors-range' });
    const created = await runtime.call('POST', '/v1/applications', { token: applicant, body: application });
    const reviewer = await runtime.token('reviewer', { department: 'market' });
    const extension = await runtime.call('POST', `/v1/applications/${created.json.id}/extension`, {
      token: reviewer,
      body: { workingDays: 100, reason: '太长 too long' },
    });
    expect(extension.status).toBe(400);
    expect(extension.json.errors).toEqual([{ field: 'body.workingDays', reason: 'must be at most 15' }]);
    const wrongType = await runtime.call('POST', `/v1/applications/${created.json.id}/extension`, {
      token: reviewer,
      body: { workingDays: '3', reason: '类型 type' },
    });
    expect(wrongType.json.errors[0].reason).toMatch(/^must be a number/);
  });

  it('405 names the methods allowed, in the Allow header too', async () => {
    const response = await runtime.call('DELETE', '/v1/catalog');
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, POST');
    expect(response.json.title).toMatch(/\p{Script=Han}.* Method Not Allowed/u);
  });

  it('control and bidirectional-override characters are refused in free text, and nothing is stored', async () => {
    const applicant = await runtime.token('applicant', { sub: 'errors-bidi' });
    const before = await casesStored();
    const response = await runtime.call('POST', '/v1/applications', {
      token: applicant,
      body: { ...application, applicant: { ...application.applicant, name: '大连\u202Egnp.exe有限公司' } },
    });
    expect(response.status).toBe(400);
    expect(response.json.errors).toEqual([
      { field: 'body.applicant.name', reason: expect.stringMatching(/U\+202E at position 2/) },
    ]);
    const bell = await runtime.call('POST', '/v1/applications', {
      token: applicant,
      body: { ...application, applicant: { ...application.applicant, name: '响铃\u0007公司' } },
    });
    expect(bell.status).toBe(400);
    expect(await casesStored()).toBe(before);
  });
});

describe('what curl sends as typed', () => {
  it('an unencoded + in from= is read as the offset it is', async () => {
    // fetch keeps a literal '+' in the query, as curl does; the server reads it as a space.
    const response = await runtime.call('GET', '/v1/calendar/deadline?from=2026-09-28T10:00:00+08:00&workingDays=3');
    expect(response.status, response.text).toBe(200);
    expect(response.json.deadline).toBe('2026-10-09T00:00:00+08:00');
  });

  it('a value that is no instant is told an example that is not the value itself', async () => {
    const sent = '2026-09-28T10:00:00';
    const response = await runtime.call('GET', `/v1/calendar/deadline?from=${sent}&workingDays=3`);
    expect(response.status).toBe(400);
    expect(response.json.errors[0].reason).not.toContain(sent);
    expect(response.json.errors[0].reason).toMatch(/%2B/);
  });

  it('a number out of range in the query is told its range, not that it is no number', async () => {
    const response = await runtime.call('GET', '/v1/calendar/deadline?from=2026-09-28&workingDays=100000');
    expect(response.status).toBe(400);
    expect(response.json.errors).toEqual([{ field: 'query.workingDays', reason: 'must be from 0 to 366' }]);
  });

  it('raw UTF-8 in the query is read as the text it is; bytes that are not UTF-8 are told how to encode', async () => {
    const encoded = await runtime.call('GET', `/v1/catalog?q=${encodeURIComponent('营业执照')}`);
    expect(encoded.status).toBe(200);
    expect(encoded.json.items.length).toBeGreaterThan(0);
    // As curl sends it, on a connection closed after it or kept alive (it is answered, then closed).
    for (const connection of ['close', 'keep-alive']) {
      const raw = await rawRequest(
        Buffer.concat([Buffer.from('GET /v1/catalog?q='), Buffer.from('营业执照', 'utf8')]),
        connection,
      );
      expect(raw.status, raw.body).toBe(200);
      expect(JSON.parse(raw.body)).toEqual(encoded.json);
    }
    // 营业执照 in GBK: not UTF-8 (D5 D5), so it cannot be read for sure.
    const gbk = await rawRequest(
      Buffer.concat([Buffer.from('GET /v1/catalog?q='), Buffer.from('d3aad2b5d6b4d5d5', 'hex')]),
    );
    expect(gbk.status).toBe(400);
    expect(gbk.headers).toMatch(/content-type: application\/problem\+json/i);
    expect(JSON.parse(gbk.body).detail).toMatch(/percent-encoded.*--data-urlencode/s);
  });

  it('a POST whose fields are all optional takes no body at all', async () => {
    const applicant = await runtime.token('applicant', { sub: 'errors-withdraw' });
    const created = await runtime.call('POST', '/v1/applications', { token: applicant, body: application });
    expect(created.status).toBe(201);
    const withdrawn = await runtime.call('POST', `/v1/applications/${created.json.id}/withdraw`, { token: applicant });
    expect(withdrawn.status, withdrawn.text).toBe(200);
    expect(withdrawn.json.status).toBe('WITHDRAWN');
  });
});
