import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RuntimeProcess } from '../support/runtime.ts';

const runtime = new RuntimeProcess();
let admin: string;

beforeAll(async () => {
  await runtime.start({ now: '2026-11-02T10:00:00+08:00' });
  admin = await runtime.token('admin', { sub: 'catalogue-admin' });
});
afterAll(async () => {
  await runtime.dispose();
});

const en = { 'accept-language': 'en-US,en;q=0.9,zh-CN;q=0.5' };

describe('public service guides', () => {
  it('publish the whole guide, in Chinese by default and in English on request', async () => {
    const zh = await runtime.call('GET', '/v1/catalog/SC-001');
    expect(zh.status).toBe(200);
    expect(zh.headers.get('content-language')).toBe('zh-CN');
    expect(zh.json).toMatchObject({ code: 'SC-001', name: '企业设立登记', language: 'zh', fallbacks: [] });
    for (const field of [
      'legalBasis',
      'conditions',
      'procedure',
      'materials',
      'fees',
      'window',
      'officeHours',
      'phone',
      'supervisionPhone',
      'legalLimitDays',
      'promisedLimitDays',
      'handlingMode',
      'deemedConsentEligible',
      'resultDocument',
      'form',
    ]) {
      expect(zh.json[field], field).toBeDefined();
    }
    expect(zh.json.materials[0]).toEqual(
      expect.objectContaining({
        id: 'application-form',
        name: '公司登记（备案）申请书',
        required: true,
        template: '/v1/catalog/SC-001/templates/application-form',
      }),
    );
    expect(zh.json.form.fields).toContainEqual(
      expect.objectContaining({
        name: 'companyType',
        type: 'enum',
        options: ['LLC', 'JOINT_STOCK', 'FOREIGN_INVESTED'],
      }),
    );
    expect(zh.json.department).toMatchObject({ id: 'market', name: '市场监督管理局', phone: '0411-8700-1001' });
    expect(zh.json.baseline).toMatchObject({ promisedLimitDays: 10, handlingMode: 'PROMISED' });
    const english = await runtime.call('GET', '/v1/catalog/SC-001', { headers: en });
    expect(english.headers.get('content-language')).toBe('en');
    expect(english.json).toMatchObject({ name: 'Company establishment registration', language: 'en', fallbacks: [] });
    expect(english.json.department.name).toBe('Market Regulation Bureau');
  });

  it('fall back to Chinese visibly where a translation is missing', async () => {
    const r = await runtime.call('GET', '/v1/catalog/TX-002', { headers: en });
    expect(r.json.name).toBe('Invoice issuance');
    expect(r.json.legalBasis).toBe('《中华人民共和国发票管理办法》第十五条');
    expect(r.json.fallbacks).toEqual(['legalBasis', 'conditions']);
    expect(r.json.completeness.complete).toBe(false);
  });

  it('measure disclosure: complete guides over published items', async () => {
    const r = await runtime.call('GET', '/v1/catalog/disclosure');
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ published: 12, complete: 11, rate: 0.917 });
    expect(r.json.incomplete).toEqual([
      expect.objectContaining({
        code: 'TX-002',
        missing: [
          { field: 'legalBasis', language: 'en' },
          { field: 'conditions', language: 'en' },
        ],
      }),
    ]);
  });

  it('search by keyword in either language and by department; paging is opt-in', async () => {
    const codes = async (query: string, headers = {}) =>
      ((await runtime.call('GET', `/v1/catalog${query}`, { headers })).json.items as { code: string }[]).map(
        (i) => i.code,
      );
    // 规划许可: the two planning permits, and the construction permit whose conditions require one.
    expect(await codes('?q=%E8%A7%84%E5%88%92%E8%AE%B8%E5%8F%AF')).toEqual(['CN-001', 'PL-001', 'PL-002']);
    expect(await codes('?q=planning%20permit')).toEqual(['CN-001', 'PL-001', 'PL-002']);
    expect(await codes('?departmentId=environment')).toEqual(['EN-001', 'EN-002']);
    const all = await runtime.call('GET', '/v1/catalog');
    expect(all.json.items).toHaveLength(12);
    expect(all.json.page).toBeUndefined();
    const page = await runtime.call('GET', '/v1/catalog?page=2&pageSize=5');
    expect(page.json).toMatchObject({ total: 12, page: 2, pageSize: 5 });
    expect(page.json.items.map((i: { code: string }) => i.code)).toEqual([
      'PL-001',
      'PL-002',
      'SC-001',
      'SC-002',
      'SC-003',
    ]);
    expect((await runtime.call('GET', '/v1/catalog?pageSize=1000')).status).toBe(400);
  });

  it("answer every guide's template and sample links with a printable form of that item (HTML in a browser)", async () => {
    const html = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };
    const items = (await runtime.call('GET', '/v1/catalog')).json.items as { code: string }[];
    let links = 0;
    for (const { code } of items) {
      const guide = (await runtime.call('GET', `/v1/catalog/${code}`)).json;
      for (const m of guide.materials as { id: string; name: string; template: string | null }[]) {
        if (!m.template) continue;
        links++;
        const page = await runtime.call('GET', m.template, { headers: html });
        expect(page.status, m.template).toBe(200);
        expect(page.headers.get('content-type'), m.template).toContain('text/html');
        expect(page.text, m.template).toContain(m.name);
        expect(page.text, m.template).toContain(guide.name);
        expect(page.text, m.template).not.toContain('样表');
      }
      expect(guide.sampleApplication, code).toMatch(/^\/v1\/catalog\/.+\?sample=true$/);
      const sample = await runtime.call('GET', guide.sampleApplication, { headers: html });
      expect(sample.status, guide.sampleApplication).toBe(200);
      expect(sample.text, guide.sampleApplication).toContain('样表 Sample');
    }
    expect(links).toBeGreaterThanOrEqual(items.length);

    // JSON by default: the blank form has blanks, the sample answers the form would accept.
    const blank = await runtime.call('GET', '/v1/catalog/SC-001/templates/application-form');
    expect(blank.json).toMatchObject({
      itemCode: 'SC-001',
      item: '企业设立登记 Company establishment registration',
      material: '公司登记（备案）申请书 Company registration application form',
      sample: false,
      requirements: ['必须提交 Required', '原件 1 份 originals, 复印件 0 份 copies'],
    });
    expect(blank.json.fields.map((f: { name: string }) => f.name)).toEqual([
      'companyName',
      'registeredCapital',
      'companyType',
      'startDate',
    ]);
    expect(blank.json.fields.every((f: { answer: unknown }) => f.answer === null)).toBe(true);
    const sample = await runtime.call('GET', '/v1/catalog/SC-001/templates/application-form?sample=true');
    expect(
      Object.fromEntries(sample.json.fields.map((f: { name: string; answer: string }) => [f.name, f.answer])),
    ).toEqual({
      companyName: '示例 Example: Company name',
      registeredCapital: '100',
      companyType: 'LLC',
      startDate: '2026-11-02',
    });

    // A material the item does not list, an item that does not exist, a sample flag that is not one: 4xx, named.
    expect((await runtime.call('GET', '/v1/catalog/SC-001/templates/filing-form')).status).toBe(404);
    expect((await runtime.call('GET', '/v1/catalog/XX-404/templates/application-form')).status).toBe(404);
    const bad = await runtime.call('GET', '/v1/catalog/SC-001/templates/application-form?sample=yes');
    expect(bad.status).toBe(400);
    expect(bad.json.errors[0].field).toBe('query.sample');
  });

  it('list departments and show one with its items, address, phone and hours', async () => {
    const list = await runtime.call('GET', '/v1/departments', { headers: en });
    expect(list.json.departments.map((d: { id: string }) => d.id)).toEqual([
      'centre',
      'construction',
      'environment',
      'market',
      'planning',
      'tax',
    ]);
    const planning = await runtime.call('GET', '/v1/departments/planning');
    expect(planning.json).toMatchObject({ id: 'planning', name: '自然资源和规划局', phone: '0411-8700-1004' });
    expect(planning.json.address).toContain('三楼');
    expect(planning.json.items.map((i: { code: string }) => i.code)).toEqual(['PL-001', 'PL-002']);
    expect((await runtime.call('GET', '/v1/departments/nowhere')).status).toBe(404);
  });
});

