import { EventBridgeClient, PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { clientFor } from './aws-endpoint.ts';

/** EventBridge client; `EVENTBRIDGE_ENDPOINT` points it at the local runtime's bus. */
const events = clientFor('EVENTBRIDGE_ENDPOINT', (config) => new EventBridgeClient(config));

/** The source of every event the system puts on its bus (rules match on it). */
export const EVENT_SOURCE = 'xiaoneng';

export interface BusEvent {
  readonly detailType: string;
  readonly detail: object;
  /** ISO 8601 instant of what happened (not of the publication). */
  readonly time: string;
}

/**
 * Puts events on the system's bus, at most 10 per request (the API's limit). At least once: a caller that fails after
 * a partial success retries the whole batch, so consumers deduplicate by the id each detail carries.
 */
export async function publish(list: readonly BusEvent[]): Promise<void> {
  if (list.length === 0) return;
  const bus = process.env.EVENT_BUS_NAME;
  if (!bus) throw new Error('EVENT_BUS_NAME is not set: the deployment must pass the event bus name');
  for (let i = 0; i < list.length; i += 10) {
    const entries: PutEventsRequestEntry[] = list.slice(i, i + 10).map((e) => ({
      EventBusName: bus,
      Source: EVENT_SOURCE,
      DetailType: e.detailType,
      Detail: JSON.stringify(e.detail),
      Time: new Date(e.time),
    }));
    const out = await events().send(new PutEventsCommand({ Entries: entries }));
    if (out.FailedEntryCount) {
      const reasons = (out.Entries ?? []).filter((x) => x.ErrorCode).map((x) => `${x.ErrorCode}: ${x.ErrorMessage}`);
      throw new Error(`EventBridge refused ${out.FailedEntryCount} event(s): ${reasons.join('; ')}`);
    }
  }
}
