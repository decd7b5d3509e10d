import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as z from 'zod/mini';
import * as Responses from '../../functions/http/responses.ts';
import type { ResponseName } from '../../functions/http/route-spec.ts';
import { type RouteSpec, routes } from '../../functions/http/routes.ts';
import { completeGuide } from '../support/catalog.ts';
import { RuntimeProcess } from '../support/runtime.ts';

/**
 * The OpenAPI document is a contract a client can be generated from: every success answer (and the referral's 200)
 * has a schema of its fields, and the live answers of every route — driven over real HTTP against the local runtime
 * — (a) pass the zod response schemas the document is generated from, and (b) type-check, with the project's `tsc`,
 * against the types openapi-typescript generates from the document as served.
 */

const repoRoot = resolve(import.meta.dirname, '../..');
const runtime = new RuntimeProcess();
// Generated files (the document, its types, the typed answers) live here, never in the repository.
const scratch = mkdtempSync(join(tmpdir(), 'xiaoneng-openapi-'));

beforeAll(async () => {
  // Monday 2 November 2026, 10:00 in Shanghai.
  // The appraisal's window opened from November (issue 16 item 6), so that a rating is answered 201 here.
  await runtime.start({
    now: '2026-11-02T10:00:00+08:00',
    env: { APPRAISAL_POLICY: JSON.stringify({ opens: '11-01', closes: '01-31' }) },
  });
});
afterAll(async () => {
  await runtime.dispose();
  rmSync(scratch, { recursive: true, force: true });
});

type Method = RouteSpec['method'];

interface Answer {
  readonly route: RouteSpec;
  readonly status: number;
  /** The media type, without parameters. */
  readonly mediaType: string;
  readonly text: string;
  // biome-ignore lint/suspicious/noExplicitAny: a live JSON answer, checked by schemas below, not by this test's types
  readonly json: any;
}

const answers: Answer[] = [];

/** Calls a route of the route table (path parameters filled in) and keeps the answer for the checks below. */
async function hit(
  method: Method,
  template: string,
  options: {
    params?: Record<string, string>;
    query?: string;
    token?: string;
    body?: unknown;
    headers?: Record<string, string>;
  } = {},
): Promise<Answer> {
  const route = routes.find((r) => r.method === method && r.path === template);
  if (!route) throw new Error(`no route ${method} ${template}`);
  const path = template.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(options.params?.[name] ?? ''));
  const r = await runtime.call(method, `${path}${options.query ? `?${options.query}` : ''}`, options);
  const answer = {
    route,
    status: r.status,
    mediaType: (r.headers.get('content-type') ?? '').split(';')[0]?.trim() ?? '',
    text: r.text,
    json: r.json,
  };
  answers.push(answer);
  return answer;
}

/** The evaluated days: from the first case (2 November) to the day before the clock stops (advanced 18 days). */
const EVALUATED = '2026-11-02..2026-11-19';
const EVALUATED_YEAR = '2026';

const SC001 = ['application-form', 'articles', 'id-card', 'address-proof'].map((id) => ({ id }));
const SC002 = ['application-form', 'business-licence', 'resolution'].map((id) => ({ id }));
const SC003 = ['application-form', 'business-licence', 'floor-plan', 'safety-rules'].map((id) => ({ id }));
const PL001 = ['application-form', 'land-certificate', 'design-scheme'].map((id) => ({ id }));
const enterprise = {
  type: 'ENTERPRISE',
  name: '大连契约科技有限公司',
  phone: '0411-8888-0101',
  idNumber: '91210200MA0XXXXX1A',
};
const application = (itemCode: string, materials: { id: string }[], extra: Record<string, unknown> = {}) => ({
  itemCode,
  applicant: enterprise,
  materials,
  ...extra,
});

const guide = completeGuide('PL-009', {
  departmentId: 'planning',
  name: { zh: '临时建设工程规划许可', en: 'Temporary construction planning permit' },
  promisedLimitDays: 10,
  materials: [
    { id: 'application-form', name: { zh: '申请表', en: 'Application form' }, required: true, template: '/t/f.pdf' },
    { id: 'site-plan', name: { zh: '总平面图' }, required: false, condition: { zh: '涉及新建时', en: 'When new' } },
  ],
  resultDocument: { zh: '临时建设工程规划许可证', en: 'Temporary planning permit' },
  form: {
    fields: [
      {
        name: 'use',
        label: { zh: '用途', en: 'Use' },
        type: 'enum',
        required: true,
        options: ['site-office', 'storage'],
      },
      { name: 'months', label: { zh: '使用月数' }, type: 'number', required: false, min: 1, max: 24 },
    ],
  },
});

