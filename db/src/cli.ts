import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { dumpDatabase, restoreDatabase } from './backup';
import { databaseConfigFromEnv } from './config';
import { openDatabase, prepareDatabase } from './database';
import { seededTables } from './seed/load';
import { nationalCounts, seedNational } from './seed/national';

/**
 * `pnpm db:migrate` applies migrations (and seeds an empty database); `pnpm db:seed`
 * reloads the sample data; `pnpm db:seed --scale national` replaces it with a
 * synthetic country (see seed/national.ts) for measuring the hub at scale;
 * `pnpm db:dump <file>` and `pnpm db:restore <file>` back it up and restore it (backup.ts).
 */
const { positionals, values } = parseArgs({ allowPositionals: true, options: { scale: { type: 'string', default: 'province' } } });
const [command, file] = positionals;
const backup = command === 'dump' || command === 'restore';
if (!(command === 'migrate' || command === 'seed' || (backup && file)) || !['province', 'national'].includes(values.scale!)) {
  console.error('usage: tsx src/cli.ts migrate | seed [--scale province|national] | dump <file> | restore <file>');
  process.exit(2);
}
const log = (message: string) => console.log(`[db] ${message}`);
const config = databaseConfigFromEnv(process.env);
if (backup) {
  // pnpm runs this in db/: a relative path is the caller's.
  const path = resolve(process.env.INIT_CWD ?? process.cwd(), file);
  try {
    await (command === 'dump' ? dumpDatabase : restoreDatabase)(config, path, log);
  } catch (error) {
    console.error(`[db] ${(error as Error).message}`);
    process.exit(1);
  }
  process.exit(0);
}
const db = await openDatabase(config, log);
try {
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
