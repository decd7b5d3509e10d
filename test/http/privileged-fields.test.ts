import { beforeAll, describe, expect, it } from 'vitest';
import { authorization } from '../../functions/http/middleware/authorization.ts';
import { jsonBody } from '../../functions/http/middleware/json-body.ts';
import { privilegedFields } from '../../functions/http/middleware/privileged-fields.ts';
import { harness, httpEvent, route, token, useTestTokens } from './support.ts';

beforeAll(() => useTestTokens());

describe('the privileged-field middleware', () => {
  // POST /v1/applications: receivedBy, onTheSpot, review and materials[].defect are the clerk's (routes.ts).
  const create = route('POST', '/v1/applications');
  const lambda = harness([create], [authorization(), jsonBody(), privilegedFields()]);
  const apply = async (claims: Parameters<typeof token>[0], body: unknown) =>
    lambda(httpEvent(create, { bearer: await token(claims), body }));

  it('refuses with 403 every privileged field a role may not set, whatever its value, naming each', async () => {
    const answer = await apply(
      { role: 'applicant', sub: 'a1' },
      { itemCode: 'X', receivedBy: null, materials: [{ id: 'm1' }, { id: 'm2', defect: '' }] },
    );
    expect(answer.status).toBe(403);
    expect(answer.body).toMatchObject({
      type: 'urn:xiaoneng:problem:forbidden',
      detail:
        '角色 applicant 无权在 POST /v1/applications 中设置 body.receivedBy, body.materials.1.defect Role applicant may not set body.receivedBy, body.materials.1.defect on POST /v1/applications.',
    });
    expect(answer.body.errors).toEqual([
      { field: 'body.receivedBy', reason: expect.stringMatching(/; applicants may not set it$/) },
      { field: 'body.materials.1.defect', reason: expect.stringMatching(/; applicants may not set it$/) },
    ]);
  });

  it('lets the declared role set them, and anyone send the others', async () => {
    const clerk = await apply(
      { role: 'clerk', sub: 'c1', department: 'market' },
      { receivedBy: { windowId: 'w1' }, onTheSpot: true, materials: [{ id: 'm1', defect: 'unsigned' }] },
    );
    expect(clerk.status).toBe(200);
    const applicant = await apply({ role: 'applicant', sub: 'a1' }, { itemCode: 'X', materials: [{ id: 'm1' }] });
    expect(applicant.status).toBe(200);
  });
});
