import { deadlineOf, policyOf } from '../functions/domain/duty.ts';
import { defaultEnforcementPolicy, formatVerificationCode, validityWindow } from '../functions/domain/enforcement.ts';
import { completeness } from '../functions/domain/guide.ts';
import { currentCalendar } from '../functions/store/calendar.ts';
import { listDepartments, recordBaseline, writeDepartment, writeItem } from '../functions/store/catalog.ts';
import { createInspection, newInspection, writeInspection } from '../functions/store/enforcement.ts';
import { createProject, newProject, writeProject } from '../functions/store/projects.ts';
import { createVisit, newVisit, writeVisit } from '../functions/store/visits.ts';
import {
  DEMO_BASELINE_RECORDED_AT,
  DEMO_INSPECTION,
  DEMO_PROJECT,
  DEMO_VISIT,
  demoBaselines,
  demoDepartments,
  demoItems,
} from './demo-data.ts';
import { seedDemoAppraisal } from './seed-appraisal.ts';

const seeded = {
  revision: 1,
  revisedAt: DEMO_BASELINE_RECORDED_AT,
  revisedBy: 'system:demo-data',
  reason: '演示数据 Demo data',
};

/** Loads the demo catalogue on first start (an empty catalogue); never overwrites what is there. */
export async function seedIfEmpty(): Promise<boolean> {
  if ((await listDepartments()).length > 0) return false;
  for (const department of demoDepartments) await writeDepartment({ ...department, status: 'ACTIVE', ...seeded });
  for (const item of demoItems) {
    await writeItem({ ...item, status: 'PUBLISHED', ...seeded });
    const baseline = demoBaselines[item.code] ?? item;
    await recordBaseline({
      code: item.code,
      handlingMode: baseline.handlingMode,
      legalLimitDays: item.legalLimitDays,
      promisedLimitDays: baseline.promisedLimitDays,
      // The demo guides are as complete now as when the baseline was recorded.
      guideComplete: completeness(item).complete,
      recordedAt: DEMO_BASELINE_RECORDED_AT,
    });
  }
  await seedDemoInspection();
  await seedDemoProject();
  await seedDemoAppraisal();
  await seedDemoVisit();
  return true;
}

/** The demo's green-channel project, written through the store as the API writes one (its log hash-chained). */
async function seedDemoProject(): Promise<void> {
  const d = DEMO_PROJECT;
  const at = d.registeredAt;
  const items = d.items.map((code) => {
    const item = demoItems.find((i) => i.code === code);
    if (!item) throw new Error(`demo project names unknown item ${code}`);
    return { code, name: `${item.name.zh} ${item.name.en ?? ''}`.trim(), departmentId: item.departmentId };
  });
  const by = 'system:demo-data';
  const registered = newProject(
    {
      id: d.id,
      name: d.name,
      investment: d.investment,
      items,
      departmentIds: [...new Set(items.map((i) => i.departmentId))],
      applicant: d.applicant,
      applicantSub: d.applicantSub,
      registeredBy: d.applicantSub,
      greenChannel: true,
      threshold: 100_000_000,
      applications: [],
      higherApprovals: [],
      createdAt: at,
      createdAtUtc: new Date(at).toISOString(),
    },
    { at, type: 'REGISTERED', by: d.applicantSub, note: '演示数据 Demo data: green channel' },
  );
  if (!(await createProject(registered))) return;
  const named = await writeProject(
    registered,
    [{ at, type: 'OFFICER_ASSIGNED', by, note: `项目专员 ${d.officer} Dedicated officer: ${d.officer}` }],
    { officer: d.officer, officerAssignedAt: at },
  );
  if (!named) return;
  await writeProject(named, [{ at, type: 'FORM_FILLED', by: d.applicantSub, note: '一表通 One form' }], {
    form: { answers: d.answers, filledAt: at, filledBy: d.applicantSub },
  });
}

/**
 * The demo's filed inspection (issue 16 item 4), written through the store as the API writes one: planned, approved
 * and filed, its timeline hash-chained. The window is the default policy's (the code is fixed: docs/enforcement.md).
 */
async function seedDemoInspection(): Promise<void> {
  const d = DEMO_INSPECTION;
  const planned = newInspection(
    {
      id: d.id,
      departmentId: d.departmentId,
      enterprise: d.enterprise,
      purpose: d.purpose,
      legalBasis: d.legalBasis,
      plannedAt: d.plannedAt,
      plannedDate: d.plannedDate,
      inspectors: d.inspectors,
      status: 'PENDING_APPROVAL',
      plannedBy: d.plannedBy,
      overLimit: false,
      createdAt: d.at,
      createdAtUtc: new Date(d.at).toISOString(),
    },
    { at: d.at, type: 'INSPECTION_PLANNED', by: d.plannedBy, note: '演示数据 Demo data' },
  );
  if ((await createInspection(planned, undefined)) !== 'CREATED') return;
  const approved = await writeInspection(
    planned,
    { status: 'APPROVED', approval: { at: d.at, by: d.approvedBy } },
    { at: d.at, type: 'INSPECTION_APPROVED', by: d.approvedBy },
  );
  if (!approved) return;
  const window = validityWindow(defaultEnforcementPolicy, d.plannedDate);
  await writeInspection(
    approved,
    { status: 'FILED', filing: { at: d.at, by: d.filedBy }, verificationCode: d.verificationCode, ...window },
    {
      at: d.at,
      type: 'INSPECTION_FILED',
      by: d.filedBy,
      note: `监察备案，核验码 ${formatVerificationCode(d.verificationCode)} Filed (demo code)`,
    },
  );
}

// ---- Inspection visits (明察暗访) ----

/** The demo's inspection visit, written through the store as the API writes one (its timeline hash-chained). */
export async function seedDemoVisit(): Promise<void> {
  const d = DEMO_VISIT;
  const policy = policyOf('VISIT_RECTIFY');
  const deadline = deadlineOf(await currentCalendar(), policy.unit, new Date(d.recordedAt), d.problem.workingDays);
  const problem = {
    id: 'P1',
    description: d.problem.description,
    status: 'AWAITING_RECTIFICATION' as const,
    workingDays: d.problem.workingDays,
    rectifyBy: deadline.deadline,
    rectifyByDate: deadline.deadlineDate,
    rectifyByAt: deadline.deadlineAt.toISOString(),
    accountable: false,
  };
  const visit = newVisit(
    {
      id: d.id,
      departmentId: d.departmentId,
      kind: d.kind,
      at: d.at,
      findings: d.findings,
      problems: [problem],
      recordedAt: d.recordedAt,
      recordedBy: d.recordedBy,
    },
    `暗访 Unannounced visit: 1 个问题 problem(s); P1 ${deadline.deadlineDate} 前整改 rectify by the end of ${deadline.deadlineDate}`,
  );
  if (!(await createVisit(visit, []))) return;
  const r = d.problem;
  await writeVisit(
    visit,
    [
      {
        ...problem,
        status: 'RECTIFIED',
        rectification: { at: r.rectifiedAt, by: r.rectifiedBy, actions: r.actions, late: false },
      },
    ],
    {
      at: r.rectifiedAt,
      type: 'VISIT_PROBLEM_RECTIFIED',
      by: r.rectifiedBy,
      note: `P1 已整改 Rectified: ${r.actions}`,
    },
  );
}
