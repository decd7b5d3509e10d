import { accountabilityPolicy } from '../common/accountability-policy.ts';
import { now } from '../common/clock.ts';
import { toShanghaiIso } from '../domain/time.ts';
import { idOfRecord, writeRecord } from '../store/accountability.ts';
import { type ClockKey, clockChanged, clockEnds, getClock } from '../store/clocks.ts';
import { accountabilityDetail, concurrentChange, recordInReach, requireState } from './accountability-access.ts';
import { httpHandler, requireIdentity } from './handler.ts';
import { accountabilityDismissRoute } from './routes/accountability.ts';

/**
 * A supervisor dismisses a record not yet decided (撤销), with the reasons: DISMISSED, not counted towards a flag nor
 * published. The investigation's clock, if one runs, ends with it.
 */
export const handler = httpHandler(accountabilityDismissRoute, async (request) => {
  const identity = requireIdentity(request);
  const found = await recordInReach(request, request.path.id);
  requireState(found, 'dismiss');
  const id = idOfRecord(found);
  const atIso = toShanghaiIso(now());
  const late = found.investigation?.overdueAt !== undefined;
  const key: ClockKey = { subject: id, duty: 'INVESTIGATION' };
  const clock = found.investigation ? await getClock(key) : undefined;
  const written = await writeRecord(
    found,
    { status: 'DISMISSED', dismissal: { at: atIso, by: identity.sub, reason: request.body.reason, late } },
    { at: atIso, type: 'ACCOUNTABILITY_DISMISSED', by: identity.sub, note: request.body.reason },
    // As for a decision: the clock's phase as read, so its escalation meanwhile makes this write fail and re-read.
    clock && clock.phase !== 'ENDED'
      ? [clockChanged(clockEnds(key, [clock.phase], late ? 'DISMISSED_LATE' : 'DISMISSED', atIso), atIso)]
      : [],
  );
  if (!written) throw concurrentChange(id);
  return { status: 200, body: accountabilityDetail(written, accountabilityPolicy()) };
});