const guide = (overrides: Record<string, unknown> = {}) => ({
  code: 'PL-003',
  departmentId: 'planning',
  name: { zh: '临时建设工程规划许可', en: 'Temporary construction planning permit' },
  legalBasis: { zh: '《中华人民共和国城乡规划法》第四十四条', en: 'Urban and Rural Planning Law, Art.44' },
  conditions: { zh: '临时建设不影响近期建设规划', en: 'Temporary works that do not hinder the short-term plan' },
  procedure: [{ zh: '申请、受理、审查、决定', en: 'Apply, acceptance, review, decision' }],
  handlingMode: 'PROMISED',
  legalLimitDays: 20,
  promisedLimitDays: 10,
  deemedConsentEligible: true,
  materials: [
    {
      id: 'application-form',
      name: { zh: '申请表', en: 'Application form' },
      required: true,
      template: '/templates/PL-003/form.pdf',
    },
  ],
  fees: { zh: '免费', en: 'Free of charge' },
  window: { zh: '三楼 D 区', en: '3F, Zone D' },
  officeHours: { zh: '周一至周五', en: 'Mon–Fri' },
  phone: '0411-8700-1004',
  supervisionPhone: '0411-8700-9999',
  resultDocument: { zh: '临时建设工程规划许可证', en: 'Temporary planning permit' },
  // An administrator's own links: a file the centre publishes on its site, and one at an https address.
  sampleApplication: 'https://www.example.gov.cn/templates/PL-003/sample.pdf',
  ...overrides,
});

