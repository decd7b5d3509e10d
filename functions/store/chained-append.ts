import { type ChainedEvent, chainRecorded, type RecordedEntry } from '../domain/timeline.ts';

/**
 * The parts of an UpdateItem that appends `event` to an item's own hash-chained timeline and SETs the fields in
 * `set` (undefined ones left alone), for a write conditional on the head it read (`timelineHead = :head`): the
 * ratings' and the inspections' writes share it, each adding its own attributes and condition comment.
 */
export function chainedAppend(
  head: string,
  set: Readonly<Record<string, unknown>>,
  event: RecordedEntry,
): {
  readonly chained: ChainedEvent;
  readonly names: Record<string, string>;
  readonly values: Record<string, unknown>;
  readonly assignments: string[];
} {
  const chained = chainRecorded(head, event);
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {
    ':event': [chained],
    ':newHead': chained.hash,
    ':head': head,
    ':one': 1,
    ':updatedAt': event.at,
  };
  const assignments = [
    'timeline = list_append(timeline, :event)',
    'timelineHead = :newHead',
    'version = version + :one',
    'updatedAt = :updatedAt',
  ];
  Object.entries(set)
    .filter(([, v]) => v !== undefined)
    .forEach(([field, value], i) => {
      names[`#f${i}`] = field;
      values[`:f${i}`] = value;
      assignments.push(`#f${i} = :f${i}`);
    });
  return { chained, names, values, assignments };
}
