// `pnpm token --role officer --unit 12442 [--sub name] [--ttl seconds]`: prints a development token signed with the hub's secret.
// `pnpm user:add <username> --role officer --unit 12442 [--name "…"]`: adds a user to the hub's own store; prints a new password.
import { randomBytes } from 'node:crypto';
import { commandLine, openDatabase, prepareDatabase, refuse, runSql } from '@anbinh/db';
import { Role } from '@anbinh/shared';
import { loadConfig } from '../config';
import { hashPassword } from './passwords';
import { Tokens } from './tokens';

const [command, ...rest] = process.argv.slice(2);
const usage =
  command === 'user:add'
    ? `Adds a user to the hub's own store and prints a new password, once (or uses ANBINH_PASSWORD).

  pnpm run user:add <username> --role <role> [--unit <code>]… [--name "<display name>"]

Roles: ${Object.values(Role)
        .filter((r) => r !== Role.PUBLIC)
        .join(', ')
        .toLowerCase()}; an officer or a partner acts for units (--unit, one or more).

Example:
  pnpm run user:add kyba.officer --role officer --unit 12442 --name "Công an phường Kỳ Bá"`
    : `Prints a development token signed with the hub's secret (AUTH_JWT_SECRET, or the one in .data).

  pnpm run token --role <role> [--unit <code>]… [--sub <name>] [--ttl <seconds>] [--trusted-documents]

Roles: ${Object.values(Role)
        .filter((r) => r !== Role.PUBLIC)
        .join(', ')
        .toLowerCase()}; an officer or a partner acts for units (--unit, one or more).
--trusted-documents: the token may run only documents an admin registered (registerDocument).

Example:
  pnpm run token --role officer --unit 12442`;
const { values, positionals } = commandLine(
  usage,
  {
    role: { type: 'string' },
    unit: { type: 'string', multiple: true },
    sub: { type: 'string' },
    ttl: { type: 'string' },
    name: { type: 'string' },
    'trusted-documents': { type: 'boolean' },
  },
  rest,
);
const fail = refuse;
const role = (values.role ?? '').toUpperCase() as Role;
if (!(role in Role) || role === Role.PUBLIC)
  fail(
    `--role must be one of ${Object.values(Role)
      .filter((r) => r !== Role.PUBLIC)
      .join(', ')
      .toLowerCase()}.`,
  );
const units = values.unit ?? [];
if ((role === Role.OFFICER || role === Role.PARTNER) && units.length === 0) fail(`An ${role.toLowerCase()} acts for units: give --unit <code> (one or more).`);
const config = loadConfig();

if (command === 'token') {
  const ttl = values.ttl ? Number(values.ttl) : undefined;
  if (ttl !== undefined && (!Number.isInteger(ttl) || ttl < 60)) fail('--ttl must be a whole number of seconds ≥ 60.');
  const { token, expiresAt } = await new Tokens(config.auth).sign(
    { sub: values.sub ?? `dev-${role.toLowerCase()}`, role, units, ...(values['trusted-documents'] ? { docs: 'trusted' as const } : {}) },
    ttl,
  );
  console.error(
    `A token for role ${role}${units.length ? ` for ${units.join(', ')}` : ''}${values['trusted-documents'] ? ', registered documents only' : ''}, valid until ${expiresAt.toISOString()} (signed with ${config.auth.secretSource}):`,
  );
  console.log(token);
} else if (command === 'user:add') {
  const username = positionals[0] ?? fail('Give the username: pnpm user:add <username> --role … --unit …');
  const password = process.env.ANBINH_PASSWORD || randomBytes(12).toString('base64url');
  const db = await openDatabase(config.database, (m) => console.error(`[db] ${m}`));
  try {
    await prepareDatabase(db.orm, (m) => console.error(`[db] ${m}`));
    await runSql(db.orm.em.getKnex(), 'insert into app_user (username, display_name, role, units, password_hash) values (?, ?, ?, ?, ?)', [
      username.normalize('NFC'),
      values.name ?? username,
      role,
      units,
      await hashPassword(password),
    ]);
  } catch (error) {
    fail(`Could not add ${username}: ${(error as Error).message}`);
  } finally {
    await db.close();
  }
  console.error(`Added ${username} (${role}${units.length ? `, ${units.join(', ')}` : ''}).${process.env.ANBINH_PASSWORD ? '' : ' Its password, shown once:'}`);
  if (!process.env.ANBINH_PASSWORD) console.log(password);
} else {
  fail('Commands: token, user:add');
}
