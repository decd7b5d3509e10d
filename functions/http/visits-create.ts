import { createHash } from 'node:crypto';
import { encodeTime, monotonicFactory } from 'ulid';
import { now } from '../common/clock.ts';
import { startClockOf } from '../common/clock-executions.ts';
import { problems } from '../common/problem.ts';
import { recordVisitFinding } from '../common/visit-deadlines.ts';
import { deadlineOf, policyOf } from '../domain/duty.ts';
import { parseInstant, shanghaiDateOf, toShanghaiIso } from '../domain/time.ts';
import { problemIdOf, problemSubjectOf, visitIdOf, visitKindNames } from '../domain/visit.ts';
import { currentCalendar } from '../store/calendar.ts';
import { getDepartment } from '../store/catalog.ts';
import { clockCreated, newClock } from '../store/clocks.ts';
import { createVisit, newVisit, type VisitProblem } from '../store/visits.ts';
import { httpHandler, requireIdentity } from './handler.ts';
import { visitsCreateRoute } from './routes/visits.ts';
import { visitDetail } from './visit-access.ts';

const nextId = monotonicFactory();

/**
 * A supervisor records an inspection visit (明察暗访): the department, open or unannounced, when, the findings and the
 * problems found. Each problem gets its rectification deadline — the working days the supervisor set, counted from the
 * day after the visit is recorded (docs/rules.md §3: the department learns of it then) — and its clock, written with
 * the visit in one transaction, then started. A problem flagged `accountable` goes on the register at once
 * (VISIT_FINDING); the department's head is told from the stream.
 */
export const handler = httpHandler(visitsCreateRoute, async (request) => {
  const identity = requireIdentity(request);
  const body = request.body;
  const at = now();
  const visitedAt = parseInstant(body.at);
  if (!visitedAt || visitedAt.getTime() > at.getTime()) {
    throw problems.invalid([
      {
        field: 'body.at',
        reason: '须为过去的时间：明察暗访在检查后登记 must be an instant in the past: a visit is recorded after it',
      },
    ]);
  }
  if (!(await getDepartment(body.departmentId))) {
    throw problems.invalid([{ field: 'body.departmentId', reason: `无此部门 no department ${body.departmentId}` }]);
  }
  const atIso = toShanghaiIso(at);
  const calendar = await currentCalendar();
  const policy = policyOf('VISIT_RECTIFY');
  const id = visitIdFor(at, identity.sub, request.idempotencyKey);
  const clocks = [];
  const found: VisitProblem[] = [];
  for (const [i, p] of body.problems.entries()) {
    const pid = problemIdOf(i);
    const deadline = deadlineOf(calendar, policy.unit, at, p.rectifyWithinWorkingDays);
    clocks.push(newClock(policy, problemSubjectOf(id, pid), p.rectifyWithinWorkingDays, deadline, at));
    found.push({
      id: pid,
      description: p.description,
      status: 'AWAITING_RECTIFICATION',
      workingDays: p.rectifyWithinWorkingDays,
      rectifyBy: deadline.deadline,
      rectifyByDate: deadline.deadlineDate,
      rectifyByAt: deadline.deadlineAt.toISOString(),
      accountable: p.accountable === true,
    });
  }
  const kindName = visitKindNames[body.kind];
  const visit = newVisit(
    {
      id,
      departmentId: body.departmentId,
      kind: body.kind,
      at: toShanghaiIso(visitedAt),
      findings: body.findings,
      problems: found,
      recordedAt: atIso,
      recordedBy: identity.sub,
    },
    `${kindName.zh} ${kindName.en}: ${found.length} 个问题 problem(s)${found.map((p) => `; ${p.id} ${p.rectifyByDate} 前整改 rectify by the end of ${p.rectifyByDate}`).join('')}`,
  );
  // A retry whose Idempotency-Key outlived its lock lands on the same id: the visit is there, and it is answered.
  if (!(await createVisit(visit, clocks.map(clockCreated)))) {
    throw problems.conflict(
      'visit-exists',
      `明察暗访记录 ${id} 已登记，请查阅 Inspection visit ${id} is already recorded; read it.`,
    );
  }
  for (const p of found.filter((x) => x.accountable)) await recordVisitFinding(visit, p, atIso, identity.sub);
  for (const c of clocks) await startClockOf({ subject: c.subject, duty: c.duty });
  return {
    status: 201,
    headers: { location: `/v1/inspections/visits/${id}` },
    body: visitDetail(visit, at, calendar),
  };
});

/**
 * `VS<yyyymmdd>-<ULID>`. With an Idempotency-Key the random part is derived from the caller and the key, so a retry
 * that outlives the key's lock lands on the same visit (same day) instead of a second one.
 */
function visitIdFor(at: Date, sub: string, idempotencyKey: string | undefined): string {
  const day = shanghaiDateOf(at);
  if (!idempotencyKey) return visitIdOf(day, nextId(at.getTime()));
  const digest = createHash('sha256').update(`visit\n${sub}\n${idempotencyKey}`).digest();
  const crockford = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  const random = Array.from(digest.subarray(0, 16), (b) => crockford[b % 32]).join('');
  return visitIdOf(day, `${encodeTime(new Date(`${day}T00:00:00+08:00`).getTime(), 10)}${random}`);
}