// PL-003's life in the catalogue, step by step: the `it`s run in order, each one step.
describe('administrators publish, revise (optimistically) and retire an item — with who, when and why', () => {
  let applicant: string;
  // Applications read the item through a cache (reference data, up to a minute in AWS); a change made in the same
  // process — locally, all of them — is seen at once: apply after publishing (warming it), and again after each change.
  const application = {
    itemCode: 'PL-003',
    applicant: { type: 'PERSON', name: '赵六', phone: '13900000001' },
    materials: [{ id: 'application-form' }],
  };
  const apply = () => runtime.call('POST', '/v1/applications', { token: applicant, body: application });

  beforeAll(async () => {
    applicant = await runtime.token('applicant', { sub: 'late-applicant' });
  });

  it('refuses a template or sample link that is not a path of this site or an https address', async () => {
    // Act
    const refused = await runtime.call('POST', '/v1/catalog', {
      token: admin,
      body: {
        guide: guide({
          materials: [
            { id: 'application-form', name: { zh: '申请表' }, required: true, template: 'javascript:alert(1)' },
            { id: 'plan', name: { zh: '方案' }, required: true, template: '/\\evil.example/form.pdf' },
            { id: 'map', name: { zh: '图纸' }, required: true, template: '//evil.example/form.pdf' },
          ],
          sampleApplication: 'http://www.example.gov.cn/sample.pdf',
        }),
        reason: '新增事项 New item',
      },
    });
    // Assess
    expect(refused.status).toBe(400);
    expect(refused.json.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'body.guide.materials.0.template',
      'body.guide.materials.1.template',
      'body.guide.materials.2.template',
      'body.guide.sampleApplication',
    ]);
  });

  it('publishes a complete guide as revision 1, counted in the disclosure', async () => {
    // Act
    const created = await runtime.call('POST', '/v1/catalog', {
      token: admin,
      body: { guide: guide(), reason: '新增事项 New item' },
    });
    // Assess
    expect(created.status, created.text).toBe(201);
    expect(created.json).toMatchObject({
      code: 'PL-003',
      revision: 1,
      status: 'PUBLISHED',
      completeness: { complete: true },
    });
    expect((await runtime.call('GET', '/v1/catalog/disclosure')).json).toMatchObject({ published: 13, complete: 12 });
    // The administrator's own links are kept as given; the rendered form of its material answers too.
    const published = (await runtime.call('GET', '/v1/catalog/PL-003')).json;
    expect(published.materials[0].template).toBe('/templates/PL-003/form.pdf');
    expect(published.sampleApplication).toBe('https://www.example.gov.cn/templates/PL-003/sample.pdf');
    const rendered = await runtime.call('GET', '/v1/catalog/PL-003/templates/application-form?sample=true');
    expect(rendered.json).toMatchObject({ itemCode: 'PL-003', material: '申请表 Application form', sample: true });
  });

  it('refuses to publish the same code twice', async () => {
    // Act
    const again = await runtime.call('POST', '/v1/catalog', {
      token: admin,
      body: { guide: guide(), reason: 'again' },
    });
    // Assess
    expect(again.status).toBe(409);
  });

  it('accepts applications under the published promise', async () => {
    // Act
    const underRevision1 = await apply();
    // Assess
    expect(underRevision1.status, underRevision1.text).toBe(201);
    expect(underRevision1.json).toMatchObject({ status: 'ACCEPTED', workingDays: 10 });
  });

  it('revises the promised limit as revision 2, and the next application is promised the new one', async () => {
    // Act
    const revised = await runtime.call('PUT', '/v1/catalog/PL-003', {
      token: admin,
      body: { guide: guide({ promisedLimitDays: 7 }), reason: '压缩承诺时限 Shorter promise', revision: 1 },
    });
    const underRevision2 = await apply();
    // Assess
    expect(revised.status, revised.text).toBe(200);
    expect(revised.json).toMatchObject({ revision: 2, promisedLimitDays: 7 });
    expect(underRevision2.json).toMatchObject({ status: 'ACCEPTED', workingDays: 7 });
  });

  it('refuses a revision of a stale revision, naming the current one', async () => {
    // Act
    const stale = await runtime.call('PUT', '/v1/catalog/PL-003', {
      token: admin,
      body: { guide: guide({ promisedLimitDays: 5 }), reason: 'stale', revision: 1 },
    });
    // Assess
    expect(stale.status).toBe(409);
    expect(stale.json).toMatchObject({ type: 'urn:xiaoneng:problem:stale-revision', currentRevision: 2 });
  });

  it('retires the item: off the list, still readable, and no longer applied for', async () => {
    // Act
    const retired = await runtime.call('POST', '/v1/catalog/PL-003/retire', {
      token: admin,
      body: { reason: '事项取消 Abolished', revision: 2 },
    });
    // Assess
    expect(retired.status, retired.text).toBe(200);
    expect(retired.json).toMatchObject({ status: 'RETIRED', revision: 3 });
    expect(
      ((await runtime.call('GET', '/v1/catalog')).json.items as { code: string }[]).map((i) => i.code),
    ).not.toContain('PL-003');
    expect((await runtime.call('GET', '/v1/catalog/PL-003')).json.status).toBe('RETIRED');
    const refused = await apply();
    expect(refused.status).toBe(422);
    expect(refused.json.errors[0].field).toBe('body.itemCode');
  });

  it('keeps every revision with who, why and its status, and the baseline, for supervisors only', async () => {
    // Act
    const history = await runtime.call('GET', '/v1/catalog/PL-003/revisions', {
      token: await runtime.token('supervisor'),
    });
    const byApplicant = await runtime.call('GET', '/v1/catalog/PL-003/revisions', {
      token: await runtime.token('applicant'),
    });
    // Assess
    expect(
      history.json.revisions.map((r: { revision: number; reason: string; revisedBy: string; status: string }) => [
        r.revision,
        r.reason,
        r.revisedBy,
        r.status,
      ]),
    ).toEqual([
      [1, '新增事项 New item', 'catalogue-admin', 'PUBLISHED'],
      [2, '压缩承诺时限 Shorter promise', 'catalogue-admin', 'PUBLISHED'],
      [3, '事项取消 Abolished', 'catalogue-admin', 'RETIRED'],
    ]);
    expect(history.json.baseline).toMatchObject({ promisedLimitDays: 10 });
    expect(byApplicant.status).toBe(403);
  });
});