const department = {
  id: 'emergency',
  name: { zh: '应急管理局', en: 'Emergency Management Bureau' },
  address: { zh: '行政服务中心三楼 F 区', en: 'Service Centre 3F, Zone F' },
  phone: '0411-8700-1006',
  hours: { zh: '周一至周五' },
  supervisionPhone: '0411-8700-9999',
  windows: [{ id: 'emergency-1', name: { zh: '应急窗口', en: 'Emergency window' }, comprehensive: false }],
  leader: { id: 'emergency-head', name: '钱伟 Qian Wei' },
  dutyHandler: { id: 'emergency-reviewer', name: '冯丽 Feng Li' },
};

async function until(what: string, check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Drives every route to each answer a client can see as success, and to a few refusals. */
async function driveEveryRoute(): Promise<void> {
  const en = { 'accept-language': 'en' };
  const admin = await runtime.token('admin');
  const applicant = await runtime.token('applicant', { sub: 'contract-applicant' });
  const supervisor = await runtime.token('supervisor', { sub: 'contract-inspector' });
  const marketClerk = await runtime.token('clerk', { department: 'market' });
  const marketReviewer = await runtime.token('reviewer', { department: 'market' });
  const marketHead = await runtime.token('head', { department: 'market' });
  const planningClerk = await runtime.token('clerk', { department: 'planning' });
  const taxClerk = await runtime.token('clerk', { department: 'tax' });

  // Public reference data.
  await hit('GET', '/v1/openapi.json');
  await hit('GET', '/v1/calendar/deadline', { query: 'from=2026-11-02T10:00:00%2B08:00&workingDays=5' });
  await hit('GET', '/v1/calendar/years/{year}', { params: { year: '2026' } });
  await hit('GET', '/v1/catalog');
  await hit('GET', '/v1/catalog', { query: 'page=1&pageSize=2&q=SC', headers: en });
  await hit('GET', '/v1/catalog/disclosure');
  await hit('GET', '/v1/catalog/{code}', { params: { code: 'SC-001' }, headers: en });
  const template = { code: 'SC-001', material: 'application-form' };
  await hit('GET', '/v1/catalog/{code}/templates/{material}', { params: template });
  await hit('GET', '/v1/catalog/{code}/templates/{material}', {
    params: template,
    query: 'sample=true',
    headers: { accept: 'text/html' },
  });
  await hit('GET', '/v1/departments', { headers: en });
  await hit('GET', '/v1/departments/{id}', { params: { id: 'market' } });

  // Administration.
  await hit('PUT', '/v1/calendar/years/{year}', {
    params: { year: '2027' },
    token: admin,
    body: { holidays: ['2027-01-01', '2027-02-08'], workdays: ['2027-02-20'], source: '契约测试 contract test' },
  });
  await hit('GET', '/v1/calendar/years/{year}', { params: { year: '2027' } });
  await hit('POST', '/v1/catalog', { token: admin, body: { guide, reason: '新增事项 New item' } });
  await hit('PUT', '/v1/catalog/{code}', {
    params: { code: 'PL-009' },
    token: admin,
    body: { guide: { ...guide, yellowWarningDays: 2 }, reason: '预警 Warning days', revision: 1 },
  });
  await hit('POST', '/v1/catalog/{code}/retire', {
    params: { code: 'PL-009' },
    token: admin,
    body: { reason: '停止 Retired', revision: 2 },
  });
  await hit('GET', '/v1/catalog/{code}/revisions', { params: { code: 'PL-009' }, token: supervisor });
  await hit('POST', '/v1/departments', { token: admin, body: { department, reason: '机构设置 New bureau' } });
  await hit('PUT', '/v1/departments/{id}', {
    params: { id: 'emergency' },
    token: admin,
    body: { department: { ...department, phone: '0411-8700-1016' }, reason: '电话 New phone', revision: 1 },
  });

  // Intake: accepted, materials required (then a repeated notice, then complete), on the spot, received for review,
  // referred.
  const accepted = (await hit('POST', '/v1/applications', { token: applicant, body: application('SC-001', SC001) }))
    .json;
  const incomplete = (
    await hit('POST', '/v1/applications', { token: applicant, body: application('SC-001', SC001.slice(0, 2)) })
  ).json;
  const materials = { params: { id: incomplete.id }, token: applicant };
  await hit('POST', '/v1/applications/{id}/materials', { ...materials, body: { materials: SC001.slice(0, 3) } });
  await hit('GET', '/v1/applications/{id}/receipt', { params: { id: incomplete.id }, token: applicant });
  await hit('POST', '/v1/applications/{id}/materials', { ...materials, body: { materials: SC001 } });
  const onTheSpot = (
    await hit('POST', '/v1/applications', {
      token: marketClerk,
      body: application('SC-002', SC002, { form: { newName: '大连契约二号有限公司' } }),
    })
  ).json;
  await hit('POST', '/v1/applications', { token: taxClerk, body: application('SC-001', SC001) });
  const received = (
    await hit('POST', '/v1/applications', {
      token: planningClerk,
      body: application('PL-001', PL001, { review: true }),
    })
  ).json;
  await hit('POST', '/v1/applications/{id}/accept', { params: { id: received.id }, token: planningClerk });
  const noticed = (
    await hit('POST', '/v1/applications', {
      token: planningClerk,
      body: application('PL-001', PL001, { review: true }),
    })
  ).json;
  await hit('POST', '/v1/applications/{id}/notice', {
    params: { id: noticed.id },
    token: planningClerk,
    body: { defects: [{ id: 'design-scheme', defect: '缺少盖章 unstamped' }] },
  });

  // Reading a case, its documents and its chain.
  await hit('GET', '/v1/applications/{id}', { params: { id: accepted.id }, token: applicant });
  await hit('GET', '/v1/applications/{id}/receipt', { params: { id: accepted.id }, token: applicant });
  await hit('GET', '/v1/applications/{id}/receipt', {
    params: { id: accepted.id },
    token: applicant,
    headers: { accept: 'text/html' },
  });
  await hit('GET', '/v1/applications/{id}/receipt', { params: { id: onTheSpot.id }, token: marketClerk });
  await hit('GET', '/v1/applications/{id}/receipt', { params: { id: noticed.id }, token: planningClerk });
  // The public tracker, by the case id and the phone given (digits only), and a wrong phone (404).
  await hit('POST', '/v1/track', { body: { caseId: accepted.id, phone: '041188880101' } });
  await hit('POST', '/v1/track', { body: { caseId: accepted.id, phone: '0411-8888-0102' } });
  await hit('GET', '/v1/applications/{id}/verify', { params: { id: accepted.id }, token: supervisor });

  // The clock's moves on the case completed above: pause, resume, extension, its approval, the decision.
  const moving = { params: { id: incomplete.id } };
  await hit('POST', '/v1/applications/{id}/suspend', {
    ...moving,
    token: marketReviewer,
    body: { reason: 'INSPECTION', expectedWorkingDays: 3, note: '现场核查 site check' },
  });
  await hit('POST', '/v1/applications/{id}/resume', { ...moving, token: marketReviewer });
  await hit('POST', '/v1/applications/{id}/extension', {
    ...moving,
    token: marketReviewer,
    body: { workingDays: 5, reason: '需专家论证 expert review' },
  });
  await hit('POST', '/v1/applications/{id}/extension/approve', { ...moving, token: marketHead });
  await hit('POST', '/v1/applications/{id}/decision', {
    ...moving,
    token: marketReviewer,
    body: { outcome: 'REJECTED', reason: '不符合条件 conditions not met' },
  });
  // 好差评: the rejected case rated badly, rectified and rated again; another bad review appealed and decided.
  const rating = (
    await hit('POST', '/v1/applications/{id}/rating', {
      ...moving,
      token: applicant,
      body: { level: 1, comment: '慢' },
    })
  ).json;
  const rated = { params: { id: rating.id } };
  await hit('POST', '/v1/applications/{id}/rating', { ...moving, token: applicant, body: { level: 5 } }); // 409
  await hit('POST', '/v1/ratings/{id}/contact', { ...rated, token: marketClerk, body: { note: '电话回访 called' } });
  await hit('POST', '/v1/ratings/{id}/rectification', { ...rated, token: marketReviewer, body: { actions: '整改' } });
  await hit('POST', '/v1/ratings/{id}/follow-up', { ...rated, token: applicant, body: { level: 4 } });
  await hit('GET', '/v1/ratings/{id}', { ...rated, token: applicant });
  await hit('GET', '/v1/ratings/{id}/verify', { ...rated, token: supervisor });
  const appealedCase = (await hit('POST', '/v1/applications', { token: applicant, body: application('SC-001', SC001) }))
    .json;
  await hit('POST', '/v1/applications/{id}/decision', {
    params: { id: appealedCase.id },
    token: marketReviewer,
    body: { outcome: 'APPROVED' },
  });
  const appealed = (
    await hit('POST', '/v1/applications/{id}/rating', {
      params: { id: appealedCase.id },
      token: applicant,
      body: { level: 2 },
    })
  ).json;
  await hit('POST', '/v1/ratings/{id}/appeal', {
    params: { id: appealed.id },
    token: marketHead,
    body: { reason: '误评 mistaken' },
  });
  await hit('POST', '/v1/ratings/{id}/appeal/decide', {
    params: { id: appealed.id },
    token: supervisor,
    body: { upheld: true, reason: '核实 verified' },
  });
  await hit('GET', '/v1/ratings/summary', { query: 'period=2026-11' });
  await hit('GET', '/v1/ratings', { token: supervisor, query: 'status=EXCLUDED' });
  await hit('GET', '/v1/ratings', { token: marketReviewer, query: 'limit=1' });
  await hit('GET', '/v1/ratings', { token: applicant });
  // The green channel (issue 15): a project, its officer (planning's clerk), the one form, a joint approval with
  // market's opinion, the extension, a higher approval and its milestone; then an application reusing the form.
  const project = (
    await hit('POST', '/v1/projects', {
      token: applicant,
      body: {
        name: '契约测试项目 Contract project',
        investment: { amount: 500_000_000, currency: 'CNY' },
        items: ['SC-001', 'PL-001'],
        applicant: { type: 'ENTERPRISE', name: '契约测试有限公司', phone: '0411-8888-0009' },
      },
    })
  ).json;
  const ofProject = { params: { id: project.id } };
  await hit('POST', '/v1/projects/{id}/officer', { ...ofProject, token: admin, body: { officer: 'clerk-planning' } });
  await hit('GET', '/v1/projects', { token: planningClerk });
  await hit('GET', '/v1/projects', { token: supervisor, query: 'limit=5' });
  await hit('GET', '/v1/projects/{id}/form', { ...ofProject, token: applicant });
  await hit('PUT', '/v1/projects/{id}/form', {
    ...ofProject,
    token: applicant,
    body: { answers: { companyName: '契约测试有限公司', floorArea: 1200 } },
  });
  await hit('POST', '/v1/projects/{id}/joint-approval', {
    ...ofProject,
    token: planningClerk,
    body: { departments: ['market', 'planning'], opinionWorkingDays: 5 },
  });
  await hit('POST', '/v1/projects/{id}/opinions', {
    ...ofProject,
    token: marketReviewer,
    body: { opinion: 'AGREE_WITH_CONDITIONS', reason: '同意 agreed', conditions: '条件 conditions' },
  });
  await hit('POST', '/v1/projects/{id}/joint-approval/extension', {
    ...ofProject,
    token: admin,
    body: { reason: '专家论证 expert review', workingDays: 10 },
  });
  const higher = (
    await hit('POST', '/v1/projects/{id}/higher-approvals', {
      ...ofProject,
      token: planningClerk,
      body: { authority: '省发改委 Provincial DRC', matter: '核准 approval', expectedBy: '2026-12-31' },
    })
  ).json;
  await hit('POST', '/v1/projects/{id}/higher-approvals/{hid}/milestones', {
    params: { id: project.id, hid: higher.higherApprovalId },
    token: planningClerk,
    body: { note: '已受理 accepted', status: 'IN_PROGRESS' },
  });
  await hit('POST', '/v1/applications', {
    token: applicant,
    body: application('SC-001', SC001, { projectId: project.id }),
  });
  await hit('GET', '/v1/projects/{id}', { ...ofProject, token: marketReviewer });
  await hit('GET', '/v1/projects/{id}/verify', { ...ofProject, token: supervisor });
  await hit('GET', '/v1/notifications', { token: planningClerk, query: 'inbox=officer' });
  const withdrawn = (await hit('POST', '/v1/applications', { token: applicant, body: application('SC-001', SC001) }))
    .json;
  await hit('POST', '/v1/applications/{id}/withdraw', {
    params: { id: withdrawn.id },
    token: applicant,
    body: { reason: '项目调整 project changed' },
  });
  // An ineligible item: overdue at its deadline, then supervised, then a red card.
  const overdue = (await hit('POST', '/v1/applications', { token: applicant, body: application('SC-003', SC003) }))
    .json;

  // Time passes: the eligible case is deemed approved, the ineligible one overdue and red-carded.
  await runtime.advance(18 * 86400);
  await until('the deemed approval and the red card', async () => {
    const [a, b] = await Promise.all(
      [accepted.id, overdue.id].map(
        async (id) => (await runtime.call('GET', `/v1/applications/${id}`, { token: supervisor })).json,
      ),
    );
    return a.status === 'DEEMED_APPROVED' && b.redCardAt !== null;
  });
  await hit('POST', '/v1/applications/{id}/review', {
    params: { id: accepted.id },
    token: supervisor,
    body: {
      verdict: 'WRONGFUL',
      reason: '不符合条件 conditions not met',
      publicInterestNote: '公共安全 public safety',
    },
  });
  await hit('GET', '/v1/applications/{id}', { params: { id: overdue.id }, token: supervisor });
  await hit('GET', '/v1/applications/{id}/notifications', { params: { id: overdue.id }, token: applicant });
  await hit('GET', '/v1/notifications', { token: applicant, query: 'limit=3' });
  await hit('GET', '/v1/notifications', { token: marketHead });
  await hit('GET', '/v1/notifications', { token: supervisor });
  await hit('GET', '/v1/worklist', { token: marketReviewer });
  await hit('GET', '/v1/applications', { token: applicant, query: 'limit=2' });
  await hit('GET', '/v1/applications', { token: marketReviewer }); // 403
  await hit('GET', '/v1/accountability', { token: supervisor });
  // The register's workflow (docs/supervision.md): the deemed approval's record to the public route, the overdue
  // one refused publication undecided (409), then dismissed.
  const deemedRecord = { params: { id: `${accepted.id}.DEEMED_APPROVAL` } };
  const overdueRecord = { params: { id: `${overdue.id}.OVERDUE` } };
  await hit('GET', '/v1/accountability/{id}', { ...deemedRecord, token: marketHead });
  await hit('POST', '/v1/accountability/{id}/investigate', { ...deemedRecord, token: supervisor, body: {} });
  await hit('POST', '/v1/accountability/{id}/decide', {
    ...deemedRecord,
    token: supervisor,
    body: { responsibility: 'BOTH', sanction: 'WARNING', findings: '未在承诺时限内办结 not decided in time' },
  });
  await hit('POST', '/v1/accountability/{id}/publish', { ...deemedRecord, token: supervisor, body: {} });
  await hit('POST', '/v1/accountability/{id}/publish', { ...overdueRecord, token: supervisor, body: {} }); // 409
  await hit('POST', '/v1/accountability/{id}/dismiss', {
    ...overdueRecord,
    token: supervisor,
    body: { reason: '另案处理 handled elsewhere' },
  });
  await hit('GET', '/v1/accountability/flags', { token: supervisor });
  await hit('GET', '/v1/public/accountability');

  // Official activities and the year-end appraisal (issue 16 items 5–6, docs/supervision.md).
  const activity = (
    await hit('POST', '/v1/official-activities', {
      token: marketClerk,
      body: {
        enterprise: { name: '大连契约企业', creditCode: '91210200MA0QDEM71U' },
        purpose: '走访 Visit',
        at: '2026-11-19T10:00:00+08:00',
        participants: ['契约 Contract'],
      },
    })
  ).json;
  await hit('POST', '/v1/official-activities', {
    token: marketClerk,
    body: {
      purpose: '更正 Correction',
      at: '2026-11-19T11:00:00+08:00',
      participants: ['契约'],
      corrects: activity.id,
    },
  });
  await hit('POST', '/v1/official-activities', {
    token: taxClerk,
    body: { purpose: 'x', at: '2026-11-19T11:00:00+08:00', participants: ['x'], corrects: activity.id },
  }); // 422
  await hit('GET', '/v1/official-activities', { token: supervisor, query: 'enterprise=91210200MA0QDEM71U&limit=1' });
  await hit('GET', '/v1/official-activities', { token: marketClerk });
  const representative = await runtime.token('representative', { sub: 'contract-rep', kind: 'ENTERPRISE' });
  const scores = { ATTITUDE: 4, EFFICIENCY: 5, LAWFULNESS: 4, INTEGRITY: 5, OPENNESS: 4 };
  const year = { params: { year: '2026' } };
  await hit('GET', '/v1/appraisals/{year}/criteria', year);
  await hit('POST', '/v1/appraisals/{year}/ratings', {
    ...year,
    token: representative,
    body: { departmentId: 'market', scores, leaderScores: scores, comment: '契约 contract' },
  });
  await hit('POST', '/v1/appraisals/{year}/ratings', {
    ...year,
    token: representative,
    body: { departmentId: 'market', scores },
  }); // 409
  await hit('POST', '/v1/appraisals/{year}/ratings', {
    ...year,
    token: representative,
    body: { departmentId: 'nowhere', scores },
  }); // 422
  await hit('GET', '/v1/appraisals/{year}/ratings/mine', { ...year, token: representative });
  await hit('GET', '/v1/appraisals/{year}', year);

  // Law-enforcement inspections (docs/enforcement.md): planned tomorrow, approved, filed, verified, recorded; one
  // rejected; an unknown code.
  const tomorrow = new Date(Date.parse(await runtime.now()) + 86_400_000).toISOString();
  const inspectionBody = (creditCode: string) => ({
    enterprise: { name: '契约测试企业', creditCode },
    purpose: '日常检查 routine',
    legalBasis: '《食品安全法》第一百一十条',
    plannedAt: tomorrow,
    inspectors: [{ name: '王执法', certificateNo: 'LN-0001' }, '李检查'],
  });
  const planned = await hit('POST', '/v1/enforcement/inspections', {
    token: marketReviewer,
    body: inspectionBody('91350100M000100Y43'),
  });
  const ofInspection = { params: { id: planned.json.id as string } };
  await hit('POST', '/v1/enforcement/inspections/{id}/approve', { ...ofInspection, token: marketHead, body: {} });
  const filedInspection = await hit('POST', '/v1/enforcement/inspections/{id}/file', {
    ...ofInspection,
    token: supervisor,
    body: {},
  });
  await hit('GET', '/v1/enforcement/verify', {
    query: `code=${filedInspection.json.verificationCode as string}`,
  });
  await hit('GET', '/v1/enforcement/verify', { query: 'code=ZZZZZ-ZZZZZ' });
  await hit('POST', '/v1/enforcement/inspections/{id}/record', {
    ...ofInspection,
    token: marketReviewer,
    body: { findings: '未发现问题 nothing found' },
  });
  const toReject = await hit('POST', '/v1/enforcement/inspections', {
    token: marketReviewer,
    body: inspectionBody('91110108551385082Q'),
  });
  await hit('POST', '/v1/enforcement/inspections/{id}/record', {
    params: { id: toReject.json.id as string },
    token: marketReviewer,
    body: { findings: 'x' },
  }); // 409: not filed
  await hit('POST', '/v1/enforcement/inspections/{id}/reject', {
    params: { id: toReject.json.id as string },
    token: marketHead,
    body: { reason: '依据不足 insufficient grounds' },
  });
  await hit('GET', '/v1/enforcement/inspections', { token: supervisor });
  await hit('GET', '/v1/enforcement/inspections', { token: marketHead, query: 'status=DONE' });
  await hit('GET', '/v1/enforcement/inspections/{id}', { ...ofInspection, token: marketReviewer });

  // Inspection visits (明察暗访): one recorded with a problem, read by supervision and the department, in the
  // head's worklist, reported; a second report refused (409).
  const visited = new Date(Date.parse(await runtime.now()) - 3_600_000).toISOString();
  const visit = (
    await hit('POST', '/v1/inspections/visits', {
      token: supervisor,
      body: {
        departmentId: 'market',
        kind: 'UNANNOUNCED',
        at: visited,
        findings: '契约 contract',
        problems: [{ description: '契约 contract', rectifyWithinWorkingDays: 5, accountable: true }],
      },
    })
  ).json as { id: string };
  await hit('GET', '/v1/inspections/visits', { token: supervisor });
  await hit('GET', '/v1/inspections/visits', { token: marketHead, query: 'departmentId=market' });
  await hit('GET', '/v1/inspections/visits/{id}', { params: { id: visit.id }, token: marketHead });
  await hit('GET', '/v1/worklist', { token: marketHead });
  const problem = { params: { id: visit.id, pid: 'P1' }, token: marketHead, body: { actions: '契约 contract' } };
  await hit('POST', '/v1/inspections/visits/{id}/problems/{pid}/rectification', problem);
  await hit('POST', '/v1/inspections/visits/{id}/problems/{pid}/rectification', problem); // 409

  // Evaluations: the days the cases above were worked on, run, then read as JSON and as CSV; officers as supervision
  // and as a head see them; the year's awards.
  const days = { params: { period: EVALUATED } };
  await hit('POST', '/v1/evaluations/{period}/run', { ...days, token: supervisor });
  await hit('GET', '/v1/evaluations/{period}', days);
  await hit('GET', '/v1/evaluations/{period}', { ...days, headers: { accept: 'text/csv' } });
  await hit('GET', '/v1/evaluations/{period}/targets', days);
  await hit('GET', '/v1/evaluations/{period}/targets', { ...days, headers: { accept: 'text/csv' } });
  await hit('GET', '/v1/evaluations/{period}/items', days);
  await hit('GET', '/v1/evaluations/{period}/items', { ...days, headers: { accept: 'text/csv' } });
  await hit('GET', '/v1/evaluations/{period}/officers', { ...days, token: supervisor });
  await hit('GET', '/v1/evaluations/{period}/officers', {
    ...days,
    token: marketHead,
    headers: { accept: 'text/csv' },
  });
  await hit('POST', '/v1/evaluations/{period}/run', { params: { period: EVALUATED_YEAR }, token: admin });
  await hit('GET', '/v1/evaluations/{period}/awards', { params: { period: EVALUATED_YEAR }, token: admin });
  await hit('GET', '/v1/evaluations/{period}', { params: { period: '2026-13' } }); // 400
  await hit('GET', '/v1/evaluations/{period}', { params: { period: '2024-Q1' } }); // 404

  // Refusals a client meets.
  await hit('GET', '/v1/calendar/deadline', { query: 'from=yesterday&workingDays=-1' }); // 400
  await hit('GET', '/v1/worklist'); // 401
  await hit('GET', '/v1/accountability', { token: applicant }); // 403
  await hit('GET', '/v1/applications/{id}', {
    params: { id: 'XN20261102-01KAAAAAAAAAAAAAAAAAAAAAAA' },
    token: supervisor,
  }); // 404
  await hit('POST', '/v1/applications/{id}/withdraw', { params: { id: withdrawn.id }, token: applicant, body: {} }); // 409
  await hit('POST', '/v1/applications', { token: applicant, body: 'x'.repeat(1024 * 1024 + 1) }); // 413
  await hit('POST', '/v1/applications/{id}/decision', {
    ...moving,
    token: marketReviewer,
    body: 'outcome=APPROVED',
    headers: { 'content-type': 'text/plain' },
  }); // 415
  await hit('POST', '/v1/applications', { token: applicant, body: application('XX-404', SC001) }); // 422

  // Grievances (issue 14): filed, followed by code, accepted or referred, extended, answered, review asked for.
  const file = async (body: unknown, token?: string) =>
    (await hit('POST', '/v1/grievances', { ...(token ? { token } : {}), body })).json as {
      id: string;
      queryCode?: string;
    };
  const complaint = { kind: 'COMPLAINT', departmentId: 'market', summary: '契约 contract', detail: '契约 contract' };
  const g = await file(complaint, applicant);
  const report = await file({ kind: 'REPORT', anonymous: true, summary: '契约', detail: '契约' });
  await hit('GET', '/v1/grievances/lookup', { query: `code=${report.queryCode}` });
  await hit('POST', '/v1/grievances/{id}/refer', {
    params: { id: report.id },
    token: supervisor,
    body: { agency: '信访局 Petitions bureau', reason: '契约 contract' },
  });
  await hit('POST', '/v1/grievances/{id}/accept', {
    params: { id: g.id },
    token: supervisor,
    body: { assignTo: 'market' },
  });
  await hit('POST', '/v1/grievances/{id}/extension', {
    params: { id: g.id },
    token: marketHead,
    body: { days: 10, reason: '契约 contract' },
  });
  await hit('POST', '/v1/grievances/{id}/extension/approve', { params: { id: g.id }, token: supervisor });
  await hit('POST', '/v1/grievances/{id}/findings', {
    params: { id: g.id },
    token: marketReviewer,
    body: { substantiated: true, findings: '契约 contract', actions: '契约 contract' },
  });
  await hit('POST', '/v1/grievances/{id}/review-request', {
    params: { id: g.id },
    token: applicant,
    body: { reason: '契约 contract' },
  });
  await hit('POST', '/v1/grievances/{id}/review-decision', {
    params: { id: g.id },
    token: supervisor,
    body: { upheld: false, findings: '契约 contract', actions: '契约 contract' },
  });
  await hit('POST', '/v1/grievances/{id}/review-request', {
    params: { id: g.id },
    token: applicant,
    body: { reason: '契约 contract' },
  });
  await hit('POST', '/v1/grievances/{id}/review-decision', {
    params: { id: g.id },
    token: supervisor,
    body: { upheld: true, findings: '契约 contract', actions: '契约 contract' },
  });
  await hit('POST', '/v1/grievances/{id}/review-request', {
    params: { id: g.id },
    token: applicant,
    body: { reason: '契约 contract' },
  }); // 409: the re-review's answer is final
  await hit('GET', '/v1/grievances/{id}', { params: { id: g.id }, token: marketReviewer });
  await hit('GET', '/v1/grievances/{id}/verify', { params: { id: g.id }, token: supervisor });
  await hit('GET', '/v1/grievances', { token: supervisor, query: 'kind=COMPLAINT&limit=1' });
  await hit('GET', '/v1/grievances', { token: marketReviewer });
  await hit('GET', '/v1/grievances', { token: applicant, query: 'cursor=bm90LWEtY3Vyc29y' }); // 400
  await hit('GET', '/v1/worklist', { token: marketReviewer }); // a grievance under review beside the cases
}

type Schemaed = { readonly status: number; readonly body: ResponseName };

/** The schema an answer must satisfy: the route's success or referral body, or a problem. */
function schemaOf(answer: Answer): z.ZodMiniType | undefined {
  const declared: Schemaed[] = [
    answer.route.success,
    ...(answer.route.outsideScope ? [answer.route.outsideScope] : []),
  ];
  const success = declared.find((d) => d.status === answer.status);
  if (success) return answer.mediaType === 'application/json' ? Responses[success.body] : undefined;
  if (answer.status >= 400) return answer.mediaType === 'application/problem+json' ? Responses.Problem : undefined;
  return undefined;
}

// biome-ignore lint/suspicious/noExplicitAny: the document is JSON walked by key
type Json = any;
let served: Json;

describe('the OpenAPI document', () => {
  it('gives every success answer (and the referral) a schema of its fields, 415 where a body is taken, and servers', async () => {
    const r = await runtime.call('GET', '/v1/openapi.json');
    expect(r.status).toBe(200);
    served = r.json;
    const resolveRef = (schema: Json): Json =>
      schema?.$ref ? served.components.schemas[schema.$ref.replace('#/components/schemas/', '')] : schema;
    const gaps: string[] = [];
    for (const route of routes as readonly RouteSpec[]) {
      const operation = served.paths[route.path]?.[route.method.toLowerCase()];
      const successes = [route.success, ...(route.outsideScope ? [route.outsideScope] : [])];
      for (const { status } of successes) {
        const schema = resolveRef(operation?.responses?.[status]?.content?.['application/json']?.schema);
        if (!schema?.properties || Object.keys(schema.properties).length === 0) {
          gaps.push(`${route.method} ${route.path} ${status}: no schema with properties`);
        }
      }
      if (route.request?.body && !operation?.responses?.['415']) gaps.push(`${route.method} ${route.path}: no 415`);
      // A body whose fields are all optional may be left out (withdraw), as the server accepts.
      const optional = route.request?.body?.safeParse({}).success === true;
      if (route.request?.body && operation?.requestBody?.required !== !optional) {
        gaps.push(`${route.method} ${route.path}: requestBody.required should be ${!optional}`);
      }
    }
    expect(gaps).toEqual([]);
    expect(served.servers?.length).toBeGreaterThan(0);
  });
});

describe('live answers against the contract', () => {
  beforeAll(async () => {
    await driveEveryRoute();
  }, 120_000);

  it('reaches every route with each status a client can see as success', () => {
    const reached = new Set(answers.map((a) => `${a.route.method} ${a.route.path} ${a.status}`));
    const missing = (routes as readonly RouteSpec[]).flatMap((route) =>
      [route.success, ...(route.outsideScope ? [route.outsideScope] : [])]
        .map(({ status }) => `${route.method} ${route.path} ${status}`)
        .filter((key) => !reached.has(key)),
    );
    expect(missing).toEqual([]);
    for (const status of [400, 401, 403, 404, 409, 413, 415, 422]) {
      expect(answers.map((a) => a.status)).toContain(status);
    }
  });

  it('each answer is declared by the document and passes its zod response schema', () => {
    const failures: string[] = [];
    for (const answer of answers) {
      const label = `${answer.route.method} ${answer.route.path} → ${answer.status} ${answer.mediaType}`;
      const operation = served.paths[answer.route.path][answer.route.method.toLowerCase()];
      const response = operation.responses[String(answer.status)];
      const content = response?.$ref
        ? served.components.responses[response.$ref.replace('#/components/responses/', '')].content
        : response?.content;
      if (!content?.[answer.mediaType]) {
        failures.push(`${label}: not in the document`);
        continue;
      }
      const schema = schemaOf(answer);
      if (answer.mediaType === 'text/html' || answer.mediaType === 'text/csv') continue;
      const parsed = schema?.safeParse(answer.json);
      if (!parsed?.success) {
        failures.push(`${label}: ${parsed ? JSON.stringify(parsed.error.issues.slice(0, 5)) : 'no schema'}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('a client generated from the served document type-checks against every live answer', () => {
    writeFileSync(join(scratch, 'openapi.json'), JSON.stringify(served));
    execFileSync(
      process.execPath,
      [join(repoRoot, 'node_modules/openapi-typescript/bin/cli.js'), 'openapi.json', '--output', 'api.ts'],
      { cwd: scratch, stdio: 'pipe' },
    );
    const lines = answers.map((answer, i) => {
      const type = `paths[${JSON.stringify(answer.route.path)}][${JSON.stringify(answer.route.method.toLowerCase())}]['responses'][${answer.status}]['content'][${JSON.stringify(answer.mediaType)}]`;
      const value = answer.mediaType.startsWith('text/') ? JSON.stringify(answer.text) : JSON.stringify(answer.json);
      return `// ${answer.route.method} ${answer.route.path} → ${answer.status}\nexport const answer${i}: ${type} = ${value};`;
    });
    writeFileSync(join(scratch, 'answers.ts'), `import type { paths } from './api.ts';\n\n${lines.join('\n\n')}\n`);
    writeFileSync(
      join(scratch, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          lib: ['ES2023'],
          types: [],
          strict: true,
          exactOptionalPropertyTypes: true,
          noEmit: true,
          allowImportingTsExtensions: true,
        },
        files: ['answers.ts'],
      }),
    );
    let output = '';
    try {
      execFileSync(join(repoRoot, 'node_modules/.bin/tsc'), ['-p', join(scratch, 'tsconfig.json')], {
        cwd: scratch,
        stdio: 'pipe',
      });
    } catch (error) {
      const e = error as { stdout?: Buffer; stderr?: Buffer; message: string };
      output = `${e.stdout?.toString() ?? ''}${e.stderr?.toString() ?? ''}` || e.message;
    }
    expect(output.slice(0, 4000)).toBe('');
  });
});
