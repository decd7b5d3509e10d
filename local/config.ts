import { resolve } from 'node:path';

/** Where the local runtime keeps its data (DynamoDB, executions, the local signing key, the simulated clock). */
export function dataDirFromEnv(): string {
  return resolve(process.env.XIAONENG_DATA_DIR ?? '.data');
}
