import { ListExecutionsCommand } from '@aws-sdk/client-sfn';
import { ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RuntimeProcess } from '../support/runtime.ts';

const runtime = new RuntimeProcess();

beforeAll(async () => {
  await runtime.start({ now: '2026-11-02T10:00:00+08:00' });
});
afterAll(async () => {
  await runtime.dispose();
});

const application = (name: string) => ({
  itemCode: 'SC-001',
  applicant: { type: 'ENTERPRISE', name, phone: '0411-8888-0000' },
  materials: ['application-form', 'articles', 'id-card', 'address-proof'].map((id) => ({ id })),
});

async function casesNamed(name: string) {
  const out = await runtime.documents().send(
    new ScanCommand({
      TableName: 'xiaoneng-local-Cases',
      FilterExpression: 'applicant.#name = :name',
      ExpressionAttributeNames: { '#name': 'name' },
      ExpressionAttributeValues: { ':name': name },
      ConsistentRead: true,
    }),
  );
  return (out.Items ?? []) as { id: string }[];
}

async function executionsFor(ids: string[]) {
  const out = await runtime.sfn().send(
    new ListExecutionsCommand({
      stateMachineArn: 'arn:aws:states:us-east-1:000000000000:stateMachine:ApprovalClock',
      maxResults: 1000,
    }),
  );
  return (out.executions ?? []).filter((e) => ids.includes(e.name ?? ''));
}

describe('Idempotency-Key on POST', () => {
  it('turns 100 concurrent retries into 1 case and 1 execution, and replays the first answer', async () => {
    // Prepare
    const token = await runtime.token('applicant', { sub: 'retrying-applicant' });
    const body = application('重试科技有限公司');
    const headers = { 'idempotency-key': 'submit-2026-11-02-0001' };
    // Act
    const answers = await Promise.all(
      Array.from({ length: 100 }, () => runtime.call('POST', '/v1/applications', { token, body, headers })),
    );
    // Assess: every answer is the first answer or "still in progress".
    const created = answers.filter((a) => a.status === 201);
    const inProgress = answers.filter((a) => a.status === 409);
    expect(created.length + inProgress.length).toBe(100);
    expect(created.length).toBeGreaterThanOrEqual(1);
    expect(new Set(created.map((a) => a.json.id)).size).toBe(1);
    for (const a of inProgress) {
      expect(a.headers.get('content-type')).toContain('application/problem+json');
      expect(a.json.type).toBe('urn:xiaoneng:problem:request-in-progress');
    }
    const stored = await casesNamed('重试科技有限公司');
    expect(stored.map((c) => c.id)).toEqual([created[0]?.json.id]);
    expect(await executionsFor(stored.map((c) => c.id))).toHaveLength(1);
    // A later retry replays the stored answer, byte for byte.
    const replay = await runtime.call('POST', '/v1/applications', { token, body, headers });
    expect(replay.status).toBe(201);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.text).toBe(created[0]?.text);
    expect(await casesNamed('重试科技有限公司')).toHaveLength(1);
  });

  it('refuses the same key for a different request (422), and scopes keys per caller', async () => {
    const token = await runtime.token('applicant', { sub: 'key-reuser' });
    const headers = { 'idempotency-key': 'reused-key-000001' };
    expect(
      (await runtime.call('POST', '/v1/applications', { token, body: application('甲公司'), headers })).status,
    ).toBe(201);
    const reused = await runtime.call('POST', '/v1/applications', { token, body: application('乙公司'), headers });
    expect(reused.status).toBe(422);
    expect(reused.json.errors).toEqual([expect.objectContaining({ field: 'header.idempotency-key' })]);
    expect(await casesNamed('乙公司')).toHaveLength(0);
    // The same key from another caller is another request.
    const other = await runtime.token('applicant', { sub: 'someone-else-entirely' });
    expect(
      (await runtime.call('POST', '/v1/applications', { token: other, body: application('乙公司'), headers })).status,
    ).toBe(201);
  });

  it('replays a decision instead of answering the retry with "already decided"', async () => {
    const applicant = await runtime.token('applicant', { sub: 'decided-applicant' });
    const reviewer = await runtime.token('reviewer', { department: 'market' });
    const c = (await runtime.call('POST', '/v1/applications', { token: applicant, body: application('丙公司') })).json;
    const headers = { 'idempotency-key': `decide-${c.id.slice(-12)}` };
    const first = await runtime.call('POST', `/v1/applications/${c.id}/decision`, {
      token: reviewer,
      body: { outcome: 'APPROVED' },
      headers,
    });
    const retry = await runtime.call('POST', `/v1/applications/${c.id}/decision`, {
      token: reviewer,
      body: { outcome: 'APPROVED' },
      headers,
    });
    expect(first.status).toBe(200);
    expect(retry.status).toBe(200);
    expect(retry.text).toBe(first.text);
    const fresh = await runtime.call('POST', `/v1/applications/${c.id}/decision`, {
      token: reviewer,
      body: { outcome: 'APPROVED' },
    });
    expect(fresh.status).toBe(409);
  });

  it('rejects a malformed key with a 400 naming the header, and writes nothing', async () => {
    const token = await runtime.token('applicant', { sub: 'bad-key' });
    const r = await runtime.call('POST', '/v1/applications', {
      token,
      body: application('丁公司'),
      headers: { 'idempotency-key': 'x y' },
    });
    expect(r.status).toBe(400);
    expect(r.json.errors).toEqual([expect.objectContaining({ field: 'header.idempotency-key' })]);
    expect(await casesNamed('丁公司')).toHaveLength(0);
  });
});

