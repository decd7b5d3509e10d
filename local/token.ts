import { parseArgs } from 'node:util';
import { departmentRoles, isRole, roles } from '../functions/common/roles.ts';
import { localKey, signLocalToken } from './auth.ts';
import { dataDirFromEnv } from './config.ts';

/**
 * `npm run --silent token -- --role <role> [--department <id>] [--sub <id>] [--expires-in <seconds>]`
 * prints a token the local runtime accepts. Tokens last two years by default, so they stay valid however far the
 * simulated clock is moved (up to a year).
 */
const { values } = parseArgs({
  options: {
    role: { type: 'string' },
    department: { type: 'string' },
    sub: { type: 'string' },
    name: { type: 'string' },
    'expires-in': { type: 'string' },
    'data-dir': { type: 'string' },
  },
});

function fail(message: string): never {
  process.stderr.write(
    `${message}\nusage: npm run --silent token -- --role <${roles.join('|')}> [--department <id>] [--sub <id>] [--expires-in <seconds>]\n`,
  );
  process.exit(2);
}

if (!isRole(values.role)) fail(`--role must be one of ${roles.join(', ')}`);
const role = values.role;
if (departmentRoles.includes(role) && !values.department) fail(`--department is required for ${role}`);
const expiresIn = values['expires-in'] === undefined ? 2 * 366 * 24 * 3600 : Number(values['expires-in']);
if (!Number.isInteger(expiresIn)) fail('--expires-in must be a whole number of seconds');

const token = await signLocalToken(localKey(values['data-dir'] ?? dataDirFromEnv()), {
  role,
  sub: values.sub ?? `${role}-demo`,
  ...(values.department ? { department: values.department } : {}),
  ...(values.name ? { name: values.name } : {}),
  expiresInSeconds: expiresIn,
});
process.stdout.write(`${token}\n`);
