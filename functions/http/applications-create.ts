import { createHash } from 'node:crypto';
import { encodeTime, monotonicFactory } from 'ulid';
import { acceptanceOf } from '../common/acceptance.ts';
import { now } from '../common/clock.ts';
import { startClockOf } from '../common/clock-executions.ts';
import { problems } from '../common/problem.ts';
import { deadlineOf, policies } from '../domain/duty.ts';
import { answerOf, validateFormAnswers } from '../domain/guide.ts';
import { decideIntake, INTAKE_REVIEW_WORKING_DAYS, type ReceivingPoint } from '../domain/intake.ts';
import { answersForItem } from '../domain/project.ts';
import { shanghaiDateOf, toShanghaiIso } from '../domain/time.ts';
import { bindCreated, chainEvent, genesisHash, type TimelineEntry } from '../domain/timeline.ts';
import { currentCalendar } from '../store/calendar.ts';
import { type CaseRecord, createCase, getCase } from '../store/cases.ts';
import { getDepartmentCached, getItemCached } from '../store/catalog.ts';
import { type ClockRecord, newClock } from '../store/clocks.ts';
import { getProfile, rememberAnswers } from '../store/profiles.ts';
import { getProject } from '../store/projects.ts';
import { recordReferral } from '../store/referrals.ts';
import { httpHandler, requireIdentity } from './handler.ts';
import { assertKnownMaterials, materialsRequiredView, notice, noticeNote, referralView } from './intake.ts';
import { applicationsCreateRoute } from './routes/applications.ts';
import { caseView } from './views.ts';

const nextId = monotonicFactory();

/**
 * Intake (首问责任制, 一次性告知, Licensing Law Art.32/34): an applicant online, or a clerk at a window, submits an
 * application. Not this window's item → referred, with where to go (recorded). Incomplete → MATERIALS_REQUIRED with
 * one notice listing every missing or defective material; no clock yet. An immediate item, complete, at a window →
 * decided on the spot. Complete → ACCEPTED, the deadline told, and the approval clock started.
 */
