import { LocalStreams, type StreamRecord } from '../../local/streams.ts';

/** Local streams with one reader of `tableName` (keyed by `id`) that keeps every record it is handed, in order. */
export function recordingStreams(tableName: string): { streams: LocalStreams; records: StreamRecord[] } {
  const records: StreamRecord[] = [];
  const streams = new LocalStreams(
    [
      {
        tableName,
        keyNames: ['id'],
        reader: async (event) => {
          // Synchronously, as the reader starts: what a write's answer may rely on having been handed over.
          records.push(...event.Records);
          return { batchItemFailures: [] };
        },
      },
    ],
    () => undefined,
  );
  return { streams, records };
}
