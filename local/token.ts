import { parseArgs } from 'node:util';
import { departmentRoles, isRole, roles } from '../functions/common/roles.ts';
import { representativeKinds } from '../functions/domain/appraisal.ts';
import { LOCAL_SECRET_HEADER, localKey, localSecret, signLocalToken } from './auth.ts';
import { dataDirFromEnv } from './config.ts';

/**
 * `npm run --silent token -- --role <role> [--department <id>] [--sub <id>] [--expires-in <seconds>]`
 * prints a token the local runtime accepts. Tokens last two years by default, so they stay valid however far the
 * simulated clock is moved (up to a year).
 * `npm run --silent token -- --local` prints the data folder's local secret, which `/_local/*` asks for.
 */
const options = {
  role: { type: 'string' },
  department: { type: 'string' },
  sub: { type: 'string' },
  name: { type: 'string' },
  kind: { type: 'string' },
  'expires-in': { type: 'string' },
  'data-dir': { type: 'string' },
  local: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

const usage = `usage: npm run --silent token -- --role <${roles.join('|')}> [--department <id>] [--sub <id>] [--name <name>] [--kind <NPC_DEPUTY|CPPCC_MEMBER|ENTERPRISE|CITIZEN>] [--expires-in <seconds>] [--data-dir <dir>]
       npm run --silent token -- --local [--data-dir <dir>]   (the secret for /_local/*: header ${LOCAL_SECRET_HEADER})
the -- before the options is needed: without it npm takes them for itself.`;

function fail(message: string): never {
  process.stderr.write(`${message}\n${npmHint()}${usage}\n`);
  process.exit(2);
}

/**
 * `npm run token --role applicant` (no `--`): npm keeps `--role` for itself (as `npm_config_role`) and hands this
 * script only what is left (`applicant`, or nothing). Say what happened, with the command that was meant.
 */
function npmHint(): string {
  if (process.env.npm_lifecycle_event !== 'token') return '';
  const taken = Object.keys(options).flatMap((name) => {
    const value = process.env[`npm_config_${name.replace(/-/g, '_')}`];
    return value === undefined ? [] : [value === 'true' ? `--${name}` : `--${name} ${value}`];
  });
  const given = process.argv.slice(2);
  // The `--` was forgotten only if npm kept one of our options, or if what reached us has no option at all (npm kept
  // one we do not know, `--rol applicant` → `applicant`). An option that reached us came after a `--`: a mistake in
  // it is the message's, not npm's.
  if (given.some((arg) => arg.startsWith('-'))) return '';
  if (taken.length === 0 && given.length === 0) {
    return 'no options reached the token script (did npm take them? put -- before them):\n';
  }
  const meant = [...taken, ...given].join(' ');
  return `npm took ${taken.length ? taken.join(' ') : 'the options'} for itself: put -- before the token's options, e.g.\n  npm run --silent token -- ${meant.includes('--') ? meant : `--role ${meant}`}\n`;
}

function parse() {
  try {
    return parseArgs({ options }).values;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const positional = /Unexpected argument '([^']*)'/.exec(message)?.[1];
    return fail(
      positional !== undefined
        ? `token: unexpected argument ${positional} (options are named, e.g. --role ${positional})`
        : `token: ${message.split('. ')[0]}`,
    );
  }
}

const values = parse();
if (values.help) {
  process.stdout.write(`${usage}\n`);
  process.exit(0);
}
const dataDir = values['data-dir'] ?? dataDirFromEnv();
if (values.local) {
  if (values.role) fail('token: --local prints the local secret; it takes no --role');
  process.stdout.write(`${localSecret(dataDir)}\n`);
  process.exit(0);
}

if (values.role === undefined) fail('token: --role is required');
if (!isRole(values.role)) fail(`token: --role must be one of ${roles.join(', ')} (got ${values.role})`);
const role = values.role;
if (departmentRoles.includes(role) && !values.department) fail(`token: --department is required for ${role}`);
// A representative's kind (docs/supervision.md): CITIZEN unless given; only a representative carries one.
if (values.kind !== undefined && role !== 'representative') fail(`token: --kind is for --role representative only`);
const kind = role === 'representative' ? (values.kind ?? 'CITIZEN') : undefined;
if (kind !== undefined && !(representativeKinds as readonly string[]).includes(kind)) {
  fail(`token: --kind must be one of ${representativeKinds.join(', ')} (got ${kind})`);
}
const expiresIn = values['expires-in'] === undefined ? 2 * 366 * 24 * 3600 : Number(values['expires-in']);
if (!Number.isInteger(expiresIn)) fail('token: --expires-in must be a whole number of seconds');

const token = await signLocalToken(localKey(dataDir), {
  role,
  sub: values.sub ?? `${role}-demo`,
  ...(values.department ? { department: values.department } : {}),
  ...(values.name ? { name: values.name } : {}),
  ...(kind ? { kind } : {}),
  expiresInSeconds: expiresIn,
});
process.stdout.write(`${token}\n`);