export const handler = httpHandler(applicationsCreateRoute, async (request) => {
  const identity = requireIdentity(request);
  const body = request.body;
  const item = await getItemCached(body.itemCode);
  if (!item) {
    throw problems.unprocessable(
      'unknown-item',
      `事项目录中没有审批事项 ${body.itemCode} No approval item ${body.itemCode} in the catalogue.`,
      [
        {
          field: 'body.itemCode',
          reason: '不在事项目录中（事项见 GET /v1/catalog） not in the catalogue (GET /v1/catalog lists the items)',
        },
      ],
    );
  }
  if (item.status !== 'PUBLISHED') {
    throw problems.unprocessable(
      'item-retired',
      `事项 ${item.code} 已停用，不再接受新的申请 Item ${item.code} is retired and takes no new applications.`,
      [{ field: 'body.itemCode', reason: '已停用（在办案件继续办理） retired (its open cases continue)' }],
    );
  }
  const receivedAt = await receivingPoint(
    request.scope === 'department' ? identity.department : undefined,
    body.receivedBy,
  );
  const receivedOn = now();
  const at = toShanghaiIso(receivedOn);

  // Who may send receivedBy, onTheSpot, review and defects is declared on the route (routes.ts `privileged`) and
  // enforced before this handler runs.

  const outcome = decideIntake({ item, receivedAt, submitted: body.materials });
  if (outcome.kind === 'REFER') {
    const responsible = await getDepartmentCached(outcome.departmentId);
    if (!responsible) throw new Error(`item ${item.code} names unknown department ${item.departmentId}`);
    const window = receivedAt as Extract<ReceivingPoint, { kind: 'window' }>;
    const referral = {
      id: `RF${shanghaiDateOf(receivedOn).replaceAll('-', '')}-${nextId(receivedOn.getTime())}`,
      at,
      itemCode: item.code,
      askedBy: body.applicant.name,
      answeredBy: identity.sub,
      receivedBy: { departmentId: window.departmentId, windowId: window.windowId },
      referredTo: responsible.id,
    };
    await recordReferral(referral);
    return {
      status: 200,
      body: {
        status: 'REFERRED',
        referralId: referral.id,
        itemCode: item.code,
        detail: `本窗口不受理此事项，请前往 ${referralView(responsible).name}。This window does not handle ${item.code}; the responsible department is below.`,
        referral: referralView(responsible),
      },
    };
  }

  assertKnownMaterials(item, body.materials, 'materials');
  // A project's application (docs/green-channel.md): the one form's answers for this item's fields, under the answers
  // given now; the case carries the project and its green channel.
  const project = body.projectId ? await projectOf(body.projectId, identity, item.code) : undefined;
  const fromProject = project ? answersForItem(item.form.fields, project.form?.answers, body.form) : undefined;
  const given = fromProject && (fromProject.reused.length > 0 || body.form) ? fromProject.answers : body.form;
  // 一表通: an applicant's earlier answers fill the fields of this item's form they leave out now.
  const profile = identity.role === 'applicant' && given ? await getProfile(identity.sub) : undefined;
  const reusedFromProfile = item.form.fields
    .map((f) => f.name)
    .filter((name) => given && answerOf(given, name) === undefined && answerOf(profile?.answers, name) !== undefined);
  const form = given
    ? { ...Object.fromEntries(reusedFromProfile.map((name) => [name, answerOf(profile?.answers, name)])), ...given }
    : undefined;
  // Answers online are checked against the item's form; without `form` the paper form travels with the materials
  // (and clients of the first contract, which had no form, keep working).
  const formErrors = form ? validateFormAnswers(item.form, form).map((e) => ({ ...e, field: `body.${e.field}` })) : [];
  if (formErrors.length)
    throw problems.invalid(formErrors, "表单填写内容与该事项的表单不符 The form answers do not fit the item's form.");

  const department = await getDepartmentCached(item.departmentId);
  if (!department) throw new Error(`item ${item.code} names unknown department ${item.departmentId}`);
  const id = caseIdFor(receivedOn, identity.sub, request.idempotencyKey);
  const received: TimelineEntry = {
    at,
    type: 'RECEIVED',
    by: identity.sub,
    note: receivedAt.kind === 'window' ? `收件 Received at window ${receivedAt.windowId}` : '网上收件 Received online',
  };
  const base = {
    id,
    itemCode: item.code,
    itemName: `${item.name.zh}${item.name.en ? ` ${item.name.en}` : ''}`,
    departmentId: item.departmentId,
    applicant: body.applicant,
    submittedBy: identity.sub,
    ...(identity.role === 'applicant' ? { applicantSub: identity.sub } : {}),
    materials: body.materials,
    form: form ?? {},
    ...(project ? { projectId: project.id, greenChannel: project.greenChannel } : {}),
    receivedBy: receivedAt,
    version: 1,
    receivedAt: at,
    workingDays: item.promisedLimitDays,
    ...(item.yellowWarningDays === undefined ? {} : { yellowWarningDays: item.yellowWarningDays }),
    deemedConsentEligible: item.deemedConsentEligible,
    handler: department.dutyHandler,
    leader: department.leader,
    notices: [],
    createdAt: at,
    updatedAt: at,
  };

  let record: CaseRecord;
  // The clocks the case starts with (functions/domain/duty.ts), written with it in one transaction.
  let clocks: ClockRecord[] = [];
  const acceptance = async () =>
    acceptanceOf(await currentCalendar(), id, item, receivedOn, { kind: 'STAFF', by: identity.sub });
  const chain = (...entries: TimelineEntry[]) => {
    const events = [];
    let head = genesisHash(id);
    for (const entry of entries) {
      const event = chainEvent(head, entry);
      events.push(event);
      head = event.hash;
    }
    return { timeline: events, timelineHead: head };
  };
  if (body.review && outcome.kind !== 'NOTICE') {
    // 收件: the papers are all listed; the clerk checks them within the review period (Art.32).
    const review = deadlineOf(
      await currentCalendar(),
      policies.INTAKE_REVIEW.unit,
      receivedOn,
      INTAKE_REVIEW_WORKING_DAYS,
    );
    clocks = [newClock(policies.INTAKE_REVIEW, id, INTAKE_REVIEW_WORKING_DAYS, review, receivedOn)];
    record = {
      ...base,
      status: 'RECEIVED',
      reviewDeadline: review.deadline,
      reviewDeadlineAt: review.deadlineAt.toISOString(),
      ...chain({
        ...received,
        note: `${received.note}; 审查期限 ${review.deadlineDate}（${INTAKE_REVIEW_WORKING_DAYS} 个工作日）review by the end of ${review.deadlineDate}`,
      }),
    };
  } else if (outcome.kind === 'NOTICE') {
    const given = notice(id, [], receivedOn, identity.sub, outcome.missing);
    record = {
      ...base,
      status: 'MATERIALS_REQUIRED',
      notices: [given],
      ...chain(received, { at, type: 'MATERIALS_REQUIRED', by: identity.sub, note: noticeNote(given) }),
    };
  } else if (outcome.kind === 'ON_THE_SPOT') {
    const decision = body.onTheSpot ?? { outcome: 'APPROVED' as const };
    // Accepted and decided at once: the deadline is stated on the record, but no clock runs.
    const { event: acceptedEvent, fields } = await acceptance();
    const { status: _accepted, ...accepted } = fields;
    record = {
      ...base,
      ...accepted,
      status: decision.outcome,
      handledOnTheSpot: true,
      decision: { ...decision, by: identity.sub, at, late: false },
      ...chain(received, acceptedEvent, {
        at,
        type: decision.outcome,
        by: identity.sub,
        note: `即办件当场办结 Decided on the spot${decision.reason ? `: ${decision.reason}` : ''}`,
      }),
    };
  } else {
    const accepted = await acceptance();
    clocks = [accepted.clock];
    record = { ...base, ...accepted.fields, ...chain(received, accepted.event) };
  }

  // Waiting for the department (received, noticed or accepted): on its worklist until decided or closed.
  if (['RECEIVED', 'MATERIALS_REQUIRED', 'ACCEPTED'].includes(record.status)) {
    record = { ...record, openDepartment: record.departmentId };
  }
  // The case's state bound to the last event of its creation (functions/domain/timeline.ts), written with it.
  record = bindCreated(record);
  if (!(await createCase(record, clocks))) {
    // A retry of a request whose first attempt wrote the case and then died (same Idempotency-Key, same id).
    const existing = await getCase(id);
    if (existing) return created(existing, identity, reusedFromProfile, fromProject?.reused);
  }
  // The profile read above is the one compared with: only changed answers are written (one write, or none).
  if (identity.role === 'applicant' && form) await rememberAnswers(identity.sub, form, at, profile);
  for (const clock of clocks) await startClockOf(clock);
  // The answer is the case as written and accepted (not re-read: what the clock does next is for GET to tell, and
  // the execution ARN recorded by startClockOf is not part of the view).
  return created(record, identity, reusedFromProfile, fromProject?.reused);
});

