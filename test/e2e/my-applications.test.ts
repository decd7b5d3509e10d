import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RuntimeProcess } from '../support/runtime.ts';

// GET /v1/applications: an applicant's own applications, newest first, with lights — over real HTTP.
// Monday 2026-11-02, 09:00 in Shanghai.
const runtime = new RuntimeProcess();
beforeAll(async () => {
  await runtime.start({ now: '2026-11-02T09:00:00+08:00' });
});
afterAll(async () => {
  await runtime.dispose();
});

const complete = ['application-form', 'articles', 'id-card', 'address-proof'];

const apply = async (token: string, materials: string[]) => {
  const r = await runtime.call('POST', '/v1/applications', {
    token,
    body: {
      itemCode: 'SC-001',
      applicant: { type: 'PERSON', name: '张三', phone: '13800000000' },
      materials: materials.map((id) => ({ id })),
    },
  });
  expect(r.status).toBe(201);
  // Receipt times a minute apart: "newest first" has one answer.
  await runtime.advance(60);
  return r.json as { id: string; status: string; deadline: string | null; deadlineDate: string | null };
};

const list = async (token: string, query = '') => runtime.call('GET', `/v1/applications${query}`, { token });

describe('GET /v1/applications', () => {
  it("lists the caller's own applications, newest first, with lights and deadlines — never another's", async () => {
    const mine = await runtime.token('applicant', { sub: 'my-list-a' });
    const theirs = await runtime.token('applicant', { sub: 'my-list-b' });
    const clerk = await runtime.token('clerk', { department: 'market', sub: 'my-list-a' });
    const accepted = await apply(mine, complete);
    const noticed = await apply(mine, ['application-form']);
    const other = await apply(theirs, complete);
    // A clerk entering an application at the window, whatever their subject, does not make it an applicant's own.
    expect(
      (
        await runtime.call('POST', '/v1/applications', {
          token: clerk,
          body: {
            itemCode: 'SC-001',
            applicant: { type: 'PERSON', name: '李四', phone: '13900000000' },
            materials: complete.map((id) => ({ id })),
          },
        })
      ).status,
    ).toBe(201);

    const r = await list(mine);
    expect(r.status).toBe(200);
    expect(r.json.next).toBeNull();
    expect(r.json.applications).toEqual([
      {
        id: noticed.id,
        itemCode: 'SC-001',
        itemName: expect.stringContaining('设立登记'),
        status: 'MATERIALS_REQUIRED',
        light: null,
        deadline: null,
        deadlineDate: null,
        receivedAt: expect.stringMatching(/\+08:00$/),
        remainingWorkingDays: null,
      },
      {
        id: accepted.id,
        itemCode: 'SC-001',
        itemName: expect.stringContaining('设立登记'),
        status: 'ACCEPTED',
        light: 'GREEN',
        deadline: accepted.deadline,
        deadlineDate: accepted.deadlineDate,
        receivedAt: expect.stringMatching(/^2026-11-02T09:00:00\+08:00$/),
        remainingWorkingDays: 4,
      },
    ]);
    expect((await list(theirs)).json.applications.map((a: { id: string }) => a.id)).toEqual([other.id]);

    // The light the list shows is the one the case page shows, as time passes: yellow on the last working day.
    await runtime.advance(3 * 86400);
    const later = (await list(mine)).json.applications.find((a: { id: string }) => a.id === accepted.id);
    const page = (await runtime.call('GET', `/v1/applications/${accepted.id}`, { token: mine })).json;
    expect(later).toMatchObject({ light: 'YELLOW', remainingWorkingDays: 1 });
    expect(later).toMatchObject({ light: page.light, remainingWorkingDays: page.remainingWorkingDays });

    // Withdrawn: still listed, with its new status and no light.
    await runtime.call('POST', `/v1/applications/${noticed.id}/withdraw`, { token: mine, body: {} });
    expect((await list(mine)).json.applications[0]).toMatchObject({ id: noticed.id, status: 'WITHDRAWN', light: null });
  });

  it('pages with `next`, and a cursor opens only the list it came from', async () => {
    const token = await runtime.token('applicant', { sub: 'my-list-paging' });
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await apply(token, ['application-form'])).id);
    const seen: string[] = [];
    let query = '?limit=2';
    let pages = 0;
    for (;;) {
      const r = await list(token, query);
      expect(r.status).toBe(200);
      expect(r.json.applications.length).toBeLessThanOrEqual(2);
      seen.push(...r.json.applications.map((a: { id: string }) => a.id));
      pages++;
      if (!r.json.next) break;
      query = `?limit=2&cursor=${r.json.next}`;
    }
    expect(seen).toEqual([...ids].reverse());
    expect(pages).toBeGreaterThanOrEqual(3);

    // Another applicant replaying this applicant's cursor: refused, naming the field (a cursor is no key to a list).
    const first = (await list(token, '?limit=2')).json.next as string;
    const stranger = await runtime.token('applicant', { sub: 'my-list-stranger' });
    const replayed = await list(stranger, `?cursor=${first}`);
    expect(replayed.status).toBe(400);
    expect(replayed.json.errors).toEqual([{ field: 'query.cursor', reason: expect.any(String) }]);
  });

  it('refuses bad paging with 400 naming the field, and staff and supervision with 403', async () => {
    const token = await runtime.token('applicant', { sub: 'my-list-bad' });
    for (const [query, field] of [
      ['?limit=0', 'query.limit'],
      ['?limit=101', 'query.limit'],
      ['?limit=two', 'query.limit'],
      ['?cursor=not!base64', 'query.cursor'],
      [`?cursor=${Buffer.from('{"id":"x"}').toString('base64url')}`, 'query.cursor'],
    ] as const) {
      const r = await list(token, query);
      expect(r.status, query).toBe(400);
      expect(r.headers.get('content-type')).toContain('problem+json');
      expect(r.json.errors.map((e: { field: string }) => e.field)).toEqual([field]);
    }
    for (const [role, department] of [
      ['clerk', 'market'],
      ['reviewer', 'market'],
      ['head', 'market'],
      ['supervisor', undefined],
      ['admin', undefined],
    ] as const) {
      const staff = await runtime.token(role, department ? { department } : {});
      expect((await list(staff)).status, role).toBe(403);
    }
    expect((await runtime.call('GET', '/v1/applications')).status).toBe(401);
  });
});
