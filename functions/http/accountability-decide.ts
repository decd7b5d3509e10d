import { accountabilityPolicy } from '../common/accountability-policy.ts';
import { now } from '../common/clock.ts';
import { problems } from '../common/problem.ts';
import { answerableOf, decisionProblem, type Responsibility, sanctionOf } from '../domain/accountability.ts';
import { toShanghaiIso } from '../domain/time.ts';
import { idOfRecord, writeRecord } from '../store/accountability.ts';
import { type ClockKey, clockChanged, clockEnds, getClock } from '../store/clocks.ts';
import { accountabilityDetail, concurrentChange, recordInReach, requireState } from './accountability-access.ts';
import { httpHandler, requireIdentity } from './handler.ts';
import { accountabilityDecideRoute } from './routes/accountability.ts';

/**
 * A supervisor decides a record under investigation: who is responsible (the handler, the leader, both or nobody),
 * the sanction from the configured list, the findings. 领导责任: for a reason whose leader is answerable the handler
 * alone is refused (docs/supervision.md). The investigation's clock ends with it (late when it was escalated).
 */
export const handler = httpHandler(accountabilityDecideRoute, async (request) => {
  const identity = requireIdentity(request);
  const found = await recordInReach(request, request.path.id);
  requireState(found, 'decide');
  const policy = accountabilityPolicy();
  const responsibility = request.body.responsibility as Responsibility;
  const sanction = request.body.sanction;
  const problem = decisionProblem(policy, found.reason, { responsibility, sanction });
  if (problem)
    throw problems.invalid(
      [problem],
      `无法记录处理决定 The decision cannot be recorded: ${problem.field} ${problem.reason}.`,
    );
  const id = idOfRecord(found);
  const atIso = toShanghaiIso(now());
  const late = found.investigation?.overdueAt !== undefined;
  const key: ClockKey = { subject: id, duty: 'INVESTIGATION' };
  const clock = await getClock(key);
  const named = sanctionOf(policy, sanction);
  const written = await writeRecord(
    found,
    {
      status: 'DECIDED',
      decision: {
        responsibility,
        sanction,
        findings: request.body.findings,
        answerable: answerableOf(found, responsibility),
        at: atIso,
        by: identity.sub,
        late,
      },
    },
    {
      at: atIso,
      type: 'ACCOUNTABILITY_DECIDED',
      by: identity.sub,
      note: `${late ? '逾期决定 Decided late: ' : ''}责任 ${responsibility}，处理 ${named.zh} ${named.en}：${request.body.findings}`,
    },
    // The clock's phase as read: its checkpoint escalating meanwhile also moved the record's head, so both fail.
    clock && clock.phase !== 'ENDED'
      ? [clockChanged(clockEnds(key, [clock.phase], late ? 'DECIDED_LATE' : 'DECIDED', atIso), atIso)]
      : [],
  );
  if (!written) throw concurrentChange(id);
  return { status: 200, body: accountabilityDetail(written, policy) };
});