/**
 * The project an application names: it must exist, list the item, and be the applicant's own (a clerk files for any
 * project). Otherwise the same 422, so an applicant learns nothing of projects that are not theirs.
 */
async function projectOf(projectId: string, identity: { sub: string; role: string }, itemCode: string) {
  const found = await getProject(projectId);
  if (!found || (identity.role === 'applicant' && found.applicantSub !== identity.sub)) {
    throw problems.unprocessable('unknown-project', `您没有项目 ${projectId} No project ${projectId} of yours.`, [
      { field: 'body.projectId', reason: '不是您的项目 not a project of yours' },
    ]);
  }
  if (!found.items.some((i) => i.code === itemCode)) {
    throw problems.unprocessable(
      'item-not-in-project',
      `项目 ${projectId} 不需要办理事项 ${itemCode} Project ${projectId} does not need item ${itemCode}.`,
      [{ field: 'body.itemCode', reason: `不是项目 ${projectId} 的事项 not an item of project ${projectId}` }],
    );
  }
  return found;
}

function created(
  c: CaseRecord,
  identity: NonNullable<Parameters<typeof caseView>[1]>,
  reused: readonly string[] = [],
  reusedFromProject: readonly string[] = [],
) {
  return {
    status: 201,
    headers: { location: `/v1/applications/${c.id}` },
    body: {
      ...caseView(c, identity),
      ...(c.status === 'MATERIALS_REQUIRED' ? materialsRequiredView(c) : {}),
      ...(reused.length ? { reusedFromProfile: reused } : {}),
      ...(reusedFromProject.length ? { reusedFromProject } : {}),
    },
  };
}

/**
 * Where the application is received. A clerk's token implies their department's own window (or the one named, if
 * it is theirs); an applicant online has no window unless they name the window they asked at.
 */
async function receivingPoint(
  clerkDepartment: string | undefined,
  named: { departmentId: string; windowId?: string | undefined } | undefined,
): Promise<ReceivingPoint> {
  const departmentId = clerkDepartment ?? named?.departmentId;
  if (!departmentId) return { kind: 'online' };
  if (clerkDepartment && named && named.departmentId !== clerkDepartment) {
    throw problems.forbidden(
      `${clerkDepartment} 的窗口人员只能在本部门窗口收件 A clerk of ${clerkDepartment} receives applications at ${clerkDepartment}'s windows only.`,
    );
  }
  const department = await getDepartmentCached(departmentId);
  if (!department)
    throw problems.unprocessable('unknown-department', `没有部门 ${departmentId} No department ${departmentId}.`, [
      { field: 'body.receivedBy.departmentId', reason: 'not a department' },
    ]);
  const window = named?.windowId ? department.windows.find((w) => w.id === named.windowId) : department.windows[0];
  if (!window) {
    throw problems.unprocessable(
      'unknown-window',
      `${departmentId} 没有窗口 ${named?.windowId} No window ${named?.windowId} at ${departmentId}.`,
      [{ field: 'body.receivedBy.windowId', reason: `不是 ${departmentId} 的窗口 not a window of ${departmentId}` }],
    );
  }
  return { kind: 'window', departmentId, windowId: window.id, comprehensive: window.comprehensive };
}

/**
 * `XN<yyyymmdd>-<ULID>`: sortable by time. With an Idempotency-Key the ULID's random part is derived from the caller
 * and the key, so a retry that outlives the key's lock still lands on the same case (same day) instead of a second.
 */
function caseIdFor(receivedAt: Date, sub: string, idempotencyKey: string | undefined): string {
  const day = shanghaiDateOf(receivedAt).replaceAll('-', '');
  if (!idempotencyKey) return `XN${day}-${nextId(receivedAt.getTime())}`;
  const digest = createHash('sha256').update(`${sub}\n${idempotencyKey}`).digest();
  const crockford = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  const random = Array.from(digest.subarray(0, 16), (b) => crockford[b % 32]).join('');
  return `XN${day}-${encodeTime(new Date(`${shanghaiDateOf(receivedAt)}T00:00:00+08:00`).getTime(), 10)}${random}`;
}
