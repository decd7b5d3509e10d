import { DEFAULT_GREEN_CHANNEL_THRESHOLD } from '../domain/project.ts';

/**
 * The green channel's threshold as a deployment setting (docs/rules.md §11, docs/green-channel.md): the environment
 * variable GREEN_CHANNEL_THRESHOLD is the investment in CNY (a whole number of yuan, at least 1) at and above which a
 * project is a green-channel project; RMB 100,000,000 by default. CDK sets it on the function that registers projects
 * from the context `greenChannelThreshold`; the local runtime passes its own environment on. A project keeps the
 * threshold it was registered under (its `threshold`, in every response), so a changed setting applies to projects
 * registered after it. A bad value is refused where it is read — `cdk synth`, `npm start`, a function's cold start —
 * naming the variable and what it takes.
 */
export const GREEN_CHANNEL_THRESHOLD_VARIABLE = 'GREEN_CHANNEL_THRESHOLD';

export class GreenChannelThresholdError extends Error {
  override readonly name = 'GreenChannelThresholdError';
}

/** The threshold a setting names (absent or empty: the default). `source` names where it came from, for the message. */
export function greenChannelThresholdOf(setting: unknown, source = GREEN_CHANNEL_THRESHOLD_VARIABLE): number {
  if (setting === undefined || setting === null) return DEFAULT_GREEN_CHANNEL_THRESHOLD;
  const text = String(setting).trim().replaceAll('_', '');
  if (text === '') return DEFAULT_GREEN_CHANNEL_THRESHOLD;
  const value = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(value) || value < 1) {
    throw new GreenChannelThresholdError(
      `${source}=${String(setting).trim()}: expected a whole number of CNY of at least 1 (default ${DEFAULT_GREEN_CHANNEL_THRESHOLD})`,
    );
  }
  return value;
}

/** The threshold in force in this process (GREEN_CHANNEL_THRESHOLD), read at each call. */
export function greenChannelThreshold(): number {
  return greenChannelThresholdOf(process.env[GREEN_CHANNEL_THRESHOLD_VARIABLE]);
}