describe('administrators manage the catalogue', () => {
  it('refuse an inconsistent guide with the field and the reason', async () => {
    const r = await runtime.call('POST', '/v1/catalog', {
      token: admin,
      body: { guide: guide({ code: 'PL-004', promisedLimitDays: 30, departmentId: 'planning' }), reason: 'x' },
    });
    expect(r.status).toBe(400);
    expect(r.json.errors).toContainEqual({
      field: 'body.guide.promisedLimitDays',
      reason: 'the promised limit must not exceed the legal limit',
    });
    const unknownDepartment = await runtime.call('POST', '/v1/catalog', {
      token: admin,
      body: { guide: guide({ code: 'PL-005', departmentId: 'nowhere' }), reason: 'x' },
    });
    expect(unknownDepartment.status).toBe(422);
    expect(unknownDepartment.json.errors[0].field).toBe('body.guide.departmentId');
    expect(
      (
        await runtime.call('POST', '/v1/catalog', {
          token: await runtime.token('clerk', { department: 'planning' }),
          body: { guide: guide(), reason: 'x' },
        })
      ).status,
    ).toBe(403);
  });

  it('add and revise departments', async () => {
    const department = {
      id: 'emergency',
      name: { zh: '应急管理局', en: 'Emergency Management Bureau' },
      address: { zh: '行政服务中心三楼 F 区', en: 'Service Centre 3F, Zone F' },
      phone: '0411-8700-1006',
      hours: { zh: '周一至周五', en: 'Mon–Fri' },
      supervisionPhone: '0411-8700-9999',
      windows: [{ id: 'emergency-1', name: { zh: '应急窗口', en: 'Emergency window' }, comprehensive: false }],
      leader: { id: 'emergency-head', name: '钱伟 Qian Wei' },
      dutyHandler: { id: 'emergency-reviewer', name: '冯丽 Feng Li' },
    };
    const created = await runtime.call('POST', '/v1/departments', {
      token: admin,
      body: { department, reason: '机构设置 New bureau' },
    });
    expect(created.status, created.text).toBe(201);
    const moved = await runtime.call('PUT', '/v1/departments/emergency', {
      token: admin,
      body: { department: { ...department, phone: '0411-8700-1016' }, reason: '电话变更 New phone', revision: 1 },
    });
    expect(moved.status, moved.text).toBe(200);
    expect((await runtime.call('GET', '/v1/departments/emergency')).json).toMatchObject({
      phone: '0411-8700-1016',
      revision: 2,
    });
  });
});
