import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalDynamo } from '../../local/dynamodb.ts';
import { counting, countStoreRequests, startTestDynamo } from '../support/dynamo.ts';

let dynamo: LocalDynamo;
/** The DynamoDB requests the store sent, by operation (a middleware on the store's own client). */
let sent: string[] = [];
beforeAll(async () => {
  dynamo = await startTestDynamo();
  sent = await countStoreRequests();
});
afterAll(async () => {
  await dynamo?.close();
});

// Imported after the environment is set (the store reads table names from it).
const store = async () => ({
  profiles: await import('../../functions/store/profiles.ts'),
});

describe('the applicant profile (一表通)', () => {
  it('is written once for new or changed answers, and not at all when nothing changed', async () => {
    const { profiles } = await store();
    const sub = 'profile-applicant';
    // First application: the map is created whole, in one write.
    const first = await counting(sent, async () =>
      profiles.rememberAnswers(sub, { projectName: '一期', contractPrice: 100, empty: '' }, 'a1', undefined),
    );
    expect(first).toEqual({ result: 1, requests: ['UpdateItem'] });
    const stored = await profiles.getProfile(sub);
    expect(stored?.answers).toEqual({ projectName: '一期', contractPrice: 100 });
    // The same answers again: nothing to write.
    expect(
      await counting(sent, async () =>
        profiles.rememberAnswers(sub, { projectName: '一期', contractPrice: 100 }, 'a2', stored),
      ),
    ).toEqual({ result: 0, requests: [] });
    // One changed and one new answer: one write, the others kept.
    expect(
      await counting(sent, async () =>
        profiles.rememberAnswers(
          sub,
          { projectName: '一期', contractPrice: 200, startDate: '2026-12-01' },
          'a3',
          stored,
        ),
      ),
    ).toEqual({ result: 1, requests: ['UpdateItem'] });
    expect(await profiles.getProfile(sub)).toMatchObject({
      answers: { projectName: '一期', contractPrice: 200, startDate: '2026-12-01' },
      updatedAt: 'a3',
    });
  });

  it('merges two first applications racing to create the profile', async () => {
    const { profiles } = await store();
    const sub = 'racing-applicant';
    const written = await Promise.all([
      profiles.rememberAnswers(sub, { projectName: 'A' }, 'a', undefined),
      profiles.rememberAnswers(sub, { contractPrice: 7 }, 'b', undefined),
    ]);
    expect(written.sort()).toEqual([1, 2]);
    expect((await profiles.getProfile(sub))?.answers).toEqual({ projectName: 'A', contractPrice: 7 });
  });
});
