import { generateKeyPairSync } from 'node:crypto';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { logger } from '../../functions/common/logger.ts';
import { bindCreated, chainEvent, genesisHash } from '../../functions/domain/timeline.ts';
import type { HttpContext } from '../../functions/http/middleware/request.ts';
import { db } from '../../functions/store/client.ts';
import { tables } from '../../functions/store/tables.ts';
import type { LocalDynamo } from '../../local/dynamodb.ts';
import { lambdaContext } from '../../local/lambda.ts';
import { startTestDynamo } from '../support/dynamo.ts';
import { CASE_ID, httpEvent, route, token, useTestTokens } from './support.ts';

/**
 * The verify route as deployed reads the checkpoint key's public half from ANCHOR_PUBLIC_KEY, given at deploy time
 * (docs/tamper-evidence.md). Missing or garbled, that is the server's misconfiguration: a 500 problem+json, never a
 * verdict that could not check the anchors, and never "no archive configured" (anchor: null, which still verifies).
 * The real handler, against dynalite; it throws before any S3 request, so no bucket is needed.
 */
let dynamo: LocalDynamo;
let supervisor: string;
const ANCHOR_VARIABLES = ['ANCHOR_BUCKET', 'ANCHOR_PUBLIC_KEY', 'ANCHOR_DIR', 'ANCHOR_KEY_FILE'] as const;
const saved = Object.fromEntries(ANCHOR_VARIABLES.map((name) => [name, process.env[name]]));

beforeAll(async () => {
  dynamo = await startTestDynamo();
  useTestTokens();
  supervisor = await token({ role: 'supervisor', sub: 'supervisor-1' });
  for (const name of ANCHOR_VARIABLES) delete process.env[name];
  // A case with an intact chain and bound state.
  const e0 = chainEvent(genesisHash(CASE_ID), { at: '2026-11-02T10:00:00+08:00', type: 'RECEIVED', by: 'u' });
  const item = bindCreated({ id: CASE_ID, status: 'RECEIVED', timeline: [e0] });
  await db().send(new PutCommand({ TableName: process.env[tables.cases.envVar], Item: item }));
});
afterAll(async () => {
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  await dynamo?.close();
});

async function verify(id: string) {
  const { handler } = await import('../../functions/http/applications-verify.ts');
  const event = httpEvent(route('GET', '/v1/applications/{id}/verify'), { params: { id }, bearer: supervisor });
  const response = await handler(event, lambdaContext('applicationsVerify') as unknown as HttpContext);
  return {
    status: response.statusCode,
    type: (response.headers as Record<string, string> | undefined)?.['content-type'],
    body: JSON.parse(String(response.body)) as Record<string, unknown>,
  };
}

describe('the verify route’s public key (ANCHOR_PUBLIC_KEY)', () => {
  it('without an archive configured, answers with the case’s chain and no anchor (anchor: null)', async () => {
    const answer = await verify(CASE_ID);
    expect(answer.status).toBe(200);
    // (Its clocks are not written here, so `valid` says nothing about the anchor: the chain and `anchor` do.)
    expect(answer.body).toMatchObject({ caseId: CASE_ID, firstBrokenAt: null, deleted: false, anchor: null });
  });

  it('with the bucket but no public key, or one that is not an ECC P-256 public key, answers 500 problem+json', async () => {
    process.env.ANCHOR_BUCKET = 'xiaoneng-checkpoints';
    // What the operator reads: the log line of each 500 says what is wrong with the setting.
    const logged = vi.spyOn(logger, 'error').mockImplementation(() => {});
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'spki', format: 'der' });
    try {
      for (const value of [
        undefined,
        '',
        'not-base64!',
        'MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE',
        rsa.toString('base64'),
      ]) {
        if (value === undefined) delete process.env.ANCHOR_PUBLIC_KEY;
        else process.env.ANCHOR_PUBLIC_KEY = value;
        for (const id of [CASE_ID, 'XN20261203-01KBJ5Z0000000000000000001']) {
          // The case in the table, and one that is not (whose anchors would say whether it was deleted).
          const answer = await verify(id);
          expect([value?.slice(0, 12), id, answer.status]).toEqual([value?.slice(0, 12), id, 500]);
          expect(answer.type).toMatch(/^application\/problem\+json/);
          expect(answer.body).toMatchObject({ status: 500 });
          expect(answer.body).not.toHaveProperty('valid');
          expect(JSON.stringify(logged.mock.lastCall, (_k, v) => (v instanceof Error ? v.message : v))).toContain(
            'ANCHOR_PUBLIC_KEY',
          );
        }
      }
    } finally {
      logged.mockRestore();
      delete process.env.ANCHOR_BUCKET;
      delete process.env.ANCHOR_PUBLIC_KEY;
    }
  });
});
