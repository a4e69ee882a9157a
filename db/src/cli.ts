import { existsSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import pg from 'pg';
import { dumpDatabase, restoreDatabase } from './backup';
import { commandLine, refuse } from './command-line';
import { databaseConfigFromEnv, describeDatabase, readEnvFile, type DatabaseConfig } from './config';
import { openDatabase, prepareDatabase } from './database';
import { seededTables } from './seed/load';
import { nationalCounts, seedNational } from './seed/national';

const usage = `The hub's database, as DATABASE_URL (in the environment or .env) names it, else the embedded one.

  pnpm db:migrate                          apply pending migrations (and load the sample into an empty database)
  pnpm db:seed [--force]                   reload the geography and the sample data (emptying every record table)
  pnpm db:seed --scale national [--force]  replace the data with a synthetic country, to measure the hub at scale
  pnpm db:dump <file> [--allow-empty]      back the database up (pg_dump's custom format, or the embedded archive)
  pnpm db:restore <file>                   restore a backup into a new, empty database

db:seed refuses a database holding records that are not sample data unless --force is given;
db:dump refuses a database without the hub's data unless --allow-empty is given.

Examples:
  DATABASE_URL=postgres://postgres@127.0.0.1:5432/anbinh pnpm db:dump anbinh.backup
  DATABASE_URL=postgres://postgres@127.0.0.1:5432/anbinh_new pnpm db:restore anbinh.backup`;

const { positionals, values } = commandLine(usage, {
  scale: { type: 'string', default: 'province' },
  force: { type: 'boolean', default: false },
  'allow-empty': { type: 'boolean', default: false },
});
const [command, file] = positionals;
const backup = command === 'dump' || command === 'restore';
if (!(command === 'migrate' || command === 'seed' || backup))
  refuse(`Unknown command "${command ?? ''}": use migrate, seed, dump or restore (--help for usage).`);
if (backup && !file) refuse(`Give the backup file: pnpm db:${command} <file>.`);
if (!['province', 'national'].includes(values.scale)) refuse(`--scale must be province or national, not "${values.scale}".`);
const log = (message: string) => console.log(`[db] ${message}`);
let config: DatabaseConfig;
try {
  config = databaseConfigFromEnv(readEnvFile());
} catch (error) {
  refuse((error as Error).message);
}
const where = describeDatabase(config);

/** How many records a table holds that the sample did not make: what a seed would destroy. */
async function ownRecords(url: string | undefined): Promise<number> {
  if (!url) return 0; // counted once the embedded database is open
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await countOwn((sql) => client.query(sql).then((r) => r.rows));
  } finally {
    await client.end();
  }
}
async function countOwn(query: (sql: string) => Promise<{ n: string | number }[]>): Promise<number> {
  const tables = (await query(`select table_name as n from information_schema.columns where table_schema = 'public' and column_name = 'sample'`)).map((r) =>
    String(r.n),
  );
  if (tables.length === 0) return 0;
  const [{ n }] = await query(`select (${tables.map((t) => `(select count(*) from "${t}" where not sample)`).join(' + ')})::int as n`);
  return Number(n);
}

if (backup) {
  // pnpm runs this in db/: a relative path is the caller's.
  const path = resolve(process.env.INIT_CWD ?? process.cwd(), file);
  try {
    if (command === 'dump' && !values['allow-empty']) await refuseEmpty(config);
    log(`${command === 'dump' ? 'Backing up' : 'Restoring into'} ${where}`);
    await (command === 'dump' ? dumpDatabase : restoreDatabase)(config, path, log);
  } catch (error) {
    console.error(`[db] ${(error as Error).message}`);
    process.exit(1);
  }
  process.exit(0);
}

/** A backup of nothing would report success and hold nothing: say so instead. */
async function refuseEmpty(config: DatabaseConfig): Promise<void> {
  if (!config.url) {
    if (!existsSync(config.dataDir) || readdirSync(config.dataDir).length === 0) {
      refuse(
        `There is no embedded database in ${config.dataDir}: nothing to back up. If the hub's data is in PostgreSQL, set DATABASE_URL (in the environment or .env); to back up an empty database anyway, add --allow-empty.`,
      );
    }
    return;
  }
  const client = new pg.Client({ connectionString: config.url });
  try {
    await client.connect();
  } catch (error) {
    refuse(`Cannot reach ${where}: ${(error as Error).message}.`);
  }
  try {
    const { rows } = await client.query(`select to_regclass('public.admin_unit') is not null as hub`);
    const units = rows[0].hub ? Number((await client.query('select count(*) as n from admin_unit')).rows[0].n) : 0;
    if (units === 0) refuse(`${where} holds no hub data: nothing to back up. Check DATABASE_URL; to back up an empty database anyway, add --allow-empty.`);
  } finally {
    await client.end();
  }
}

if (command === 'seed' && !values.force) {
  const own = await ownRecords(config.url).catch(() => 0);
  if (own > 0)
    refuse(
      `${where} holds ${own.toLocaleString('en')} records that are not sample data; db:seed would delete them. Back it up (pnpm db:dump <file>), then run db:seed again with --force to replace them.`,
    );
}
const db = await openDatabase(config, log);
try {
  if (command === 'seed' && !values.force && !config.url) {
    const own = await countOwn((sql) =>
      db.orm.em
        .getKnex()
        .raw(sql)
        .then((r: { rows: { n: number }[] }) => r.rows),
    );
    if (own > 0)
      refuse(
        `${where} holds ${own.toLocaleString('en')} records that are not sample data; db:seed would delete them. Back it up (pnpm db:dump <file>, with the hub stopped), then run db:seed again with --force to replace them.`,
      );
  }
  log(`${command === 'seed' ? 'Seeding' : 'Migrating'} ${where}`);
  if (values.scale === 'national') {
    const started = Date.now();
    if (db.embedded) log('The embedded database will take a long while for this: a real PostgreSQL + PostGIS (DATABASE_URL) is the place for a country');
    await prepareDatabase(db.orm, log, { noSample: true });
    const knex = db.orm.em.getKnex();
    log('Emptying the database');
    await knex.raw(`truncate ${seededTables.map((t) => `"${t}"`).join(', ')} restart identity cascade`);
    await seedNational(knex, log);
    log('Updating the planner statistics');
    await knex.raw(`analyze ${seededTables.map((t) => `"${t}"`).join(', ')}`);
    const total = Object.values(nationalCounts).reduce((a, b) => a + b, 0);
    log(`National dataset loaded: ${total.toLocaleString('en')} rows in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  } else {
    await prepareDatabase(db.orm, log, { forceSeed: command === 'seed' });
  }
  log('Done');
} finally {
  await db.close();
}