describe('the tamper-evident timeline', () => {
  it('is verified by supervisors, and an edit made directly in DynamoDB is detected by the route and the CLI', async () => {
    // Prepare: a case with three events (received, accepted, rejected).
    const applicant = await runtime.token('applicant', { sub: 'audited-applicant' });
    const reviewer = await runtime.token('reviewer', { department: 'market' });
    const supervisor = await runtime.token('supervisor');
    const c = (await runtime.call('POST', '/v1/applications', { token: applicant, body: application('戊公司') })).json;
    await runtime.call('POST', `/v1/applications/${c.id}/decision`, {
      token: reviewer,
      body: { outcome: 'REJECTED', reason: '章程缺少股东签字' },
    });
    const clean = await runtime.call('GET', `/v1/applications/${c.id}/verify`, { token: supervisor });
    expect(clean.json).toMatchObject({ valid: true, events: 3, firstBrokenAt: null });
    expect((await runtime.call('GET', `/v1/applications/${c.id}/verify`, { token: reviewer })).status).toBe(403);
    // Act: someone with database access turns the rejection into an approval.
    await runtime.documents().send(
      new UpdateCommand({
        TableName: 'xiaoneng-local-Cases',
        Key: { id: c.id },
        UpdateExpression: 'SET timeline[2].#type = :approved',
        ExpressionAttributeNames: { '#type': 'type' },
        ExpressionAttributeValues: { ':approved': 'APPROVED' },
      }),
    );
    // Assess
    const tampered = await runtime.call('GET', `/v1/applications/${c.id}/verify`, { token: supervisor });
    expect(tampered.json).toMatchObject({ valid: false, events: 3, firstBrokenAt: 2 });
    const cli = await runtime.verifyTimelines();
    expect(cli.code).toBe(1);
    expect(cli.stdout).toContain(`BROKEN ${c.id}: first broken link at event 2 of 3`);
    expect(cli.stdout).toMatch(/\d+ case\(s\) checked, 1 broken/);
  });
});

describe('the state under the chain', () => {
  it('reports a deadline moved directly in DynamoDB, naming it, in the route and the CLI', async () => {
    const applicant = await runtime.token('applicant', { sub: 'moved-deadline' });
    const supervisor = await runtime.token('supervisor');
    const c = (await runtime.call('POST', '/v1/applications', { token: applicant, body: application('己公司') })).json;
    const clean = await runtime.call('GET', `/v1/applications/${c.id}/verify`, { token: supervisor });
    expect(clean.json).toMatchObject({ valid: true, state: { bound: true, valid: true } });
    // Act: someone with database access gives the department a month more.
    await runtime.documents().send(
      new UpdateCommand({
        TableName: 'xiaoneng-local-Cases',
        Key: { id: c.id },
        UpdateExpression: 'SET deadlineAt = :later, deadline = :laterLocal',
        ExpressionAttributeValues: { ':later': '2026-12-31T16:00:00.000Z', ':laterLocal': '2027-01-01T00:00:00+08:00' },
      }),
    );
    // Assess: the chain is intact, the state is not, and the attributes are named.
    const edited = await runtime.call('GET', `/v1/applications/${c.id}/verify`, { token: supervisor });
    expect(edited.status).toBe(200);
    expect(edited.json).toMatchObject({
      caseId: c.id,
      valid: false,
      firstBrokenAt: null,
      state: { bound: true, valid: false, changed: ['deadline', 'deadlineAt'] },
    });
    const cli = await runtime.verifyTimelines();
    expect(cli.code).toBe(1);
    expect(cli.stdout).toContain(
      `EDITED ${c.id}: the state differs from what its last event bound: deadline, deadlineAt`,
    );
  });
});

describe('personal data', () => {
  it('shows the phone and identity number in full to the applicant and the handling department, masked to supervisors', async () => {
    const applicant = await runtime.token('applicant', { sub: 'private-person' });
    const body = {
      ...application('王五'),
      applicant: { type: 'PERSON', name: '王五', phone: '13812345678', idNumber: '210202199001011234' },
    };
    const c = (await runtime.call('POST', '/v1/applications', { token: applicant, body })).json;
    expect(c.applicant).toMatchObject({ phone: '13812345678', idNumber: '210202199001011234' });
    const clerk = await runtime.token('clerk', { department: 'market' });
    expect((await runtime.call('GET', `/v1/applications/${c.id}`, { token: clerk })).json.applicant.phone).toBe(
      '13812345678',
    );
    const supervisor = await runtime.token('supervisor');
    const seen = (await runtime.call('GET', `/v1/applications/${c.id}`, { token: supervisor })).json.applicant;
    expect(seen).toMatchObject({ phone: '138****5678', idNumber: '2102************34' });
    expect(runtime.output).not.toContain('13812345678');
    expect(runtime.output).not.toContain('210202199001011234');
  });
});
