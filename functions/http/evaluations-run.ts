import { now } from '../common/clock.ts';
import { evaluate } from '../common/evaluate.ts';
import { problems } from '../common/problem.ts';
import { shanghaiDateOf } from '../domain/time.ts';
import { publishedEvaluation } from './evaluation-views.ts';
import { httpHandler, requireIdentity } from './handler.ts';
import { evaluationsRunRoute } from './routes/evaluations.ts';

/**
 * An administrator or supervisor evaluates a period now: a new immutable snapshot (revision n+1, the earlier ones
 * kept), recorded as requested by the caller. A period still running is evaluated through yesterday (`complete:
 * false`); one that has not begun has nothing to evaluate.
 */
export const handler = httpHandler(evaluationsRunRoute, async (request) => {
  const { period } = request.path;
  const identity = requireIdentity(request);
  const today = shanghaiDateOf(now());
  if (period.from >= today) {
    throw problems.unprocessable(
      'period-not-begun',
      `评估期 ${period.id}（${period.from} 至 ${period.to}）尚无已结束的日子（北京时间今天是 ${today}），无可评估 The period ${period.id} (${period.from} to ${period.to}) has no finished day yet (today is ${today} in China): nothing to evaluate.`,
      [{ field: 'path.period', reason: `须在今天（${today}）之前开始 must have begun before today (${today})` }],
    );
  }
  const snapshot = await evaluate(period, { kind: 'REQUEST', by: identity.sub, role: identity.role });
  // The caller ran it: their own account id is theirs to see (the public page shows only their role).
  return { status: 200, body: publishedEvaluation(snapshot, 'caller') };
});
