import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { logger } from './logger.ts';
import { DUTIES, type Duty, type DutyOf, METRIC_NAMESPACE, type MetricName, OPERATIONAL_METRICS } from './metrics.ts';

/** Powertools warns on every flush that has nothing to publish: most invocations count nothing, which is normal. */
const NOTHING_TO_PUBLISH = 'No application metrics to publish';

const metricsLog = {
  debug: (...args: unknown[]) => logger.debug(String(args[0])),
  info: (...args: unknown[]) => logger.info(String(args[0])),
  warn: (...args: unknown[]) => {
    if (!String(args[0]).startsWith(NOTHING_TO_PUBLISH)) logger.warn(String(args[0]));
  },
  error: (...args: unknown[]) => logger.error(String(args[0])),
};

/**
 * One buffer per duty: an EMF document gives all its metrics the same dimensions, so counts of different duties in
 * one invocation (an intake checkpoint that deems a case accepted and starts its approval clock) go in one
 * document each. `service` comes from POWERTOOLS_SERVICE_NAME, like the logger's.
 */
const buffers = Object.fromEntries(
  DUTIES.map((duty) => [
    duty,
    new Metrics({
      namespace: METRIC_NAMESPACE,
      serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'xiaoneng',
      defaultDimensions: { duty },
      logger: metricsLog,
    }),
  ]),
) as Record<Duty, Metrics>;

/**
 * Counts one occurrence (or `count`) of an operational metric, for its default duty unless told. Buffered until
 * the invocation ends: the handler must use `observed()`.
 */
export function metric<N extends MetricName>(name: N, count = 1, duty?: DutyOf<N>): void {
  buffers[duty ?? OPERATIONAL_METRICS[name].duties[0]].addMetric(name, MetricUnit.Count, count);
}

/** Several counts at once, each for its metric's default duty; zeros are left out (nothing happened, nothing said). */
export function metricCounts(counts: Partial<Record<MetricName, number>>): void {
  for (const [name, count] of Object.entries(counts) as [MetricName, number][]) if (count > 0) metric(name, count);
}

/**
 * The middleware every handler uses: in Lambda the logger gets the invocation's context (function name, request
 * id, cold start) on every line, and the metrics counted during the invocation are written at its end (also when
 * it throws) as one embedded-metric-format line per duty on stdout, which CloudWatch turns into metrics. A handler
 * wraps with `middy(...).use(observed())`.
 */
export function observed() {
  const flush = logMetrics(Object.values(buffers));
  // The local runtime runs every function in its one process, invocations interleaved: the one logger would stamp a
  // line with whichever invocation began last (a reconciler's line named as the notifier's). There, no context.
  if (process.env.XIAONENG_FUNCTIONS_SHARE_PROCESS === 'true') return [flush];
  return [injectLambdaContext(logger), flush];
}
